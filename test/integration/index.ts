// extensionTestsPath entry point: the extension host requires this file and awaits run().
// Works both in code-server (our runner) and under @vscode/test-electron.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { recordStartupBundles } from './startupBundles';

/** Marks the test output among everything else the workbench forwards to the runner. */
export const TEST_OUTPUT_MARKER = '[mx-test]';

export async function run(): Promise<void> {
  process.env.MX_TEST_TIER = 'integration';
  // Before any suite runs a command: what start-up alone loaded (startup.test.ts).
  await recordStartupBundles();
  const consoleLog = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => consoleLog(`${TEST_OUTPUT_MARKER} ${util.format(...args)}`);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: path.join(__dirname, '..', 'harness', 'mochaReporter.js'),
    ...(process.env.MX_TEST_GREP ? { grep: process.env.MX_TEST_GREP } : {}),
  });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}

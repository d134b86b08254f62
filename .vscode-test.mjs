// `npm run test:electron`: the same integration suites under @vscode/test-cli + @vscode/test-electron,
// for machines that can download a desktop VS Code (this one cannot; `npm test` uses code-server).
import { defineConfig } from '@vscode/test-cli';
import { resolve } from 'node:path';

// The secret canary scan reads every file VS Code writes, so it must know where they go.
const userDataDir = resolve('.vscode-test/user-data');

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
  env: { MX_TEST_USER_DATA_DIR: userDataDir },
  mocha: { ui: 'bdd', timeout: 60000, color: true },
});

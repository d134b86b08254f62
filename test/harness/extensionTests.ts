// Runs a mocha suite inside the real extension host of code-server, the way
// @vscode/test-electron runs `extensionTestsPath`: the workbench loads the extension under
// development and the tests, then reports the runner's outcome through
// window.codeAutomationExit(code) and forwards the host's console through codeAutomationLog.
import * as util from 'node:util';
import { launchBrowser } from './browser';
import { CodeServer, workbenchUrl } from './codeServer';

export interface ExtensionTestRun {
  /** 0 when every test passed; 124 on timeout. */
  readonly exitCode: number;
  /** Every line the extension host logged. */
  readonly lines: readonly string[];
}

export async function runExtensionTests(
  server: CodeServer,
  options: { extensionPath: string; testsPath: string; env?: Record<string, string>; timeoutMs?: number },
  onLine: (line: string) => void,
): Promise<ExtensionTestRun> {
  const browser = await launchBrowser();
  const lines: string[] = [];
  try {
    let finish!: (code: number) => void;
    const done = new Promise<number>((resolve) => (finish = resolve));
    await browser.page.exposeFunction('codeAutomationLog', (_level: string, args: unknown) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      lines.push(line);
      onLine(line);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => finish(Number(code)));
    await browser.page.goto(workbenchUrl(server, options));
    const timeoutMs = options.timeoutMs ?? 300_000;
    const timer = setTimeout(() => {
      onLine(`Extension tests did not finish within ${timeoutMs / 1000} s`);
      finish(124);
    }, timeoutMs);
    const exitCode = await done;
    clearTimeout(timer);
    return { exitCode, lines };
  } finally {
    await browser.close();
  }
}

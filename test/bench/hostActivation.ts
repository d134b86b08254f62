// extensionTestsPath probe, inside the real extension host: waits for MX Explorer's own
// activation (`onStartupFinished`; if that has not come within 30 s it asks for it, and says so)
// and reports the extension host's own measurement of it. The host marks, with Date.now(), around
// loading the extension's code (`code/extHost/willLoadExtensionCode/<id>` → `didLoad…`) and around
// calling activate() and awaiting its result (`willActivateExtension` → `didActivateExtension`);
// these are the same instants as the activationTimes of "Developer: Show Running Extensions"
// (codeLoadingTime; activateCallTime + activateResolvedTime), so the resolution is 1 ms.
import * as vscode from 'vscode';

const EXTENSION_ID = 'mx-explorer.mx-explorer';

interface Mark {
  readonly name: string;
  readonly startTime: number;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const deadline = Date.now() + 30_000;
  while (!extension.isActive && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  const triggered = !extension.isActive;
  if (triggered) await extension.activate();

  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks;
  if (!perf) throw new Error('this extension host keeps no performance marks (globalThis.MonacoPerformanceMarks)');
  const marks = perf.getMarks();
  const at = (what: string): number => {
    const mark = marks.find((m) => m.name === `code/extHost/${what}/${EXTENSION_ID}`);
    if (!mark) throw new Error(`no mark code/extHost/${what}/${EXTENSION_ID}`);
    return mark.startTime;
  };
  const willLoad = at('willLoadExtensionCode');
  const didLoad = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  console.log(
    `BENCH ${JSON.stringify({
      codeLoadingMs: didLoad - willLoad,
      activateMs: didActivate - willActivate,
      totalMs: didActivate - willLoad,
      triggered,
      node: process.version,
      extensionPath: extension.extensionPath,
      version: String((extension.packageJSON as { version?: unknown }).version),
    })}`,
  );
}

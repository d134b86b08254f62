// extensionTestsPath probe, inside the real extension host: waits for MX Explorer's own
// activation (`onStartupFinished`; if that has not come within 30 s it asks for it, and says so)
// and reports the extension host's own measurement of it. The host marks, with Date.now(), around
// loading the extension's code (`code/extHost/willLoadExtensionCode/<id>` → `didLoad…`) and around
// calling activate() and awaiting its result (`willActivateExtension` → `didActivateExtension`);
// these are the same instants as the activationTimes of "Developer: Show Running Extensions"
// (codeLoadingTime; activateCallTime + activateResolvedTime), so the resolution is 1 ms.
// Then it activates the built-in Emmet extension in the same host (it waits for a document, so
// nothing has started it yet) and reports the same marks for it: the baseline of activation.ratio.
// The same marks of an extension that does nothing (MX_BENCH_EMPTY_EXTENSION, installed beside
// ours and activated by onStartupFinished too): what any extension costs this host at that moment.
// loadedBytes: the size of every file of MX Explorer in the host's module cache once it is active,
// before any MX command has run: the code a user pays for at start-up.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'mx-explorer.mx-explorer';
const BASELINE_ID = 'vscode.emmet';

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
  const emptyId = process.env.MX_BENCH_EMPTY_EXTENSION;
  const empty = emptyId ? vscode.extensions.getExtension(emptyId) : undefined;
  if (emptyId && !empty) throw new Error(`${emptyId} (the extension that does nothing) is not installed`);
  while (empty && !empty.isActive && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  if (empty && !empty.isActive) throw new Error(`${emptyId} was not activated by onStartupFinished within 30 s`);

  const loadedFiles = Object.keys(require.cache).filter((file) => file.startsWith(extension.extensionPath + path.sep));
  const loadedBytes = loadedFiles.reduce((sum, file) => sum + fs.statSync(file).size, 0);

  const baseline = vscode.extensions.getExtension(BASELINE_ID);
  if (!baseline) throw new Error(`${BASELINE_ID} (the baseline) is not in this VS Code`);
  const baselineWasActive = baseline.isActive;
  await baseline.activate();

  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks;
  if (!perf) throw new Error('this extension host keeps no performance marks (globalThis.MonacoPerformanceMarks)');
  const marks = perf.getMarks();
  const timings = (id: string) => {
    const at = (what: string): number => {
      const mark = marks.find((m) => m.name === `code/extHost/${what}/${id}`);
      if (!mark) throw new Error(`no mark code/extHost/${what}/${id}`);
      return mark.startTime;
    };
    const willLoad = at('willLoadExtensionCode');
    const didLoad = at('didLoadExtensionCode');
    const willActivate = at('willActivateExtension');
    const didActivate = at('didActivateExtension');
    return { codeLoadingMs: didLoad - willLoad, activateMs: didActivate - willActivate, totalMs: didActivate - willLoad };
  };
  const ours = timings(EXTENSION_ID);
  const emmet = timings(BASELINE_ID);
  const floor = emptyId ? timings(emptyId) : undefined;
  console.log(
    `BENCH ${JSON.stringify({
      ...ours,
      baseline: { id: BASELINE_ID, ...emmet, wasActive: baselineWasActive },
      ...(floor ? { empty: { id: emptyId, ...floor } } : {}),
      loadedBytes,
      loadedFiles: loadedFiles.map((file) => path.relative(extension.extensionPath, file)),
      triggered,
      node: process.version,
      extensionPath: extension.extensionPath,
      version: String((extension.packageJSON as { version?: unknown }).version),
    })}`,
  );
}

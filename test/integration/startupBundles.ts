// Which of MX Explorer's bundles the extension host had loaded once MX Explorer was active and
// before any test ran (so before any MX command): recorded by index.ts, read by
// startup.test.ts. Start-up must load dist/extension.js only; every feature bundle loads on first use.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

let recorded: readonly string[] | undefined;

/** MX Explorer's files in the host's module cache now, e.g. `dist/extension.js`. */
export function loadedBundles(): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) return [];
  const dist = path.join(extension.extensionPath, 'dist') + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(dist))
    .map((file) => path.relative(extension.extensionPath, file).split(path.sep).join('/'))
    .sort();
}

/** Activates MX Explorer if the host has not yet, then notes its files in the module cache. */
export async function recordStartupBundles(): Promise<void> {
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  recorded = loadedBundles();
}

export function startupBundles(): readonly string[] | undefined {
  return recorded;
}

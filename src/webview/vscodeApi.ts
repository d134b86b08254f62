// The webview's only channel to the extension host. `acquireVsCodeApi` may be called once per
// page, so this module owns the handle; outside VS Code (a test page) it degrades to no-ops.
import type { WebviewToHost } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

function acquire(): VsCodeApi {
  try {
    if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi();
  } catch {
    // Already acquired or not in a webview: fall through to the inert stand-in.
  }
  return { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
}

const api = acquire();

export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

export function loadState(): unknown {
  try {
    return api.getState();
  } catch {
    return undefined;
  }
}

export function saveState(state: unknown): void {
  try {
    api.setState(state);
  } catch {
    // Losing one save is better than breaking the panel; the next edit saves again.
  }
}

let counter = 0;
const session = Math.random().toString(36).slice(2, 8);

/** A fresh id for a command whose answer echoes it (`send`, `expandNode`, `search`). */
export function newRequestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${session}-${counter}`;
}

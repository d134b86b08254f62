// A tiny extension that calls a language model tool the way a chat extension would, outside a chat
// (vscode.lm.invokeTool with no toolInvocationToken): the command "MX Test: Invoke Tool" asks for
// `{"tool": …, "input": …}` and appends what came back ({ok, text} or {ok: false, error}) as one
// JSON line to the file named by MX_TOOL_CALLER_OUT. Written to a scratch folder by the e2e test.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { openWorkbench, sandboxSettings, screenshotOnFailure, signInThroughPalette, type Workbench } from './workbench';

export const CALLER_COMMAND = 'MX Test: Invoke Tool';
export const CALLER_PROMPT = 'Tool call as JSON';

const MANIFEST = {
  name: 'mx-tool-caller',
  publisher: 'mx-tests',
  version: '0.0.1',
  engines: { vscode: '^1.95.0' },
  main: './extension.js',
  activationEvents: ['onCommand:mxToolCaller.invoke'],
  contributes: { commands: [{ command: 'mxToolCaller.invoke', title: 'Invoke Tool', category: 'MX Test' }] },
};

const SOURCE = `
const vscode = require('vscode');
const fs = require('fs');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('mxToolCaller.invoke', async () => {
    const text = await vscode.window.showInputBox({ prompt: ${JSON.stringify(CALLER_PROMPT)}, ignoreFocusOut: true });
    if (!text) return;
    const { tool, input } = JSON.parse(text);
    let record;
    try {
      const result = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined });
      record = { ok: true, text: result.content.map((part) => part.value).join('') };
    } catch (error) {
      record = { ok: false, error: String((error && error.message) || error) };
    }
    fs.appendFileSync(process.env.MX_TOOL_CALLER_OUT, JSON.stringify(record) + '\\n');
  }));
};
`;

export function writeToolCaller(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(MANIFEST, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), SOURCE);
  return dir;
}

export type CallerRecord = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/** The caller's records so far. */
export function callerRecords(file: string): CallerRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CallerRecord);
}

/** Resolves with the record number `index` once the caller wrote it (watching the file's folder). */
export function nextRecord(file: string, index: number, timeoutMs = 60_000): Promise<CallerRecord> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const records = callerRecords(file);
      if (records.length <= index) return false;
      finish(() => resolve(records[index]));
      return true;
    };
    const watcher = fs.watch(path.dirname(file), () => void check());
    const timer = setTimeout(() => finish(() => reject(new Error(`The tool caller wrote no record ${index} within ${timeoutMs / 1000} s`))), timeoutMs);
    function finish(settle: () => void): void {
      clearTimeout(timer);
      watcher.close();
      settle();
    }
    check();
  });
}

/** A workbench with the caller beside MX Explorer, signed in to a sandbox of its own. */
export interface ToolCallerWorkbench {
  readonly sandbox: Sandbox;
  readonly workbench: Workbench;
  /** Runs the caller's command with a tool call; resolves with the number of its record. */
  call(toolCall: object): Promise<number>;
  /** The record number `index`, once the caller wrote it. */
  record(index: number): Promise<CallerRecord>;
  close(): Promise<void>;
}

/** Opens it, with `files` written into the workspace first, and signs in with `clientId`. */
export async function openToolCallerWorkbench(clientId: string, files: Record<string, string> = {}): Promise<ToolCallerWorkbench> {
  const sandbox = await startSandbox();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-tool-caller-'));
  const out = path.join(scratch, 'out', 'records.jsonl');
  fs.mkdirSync(path.dirname(out));
  const close = async (workbench?: Workbench): Promise<void> => {
    await workbench?.close();
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  let workbench: Workbench | undefined;
  try {
    const caller = writeToolCaller(path.join(scratch, 'caller'));
    workbench = await openWorkbench({ settings: sandboxSettings(sandbox), development: { extensionPath: caller, env: { MX_TOOL_CALLER_OUT: out } } });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(workbench.server.workspaceDir, name), text);
    await workbench.statusBarItem(/MX: Sign in/).waitFor({ timeout: 60_000 });
    await signInThroughPalette(workbench, { ...DEFAULT_ACCOUNT, clientId });
    await workbench.statusBarItem(/MX sandbox\.user/).waitFor();
  } catch (error) {
    await close(workbench);
    throw error;
  }
  const opened = workbench;
  let calls = 0;
  return {
    sandbox,
    workbench: opened,
    call: async (toolCall) => {
      await opened.runCommand(CALLER_COMMAND);
      await opened.answer(CALLER_PROMPT, JSON.stringify(toolCall));
      return calls++;
    },
    record: (index) => nextRecord(out, index),
    close: () => close(opened),
  };
}

/**
 * Registers the hooks of a suite that uses one: opened before its tests (requests cleared before
 * each), closed after, a screenshot of any failure. The returned object is usable from `before` on.
 */
export function useToolCallerWorkbench(clientId: string, files: Record<string, string> = {}): Omit<ToolCallerWorkbench, 'close'> {
  let opened: ToolCallerWorkbench | undefined;
  const current = (): ToolCallerWorkbench => {
    if (!opened) throw new Error('the tool-caller workbench is not open (its before hook failed)');
    return opened;
  };
  before(async () => {
    opened = await openToolCallerWorkbench(clientId, files);
  });
  beforeEach(() => current().sandbox.clearRequests());
  after(async () => {
    await opened?.close();
  });
  screenshotOnFailure(() => opened?.workbench);
  return {
    get sandbox() {
      return current().sandbox;
    },
    get workbench() {
      return current().workbench;
    },
    call: (toolCall) => current().call(toolCall),
    record: (index) => current().record(index),
  };
}

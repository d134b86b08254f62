// The MX tools for VS Code's chat agents (Language Model Tool API): each contributed tool is
// registered at activation, its code (agentToolsFeature.ts over src/tools) built on the first
// call. The `mx.signedIn` context key and the `mx.agentTools.enabled` setting hide the tools (the
// `when` clause in package.json); invoking a hidden tool by name still gets an explaining result.
import * as vscode from 'vscode';
import type { SessionState } from '../auth/sessionState';
import { TOOL_NAMES, type ToolName } from '../tools/toolNames';

export const SIGNED_IN_CONTEXT_KEY = 'mx.signedIn';

/**
 * Registers every MX tool at once (VS Code lists them from then on); `load` builds their code on
 * the first call (agentToolsFeature.ts). The disposables unregister them.
 */
export function registerAgentTools(load: () => Promise<{ tool(name: ToolName): vscode.LanguageModelTool<unknown> }>): vscode.Disposable[] {
  return TOOL_NAMES.map((name) =>
    vscode.lm.registerTool<unknown>(name, {
      prepareInvocation: async (options, token) => (await load()).tool(name).prepareInvocation?.(options, token),
      invoke: async (options, token) => (await load()).tool(name).invoke(options, token),
    }),
  );
}

/** Keeps the `mx.signedIn` context key current (it hides the tools while signed out). */
export function trackSignedIn(state: SessionState | undefined, onDidChange: vscode.Event<SessionState | undefined>): vscode.Disposable {
  let last: boolean | undefined;
  const update = (next: SessionState | undefined): void => {
    const signedIn = next !== undefined && next.status !== 'ended';
    if (signedIn === last) return;
    last = signedIn;
    void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT_KEY, signedIn);
  };
  update(state);
  return onDidChange(update);
}

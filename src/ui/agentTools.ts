// The MX tools for VS Code's chat agents (Language Model Tool API), thin over src/tools: register
// each contributed tool, ask through prepareInvocation before a state change or any call on a
// Production profile, and ask again with our own modal when the call comes from outside a chat (no
// chat UI may have confirmed it). Signed out, a tool answers so instead of prompting. The
// `mx.signedIn` context key and the `mx.agentTools.enabled` setting hide the tools (the `when`
// clause in package.json); invoking a hidden tool by name still gets an explaining result.
import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { SessionState } from '../auth/sessionState';
import type { Redactor } from '../mx/redaction';
import { MxTools } from '../tools/mxTools';
import { ReferenceCache } from '../tools/referenceCache';
import { TOOL_NAMES } from '../tools/toolSchemas';

export const SIGNED_IN_CONTEXT_KEY = 'mx.signedIn';

export const TOOLS_TURNED_OFF =
  'The MX tools are turned off (setting "mx.agentTools.enabled"). Nothing was sent; the user can turn them on in Settings.';
export const DECLINED = 'Not sent: the user declined the confirmation. Do not retry unless the user asks for it.';
/** Why a second question follows VS Code's own, in the detail of ours. */
export const OUTSIDE_CHAT_NOTE =
  'This tool call came from outside a chat (another extension), where VS Code may not have asked you, so MX Explorer asks as well.';

export interface AgentToolsOptions {
  readonly tools: MxTools;
  readonly enabled: () => boolean;
  /** A modal question with a "Send" button; true when the user chose it. */
  readonly confirm: (title: string, detail: string) => Promise<boolean>;
}

/**
 * The tools on the active profile's session, their cache (forgotten when the profile changes or
 * signs out), the context key; everything to dispose.
 */
export function createAgentTools(manager: SessionManager, redactor: Redactor): vscode.Disposable[] {
  const cache = new ReferenceCache();
  const tools = new MxTools({ session: () => manager.active, settings: agentToolSettings, cache, now: () => Date.now(), redactor });
  let profileId = manager.state && manager.state.status !== 'ended' ? manager.state.profile.id : undefined;
  return [
    ...registerAgentTools({
      tools,
      enabled: () => agentToolSettings().enabled,
      confirm: async (title, detail) => (await vscode.window.showWarningMessage(title, { modal: true, detail }, 'Send')) === 'Send',
    }),
    trackSignedIn(manager.state, manager.onDidChange),
    manager.onDidChange((state) => {
      const next = state && state.status !== 'ended' ? state.profile.id : undefined;
      if (next === profileId) return;
      profileId = next;
      cache.clear();
    }),
    { dispose: () => cache.clear() },
  ];
}

/** Registers every MX tool; the disposables unregister them. */
export function registerAgentTools(options: AgentToolsOptions): vscode.Disposable[] {
  return TOOL_NAMES.map((name) => vscode.lm.registerTool<unknown>(name, new MxTool(name, options)));
}

class MxTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly name: string,
    private readonly options: AgentToolsOptions,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const { tools, enabled } = this.options;
    const ask = enabled() ? tools.confirmation(this.name, options.input) : undefined;
    return {
      invocationMessage: tools.invocationMessage(this.name),
      ...(ask ? { confirmationMessages: { title: ask.title, message: new vscode.MarkdownString().appendText(ask.message) } } : {}),
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const { tools, enabled, confirm } = this.options;
    if (!enabled()) return textResult(TOOLS_TURNED_OFF);
    // Outside a chat nothing guarantees that a confirmation was shown: ask ourselves.
    if (options.toolInvocationToken === undefined) {
      const ask = tools.confirmation(this.name, options.input);
      if (ask && !(await confirm(ask.title, `${ask.message}\n\n${OUTSIDE_CHAT_NOTE}`))) return textResult(DECLINED);
    }
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const outcome = await tools.run(this.name, options.input, controller.signal);
      return textResult(outcome.text);
    } finally {
      subscription.dispose();
    }
  }
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
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

/** The tools' settings, read for every call. */
export function agentToolSettings(): { enabled: boolean; timeoutMs: number; maxBodyBytes: number } {
  const mx = vscode.workspace.getConfiguration('mx');
  return {
    enabled: mx.get<boolean>('agentTools.enabled', true),
    timeoutMs: Math.round(mx.get<number>('requestTimeoutSeconds', 30) * 1000),
    maxBodyBytes: Math.round(mx.get<number>('maxResponseSizeMB', 50) * 1024 * 1024),
  };
}

// The agent tools' code, built on their first call (extension.ts registers the tools at activation
// and loads this then): the tools on the active profile's session and their reference-data cache,
// forgotten when the profile changes or signs out; each tool asks through prepareInvocation before
// a state change or any call on a Production profile, and again with our own modal when the call
// comes from outside a chat (no chat UI may have confirmed it).
import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { Redactor } from '../mx/redaction';
import { MxTools } from '../tools/mxTools';
import { ReferenceCache } from '../tools/referenceCache';
import type { ToolName } from '../tools/toolNames';

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

export class AgentToolsFeature implements vscode.Disposable {
  private readonly options: AgentToolsOptions;
  private readonly tools = new Map<ToolName, MxTool>();
  private readonly cache = new ReferenceCache();
  private readonly subscription: vscode.Disposable;

  constructor(manager: Pick<SessionManager, 'active' | 'state' | 'onDidChange'>, redactor: Redactor) {
    const tools = new MxTools({ session: () => manager.active, settings: agentToolSettings, cache: this.cache, now: () => Date.now(), redactor });
    this.options = {
      tools,
      enabled: () => agentToolSettings().enabled,
      confirm: async (title, detail) => (await vscode.window.showWarningMessage(title, { modal: true, detail }, 'Send')) === 'Send',
    };
    let profileId = manager.state && manager.state.status !== 'ended' ? manager.state.profile.id : undefined;
    this.subscription = manager.onDidChange((state) => {
      const next = state && state.status !== 'ended' ? state.profile.id : undefined;
      if (next === profileId) return;
      profileId = next;
      this.cache.clear();
    });
  }

  /** The tool of that name, on this feature's session and cache. */
  tool(name: ToolName): MxTool {
    let tool = this.tools.get(name);
    if (!tool) this.tools.set(name, (tool = new MxTool(name, this.options)));
    return tool;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
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

/** The tools' settings, read for every call. */
export function agentToolSettings(): { enabled: boolean; timeoutMs: number; maxBodyBytes: number } {
  const mx = vscode.workspace.getConfiguration('mx');
  return {
    enabled: mx.get<boolean>('agentTools.enabled', true),
    timeoutMs: Math.round(mx.get<number>('requestTimeoutSeconds', 30) * 1000),
    maxBodyBytes: Math.round(mx.get<number>('maxResponseSizeMB', 50) * 1024 * 1024),
  };
}

// The agent tools' code, built on their first call (extension.ts registers the tools at activation
// and loads this then): the tools on the active profile's session and their reference-data cache,
// forgotten when the profile changes or signs out; each tool asks through prepareInvocation before
// a state change or any call on a Production profile, and again with our own modal when the call
// comes from outside a chat (no chat UI may have confirmed it).
import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { Redactor } from '../mx/redaction';
import type { HttpFileTool } from '../tools/httpRunResult';
import { HTTP_FILE_TOOL, MxTools } from '../tools/mxTools';
import { ReferenceCache } from '../tools/referenceCache';
import { NOT_SIGNED_IN } from '../tools/toolFetch';
import { checkInput } from '../tools/toolInputs';
import type { ToolName } from '../tools/toolNames';
import { type Confirmation, mustAskOurselves } from '../tools/toolPolicy';

export const TOOLS_TURNED_OFF =
  'The MX tools are turned off (setting "mx.agentTools.enabled"). Nothing was sent; the user can turn them on in Settings.';
export const DECLINED = 'Not sent: the user declined the confirmation. Do not retry unless the user asks for it.';
/** Why a second question follows VS Code's own, in the detail of ours. */
export const OUTSIDE_CHAT_NOTE =
  'This tool call came from outside a chat (another extension), where VS Code may not have asked you, so MX Explorer asks as well.';
/** Why we ask in a chat too: what the chat confirmed is not what would be sent now. */
export const CHANGED_FILE_NOTE = 'The .http file changed after the chat asked you, so MX Explorer asks again about what would be sent now.';
/** Confirmations prepared for mx_run_http_request calls, kept until their invoke (bounded). */
const MAX_PREPARED = 50;

export interface AgentToolsOptions {
  readonly tools: MxTools;
  readonly enabled: () => boolean;
  /** A modal question with a "Send" button; true when the user chose it (false when it could not be shown). */
  readonly confirm: (title: string, detail: string) => Promise<boolean>;
  /** mx_run_http_request's runner, in the `.http` feature (loaded on first use). */
  readonly httpTool: () => Promise<HttpFileTool>;
}

export class AgentToolsFeature implements vscode.Disposable {
  private readonly options: AgentToolsOptions;
  private readonly tools = new Map<ToolName, vscode.LanguageModelTool<unknown>>();
  private readonly cache = new ReferenceCache();
  private readonly subscription: vscode.Disposable;

  constructor(manager: Pick<SessionManager, 'active' | 'state' | 'onDidChange'>, redactor: Redactor, httpTool: () => Promise<HttpFileTool>) {
    const tools = new MxTools({ session: () => manager.active, settings: agentToolSettings, cache: this.cache, now: () => Date.now(), redactor });
    this.options = {
      tools,
      enabled: () => agentToolSettings().enabled,
      // A dialog that could not be shown (VS Code refuses them in some hosts) is no "Send".
      confirm: async (title, detail) => (await Promise.resolve(vscode.window.showWarningMessage(title, { modal: true, detail }, 'Send')).catch(() => undefined)) === 'Send',
      httpTool,
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
  tool(name: ToolName): vscode.LanguageModelTool<unknown> {
    let tool = this.tools.get(name);
    if (!tool) this.tools.set(name, (tool = name === HTTP_FILE_TOOL ? new HttpFileToolSurface(this.options) : new MxTool(name, this.options)));
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

/**
 * mx_run_http_request: what it asks depends on the file's requests (their methods, the dependencies
 * sent first), so the `.http` feature works it out, in prepareInvocation and again in invoke. Outside
 * a chat we ask ourselves; in a chat we ask again only when the question changed since the chat's
 * (the file was edited in between), so what is sent is always what was confirmed.
 */
class HttpFileToolSurface implements vscode.LanguageModelTool<unknown> {
  /** The question each prepared call was asked (by its input), until its invoke. */
  private readonly prepared = new Map<string, string>();

  constructor(private readonly options: AgentToolsOptions) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
    const { tools, enabled } = this.options;
    const ask = enabled() ? await this.confirmation(options.input) : undefined;
    const key = inputKey(options.input);
    this.prepared.delete(key);
    this.prepared.set(key, ask?.message ?? '');
    if (this.prepared.size > MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value as string);
    return {
      invocationMessage: tools.invocationMessage(HTTP_FILE_TOOL),
      ...(ask ? { confirmationMessages: { title: ask.title, message: new vscode.MarkdownString().appendText(ask.message) } } : {}),
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const { tools, enabled, confirm, httpTool } = this.options;
    const key = inputKey(options.input);
    const asked = this.prepared.get(key);
    this.prepared.delete(key);
    if (!enabled()) return textResult(TOOLS_TURNED_OFF);
    const checked = checkInput(HTTP_FILE_TOOL, options.input);
    if (!checked.ok) return textResult(tools.finish(`Invalid input for ${HTTP_FILE_TOOL}: ${checked.reason} Nothing was sent.`));
    if (!tools.signedIn()) return textResult(NOT_SIGNED_IN);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      // Located once: what is sent is what the question described.
      const prepared = await (await httpTool()).prepare(checked.value, tools.profileFacts());
      const ask = prepared.confirmation;
      const inChat = options.toolInvocationToken !== undefined;
      if (ask && mustAskOurselves(ask, inChat, asked) && !(await confirm(ask.title, `${ask.message}\n\n${inChat ? CHANGED_FILE_NOTE : OUTSIDE_CHAT_NOTE}`))) {
        return textResult(DECLINED);
      }
      return textResult(tools.finish(await prepared.run({ signal: controller.signal, confirmed: ask !== undefined })));
    } catch (error) {
      return textResult(tools.finish(`The tool failed: ${error instanceof Error ? error.message : String(error)}`));
    } finally {
      subscription.dispose();
    }
  }

  private async confirmation(input: unknown): Promise<Confirmation | undefined> {
    const { tools, httpTool } = this.options;
    const checked = checkInput(HTTP_FILE_TOOL, input);
    // An invalid call, or one while signed out, sends nothing: nothing to confirm.
    if (!checked.ok || !tools.signedIn()) return undefined;
    return (await (await httpTool()).prepare(checked.value, tools.profileFacts())).confirmation;
  }
}

function inputKey(input: unknown): string {
  try {
    return JSON.stringify(input) ?? '';
  } catch {
    return '';
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

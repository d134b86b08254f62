// The request panel: one webview panel, restored after a reload by its serializer, whose
// untrusted webview only ever gets summaries (never a token or secret) and whose every message
// is validated before the host acts on it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../auth/logger';
import type { SessionState } from '../auth/tokenSession';
import { CATALOGUE, findEndpoint, matchEndpoint } from '../mx/catalogue';
import type { RequestHistory } from '../mx/history';
import { childrenAt, search } from '../mx/jsonTree';
import { linksFor } from '../mx/followLinks';
import { toCurl, toFetch } from '../mx/requestExport';
import { MAX_CHILDREN_PER_PAGE, type HostToWebview, type RequestDraft, type SessionSummary, type WebviewToHost } from '../protocol';
import { parseWebviewMessage } from '../protocolValidation';
import type { RequestRunner } from './requestRunner';

export const REQUEST_PANEL_VIEW_TYPE = 'mx.requestPanel';
const GONE = 'That response is no longer in memory (only the last few are kept); send the request again to explore it.';

export interface RequestPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly runner: RequestRunner;
  readonly history: RequestHistory;
  readonly session: () => SessionState | undefined;
  readonly onDidChangeSession: vscode.Event<SessionState | undefined>;
  readonly log: Logger;
}

export function sessionSummary(state: SessionState | undefined): SessionSummary {
  if (!state || state.status === 'ended') return { signedIn: false, production: false };
  const { environment, username } = state.profile;
  return { signedIn: true, username, environmentName: environment.name, apiUrl: environment.apiUrl, production: environment.kind === 'production' };
}

export class RequestPanels implements vscode.Disposable {
  private current: PanelHost | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: RequestPanelDeps) {
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(REQUEST_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.adopt(panel),
      }),
    ];
  }

  /** Opens the panel, or reveals it where it is. */
  open(): void {
    if (this.current) {
      this.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, 'MX Request', vscode.ViewColumn.Active, webviewOptions(this.deps.extensionUri));
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    const host = new PanelHost(panel, this.deps);
    this.current = host;
    panel.onDidDispose(() => {
      host.dispose();
      if (this.current === host) this.current = undefined;
    });
  }

  dispose(): void {
    this.current?.panel.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>MX Request</title>
</head>
<body><div id="app"></div><script nonce="${nonce}" src="${script.toString()}"></script></body>
</html>`;
}

/** One webview's host side: validates its messages and answers them. */
class PanelHost implements vscode.Disposable {
  private ready = false;
  private readonly running = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[];
  private rejected = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: RequestPanelDeps,
  ) {
    panel.webview.html = html(panel.webview, deps.extensionUri);
    this.subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      deps.onDidChangeSession((state) => this.post({ type: 'session', session: sessionSummary(state) })),
    ];
  }

  private post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      // Untrusted input: dropped, counted, logged without its content.
      this.rejected++;
      this.deps.log.warn(`Request panel: ignored an invalid message (${parsed.reason}); ${this.rejected} so far.`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      this.deps.log.error(`Request panel: ${parsed.message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.post({ type: 'notice', level: 'error', message: `MX Explorer could not ${parsed.message.type}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', session: sessionSummary(this.deps.session()), catalogue: CATALOGUE, history: this.deps.history.entries() });
        return;
      case 'send':
        return this.send(message.requestId, message.draft);
      case 'cancel':
        this.running.get(message.requestId)?.abort();
        return;
      case 'expandNode': {
        const stored = this.deps.runner.response(message.responseId);
        const context = stored ? contextOf(stored.summary.method, stored.summary.url) : undefined;
        const page = stored?.parsed !== undefined
          ? childrenAt(stored.parsed, message.path, message.offset, Math.min(message.limit, MAX_CHILDREN_PER_PAGE), context && ((path, key, value, parent) => linksFor(context, path, key, value, parent)))
          : undefined;
        if (!page) {
          this.post({ type: 'requestFailed', requestId: message.requestId, kind: 'invalidRequest', message: GONE });
          return;
        }
        this.post({ type: 'nodeChildren', requestId: message.requestId, responseId: message.responseId, path: message.path, offset: message.offset, total: page.total, children: page.children });
        return;
      }
      case 'search': {
        const stored = this.deps.runner.response(message.responseId);
        if (stored?.parsed === undefined) {
          this.post({ type: 'requestFailed', requestId: message.requestId, kind: 'invalidRequest', message: GONE });
          return;
        }
        const found = search(stored.parsed, message.query);
        this.post({ type: 'searchResults', requestId: message.requestId, responseId: message.responseId, query: message.query, matches: found.matches, truncated: found.truncated });
        return;
      }
      case 'openInEditor':
        return this.openInEditor(message.responseId);
      case 'saveBody':
        return this.saveBody(message.responseId);
      case 'copy': {
        const stored = this.deps.runner.response(message.responseId);
        if (!stored) return;
        const text = message.what === 'body' ? stored.bodyText : (stored.summary.correlationId ?? '');
        await vscode.env.clipboard.writeText(text);
        void vscode.window.setStatusBarMessage(message.what === 'body' ? 'MX: response body copied' : `MX: correlation id ${text} copied`, 3000);
        return;
      }
      case 'copyAs': {
        const apiUrl = this.deps.session()?.profile.environment.apiUrl;
        if (!apiUrl) {
          this.post({ type: 'notice', level: 'warning', message: 'Sign in first: the export needs the API base URL of your environment.' });
          return;
        }
        const exported = message.format === 'curl' ? toCurl(message.draft, apiUrl) : toFetch(message.draft, apiUrl);
        if (!exported.ok) {
          this.post({ type: 'notice', level: 'warning', message: `Not copied: ${exported.reason}` });
          return;
        }
        await vscode.env.clipboard.writeText(exported.text);
        void vscode.window.showInformationMessage(
          `Copied as ${message.format}. It reads the token and client secret from $MX_ACCESS_TOKEN and $MX_CLIENT_SECRET; MX Explorer never exports their values.`,
        );
        return;
      }
      case 'signIn':
        await vscode.commands.executeCommand('mx.signIn');
        return;
      case 'clearHistory':
        await this.deps.history.clear();
        this.post({ type: 'history', entries: this.deps.history.entries() });
        return;
    }
  }

  private async send(requestId: string, draft: RequestDraft): Promise<void> {
    const state = this.deps.session();
    const endpoint = draft.endpointId ? findEndpoint(draft.endpointId) : undefined;
    const matched = endpoint ?? matchEndpoint(draft.method, pathOf(draft.url))?.endpoint;
    if (matched?.holdsSeats) {
      const where = state?.profile.environment.name ?? 'MX';
      const choice = await vscode.window.showWarningMessage(
        `"${matched.title}" acts on real orders in the cinema's ticketing system on ${where} and may hold real seats. Send it?`,
        { modal: true },
        'Send',
      );
      if (choice !== 'Send') {
        this.post({ type: 'requestFailed', requestId, kind: 'declined', message: 'Not sent: you declined the confirmation.' });
        return;
      }
    }
    const controller = new AbortController();
    this.running.set(requestId, controller);
    try {
      const outcome = await this.deps.runner.run(draft, controller.signal);
      if (!outcome.ok) {
        this.post({ type: 'requestFailed', requestId, kind: outcome.kind, message: outcome.message });
        if (outcome.kind !== 'signedOut' && outcome.kind !== 'refused' && outcome.kind !== 'invalidRequest') {
          await this.deps.history.add(draft, { environmentName: state?.profile.environment.name });
        }
        return;
      }
      this.post({ type: 'response', requestId, response: outcome.summary });
      await this.deps.history.add(draft, { status: outcome.summary.status, durationMs: outcome.summary.durationMs, environmentName: state?.profile.environment.name });
    } finally {
      this.running.delete(requestId);
      this.post({ type: 'history', entries: this.deps.history.entries() });
    }
  }

  private async openInEditor(responseId: string): Promise<void> {
    const stored = this.deps.runner.response(responseId);
    if (!stored) return;
    const isJson = stored.parsed !== undefined;
    const content = isJson ? JSON.stringify(stored.parsed, null, 2) : stored.bodyText;
    const document = await vscode.workspace.openTextDocument({ language: isJson ? 'json' : 'plaintext', content });
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  private async saveBody(responseId: string): Promise<void> {
    const stored = this.deps.runner.response(responseId);
    if (!stored) return;
    const target = await vscode.window.showSaveDialog({
      title: 'Save MX response body',
      filters: stored.parsed !== undefined ? { JSON: ['json'], 'All files': ['*'] } : { 'All files': ['*'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(stored.bodyText, 'utf8'));
    void vscode.window.showInformationMessage(`Saved the response body to ${target.fsPath}.`);
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    for (const d of this.subscriptions) d.dispose();
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}

function contextOf(method: string, url: string): { endpointId?: string; params: Record<string, string> } | undefined {
  const matched = matchEndpoint(method, pathOf(url));
  return matched ? { endpointId: matched.endpoint.id, params: matched.params } : { params: {} };
}

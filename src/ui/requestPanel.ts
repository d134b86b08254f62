// The request panel: one webview panel, restored after a reload by its serializer, whose
// untrusted webview only ever gets summaries (never a token or secret) and whose every message
// is validated before the host acts on it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../base/logger';
import type { SessionState } from '../auth/tokenSession';
import type { RequestHistory } from '../panel/history';
import { type Answer, type HostSendOptions, type PanelEffects, PanelMessageHandler } from '../panel/panelMessages';
import { Hold } from '../base/hold';
import type { RequestDraft } from '../protocol';
import type { RequestRunner } from '../panel/requestRunner';
import { REQUEST_PANEL_VIEW_TYPE } from '../protocol';
import { ResponseDocuments } from './responseDocuments';


export interface RequestPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly runner: RequestRunner;
  readonly history: RequestHistory;
  readonly session: () => SessionState | undefined;
  readonly onDidChangeSession: vscode.Event<SessionState | undefined>;
  /** How many profiles exist: with more than one, the panel header names the client ID too. */
  readonly profileCount?: () => number;
  readonly log: Logger;
}

export class RequestPanels implements vscode.Disposable {
  private current: PanelHost | undefined;
  private readonly documents = new ResponseDocuments();
  /** Shared by every panel this makes: a run that holds it holds the panel it creates too. */
  private readonly hold = new Hold();

  // The panel serializer is registered at activation (extension.ts), before this code is loaded;
  // it hands a panel restored after a reload to restore().
  constructor(private readonly deps: RequestPanelDeps) {}

  /** Opens the panel, or reveals it where it is. */
  open(): PanelHost {
    if (this.current) {
      this.current.panel.reveal();
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, 'MX Request', vscode.ViewColumn.Active, webviewOptions(this.deps.extensionUri));
    return this.adopt(panel);
  }

  /**
   * Sends a request for someone else (a `.http` file) through the panel, beside the editor without
   * taking the focus, and resolves with its answer as posted to the webview.
   */
  sendFromHost(draft: RequestDraft, options: HostSendOptions = {}): Promise<Answer> {
    let host = this.current;
    // Shown already (a Send All or a test run sends many): no reveal, which costs the workbench a layout each time.
    if (host) {
      if (!host.panel.visible) host.panel.reveal(undefined, true);
    } else host = this.adopt(vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, 'MX Request', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.deps.extensionUri)));
    return host.sendFromHost(draft, options);
  }

  /**
   * A Send All or a test run: until the returned function is called, the panel shows its sends as
   * they stand (at most every HELD_REFRESH_MS, and at the end) and the history is saved once.
   */
  holdUpdates(): () => void {
    const releasePanel = this.hold.hold();
    const releaseHistory = this.deps.history.holdSaves();
    return () => {
      releasePanel();
      releaseHistory();
    };
  }

  /** Opens the panel with a catalogue endpoint's parameter form open. */
  showEndpoint(endpointId: string): void {
    this.open().showEndpoint(endpointId);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): PanelHost {
    return this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): PanelHost {
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
    const host = new PanelHost(panel, this.deps, this.documents, this.hold);
    this.current = host;
    panel.onDidDispose(() => {
      host.dispose();
      if (this.current === host) {
        this.current = undefined;
        // Nothing can explore a kept answer any more: let its text and parsed JSON go.
        this.deps.runner.forgetResponses();
      }
    });
    return host;
  }

  dispose(): void {
    this.current?.panel.dispose();
    this.documents.dispose();
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

/** One webview's VS Code side: the effects the message handler asks for, with VS Code's APIs. */
export class PanelHost implements vscode.Disposable {
  private readonly handler: PanelMessageHandler;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly panel: vscode.WebviewPanel,
    deps: RequestPanelDeps,
    documents: ResponseDocuments,
    hold: Hold,
  ) {
    panel.webview.html = html(panel.webview, deps.extensionUri);
    this.handler = new PanelMessageHandler({
      runner: deps.runner,
      history: deps.history,
      session: deps.session,
      profileCount: deps.profileCount,
      log: deps.log,
      effects: vscodeEffects(panel, documents),
      hold,
    });
    let visible = panel.visible;
    this.subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.handler.receive(raw)),
      deps.onDidChangeSession((state) => this.handler.sessionChanged(state)),
      // only the changes of visibility (the event also fires when the panel gains or loses focus)
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible === visible) return;
        visible = webviewPanel.visible;
        if (visible) this.handler.webviewShown();
        else this.handler.webviewHidden();
      }),
    ];
  }

  showEndpoint(endpointId: string): void {
    this.handler.showEndpoint(endpointId);
  }

  sendFromHost(draft: RequestDraft, options: HostSendOptions): Promise<Answer> {
    return this.handler.sendFromHost(draft, options);
  }

  /** True once the webview has loaded and has its state; false if the panel closes first. */
  whenReady(): Promise<boolean> {
    return this.handler.whenReady();
  }

  dispose(): void {
    this.handler.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

function vscodeEffects(panel: vscode.WebviewPanel, documents: ResponseDocuments): PanelEffects {
  return {
    post: (message) => void panel.webview.postMessage(message),
    confirm: async (message) => (await vscode.window.showWarningMessage(message, { modal: true }, 'Send')) === 'Send',
    writeClipboard: async (text) => vscode.env.clipboard.writeText(text),
    inform: (message) => void vscode.window.showInformationMessage(message),
    flash: (message) => void vscode.window.setStatusBarMessage(message, 3000),
    openDocument: (content, language, name) => documents.open(content, language, name),
    saveFile: async (content, isJson) => {
      const target = await vscode.window.showSaveDialog({
        title: 'Save MX response body',
        filters: isJson ? { JSON: ['json'], 'All files': ['*'] } : { 'All files': ['*'] },
      });
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
      return target.fsPath;
    },
    signIn: async () => {
      await vscode.commands.executeCommand('mx.signIn');
    },
    saveAsHttp: async (draft) => {
      await vscode.commands.executeCommand('mx.http.saveAs', draft);
    },
  };
}

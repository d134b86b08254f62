// `.http` files, built when the first one opens or an `.http` command first runs (extension.ts
// registers the commands at activation and loads this then, see esbuild.mjs "bundles"): the
// environment, the editor features (CodeLenses, problems, completion, the environment status
// item) and the sender, which sends through the request panel's host.
import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { Logger } from '../base/logger';
import { parseRequestDraft } from '../panel/protocolValidation';
import type { RequestDraft } from '../protocol';
import type { HostSendOptions } from '../panel/panelMessages';
import { HttpFileContext } from './httpFileContext';
import { HttpLanguageFeatures } from './httpLanguageFeatures';
import { HttpRequestSender, type HttpSendResult } from './httpRequestSender';
import { saveDraftAsHttp, saveRequestsAsHttp } from './httpSaveAs';
import type { PanelFeature } from './panelFeature';

export interface HttpFeatureDeps {
  readonly workspaceState: vscode.Memento;
  readonly manager: Pick<SessionManager, 'state' | 'onDidChange'>;
  /** The request panel (built on first use too): answers show there, history comes from there. */
  readonly panel: () => Promise<PanelFeature>;
  readonly log: Logger;
}

export class HttpFeature implements vscode.Disposable {
  private readonly context: HttpFileContext;
  private readonly features: HttpLanguageFeatures;
  private readonly sender: HttpRequestSender;

  constructor(private readonly deps: HttpFeatureDeps) {
    this.context = new HttpFileContext(deps.workspaceState, () => deps.manager.state);
    this.features = new HttpLanguageFeatures(this.context, deps.manager.onDidChange);
    this.sender = new HttpRequestSender({
      context: this.context,
      sendThroughPanel: async (draft: RequestDraft, options: HostSendOptions) => (await deps.panel()).panels.sendFromHost(draft, options),
      log: deps.log,
    });
  }

  /** MX: Send Request at Cursor, and the MX: Send CodeLens (uri, index). */
  send(uri?: vscode.Uri, index?: number): Promise<HttpSendResult | undefined> {
    return this.sender.sendAt(uri, index);
  }

  /** MX: Send All Requests in File, and the MX: Send All CodeLens. */
  sendAll(uri?: vscode.Uri): ReturnType<HttpRequestSender['sendAll']> {
    return this.sender.sendAll(uri);
  }

  selectEnvironment(): Promise<string | undefined> {
    return this.features.selectEnvironment();
  }

  /**
   * MX: Save Request as .http File: the draft given (the panel's editor asks with its request; a
   * caller's argument is checked like a webview message), else requests picked from the history.
   */
  async saveAs(draft?: unknown): Promise<string | undefined> {
    const apiUrl = this.deps.manager.state?.profile.environment.apiUrl;
    if (draft !== undefined) {
      const checked = parseRequestDraft(draft);
      if (!checked.ok) {
        void vscode.window.showErrorMessage(`MX: not saved as .http: the request is not valid (${checked.reason}).`);
        return undefined;
      }
      return saveDraftAsHttp(checked.value, apiUrl);
    }
    const { history } = await this.deps.panel();
    return saveRequestsAsHttp(() => history.entries(), () => apiUrl);
  }

  dispose(): void {
    this.features.dispose();
    this.context.dispose();
  }
}

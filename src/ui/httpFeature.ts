// `.http` files, built when the first one opens or an `.http` command first runs (extension.ts
// registers the commands at activation and loads this then, see esbuild.mjs "bundles"): the
// environment, the editor features (CodeLenses, problems, completion, the environment status
// item), the sender, which sends through the request panel's host, the Testing view's tests and
// the agent tool mx_run_http_request.
import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { Logger } from '../base/logger';
import { parseRequestDraft } from '../panel/protocolValidation';
import { exchangeFrom, type HttpExchange } from '../httpFiles/httpExchange';
import type { RequestDraft } from '../protocol';
import type { HostSendOptions } from '../panel/panelMessages';
import { HttpFileContext } from './httpFileContext';
import { HttpLanguageFeatures } from './httpLanguageFeatures';
import { HttpRequestSender, type HttpSendResult } from './httpRequestSender';
import { saveDraftAsHttp, saveRequestsAsHttp } from './httpSaveAs';
import { HttpTestController } from './httpTestController';
import { HttpToolRunner } from './httpToolRunner';
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
  private readonly tests: HttpTestController;
  /** mx_run_http_request: the agent tools reach it through extension.ts (a lazy import, as this feature). */
  readonly requestTool: HttpToolRunner;
  /** The latest answer per request line of each file (test runs judge their assertions on it); memory only. */
  private readonly latest = new Map<string, HttpExchange>();
  private readonly sessionSubscription: vscode.Disposable;

  constructor(private readonly deps: HttpFeatureDeps) {
    this.context = new HttpFileContext(deps.workspaceState, () => deps.manager.state);
    this.features = new HttpLanguageFeatures(this.context, deps.manager.onDidChange);
    this.sender = new HttpRequestSender({
      context: this.context,
      sendThroughPanel: async (draft: RequestDraft, options: HostSendOptions) => (await deps.panel()).panels.sendFromHost(draft, options),
      holdPanel: async () => (await deps.panel()).panels.holdUpdates(),
      log: deps.log,
      onAnswer: (document, request, draft, answer) => {
        if (answer.type !== 'response') return;
        const file = document.uri.toString();
        const exchange = exchangeFrom(draft, answer.response);
        this.latest.set(`${file}#${request.requestLine}`, exchange);
        if (request.name !== undefined) this.context.exchanges.set(file, request.name, exchange);
      },
    });
    // Answers belong to the profile that got them: forgotten on sign-out and on a switch of profile.
    let answersOf = this.profileOf(deps.manager.state);
    this.sessionSubscription = deps.manager.onDidChange((state) => {
      const profile = this.profileOf(state);
      if (profile === answersOf) return;
      answersOf = profile;
      this.context.exchanges.clear();
      this.latest.clear();
    });
    this.tests = new HttpTestController({
      sender: this.sender,
      latestAnswer: (file, line) => this.latest.get(`${file}#${line}`),
      answered: (file, name) => this.context.exchanges.has(file, name),
      signedIn: () => this.context.mxBases() !== undefined,
    });
    this.requestTool = new HttpToolRunner({
      context: this.context,
      sender: this.sender,
      latestAnswer: (file, line) => this.latest.get(`${file}#${line}`),
      answered: (file, name) => this.context.exchanges.has(file, name),
      environmentName: () => (deps.manager.state && deps.manager.state.status !== 'ended' ? deps.manager.state.profile.environment.name : undefined),
      now: () => Date.now(),
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

  /** MX: Run .http Tests in File: runs the file's tests in the Testing view; resolves with their results. */
  runTests(uri?: vscode.Uri): ReturnType<HttpTestController['runTestsIn']> {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('MX: open a .http or .rest file to run its tests.');
      return Promise.resolve([]);
    }
    return this.tests.runTestsIn(target);
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

  private profileOf(state: HttpFeatureDeps['manager']['state']): string | undefined {
    return state && state.status !== 'ended' ? state.profile.id : undefined;
  }

  dispose(): void {
    this.sessionSubscription.dispose();
    this.tests.dispose();
    this.features.dispose();
    this.context.dispose();
  }
}

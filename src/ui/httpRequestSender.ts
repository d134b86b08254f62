// Sends the requests of `.http` files: "MX: Send Request at Cursor", "MX: Send All Requests in
// File" and the CodeLenses. What may be sent is decided by the pure send plan (src/httpFiles); what
// is sent goes through the request panel's host, i.e. the one pipeline with the active session's
// client, and its answer shows in the panel. The commands resolve with a summary (for the CodeLens
// caller, scripts and tests) that never holds a token or secret.
import * as vscode from 'vscode';
import type { Logger } from '../base/logger';
import { type HttpRequestBlock, parseHttpFile, requestAtLine } from '../httpFiles/httpParser';
import { type NotSentKind, planSend } from '../httpFiles/httpSendPlan';
import { fileVariableMap } from '../httpFiles/httpVariables';
import type { Answer, HostSendOptions } from '../panel/panelMessages';
import type { RequestDraft, RequestFailureKind } from '../protocol';
import { type HttpFileContext, readText } from './httpFileContext';

/** What one send came to: sent (with the status), or why not. */
export type HttpSendResult =
  | {
      readonly sent: true;
      readonly line: number;
      readonly status: number;
      readonly statusText: string;
      readonly durationMs: number;
      readonly bodyBytes: number;
      readonly correlationId?: string;
    }
  | { readonly sent: false; readonly line: number; readonly kind: NotSentKind | RequestFailureKind; readonly message: string };

/** How a caller other than the editor sends (mx_run_http_request). */
export interface HttpSendOptions {
  /** The http-client.env.json environment to resolve with, instead of the one picked for the workspace. */
  readonly environment?: string;
  /** The caller reports what happened itself: no notification. */
  readonly quiet?: boolean;
  /** The caller already asked the user about this request (an agent tool's confirmation): the panel does not ask again. */
  readonly confirmed?: boolean;
}

/** The document a request comes from: only its URI is read (its text was parsed by the caller). */
export type HttpDocument = Pick<vscode.TextDocument, 'uri'>;

export interface HttpSenderDeps {
  readonly context: HttpFileContext;
  readonly sendThroughPanel: (draft: RequestDraft, options: HostSendOptions) => Promise<Answer>;
  readonly log: Logger;
  /** Told of every answer (request variables and test runs keep it); never sees a credential. */
  readonly onAnswer?: (document: HttpDocument, request: HttpRequestBlock, draft: RequestDraft, answer: Answer) => void;
}

export class HttpRequestSender {
  constructor(private readonly deps: HttpSenderDeps) {}

  /** From a CodeLens (uri, index) or at the cursor of the active editor. */
  async sendAt(uri?: vscode.Uri, index?: number): Promise<HttpSendResult | undefined> {
    const document = await this.documentFor(uri);
    if (!document) return undefined;
    const parsed = parseHttpFile(document.getText());
    let request: HttpRequestBlock | undefined;
    if (typeof index === 'number') request = parsed.requests[index];
    else {
      const editor = vscode.window.activeTextEditor;
      request = editor?.document === document ? requestAtLine(parsed, editor.selection.active.line) : undefined;
    }
    if (!request) {
      void vscode.window.showInformationMessage('MX: put the cursor in a request of the .http file to send it.');
      return undefined;
    }
    return this.send(document, request, fileVariableMap(parsed.variables));
  }

  /** Every request of the file in order; stops where a confirmation is declined. */
  async sendAll(uri?: vscode.Uri): Promise<HttpSendResult[]> {
    const document = await this.documentFor(uri);
    if (!document) return [];
    const parsed = parseHttpFile(document.getText());
    const results: HttpSendResult[] = [];
    for (const request of parsed.requests) {
      const result = await this.send(document, request, fileVariableMap(parsed.variables));
      results.push(result);
      if (!result.sent && (result.kind === 'declined' || result.kind === 'untrusted' || result.kind === 'signedOut')) break;
    }
    return results;
  }

  /** One request of a parsed document, as a test run or an agent tool sends it (same rules, confirmations and panel). */
  sendRequest(document: HttpDocument, request: HttpRequestBlock, fileVariables: ReadonlyMap<string, string>, options: HttpSendOptions = {}): Promise<HttpSendResult> {
    return this.send(document, request, fileVariables, options);
  }

  private async send(document: HttpDocument, request: HttpRequestBlock, fileVariables: ReadonlyMap<string, string>, options: HttpSendOptions = {}): Promise<HttpSendResult> {
    const line = request.requestLine;
    const { sources } = await this.deps.context.sources(document.uri, fileVariables, options.environment);
    const bodyFileText = request.body?.kind === 'file' ? await readText(vscode.Uri.joinPath(document.uri, '..', request.body.path)) : undefined;
    const plan = planSend(request, { trusted: vscode.workspace.isTrusted, profile: this.deps.context.mxBases(), sources, ...(bodyFileText !== undefined ? { bodyFileText } : {}) });
    const where = `${vscode.workspace.asRelativePath(document.uri)}:${line + 1}`;
    if (plan.kind !== 'send') {
      this.deps.log.info(`.http ${where}: not sent (${plan.kind}): ${plan.message}`);
      if (!options.quiet) void this.explain(plan.kind, plan.message);
      return { sent: false, line, kind: plan.kind, message: plan.message };
    }
    if (plan.note !== undefined) {
      // A question that could not be shown is no "Send": nothing goes out.
      const answer = await Promise.resolve(vscode.window.showWarningMessage(plan.note, { modal: true, detail: plan.label }, 'Send')).catch(() => undefined);
      if (answer !== 'Send') return { sent: false, line, kind: 'declined', message: 'Not sent: you declined the confirmation.' };
    }
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `MX: sending ${plan.label}` },
      () =>
        this.deps.sendThroughPanel(plan.draft, {
          credentials: plan.credentials,
          source: { file: vscode.workspace.asRelativePath(document.uri), line: line + 1 },
          ...(options.confirmed ? { confirmed: true } : {}),
        }),
    );
    this.deps.onAnswer?.(document, request, plan.draft, answer);
    if (answer.type === 'response') {
      const { status, statusText, durationMs, bodyBytes, correlationId } = answer.response;
      this.deps.log.info(`.http ${where}: ${plan.label} → ${status} ${statusText}`);
      vscode.window.setStatusBarMessage(`MX: ${status} ${statusText} · ${Math.round(durationMs)} ms`, 5000);
      return { sent: true, line, status, statusText, durationMs, bodyBytes, ...(correlationId !== undefined ? { correlationId } : {}) };
    }
    this.deps.log.info(`.http ${where}: ${plan.label} failed (${answer.kind}): ${answer.message}`);
    if (answer.kind !== 'declined' && !options.quiet) void this.explain(answer.kind, answer.message);
    return { sent: false, line, kind: answer.kind, message: answer.message };
  }

  private async explain(kind: NotSentKind | RequestFailureKind, message: string): Promise<void> {
    if (kind === 'signedOut') {
      if ((await vscode.window.showWarningMessage(message, 'Sign In')) === 'Sign In') await vscode.commands.executeCommand('mx.signIn');
      return;
    }
    if (kind === 'untrusted') {
      if ((await vscode.window.showWarningMessage(message, 'Manage Workspace Trust')) === 'Manage Workspace Trust') {
        await vscode.commands.executeCommand('workbench.trust.manage');
      }
      return;
    }
    if (kind === 'refused') {
      void vscode.window.showErrorMessage(message);
      return;
    }
    void vscode.window.showWarningMessage(message);
  }

  private async documentFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'http') {
      void vscode.window.showInformationMessage('MX: open a .http or .rest file to send its requests.');
      return undefined;
    }
    return document;
  }
}

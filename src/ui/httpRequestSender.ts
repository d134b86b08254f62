// Sends the requests of `.http` files: "MX: Send Request at Cursor", "MX: Send All Requests in
// File" and the CodeLenses. What may be sent is decided by the pure send plan (src/httpFiles); what
// is sent goes through the request panel's host, i.e. the one pipeline with the active session's
// client, and its answer shows in the panel. The commands resolve with a summary (for the CodeLens
// caller, scripts and tests) that never holds a token or secret.
import * as vscode from 'vscode';
import type { Logger } from '../base/logger';
import { type HttpRequestBlock, parseHttpFile, type ParsedHttpFile, requestAtLine } from '../httpFiles/httpParser';
import { sendOrder } from '../httpFiles/httpRequestOrder';
import { type RunStop, stopAt, stopBefore, stopMessage } from '../httpFiles/httpRunStop';
import { type NotSentKind, planSend } from '../httpFiles/httpSendPlan';
import { fileVariableMap, type VariableSources } from '../httpFiles/httpVariables';
import type { Answer, HostSendOptions } from '../panel/panelMessages';
import type { RequestDraft, RequestFailureKind } from '../protocol';
import { type HttpFileContext, readText } from './httpFileContext';
import { showStopNotice } from './httpStopNotice';

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

/** The requests of one document sent one after the other (a test run, Send All); `end` when done. */
export interface HttpSequence {
  readonly send: (request: HttpRequestBlock) => Promise<HttpSendResult>;
  readonly end: () => void;
}

/** The document a request comes from: only its URI is read (its text was parsed by the caller). */
export type HttpDocument = Pick<vscode.TextDocument, 'uri'>;

export interface HttpSenderDeps {
  readonly context: HttpFileContext;
  readonly sendThroughPanel: (draft: RequestDraft, options: HostSendOptions) => Promise<Answer>;
  /** Holds the panel for a sequence (it shows the sends as they stand, the history is saved once) until the returned function is called. */
  readonly holdPanel?: () => Promise<() => void>;
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
    return this.sendWithDependencies(document, parsed, request);
  }

  /**
   * MX: Send: the named requests it reads that have no answer in this session go first
   * (httpRequestOrder.ts); an unknown name, a circle or an unreadable path sends nothing and says
   * what is missing. A dependency that is not sent stops it there (its own message was shown).
   */
  private async sendWithDependencies(document: vscode.TextDocument, parsed: ParsedHttpFile, request: HttpRequestBlock): Promise<HttpSendResult> {
    const file = document.uri.toString();
    const order = sendOrder(parsed, [request.index], (name) => this.deps.context.exchanges.has(file, name));
    if (!order.ok) {
      this.deps.log.info(`.http ${vscode.workspace.asRelativePath(document.uri)}:${request.requestLine + 1}: ${order.message}`);
      void vscode.window.showWarningMessage(order.message);
      return { sent: false, line: request.requestLine, kind: 'missing', message: order.message };
    }
    const fileVariables = fileVariableMap(parsed.variables);
    const { sources } = await this.deps.context.sources(document.uri, fileVariables);
    for (const index of order.order) {
      const next = parsed.requests[index];
      const result = await this.send(document, next, fileVariables, { sources });
      if (next === request) return result;
      if (result.sent) continue;
      const name = next.name !== undefined ? `"${next.name}"` : `the request on line ${next.requestLine + 1}`;
      return { sent: false, line: request.requestLine, kind: result.kind, message: `Not sent: it needs the answer to ${name}, which was not sent. ${result.message}` };
    }
    return { sent: false, line: request.requestLine, kind: 'missing', message: 'Not sent: the request is not in the order to send.' };
  }

  /**
   * Every request of the file in order (dependencies first, httpRequestOrder.ts). Stops where a confirmation is declined, and by the rule of
   * httpRunStop.ts (signed out before anything, restricted mode, a refused origin, a token MX will
   * not give), saying so once; nothing is sent after that point.
   */
  async sendAll(uri?: vscode.Uri): Promise<HttpSendResult[]> {
    const document = await this.documentFor(uri);
    if (!document) return [];
    const parsed = parseHttpFile(document.getText());
    if (parsed.requests.length === 0) return [];
    const before = stopBefore({ trusted: vscode.workspace.isTrusted, signedIn: this.deps.context.mxBases() !== undefined });
    if (before) {
      const message = stopMessage('sendAll', before, { notSent: parsed.requests.length });
      this.stopped(document, before, message);
      return [{ sent: false, line: parsed.requests[0].requestLine, kind: before, message }];
    }
    // Each request once, in file order except that a request goes after those whose answers it reads.
    const file = document.uri.toString();
    const order = sendOrder(parsed, parsed.requests.map((r) => r.index), (name) => this.deps.context.exchanges.has(file, name));
    if (!order.ok) {
      this.deps.log.info(`.http ${vscode.workspace.asRelativePath(document.uri)}: ${order.message}`);
      void vscode.window.showWarningMessage(order.message);
      return [{ sent: false, line: parsed.requests[0].requestLine, kind: 'missing', message: order.message }];
    }
    const sequence = await this.sequence(document, fileVariableMap(parsed.variables));
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `MX: Send All (${order.order.length} requests)` }, () =>
        this.sendInOrder(document, parsed, order.order, sequence.send),
      );
    } finally {
      sequence.end();
    }
  }

  private async sendInOrder(document: vscode.TextDocument, parsed: ParsedHttpFile, order: readonly number[], send: (request: HttpRequestBlock) => Promise<HttpSendResult>): Promise<HttpSendResult[]> {
    const results: HttpSendResult[] = [];
    for (const [at, index] of order.entries()) {
      const result = await send(parsed.requests[index]);
      results.push(result);
      if (result.sent) continue;
      if (result.kind === 'declined') break;
      const stop = stopAt(result.kind);
      if (stop) {
        const where = `${vscode.workspace.asRelativePath(document.uri)}:${result.line + 1}`;
        const message = stopMessage('sendAll', stop, { where, reason: result.message, notSent: order.length - at });
        this.stopped(document, stop, message);
        results[results.length - 1] = { ...result, message };
        break;
      }
    }
    return results;
  }

  /** One request of a parsed document, as an agent tool sends it (same rules, confirmations and panel). */
  sendRequest(document: HttpDocument, request: HttpRequestBlock, fileVariables: ReadonlyMap<string, string>, options: HttpSendOptions = {}): Promise<HttpSendResult> {
    return this.send(document, request, fileVariables, options);
  }

  /**
   * The requests of a parsed document as a test run sends them, one after the other (same rules,
   * confirmations and panel). The variable sources (env files, .env) are read once for the run;
   * request variables still read the answers as they come. A reason that stops the run is not
   * shown here: the run says it once (httpRunStop.ts). Until `end`, the panel is held: it shows
   * the sends as they stand, not one by one (src/panel/panelMessages.ts, HELD_REFRESH_MS).
   */
  async sequence(document: HttpDocument, fileVariables: ReadonlyMap<string, string>): Promise<HttpSequence> {
    const { sources } = await this.deps.context.sources(document.uri, fileVariables);
    const release = (await this.deps.holdPanel?.()) ?? (() => undefined);
    return { send: (request) => this.send(document, request, fileVariables, { sequence: true, sources }), end: release };
  }

  private stopped(document: HttpDocument, stop: RunStop, message: string): void {
    this.deps.log.info(`.http ${vscode.workspace.asRelativePath(document.uri)}: ${message}`);
    void showStopNotice(stop, message);
  }

  /**
   * One request. `sources`: as read for it (or for its sequence); `sequence`: part of Send All or a
   * run, which shows progress once and says a stop once.
   */
  private async send(
    document: HttpDocument,
    request: HttpRequestBlock,
    fileVariables: ReadonlyMap<string, string>,
    options: HttpSendOptions & { readonly sequence?: boolean; readonly sources?: VariableSources } = {},
  ): Promise<HttpSendResult> {
    const line = request.requestLine;
    const sequence = options.sequence ?? false;
    const sources = options.sources ?? (await this.deps.context.sources(document.uri, fileVariables, options.environment)).sources;
    const bodyFileText = request.body?.kind === 'file' ? await readText(vscode.Uri.joinPath(document.uri, '..', request.body.path)) : undefined;
    const plan = planSend(request, { trusted: vscode.workspace.isTrusted, profile: this.deps.context.mxBases(), sources, ...(bodyFileText !== undefined ? { bodyFileText } : {}) });
    const where = `${vscode.workspace.asRelativePath(document.uri)}:${line + 1}`;
    if (plan.kind !== 'send') {
      this.deps.log.info(`.http ${where}: not sent (${plan.kind}): ${plan.message}`);
      if (!options.quiet && !(sequence && stopAt(plan.kind))) void this.explain(plan.kind, plan.message);
      return { sent: false, line, kind: plan.kind, message: plan.message };
    }
    if (plan.note !== undefined) {
      // A question that could not be shown is no "Send": nothing goes out.
      const answer = await Promise.resolve(vscode.window.showWarningMessage(plan.note, { modal: true, detail: plan.label }, 'Send')).catch(() => undefined);
      if (answer !== 'Send') return { sent: false, line, kind: 'declined', message: 'Not sent: you declined the confirmation.' };
    }
    const sendIt = (): Promise<Answer> =>
      this.deps.sendThroughPanel(plan.draft, {
        credentials: plan.credentials,
        source: { file: vscode.workspace.asRelativePath(document.uri), line: line + 1 },
        ...(options.confirmed ? { confirmed: true } : {}),
      });
    // A sequence shows its progress once (Send All's progress, the test run), not per request.
    const answer = sequence ? await sendIt() : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `MX: sending ${plan.label}` }, sendIt);
    this.deps.onAnswer?.(document, request, plan.draft, answer);
    if (answer.type === 'response') {
      const { status, statusText, durationMs, bodyBytes, correlationId } = answer.response;
      this.deps.log.info(`.http ${where}: ${plan.label} → ${status} ${statusText}`);
      if (!sequence) vscode.window.setStatusBarMessage(`MX: ${status} ${statusText} · ${Math.round(durationMs)} ms`, 5000);
      return { sent: true, line, status, statusText, durationMs, bodyBytes, ...(correlationId !== undefined ? { correlationId } : {}) };
    }
    this.deps.log.info(`.http ${where}: ${plan.label} failed (${answer.kind}): ${answer.message}`);
    if (answer.kind !== 'declined' && !options.quiet && !(sequence && stopAt(answer.kind))) void this.explain(answer.kind, answer.message);
    return { sent: false, line, kind: answer.kind, message: answer.message };
  }

  private async explain(kind: NotSentKind | RequestFailureKind, message: string): Promise<void> {
    const stop = stopAt(kind);
    if (stop) await showStopNotice(stop, message);
    else void vscode.window.showWarningMessage(message);
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

// mx_run_http_request in the `.http` feature: finds the named request among the workspace's `.http`
// files (found and read without opening editors, workspaceHttpFiles.ts), checks the environment,
// orders its dependencies, and sends them and it through the `.http` sender exactly as MX: Send and
// a test run do (same variables, origin rule, `# @note`, panel and history), quietly: the result
// says what happened. Then its `??` checks are judged on the answer. The decisions and the result's
// words live in src/httpFiles and src/tools; this only reads files and calls the sender.
import * as vscode from 'vscode';
import { checkAssertions } from '../httpFiles/httpAssertionCheck';
import type { HttpExchange } from '../httpFiles/httpExchange';
import type { HttpRequestBlock, ParsedHttpFile } from '../httpFiles/httpParser';
import { findNamedRequest, matchHttpFile, type WorkspaceHttpFile } from '../httpFiles/httpRequestLookup';
import { sendOrder } from '../httpFiles/httpRequestOrder';
import { RESTRICTED_MESSAGE } from '../httpFiles/httpSendPlan';
import { fileVariableMap } from '../httpFiles/httpVariables';
import {
  fileProblemText,
  type HttpFileRun,
  type HttpFileTool,
  type HttpRunReport,
  type HttpRunRequest,
  type HttpStepOutcome,
  lookupProblemText,
  noFilesText,
  NOTHING_SENT,
  orderProblemText,
  runConfirmation,
  runReportText,
  unknownEnvironmentText,
} from '../tools/httpRunResult';
import type { RunHttpRequestInput } from '../tools/toolInputs';
import type { ProfileFacts } from '../tools/toolPolicy';
import type { HttpFileContext } from './httpFileContext';
import type { HttpRequestSender } from './httpRequestSender';
import { currentText, findWorkspaceHttpFiles } from './workspaceHttpFiles';

export interface HttpToolRunnerDeps {
  readonly context: Pick<HttpFileContext, 'environmentNames'>;
  readonly sender: Pick<HttpRequestSender, 'sendRequest'>;
  /** The latest answer to the request on that line of that file (URI string), recorded by the sender. */
  readonly latestAnswer: (file: string, requestLine: number) => HttpExchange | undefined;
  /** Whether the named request of that file has an answer in this session. */
  readonly answered: (file: string, name: string) => boolean;
  /** The active MX profile's environment name. */
  readonly environmentName: () => string | undefined;
  /** Wall-clock ms. */
  readonly now: () => number;
}

type Located =
  | { readonly ok: false; readonly text: string }
  | {
      readonly ok: true;
      readonly uri: vscode.Uri;
      readonly path: string;
      readonly parsed: ParsedHttpFile;
      readonly target: HttpRequestBlock & { readonly name: string };
      /** Dependencies first, the target last. */
      readonly order: readonly HttpRequestBlock[];
    };

export class HttpToolRunner implements HttpFileTool {
  constructor(private readonly deps: HttpToolRunnerDeps) {}

  async prepare(input: RunHttpRequestInput, profile: ProfileFacts | undefined): Promise<HttpFileRun> {
    const located = await this.locate(input);
    if (!located.ok) return { run: () => Promise.resolve(located.text) };
    const confirmation = runConfirmation(located.path, located.order.map(runRequest), profile);
    return { ...(confirmation ? { confirmation } : {}), run: (options) => this.send(located, input, options) };
  }

  /** Sends what was located, dependencies first, and says how it went. */
  private async send(located: Extract<Located, { ok: true }>, input: RunHttpRequestInput, { signal, confirmed }: { readonly signal: AbortSignal; readonly confirmed: boolean }): Promise<string> {
    const { uri, path, parsed, target, order } = located;
    const file = uri.toString();
    const fileVariables = fileVariableMap(parsed.variables);
    const before: Array<HttpRunReport['before'][number]> = [];
    let outcome: HttpStepOutcome | undefined;
    for (const request of order) {
      if (signal.aborted) break;
      const result = await this.deps.sender.sendRequest({ uri }, request, fileVariables, {
        ...(input.env !== undefined ? { environment: input.env } : {}),
        quiet: true,
        confirmed,
      });
      const step: HttpStepOutcome = result.sent
        ? {
            sent: true,
            status: result.status,
            statusText: result.statusText,
            durationMs: result.durationMs,
            bodyBytes: result.bodyBytes,
            url: this.deps.latestAnswer(file, request.requestLine)?.request.url ?? '',
            ...(result.correlationId !== undefined ? { correlationId: result.correlationId } : {}),
          }
        : { sent: false, kind: result.kind, message: result.message };
      if (request.index === target.index) {
        outcome = step;
        break;
      }
      before.push({ request: runRequest(request), outcome: step });
      if (!step.sent) break;
    }
    const exchange = outcome?.sent ? this.deps.latestAnswer(file, target.requestLine) : undefined;
    return runReportText({
      environment: this.deps.environmentName() ?? '',
      ...(input.env !== undefined ? { httpEnvironment: input.env } : {}),
      path,
      target: { ...runRequest(target), name: target.name },
      before,
      ...(outcome ? { outcome } : {}),
      ...(exchange ? { exchange } : {}),
      checks: exchange ? checkAssertions(target.assertions, exchange) : [],
      at: this.deps.now(),
    });
  }

  /** The request, its file and what to send, or why nothing can be sent. Sends nothing. */
  private async locate(input: RunHttpRequestInput): Promise<Located> {
    if (!vscode.workspace.isTrusted) return { ok: false, text: `${RESTRICTED_MESSAGE} ${NOTHING_SENT}` };
    const uris = await findWorkspaceHttpFiles();
    if (uris.length === 0) return { ok: false, text: noFilesText() };
    const byPath = new Map(uris.map((uri) => [vscode.workspace.asRelativePath(uri), uri] as const));
    const paths = [...byPath.keys()].sort();
    let candidates = paths;
    if (input.file !== undefined) {
      // An absolute path or a file URI becomes workspace-relative; a relative one stays as it is.
      const match = matchHttpFile(paths, vscode.workspace.asRelativePath(input.file));
      if (match.kind !== 'one') return { ok: false, text: fileProblemText(match, paths) };
      candidates = [match.path];
    }
    const files: WorkspaceHttpFile[] = [];
    for (const path of candidates) {
      const text = await currentText(byPath.get(path)!);
      if (text !== undefined) files.push({ path, text });
    }
    const lookup = findNamedRequest(files, input.name);
    if (lookup.kind !== 'found') return { ok: false, text: lookupProblemText(lookup) };
    const uri = byPath.get(lookup.path)!;
    if (input.env !== undefined) {
      const known = await this.deps.context.environmentNames(uri);
      if (!known.includes(input.env)) return { ok: false, text: unknownEnvironmentText(input.env, lookup.path, known) };
    }
    const ordered = sendOrder(lookup.parsed, [lookup.request.index], (name) => this.deps.answered(uri.toString(), name));
    if (!ordered.ok) return { ok: false, text: orderProblemText(lookup.path, lookup.request.name, ordered.message) };
    return { ok: true, uri, path: lookup.path, parsed: lookup.parsed, target: lookup.request, order: ordered.order.map((index) => lookup.parsed.requests[index]) };
  }
}

function runRequest(request: HttpRequestBlock): HttpRunRequest {
  return { ...(request.name !== undefined ? { name: request.name } : {}), line: request.requestLine, method: request.method, url: request.url };
}

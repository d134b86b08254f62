// The Testing view's `.http` tests: every request with `??` assertions in a workspace `.http` /
// `.rest` file is a test item (file → request), found with the file system (without opening the
// files) and kept current on edit and on file changes. Run sends the chosen requests, dependencies
// first (httpRequestOrder.ts), through the `.http` sender (same rules, confirmations and panel), then
// judges the assertions at their lines. The decisions live in src/httpFiles; this only translates.
import * as vscode from 'vscode';
import type { HttpExchange } from '../httpFiles/httpExchange';
import { parseHttpFile, type ParsedHttpFile } from '../httpFiles/httpParser';
import { type RunStop, stopBefore, stopMessage } from '../httpFiles/httpRunStop';
import { type SendOutcome, testIdOf, testLabelOf, type TestOutcome } from '../httpFiles/httpTestOutcome';
import { HttpTestReport } from '../httpFiles/httpTestReport';
import { type HttpRunStopped, runHttpTests } from '../httpFiles/httpTestRun';
import { fileVariableMap } from '../httpFiles/httpVariables';
import type { HttpRequestSender } from './httpRequestSender';
import { showStopNotice } from './httpStopNotice';
import { currentText, findWorkspaceHttpFiles, HTTP_FILES_GLOB } from './workspaceHttpFiles';

export const HTTP_TEST_CONTROLLER_ID = 'mx.httpTests';

/** One test's result of a run, as `runTestsIn` resolves with it (for scripts and tests); no secret. */
export interface HttpTestRecord {
  readonly label: string;
  readonly state: 'passed' | 'failed' | 'skipped' | 'errored';
  readonly messages: ReadonlyArray<{ readonly message: string; readonly expected?: string; readonly actual?: string; readonly line?: number }>;
}

export interface HttpTestDeps {
  readonly sender: Pick<HttpRequestSender, 'sequence'>;
  /** The latest answer to the request on that line of that file, recorded by the sender. */
  readonly latestAnswer: (file: string, requestLine: number) => HttpExchange | undefined;
  /** Whether the named request of that file has an answer in this session. */
  readonly answered: (file: string, name: string) => boolean;
  readonly signedIn: () => boolean;
}

export class HttpTestController implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController(HTTP_TEST_CONTROLLER_ID, 'MX .http files');
  private readonly disposables: vscode.Disposable[] = [this.controller];
  /** The parsed text each file item was built from, by URI. */
  private readonly parsedFiles = new Map<string, ParsedHttpFile>();

  constructor(private readonly deps: HttpTestDeps) {
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    this.controller.refreshHandler = () => this.discover();
    const watcher = vscode.workspace.createFileSystemWatcher(HTTP_FILES_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.readFile(uri)),
      watcher.onDidChange((uri) => {
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) void this.readFile(uri);
      }),
      watcher.onDidDelete((uri) => this.remove(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.languageId === 'http' && event.document.uri.scheme === 'file') this.update(event.document.uri, event.document.getText());
      }),
    );
    void this.discover();
  }

  /** Finds every `.http` / `.rest` file of the workspace and its tests. */
  async discover(): Promise<void> {
    const uris = await findWorkspaceHttpFiles();
    await Promise.all(uris.map((uri) => this.readFile(uri)));
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const text = await currentText(uri);
    if (text === undefined) this.remove(uri);
    else this.update(uri, text);
  }

  private update(uri: vscode.Uri, text: string): void {
    const parsed = parseHttpFile(text);
    const file = uri.toString();
    const tested = parsed.requests.filter((r) => r.assertions.length > 0);
    if (tested.length === 0) {
      this.remove(uri);
      return;
    }
    this.parsedFiles.set(file, parsed);
    let fileItem = this.controller.items.get(file);
    if (!fileItem) {
      fileItem = this.controller.createTestItem(file, vscode.workspace.asRelativePath(uri), uri);
      this.controller.items.add(fileItem);
    }
    const children: vscode.TestItem[] = [];
    for (const request of tested) {
      const item = this.controller.createTestItem(testIdOf(request), testLabelOf(request), uri);
      item.range = new vscode.Range(request.requestLine, 0, request.requestLine, 0);
      item.description = `${request.assertions.length} check${request.assertions.length === 1 ? '' : 's'}`;
      children.push(item);
    }
    fileItem.children.replace(children);
  }

  private remove(uri: vscode.Uri): void {
    this.controller.items.delete(uri.toString());
    this.parsedFiles.delete(uri.toString());
  }

  /** MX: Run .http Tests in File: the file's tests, as the Testing view runs them. */
  async runTestsIn(uri: vscode.Uri): Promise<HttpTestRecord[]> {
    await this.readFile(uri);
    const fileItem = this.controller.items.get(uri.toString());
    if (!fileItem) {
      void vscode.window.showInformationMessage('MX: this file has no request with "??" checks to run.');
      return [];
    }
    const records: HttpTestRecord[] = [];
    const cancel = new vscode.CancellationTokenSource();
    try {
      await this.run(new vscode.TestRunRequest([fileItem]), cancel.token, records);
    } finally {
      cancel.dispose();
    }
    return records;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, records?: HttpTestRecord[]): Promise<void> {
    const run = recording(this.controller.createTestRun(request), records);
    const report = new HttpTestReport<vscode.TestItem>(run);
    try {
      const excluded = new Set((request.exclude ?? []).map((item) => item.id));
      const chosen = new Map<string, vscode.TestItem[]>();
      const roots: vscode.TestItem[] = request.include ? [...request.include] : [...collect(this.controller.items)];
      for (const root of roots) {
        const leaves = root.children.size > 0 ? [...collect(root.children)] : [root];
        for (const leaf of leaves) {
          if (excluded.has(leaf.id) || !leaf.uri) continue;
          const file = leaf.uri.toString();
          chosen.set(file, [...(chosen.get(file) ?? []), leaf]);
        }
      }
      const all = [...chosen.values()].flat();
      const before = all.length > 0 ? stopBefore({ trusted: vscode.workspace.isTrusted, signedIn: this.deps.signedIn() }) : undefined;
      if (before) {
        // Said once, on the first test; nothing is sent and the others are skipped.
        this.stop(run, report, before, stopMessage('tests', before, { notSent: all.length }), all[0], all.slice(1));
        return;
      }
      const files = [...chosen];
      for (const [at, [file, items]] of files.entries()) {
        if (token.isCancellationRequested) break;
        const later = files.slice(at + 1).flatMap(([, rest]) => rest);
        const stopped = await this.runFile(run, report, file, items, token, later);
        if (stopped) break;
      }
    } finally {
      report.end();
      run.end();
    }
  }

  /** Runs the chosen tests of one file; true when the run stopped (httpRunStop.ts), `later` then skipped. */
  private async runFile(
    run: vscode.TestRun,
    report: HttpTestReport<vscode.TestItem>,
    file: string,
    items: readonly vscode.TestItem[],
    token: vscode.CancellationToken,
    later: readonly vscode.TestItem[],
  ): Promise<boolean> {
    const uri = vscode.Uri.parse(file);
    const document = await vscode.workspace.openTextDocument(uri);
    const parsed = parseHttpFile(document.getText());
    const byId = new Map(parsed.requests.map((r) => [testIdOf(r), r] as const));
    const targets = items.map((item) => byId.get(item.id)).filter((r) => r !== undefined);
    const itemFor = new Map(items.map((item) => [byId.get(item.id)?.index, item] as const));
    for (const item of items) if (!byId.has(item.id)) run.skipped(item);
    // the variable sources (env files, profile) are read once for the whole run
    const sequence = await this.deps.sender.sequence(document, fileVariableMap(parsed.variables));
    const each = (act: (item: vscode.TestItem) => void) => (request: { readonly index: number }) => {
      const item = itemFor.get(request.index);
      if (item) act(item);
    };
    const ran = await runHttpTests(
      parsed,
      targets.map((r) => r.index),
      {
        answered: (name) => this.deps.answered(file, name),
        cancelled: () => token.isCancellationRequested,
        send: async (request) => {
          const result = await sequence.send(request);
          const exchange = result.sent ? this.deps.latestAnswer(file, request.requestLine) : undefined;
          const send: SendOutcome = result.sent
            ? { sent: true, status: result.status, statusText: result.statusText, durationMs: exchange?.response.durationMs ?? 0 }
            : { sent: false, kind: result.kind, message: result.message };
          return { send, ...(exchange ? { exchange } : {}) };
        },
      },
      {
        started: each((item) => report.sending(item)),
        finished: (request, result) => {
          const item = itemFor.get(request.index);
          // a passed or skipped test's line joins the run's output; a failure's is its own
          const state = result.stopped ? 'errored' : result.outcome.state;
          report.output(result.outputLine, state === 'passed' || state === 'skipped' ? undefined : item);
          if (!item) return;
          const { stopped, outcome } = result;
          // a stop is said once: on this test, in the output and as a notice; the rest is skipped
          if (stopped) report.result(item, () => run.errored(item, new vscode.TestMessage(this.stopNote(uri, stopped, later.length))));
          else report.result(item, () => this.report(run, item, uri, outcome));
        },
        skipped: each((item) => report.result(item, () => run.skipped(item))),
      },
    ).finally(sequence.end);
    if (!ran.ok) {
      for (const target of targets) {
        const item = itemFor.get(target.index)!;
        report.result(item, () => run.errored(item, new vscode.TestMessage(ran.message)));
      }
      report.output(`${ran.message}\r\n`);
      return false;
    }
    if (ran.stopped) {
      this.stop(run, report, ran.stopped.stop, this.stopNote(uri, ran.stopped, later.length), undefined, later);
      return true;
    }
    return false;
  }

  /** The one message of a run stopped at a request; `later`: tests of the next files, not sent either. */
  private stopNote(uri: vscode.Uri, { stop, request, reason, notSent }: HttpRunStopped, later: number): string {
    const where = `${vscode.workspace.asRelativePath(uri)}:${request.requestLine + 1}`;
    return stopMessage('tests', stop, { where, reason, notSent: notSent + later });
  }

  /** A stopped run: the message once (output, notice, on `first` when given), the rest skipped. */
  private stop(run: vscode.TestRun, report: HttpTestReport<vscode.TestItem>, stop: RunStop, message: string, first: vscode.TestItem | undefined, skipped: readonly vscode.TestItem[]): void {
    if (first) report.result(first, () => run.errored(first, new vscode.TestMessage(message)));
    for (const item of skipped) report.result(item, () => run.skipped(item));
    report.output(`${message}\r\n`);
    void showStopNotice(stop, message);
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, uri: vscode.Uri, outcome: TestOutcome): void {
    switch (outcome.state) {
      case 'passed':
        run.passed(item, outcome.durationMs);
        return;
      case 'skipped':
        run.skipped(item);
        return;
      case 'errored':
        run.errored(item, new vscode.TestMessage(outcome.message));
        return;
      case 'failed':
        run.failed(
          item,
          outcome.failures.map((failure) => {
            // A diff only where the two sides are values (==); "5 != body $.length > 100000" reads badly.
            const message = failure.diff ? vscode.TestMessage.diff(failure.message, failure.diff.expected, failure.diff.actual) : new vscode.TestMessage(failure.message);
            message.location = new vscode.Location(uri, new vscode.Range(failure.line, 0, failure.line, failure.text.length + 3));
            return message;
          }),
          outcome.durationMs,
        );
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The run, also telling `records` what it reports (when given). */
function recording(run: vscode.TestRun, records: HttpTestRecord[] | undefined): vscode.TestRun {
  if (!records) return run;
  const asRecord = (messages: vscode.TestMessage | readonly vscode.TestMessage[]): HttpTestRecord['messages'] =>
    (Array.isArray(messages) ? messages : [messages as vscode.TestMessage]).map((m) => ({
      message: typeof m.message === 'string' ? m.message : m.message.value,
      ...(m.expectedOutput !== undefined ? { expected: m.expectedOutput } : {}),
      ...(m.actualOutput !== undefined ? { actual: m.actualOutput } : {}),
      ...(m.location ? { line: m.location.range.start.line } : {}),
    }));
  return new Proxy(run, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const states: ReadonlyArray<HttpTestRecord['state']> = ['passed', 'failed', 'skipped', 'errored'];
      const state = states.find((s) => s === property);
      return (...args: unknown[]) => {
        if (state) {
          const item = args[0] as vscode.TestItem;
          const messages = state === 'failed' || state === 'errored' ? asRecord(args[1] as vscode.TestMessage) : [];
          records.push({ label: item.label, state, messages });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function* collect(items: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  items.forEach((item) => all.push(item));
  yield* all;
}

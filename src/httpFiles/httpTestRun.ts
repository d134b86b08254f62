// One run of a `.http` file's tests, as the Testing view (src/ui/httpTestController.ts) and the
// headless runner (src/cli) both run them: the chosen requests in dependency order
// (httpRequestOrder.ts), each sent by the caller's sender, its assertions judged on the answer
// (httpAssertionCheck.ts) and turned into a test outcome (httpTestOutcome.ts); a request not sent
// for a reason that stops the run (httpRunStop.ts: signed out, untrusted, no token, a refused
// origin) skips the rest. Pure: sending and reporting are the caller's.
import { type AssertionResult, checkAssertions } from './httpAssertionCheck';
import type { HttpExchange } from './httpExchange';
import type { HttpRequestBlock, ParsedHttpFile } from './httpParser';
import { sendOrder } from './httpRequestOrder';
import { type RunStop, stopAt } from './httpRunStop';
import { outputLine, type SendOutcome, testLabelOf, testOutcome, type TestOutcome } from './httpTestOutcome';

/** What sending one request came to, and the exchange its assertions judge (when it was sent). */
export interface SentRequest {
  readonly send: SendOutcome;
  readonly exchange?: HttpExchange;
}

export interface HttpTestRunDeps {
  /** Whether the named request of this file has an answer in this session (it is then not sent again). */
  readonly answered: (name: string) => boolean;
  readonly send: (request: HttpRequestBlock) => Promise<SentRequest>;
  /** Checked before each request: true skips the rest. */
  readonly cancelled?: () => boolean;
}

/** One request of the run, sent or not: a test (`target`) or a dependency sent before one. */
export interface RequestRunResult {
  readonly target: boolean;
  readonly send: SendOutcome;
  readonly results: readonly AssertionResult[];
  readonly outcome: TestOutcome;
  /** Its line in the run's output: the request, its status and time; never a credential. */
  readonly outputLine: string;
  /** Set when this request was not sent for a reason that stops the run there. */
  readonly stopped?: HttpRunStopped;
}

/** Where and why a run stopped: nothing after `request` was sent. */
export interface HttpRunStopped {
  readonly stop: RunStop;
  readonly request: HttpRequestBlock;
  /** What the send said (the refusal, the token failure). */
  readonly reason: string;
  /** Requests of this file's run not sent because of the stop (this one included). */
  readonly notSent: number;
}

export interface HttpTestRunEvents {
  /** A test is about to be sent. */
  readonly started?: (request: HttpRequestBlock) => void;
  readonly finished: (request: HttpRequestBlock, result: RequestRunResult) => void;
  /** A test that was not sent: the run was cancelled, or stopped before it. */
  readonly skipped: (request: HttpRequestBlock, reason: string) => void;
}

/** `ok: false`: nothing was sent (an unknown name, a circle); `stopped`: a request stopped the run. */
export type HttpTestRun = { readonly ok: true; readonly stopped?: HttpRunStopped } | { readonly ok: false; readonly message: string };

/** Runs the tests `targets` (request indexes) of one parsed file, dependencies first. */
export async function runHttpTests(parsed: ParsedHttpFile, targets: readonly number[], deps: HttpTestRunDeps, events: HttpTestRunEvents): Promise<HttpTestRun> {
  const order = sendOrder(parsed, targets, deps.answered);
  if (!order.ok) return order;
  const wanted = new Set(targets);
  for (let at = 0; at < order.order.length; at++) {
    const request = parsed.requests[order.order[at]];
    const target = wanted.has(request.index);
    if (deps.cancelled?.()) {
      if (target) events.skipped(request, 'The run was cancelled before this request.');
      continue;
    }
    if (target) events.started?.(request);
    const { send, exchange } = await deps.send(request);
    const results = exchange ? checkAssertions(request.assertions, exchange) : [];
    const label = send.sent ? `${request.method} ${exchange?.request.url ?? ''}` : '';
    const stop = send.sent ? undefined : stopAt(send.kind);
    const stopped = stop && !send.sent ? { stop, request, reason: send.message, notSent: order.order.length - at } : undefined;
    const line = outputLine(testLabelOf(request), label, send, results);
    events.finished(request, { target, send, results, outcome: testOutcome(send, results), outputLine: line, ...(stopped ? { stopped } : {}) });
    if (stopped) {
      const reason = `Not sent: the run stopped at ${testLabelOf(request)}.`;
      for (const later of order.order.slice(at + 1)) if (wanted.has(later)) events.skipped(parsed.requests[later], reason);
      return { ok: true, stopped };
    }
  }
  return { ok: true };
}

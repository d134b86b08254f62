// What a Test Explorer run makes of one `.http` request with assertions: its test item's id and
// label, its outcome from the send and the assertion results (a declined confirmation is skipped,
// not failed), and its line in the run's output, which names the
// request, status and time and never a credential (the label is the resolved `METHOD url`, where
// credentials may not stand). Pure.
import type { AssertionResult } from './httpAssertionCheck';
import type { HttpRequestBlock } from './httpParser';

export type SendOutcome =
  | { readonly sent: true; readonly status: number; readonly statusText: string; readonly durationMs: number }
  | { readonly sent: false; readonly kind: string; readonly message: string };

export type TestOutcome =
  | { readonly state: 'passed'; readonly durationMs: number }
  | { readonly state: 'failed'; readonly durationMs: number; readonly failures: readonly AssertionResult[] }
  | { readonly state: 'skipped'; readonly message: string }
  | { readonly state: 'errored'; readonly message: string };

export function testOutcome(send: SendOutcome, results: readonly AssertionResult[]): TestOutcome {
  if (!send.sent) return send.kind === 'declined' ? { state: 'skipped', message: send.message } : { state: 'errored', message: send.message };
  const failures = results.filter((r) => !r.passed);
  return failures.length === 0 ? { state: 'passed', durationMs: send.durationMs } : { state: 'failed', durationMs: send.durationMs, failures };
}

/**
 * The test item id of a request under its file's item: its name, or its request line when it has
 * none. Unique among the file's tests, as VS Code asks; short, since every report of the run carries it.
 */
export function testIdOf(request: HttpRequestBlock): string {
  return request.name !== undefined ? `@${request.name}` : `line ${request.requestLine + 1}`;
}

/** What the Testing view shows for the request. */
export function testLabelOf(request: HttpRequestBlock): string {
  if (request.name !== undefined) return request.name;
  if (request.title !== undefined) return request.title;
  const url = request.url.length > 60 ? `${request.url.slice(0, 60)}…` : request.url;
  return `${request.method} ${url}`;
}

/** One line of the run's output (CRLF: the test output is a terminal). */
export function outputLine(name: string, label: string, send: SendOutcome, results: readonly AssertionResult[]): string {
  if (!send.sent) return `${name}: not sent: ${send.message}\r\n`;
  const failed = results.filter((r) => !r.passed).length;
  const checks = results.length === 0 ? '' : failed === 0 ? ` · ${results.length === 1 ? '1 check' : `${results.length} checks`} passed` : ` · ${failed} of ${results.length} checks failed`;
  return `${name}: ${label} → ${send.status} ${send.statusText} · ${Math.round(send.durationMs)} ms${checks}\r\n`;
}

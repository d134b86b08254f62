// The one rule for when a sequence of `.http` sends — MX: Send All, and a test run (Run / Run All in
// the Testing view, MX: Run .http Tests in File) — stops, and what it then says. A reason that holds
// for every later request too stops the sequence where it appears, and nothing is sent after it:
// signed out (before anything, offering MX: Sign In), a restricted workspace, a token MX will not
// give (auth), and an origin refused the session's credentials (a cloned file pointing elsewhere:
// the rest of it is not trusted to be sent either). Pure.

export type RunStop = 'signedOut' | 'untrusted' | 'refused' | 'auth';

/** Which sequence it is, for its messages. */
export type RunKind = 'sendAll' | 'tests';

const STOPS: ReadonlySet<string> = new Set<RunStop>(['signedOut', 'untrusted', 'refused', 'auth']);

/** Before anything is sent: restricted mode, then a signed-out session. */
export function stopBefore(context: { readonly trusted: boolean; readonly signedIn: boolean }): RunStop | undefined {
  if (!context.trusted) return 'untrusted';
  return context.signedIn ? undefined : 'signedOut';
}

/** At a request that was not sent for this kind of reason: the sequence stops there. */
export function stopAt(kind: string): RunStop | undefined {
  return STOPS.has(kind) ? (kind as RunStop) : undefined;
}

/** The button a stop's message offers (the UI runs MX: Sign In or Manage Workspace Trust). */
export function stopAction(stop: RunStop): 'Sign In' | 'Manage Workspace Trust' | undefined {
  if (stop === 'signedOut' || stop === 'auth') return 'Sign In';
  return stop === 'untrusted' ? 'Manage Workspace Trust' : undefined;
}

export interface StopPlace {
  /** Where it stopped: `file:line` of the request, or undefined when it stopped before the first. */
  readonly where?: string;
  /** What the send said (the refusal, the token failure); not repeated for a signed-out stop. */
  readonly reason?: string;
  /** Requests of the sequence that were not sent because of the stop (this one included). */
  readonly notSent: number;
}

/** The one message of a stopped sequence; never holds a credential (the reasons do not). */
export function stopMessage(run: RunKind, stop: RunStop, place: StopPlace): string {
  const what = run === 'sendAll' ? 'Send All' : 'The test run';
  const at = place.where !== undefined ? ` at ${place.where}` : '';
  const left = place.notSent === 1 ? '1 request was not sent' : `${place.notSent} requests were not sent`;
  switch (stop) {
    case 'signedOut':
      return `MX: ${what} stopped${at}: you are not signed in to MX, so nothing was sent (${left}). Run MX: Sign In, then ${run === 'sendAll' ? 'send' : 'run'} again.`;
    case 'untrusted':
      return `MX: ${what} stopped${at}: this workspace is not trusted (Restricted Mode), so nothing is sent from its .http files (${left}). Trust the workspace to send them.`;
    case 'auth':
      return `MX: ${what} stopped${at}: ${trimmed(place.reason) ?? 'MX did not give a token'}. Nothing was sent after it (${left}). Run MX: Sign In, then ${run === 'sendAll' ? 'send' : 'run'} again.`;
    case 'refused':
      return `MX: ${what} stopped${at}: ${trimmed(place.reason) ?? 'the request was refused'}. Nothing was sent after it (${left}).`;
  }
}

function trimmed(reason: string | undefined): string | undefined {
  const text = reason
    ?.trim()
    .replace(/\s*Nothing was sent( at all)?\.?$/i, '')
    .replace(/[.\s]+$/, '');
  return text ? text : undefined;
}

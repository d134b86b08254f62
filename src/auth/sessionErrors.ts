// What a token session throws when it cannot give a token, and which failures end it. Decided in
// one place because the answer reaches the user three ways: the error a caller gets, the status
// bar's state, and whether sign-in is offered.
import type { Redactor } from '../mx/redaction';
import { TokenError } from '../mx/tokenError';
import { describeProfile, type Profile } from './profiles';

/** The session cannot give tokens any more; `userMessage` says why and what to do. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';

  constructor(
    readonly userMessage: string,
    readonly needsSignIn: boolean,
    readonly tokenError?: TokenError,
  ) {
    super(userMessage);
  }
}

/** The keyring could not be read and nothing usable is in memory; may pass (retried with backoff). */
export class CredentialsUnavailableError extends Error {
  override readonly name = 'CredentialsUnavailableError';

  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

/** What a failed refresh leads to. */
export type FailureOutcome =
  /** Nothing will change by trying again (rejected credentials or client, a reply that is not a token). */
  | { readonly action: 'end'; readonly kind: string; readonly message: string; readonly needsSignIn: boolean; readonly tokenError: TokenError }
  /** May pass (network, timeout, 5xx, keyring, cancelled): the session stays and tries again later. */
  | { readonly action: 'retry'; readonly kind: string; readonly message: string; readonly retryAfterSeconds?: number };

export function classifyFailure(err: unknown, profile: Profile, redactor: Redactor): FailureOutcome {
  if (err instanceof TokenError && !err.retryable && err.kind !== 'cancelled') {
    if (err.kind === 'rejectedCredentials') {
      const message = `MX rejected the username or password for ${describeProfile(profile)}. Sign in again.`;
      return { action: 'end', kind: err.kind, message, needsSignIn: true, tokenError: err };
    }
    return { action: 'end', kind: err.kind, message: err.userMessage, needsSignIn: err.kind === 'clientRejected', tokenError: err };
  }
  if (err instanceof TokenError) {
    return { action: 'retry', kind: err.kind, message: err.userMessage, retryAfterSeconds: err.retryAfterSeconds };
  }
  if (err instanceof CredentialsUnavailableError) {
    return { action: 'retry', kind: 'keyring', message: err.userMessage };
  }
  return { action: 'retry', kind: 'unexpected', message: `Getting a token failed: ${redactor.safeError(err)}` };
}

export function missingCredentialsMessage(profile: Profile): string {
  return `No saved MX credentials for ${describeProfile(profile)}. Sign in again.`;
}

export function goneCredentialsMessage(profile: Profile): string {
  return `The saved MX credentials for ${describeProfile(profile)} are gone (signed out in another window?). Sign in again.`;
}

export function signedOutError(profile: Profile): SessionEndedError {
  return new SessionEndedError(`Signed out of MX (${describeProfile(profile)}). Sign in to continue.`, true);
}

export function closedError(profile: Profile): SessionEndedError {
  return new SessionEndedError(`The MX session of ${describeProfile(profile)} was closed. Sign in to continue.`, true);
}

// Where a token session is in its life (Phase: what it may still do, and the token it holds) and
// what it shows of that (SessionState: for the status bar, the panel and the API). One object
// changes both, so the snapshot can never say "active" for a session that has ended.
import { Emitter, type Event } from '../base/events';
import type { Profile } from './profiles';
import { closedError, SessionEndedError, signedOutError } from './sessionErrors';

export type SessionStatus = 'active' | 'refreshing' | 'retrying' | 'expired' | 'ended';
export type GrantName = 'password' | 'refresh_token';
export type RefreshTrigger = 'sign-in' | 'schedule' | 'on-demand' | 'manual' | 'unauthorized' | 'restore';

export interface SessionState {
  readonly profile: Profile;
  /**
   * active: a token that has not reached its refresh time, or is being used until then;
   * refreshing: a token request is under way; retrying: the last one failed for a reason that may
   * pass (network, timeout, 5xx, keyring) and another is scheduled at `retryAt`; expired: no usable
   * token in memory (a restored session before first use); ended: signed out or rejected.
   */
  readonly status: SessionStatus;
  readonly obtainedAt?: number;
  readonly expiresAt?: number;
  readonly refreshAt?: number;
  readonly lifetimeMs?: number;
  readonly lastRefresh?: { readonly at: number; readonly grant: GrantName; readonly trigger: RefreshTrigger };
  readonly lastError?: { readonly message: string; readonly kind: string; readonly at: number };
  /** When the next automatic retry is due (wall clock), while retrying. */
  readonly retryAt?: number;
  readonly needsSignIn?: boolean;
  /** Why the session ended, for a sign-out (failures are in lastError). */
  readonly endReason?: string;
  /** Set when the credentials could not be saved to or read from the keyring; the session runs from memory. */
  readonly storageProblem?: string;
}

export interface HeldToken {
  readonly accessToken: string;
  readonly obtainedAt: number;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

export type TokenSlot =
  /** Never had one (restored): the first token is fetched as a 'restore'. */
  | { readonly kind: 'none' }
  | { readonly kind: 'held'; readonly token: HeldToken }
  /** The API refused the last one (401): nobody may be handed it while the next one is fetched. */
  | { readonly kind: 'rejected' };

export type Phase =
  | { readonly kind: 'live'; readonly token: TokenSlot }
  /** Signed out or rejected: no token, no timer; `error` is what every caller gets from now on. */
  | { readonly kind: 'ended'; readonly error: SessionEndedError }
  /** As ended, and its state no longer fires. */
  | { readonly kind: 'disposed'; readonly error: SessionEndedError };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What an ended session no longer has. */
const NO_TOKEN_TIMES = { retryAt: undefined, obtainedAt: undefined, expiresAt: undefined, refreshAt: undefined, lifetimeMs: undefined };

export class SessionRecord {
  private phase: Phase = { kind: 'live', token: { kind: 'none' } };
  private current: SessionState;
  private readonly emitter = new Emitter<SessionState>();

  readonly onDidChange: Event<SessionState> = this.emitter.event;

  constructor(private readonly profile: Profile) {
    this.current = Object.freeze({ profile, status: 'expired' });
  }

  get state(): SessionState {
    return this.current;
  }

  get life(): Phase {
    return this.phase;
  }

  get alive(): boolean {
    return this.phase.kind === 'live';
  }

  /** The token to hand out, while the session lives and has one. */
  get token(): HeldToken | undefined {
    return this.phase.kind === 'live' && this.phase.token.kind === 'held' ? this.phase.token.token : undefined;
  }

  /** Whether a token was ever held: a restored session's first one is a 'restore', later ones 'on-demand'. */
  get hadToken(): boolean {
    return this.phase.kind === 'live' && this.phase.token.kind !== 'none';
  }

  /** What callers get once the session cannot give tokens (while it lives: that it was closed). */
  get endedError(): SessionEndedError {
    return this.phase.kind === 'live' ? closedError(this.profile) : this.phase.error;
  }

  /** The keyring could not be read at start-up; the first use asks again. */
  keyringUnreadable(message: string, at: number): void {
    this.updateLive({ lastError: { message, kind: 'keyring', at }, storageProblem: message });
  }

  refreshing(): void {
    this.updateLive({ status: 'refreshing', retryAt: undefined });
  }

  accepted(token: HeldToken, lastRefresh: NonNullable<SessionState['lastRefresh']>, storageProblem: string | undefined): void {
    if (this.phase.kind !== 'live') {
      return;
    }
    this.phase = { kind: 'live', token: { kind: 'held', token } };
    const { obtainedAt, expiresAt, refreshAt } = token;
    this.updateLive({
      status: 'active',
      obtainedAt,
      expiresAt,
      refreshAt,
      lifetimeMs: expiresAt - obtainedAt,
      lastRefresh,
      lastError: undefined,
      retryAt: undefined,
      needsSignIn: undefined,
      storageProblem,
    });
  }

  /** The current token, if any, stays: it is handed out for as long as it is valid. */
  retrying(lastError: NonNullable<SessionState['lastError']>, retryAt: number): void {
    this.updateLive({ status: 'retrying', lastError, retryAt });
  }

  storageProblemIs(storageProblem: string | undefined): void {
    if (storageProblem !== this.current.storageProblem) {
      this.updateLive({ storageProblem });
    }
  }

  rejectToken(): void {
    if (this.phase.kind === 'live' && this.phase.token.kind === 'held') {
      this.phase = { kind: 'live', token: { kind: 'rejected' } };
    }
  }

  signedOut(reason: string): void {
    this.updateLive({ status: 'ended', endReason: reason, needsSignIn: true, lastError: undefined, ...NO_TOKEN_TIMES }, signedOutError(this.profile));
  }

  /** Ended by a failure that trying again cannot fix; `kind` names it in lastError. */
  failed(error: SessionEndedError, kind: string, at: number): void {
    const { userMessage: message, needsSignIn } = error;
    this.updateLive({ status: 'ended', lastError: { message, kind, at }, needsSignIn, ...NO_TOKEN_TIMES }, error);
  }

  dispose(): void {
    if (this.phase.kind === 'disposed') {
      return;
    }
    this.phase = { kind: 'disposed', error: this.endedError };
    this.emitter.dispose();
  }

  /** Nothing changes a record once it has ended; `ending` ends it with that error. */
  private updateLive(patch: Partial<Mutable<SessionState>>, ending?: SessionEndedError): void {
    if (this.phase.kind !== 'live') {
      return;
    }
    if (ending) {
      this.phase = { kind: 'ended', error: ending };
    }
    const next: Record<string, unknown> = { ...this.current, ...patch };
    for (const key of Object.keys(next)) {
      if (next[key] === undefined) {
        delete next[key];
      }
    }
    this.current = Object.freeze(next as unknown as SessionState);
    this.emitter.fire(this.current);
  }
}

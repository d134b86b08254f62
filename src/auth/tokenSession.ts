// The token lifecycle of ONE signed-in profile: the access token lives here, in memory only; what
// is needed to get a new one lives in the CredentialStore. Every way of needing a token (the
// schedule, a caller finding it expired, the user, a 401) goes through one in-flight refresh.
//
// Time: expiry is judged from the wall clock at every use, because timers stop while the machine
// sleeps; RefreshScheduler holds the timers, checkNow() compares the wall clock (window focus).
//
// The parts: SessionRecord (phase and shown state), CredentialCache (credentials in memory and
// what the keyring holds), RefreshScheduler (when), SingleFlight (one refresh at a time),
// requestGrant (one logged token request). This class decides what happens between them.
import type { TokenSet } from '../mx/tokenClient';
import { TokenError } from '../mx/tokenError';
import { CredentialCache } from './credentialCache';
import type { StoredCredentials } from './credentials';
import type { Event } from '../base/events';
import { formatDelay } from '../base/format';
import { type Logger, redacting } from '../base/logger';
import { type Profile, profileLogName } from './profiles';
import { RefreshScheduler } from './refreshScheduler';
import type { TokenSessionDeps } from './sessionFactory';
import {
  classifyFailure,
  CredentialsUnavailableError,
  goneCredentialsMessage,
  missingCredentialsMessage,
  SessionEndedError,
} from './sessionErrors';
import { type GrantName, type RefreshTrigger, SessionRecord, type SessionState } from './sessionState';
import { SingleFlight } from './singleFlight';
import { type GrantContext, requestGrant } from './tokenGrant';

export { DEFAULT_REFRESH_FRACTION, DEFAULT_TICK_MS } from './refreshScheduler';
export { CredentialsUnavailableError, SessionEndedError } from './sessionErrors';
export type { GrantName, RefreshTrigger, SessionState, SessionStatus } from './sessionState';

export interface SignInSecrets {
  readonly password: string;
  readonly clientSecret: string;
}

export interface SignInOptions {
  /** Cancels the token request (e.g. the progress notification's Cancel button). */
  readonly signal?: AbortSignal;
}

export class TokenSession {
  readonly profile: Profile;
  readonly onDidChangeState: Event<SessionState>;
  private readonly log: Logger;
  /** `user@example.com@Staging`, for log lines. */
  private readonly who: string;
  private readonly record: SessionRecord;
  private readonly cache: CredentialCache;
  private readonly scheduler: RefreshScheduler;
  private readonly flight = new SingleFlight();
  private readonly grants: GrantContext;

  private constructor(
    private readonly deps: TokenSessionDeps,
    profile: Profile,
  ) {
    this.profile = profile;
    this.log = redacting(deps.log, deps.redactor);
    this.who = profileLogName(profile);
    this.record = new SessionRecord(profile);
    this.onDidChangeState = this.record.onDidChange;
    this.grants = { profile, clock: deps.clock, log: this.log, redactor: deps.redactor, timeoutMs: deps.timeoutMs };
    this.cache = new CredentialCache(profile, deps.credentials, this.log, deps.redactor);
    this.scheduler = new RefreshScheduler({
      clock: deps.clock,
      refreshFraction: deps.refreshFraction,
      tickMs: deps.tickMs,
      due: () => void this.refresh('schedule').catch(() => undefined),
      tick: () => void this.checkNow(),
    });
  }

  /**
   * Gets a token with the password grant and, only if that works, stores the credentials (and a
   * refresh token with the client ID it was issued to). A failure throws the TokenError as is.
   */
  static async signIn(deps: TokenSessionDeps, profile: Profile, secrets: SignInSecrets, options: SignInOptions = {}): Promise<TokenSession> {
    deps.redactor.add(secrets.password);
    deps.redactor.add(secrets.clientSecret);
    const session = new TokenSession(deps, profile);
    const { username, clientId } = profile;
    let tokens: TokenSet;
    try {
      tokens = await requestGrant(session.grants, { kind: 'password', username, password: secrets.password, clientId }, 'sign-in', options.signal);
    } catch (err) {
      session.dispose();
      throw err;
    }
    const saved = await session.cache.signedIn({
      password: secrets.password,
      clientSecret: secrets.clientSecret,
      ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken, refreshTokenClientId: clientId } : {}),
    });
    session.accept(tokens, 'password', 'sign-in', saved.ok ? undefined : `Signed in for this window only: ${saved.message}`);
    session.scheduler.startTicking();
    return session;
  }

  /**
   * A session for a profile signed in earlier: reads the keyring (no network). The first getToken()
   * gets a token. Missing credentials give an ended session that asks for sign-in.
   */
  static async restore(deps: TokenSessionDeps, profile: Profile): Promise<TokenSession> {
    const session = new TokenSession(deps, profile);
    const found = await session.cache.load();
    if (found.kind === 'missing') {
      session.endWith(missingCredentialsMessage(profile), 'missingCredentials', true);
      return session;
    }
    if (found.kind === 'unavailable') {
      // Maybe a locked keyring; the first getToken() asks again.
      session.record.keyringUnreadable(found.message, deps.clock.now());
    }
    session.scheduler.startTicking();
    return session;
  }

  get state(): SessionState {
    return this.record.state;
  }

  /** The access token, refreshed first if the wall clock says it has expired. */
  async getToken(): Promise<string> {
    for (let attempt = 0; attempt < 2; attempt++) {
      this.checkAlive();
      const held = this.record.token;
      if (held && this.deps.clock.now() < held.expiresAt) {
        return held.accessToken;
      }
      await this.refresh(this.record.hadToken ? 'on-demand' : 'restore');
      // Fresh from the server: hand it out even if its lifetime is shorter than the round trip.
      const fresh = this.record.token;
      if (fresh) {
        return fresh.accessToken;
      }
    }
    throw this.record.alive ? new CredentialsUnavailableError('MX Explorer could not get a token. Try again.') : this.record.endedError;
  }

  /** What MxApiClient needs for one request. */
  async credentials(): Promise<{ accessToken: string; clientSecret: string }> {
    const accessToken = await this.getToken();
    const clientSecret = this.cache.secrets?.clientSecret;
    if (clientSecret === undefined) {
      throw this.record.endedError;
    }
    return { accessToken, clientSecret };
  }

  /** Refreshes at once (the "Refresh Token Now" command); joins a refresh already running. */
  refreshNow(): Promise<void> {
    return this.refresh('manual');
  }

  /**
   * The API answered 401 to a request sent with `token`. Refreshes only if that is still the
   * current token, so any number of parallel 401s cause one refresh; returns the token to retry with.
   */
  async tokenRejected(token: string): Promise<string> {
    this.checkAlive();
    if (this.flight.current) {
      await this.flight.current;
      return this.getToken();
    }
    const held = this.record.token;
    if (held && held.accessToken !== token) {
      return this.getToken();
    }
    if (held) {
      this.log.info(`MX API rejected the access token of ${this.who} (HTTP 401); getting a new one.`);
      this.record.rejectToken();
    }
    await this.refresh('unauthorized');
    return this.getToken();
  }

  /**
   * Compares the wall clock with the refresh time and refreshes if it has passed. Called by the
   * periodic tick and by the VS Code layer on window focus: this is what notices a sleep.
   * Never rejects; a failure shows in `state`.
   */
  async checkNow(): Promise<void> {
    if (!this.record.alive) {
      return;
    }
    if (this.flight.current) {
      return this.flight.current.catch(() => undefined);
    }
    const now = this.deps.clock.now();
    const backoff = this.scheduler.backoffAt(now);
    const token = this.record.token;
    if (backoff === 'waiting' || (backoff === 'none' && (!token || now < token.refreshAt))) {
      return;
    }
    return this.refresh('schedule').catch(() => undefined);
  }

  /** Sign-out: forgets the token and the in-memory credentials, stops every timer. Deleting the stored credentials is the caller's choice. */
  end(reason: string): void {
    if (!this.record.alive) {
      return;
    }
    this.log.info(`Session of ${this.who} ended: ${reason}`);
    this.stop();
    this.record.signedOut(reason);
  }

  /** Stops every timer and any request in flight; no timer outlives this. */
  dispose(): void {
    if (this.record.life.kind === 'disposed') {
      return;
    }
    this.stop();
    this.record.dispose();
  }

  /** The single flight: one refresh at a time, every caller awaits the same one. */
  private refresh(trigger: RefreshTrigger): Promise<void> {
    if (!this.record.alive) {
      return Promise.reject(this.record.endedError);
    }
    return this.flight.join((signal, settled) => {
      this.scheduler.cancel();
      return this.runRefresh(trigger, signal, settled);
    });
  }

  private async runRefresh(trigger: RefreshTrigger, signal: AbortSignal, settled: () => void): Promise<void> {
    try {
      this.record.refreshing();
      const credentials = await this.loadCredentials();
      this.checkAlive();
      const { clientId, username } = this.profile;
      if (credentials.refreshToken !== undefined && credentials.refreshTokenClientId !== clientId) {
        this.log.info(`The stored refresh token of ${this.who} was issued to another client ID; it is dropped, not sent.`);
        await this.cache.dropRefreshToken();
      } else if (credentials.refreshToken !== undefined) {
        try {
          const tokens = await requestGrant(this.grants, { kind: 'refresh', refreshToken: credentials.refreshToken, clientId }, trigger, signal);
          await this.acceptAndStore(tokens, 'refresh_token', trigger);
          return;
        } catch (err) {
          // A refresh token that no longer works (or a server that will not do this grant) is
          // replaced by the password; anything that may pass is retried later as is.
          if (!(err instanceof TokenError) || err.retryable || err.kind === 'cancelled' || !this.record.alive) {
            throw err;
          }
          this.log.info(`Falling back to the password grant for ${this.who}.`);
          await this.cache.dropRefreshToken();
        }
      }
      this.checkAlive();
      const password = this.cache.secrets?.password ?? credentials.password;
      const tokens = await requestGrant(this.grants, { kind: 'password', username, password, clientId }, trigger, signal);
      await this.acceptAndStore(tokens, 'password', trigger);
    } catch (err) {
      throw this.fail(err);
    } finally {
      settled();
    }
  }

  /** Takes a new token and stores a new refresh token (keeping it in memory if the keyring fails). */
  private async acceptAndStore(tokens: TokenSet, grant: GrantName, trigger: RefreshTrigger): Promise<void> {
    this.checkAlive();
    const storageProblem = this.record.state.storageProblem;
    if (tokens.refreshToken !== undefined && this.cache.takeRefreshToken(tokens.refreshToken)) {
      // Usable at once; the keyring write below must not hold back waiting callers.
      this.accept(tokens, grant, trigger, storageProblem);
      const saved = await this.cache.saveRefreshToken();
      this.record.storageProblemIs(saved.ok ? undefined : saved.message);
      return;
    }
    this.accept(tokens, grant, trigger, storageProblem);
  }

  private accept(tokens: TokenSet, grant: GrantName, trigger: RefreshTrigger, storageProblem: string | undefined): void {
    const { accessToken, obtainedAt, expiresAt } = tokens;
    const refreshAt = this.scheduler.tokenAccepted(obtainedAt, expiresAt);
    this.record.accepted({ accessToken, obtainedAt, expiresAt, refreshAt }, { at: this.deps.clock.now(), grant, trigger }, storageProblem);
  }

  /** Turns a failed refresh into the next state, and returns what the callers see. */
  private fail(err: unknown): Error {
    if (!this.record.alive) {
      return err instanceof SessionEndedError ? err : this.record.endedError;
    }
    const outcome = classifyFailure(err, this.profile, this.deps.redactor);
    if (outcome.action === 'end') {
      this.endWith(outcome.message, outcome.kind, outcome.needsSignIn, outcome.tokenError);
      return this.record.endedError;
    }
    const { delayMs, failures, retryAt } = this.scheduler.retryLater(outcome.retryAfterSeconds);
    this.log.warn(`Will try again to get a token for ${this.who} in ${formatDelay(delayMs)} (failure ${failures}).`);
    this.record.retrying({ message: outcome.message, kind: outcome.kind, at: this.deps.clock.now() }, retryAt);
    return err instanceof Error ? err : new Error(outcome.message);
  }

  private async loadCredentials(): Promise<StoredCredentials> {
    const found = await this.cache.load();
    if (found.kind === 'loaded') {
      return found.credentials;
    }
    if (found.kind === 'unavailable') {
      throw new CredentialsUnavailableError(found.message);
    }
    if (found.kind !== 'forgotten') {
      const message = found.kind === 'gone' ? goneCredentialsMessage(this.profile) : missingCredentialsMessage(this.profile);
      this.endWith(message, 'missingCredentials', true);
    }
    throw this.record.endedError;
  }

  private endWith(message: string, kind: string, needsSignIn: boolean, err?: TokenError): void {
    this.log.error(`Session of ${this.who} ended: ${message}`);
    this.stop();
    this.record.failed(new SessionEndedError(message, needsSignIn, err), kind, this.deps.clock.now());
  }

  /** Forgets the credentials, stops every timer and the request in flight; the caller then ends the record. */
  private stop(): void {
    this.cache.forget();
    this.scheduler.stop();
    this.flight.abort();
  }

  private checkAlive(): void {
    if (!this.record.alive) {
      throw this.record.endedError;
    }
  }
}

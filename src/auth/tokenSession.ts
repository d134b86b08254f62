// The token lifecycle of ONE signed-in profile: the access token lives here, in memory only; what
// is needed to get a new one lives in the CredentialStore. Every way of needing a token (the
// schedule, a caller finding it expired, the user, a 401) goes through one in-flight refresh.
//
// Time: expiry is judged from the wall clock at every use, because timers stop while the machine
// sleeps; RefreshScheduler holds the timers, checkNow() compares the wall clock (window focus).
import type { Redactor } from '../mx/redaction';
import { requestToken, TokenError, type TokenGrant, type TokenSet } from '../mx/tokenClient';
import type { Clock } from './clock';
import { CredentialCache } from './credentialCache';
import type { CredentialStore, StoredCredentials } from './credentials';
import type { Event } from './events';
import { formatDelay, formatInstant, formatTimeLeft } from './format';
import { type Logger, redacting } from './logger';
import { type Profile, profileLogName } from './profiles';
import { RefreshScheduler } from './refreshScheduler';
import {
  classifyFailure,
  CredentialsUnavailableError,
  goneCredentialsMessage,
  missingCredentialsMessage,
  SessionEndedError,
} from './sessionErrors';
import { type GrantName, type RefreshTrigger, SessionRecord, type SessionState } from './sessionState';

export { DEFAULT_REFRESH_FRACTION, DEFAULT_TICK_MS } from './refreshScheduler';
export { CredentialsUnavailableError, SessionEndedError } from './sessionErrors';
export type { GrantName, RefreshTrigger, SessionState, SessionStatus } from './sessionState';

/** The settings a session reads when it starts. */
export interface SessionTiming {
  /** Part of the lifetime after which the token is refreshed; default 2/3, clamped to 0.1–0.95. */
  readonly refreshFraction?: number;
  /** Deadline of one token request; default that of requestToken (30 s). */
  readonly timeoutMs?: number;
  /** How often the wall clock is compared with the refresh time; default 30 s. */
  readonly tickMs?: number;
}

export interface TokenSessionDeps extends SessionTiming {
  readonly clock: Clock;
  readonly credentials: CredentialStore;
  readonly log: Logger;
  /** Shared with the rest of the extension; learns every secret this session sees. */
  readonly redactor: Redactor;
}

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
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly record: SessionRecord;
  private readonly cache: CredentialCache;
  private readonly scheduler: RefreshScheduler;
  private inflight: Promise<void> | undefined;
  private abort: AbortController | undefined;

  readonly onDidChangeState: Event<SessionState>;

  private constructor(
    private readonly deps: TokenSessionDeps,
    profile: Profile,
  ) {
    this.profile = profile;
    this.clock = deps.clock;
    this.log = redacting(deps.log, deps.redactor);
    this.record = new SessionRecord(profile);
    this.onDidChangeState = this.record.onDidChange;
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
  static async signIn(
    deps: TokenSessionDeps,
    profile: Profile,
    secrets: SignInSecrets,
    options: SignInOptions = {},
  ): Promise<TokenSession> {
    deps.redactor.add(secrets.password);
    deps.redactor.add(secrets.clientSecret);
    const session = new TokenSession(deps, profile);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) {
      controller.abort();
    }
    session.abort = controller;
    let tokens: TokenSet;
    try {
      tokens = await session.grant({ kind: 'password', username: profile.username, password: secrets.password, clientId: profile.clientId }, 'sign-in', controller.signal);
    } catch (err) {
      session.dispose();
      throw err;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      session.abort = undefined;
    }
    const record: StoredCredentials = {
      password: secrets.password,
      clientSecret: secrets.clientSecret,
      ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken, refreshTokenClientId: profile.clientId } : {}),
    };
    const saved = await session.cache.signedIn(record);
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
      if (held && this.clock.now() < held.expiresAt) {
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
    if (this.inflight) {
      await this.inflight;
      return this.getToken();
    }
    const held = this.record.token;
    if (held && held.accessToken !== token) {
      return this.getToken();
    }
    if (held) {
      this.log.info(`MX API rejected the access token of ${this.who()} (HTTP 401); getting a new one.`);
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
    if (this.inflight) {
      return this.inflight.catch(() => undefined);
    }
    const now = this.clock.now();
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
    this.log.info(`Session of ${this.who()} ended: ${reason}`);
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

  // ---- refresh machinery -------------------------------------------------------------------

  /** The single flight: one refresh at a time, every caller awaits the same one. */
  private refresh(trigger: RefreshTrigger): Promise<void> {
    if (!this.record.alive) {
      return Promise.reject(this.record.endedError);
    }
    if (!this.inflight) {
      this.scheduler.cancel();
      // Cleared by the refresh itself the moment it settles, not a microtask later: a caller in
      // between would otherwise join a refresh that is already over and get no new token.
      let run: Promise<void> | undefined = undefined;
      let settled = false;
      run = this.runRefresh(trigger, () => {
        settled = true;
        if (run !== undefined && this.inflight === run) {
          this.inflight = undefined;
        }
      });
      if (!settled) {
        this.inflight = run;
      }
      return run;
    }
    return this.inflight;
  }

  private async runRefresh(trigger: RefreshTrigger, settled: () => void): Promise<void> {
    const controller = new AbortController();
    this.abort = controller;
    try {
      this.record.refreshing();
      const credentials = await this.loadCredentials();
      this.checkAlive();
      const { clientId, username } = this.profile;
      if (credentials.refreshToken !== undefined && credentials.refreshTokenClientId !== clientId) {
        this.log.info(`The stored refresh token of ${this.who()} was issued to another client ID; it is dropped, not sent.`);
        await this.cache.dropRefreshToken();
      } else if (credentials.refreshToken !== undefined) {
        try {
          const tokens = await this.grant({ kind: 'refresh', refreshToken: credentials.refreshToken, clientId }, trigger, controller.signal);
          await this.acceptAndStore(tokens, 'refresh_token', trigger);
          return;
        } catch (err) {
          // A refresh token that no longer works (or a server that will not do this grant) is
          // replaced by the password; anything that may pass is retried later as is.
          if (!(err instanceof TokenError) || err.retryable || err.kind === 'cancelled' || !this.record.alive) {
            throw err;
          }
          this.log.info(`Falling back to the password grant for ${this.who()}.`);
          await this.cache.dropRefreshToken();
        }
      }
      this.checkAlive();
      const password = this.cache.secrets?.password ?? credentials.password;
      const tokens = await this.grant({ kind: 'password', username, password, clientId }, trigger, controller.signal);
      await this.acceptAndStore(tokens, 'password', trigger);
    } catch (err) {
      throw this.fail(err);
    } finally {
      if (this.abort === controller) {
        this.abort = undefined;
      }
      settled();
    }
  }

  /** One token request, logged either way. */
  private async grant(grant: TokenGrant, trigger: RefreshTrigger, signal: AbortSignal): Promise<TokenSet> {
    const name: GrantName = grant.kind === 'password' ? 'password' : 'refresh_token';
    if (grant.kind === 'refresh') {
      this.deps.redactor.add(grant.refreshToken);
    } else {
      this.deps.redactor.add(grant.password);
    }
    try {
      const tokens = await requestToken({ authUrl: this.profile.environment.authUrl }, grant, {
        now: () => this.clock.now(),
        signal,
        ...(this.deps.timeoutMs !== undefined ? { timeoutMs: this.deps.timeoutMs } : {}),
      });
      // Before anything can print them.
      this.deps.redactor.add(tokens.accessToken);
      this.deps.redactor.add(tokens.refreshToken);
      const left = formatTimeLeft(tokens.expiresAt - this.clock.now());
      const extras = [
        tokens.refreshToken !== undefined ? 'refresh token issued' : '',
        tokens.expiresInAssumed ? 'no expires_in in the reply, 1 h assumed' : '',
      ].filter(Boolean);
      this.log.info(
        `Token ${name} for ${this.who()} (${trigger}): ok, expires ${formatInstant(tokens.expiresAt)} (in ${left})${extras.length ? `; ${extras.join('; ')}` : ''}`,
      );
      return tokens;
    } catch (err) {
      if (err instanceof TokenError) {
        const status = err.status !== undefined ? `, HTTP ${err.status}` : '';
        const oauth = err.oauthError !== undefined ? `, ${err.oauthError}` : '';
        const line = `Token ${name} for ${this.who()} (${trigger}): failed (${err.kind}${status}${oauth}): ${err.userMessage}`;
        if (err.kind === 'cancelled') {
          this.log.info(line);
        } else {
          this.log.warn(line);
        }
      } else {
        this.log.error(`Token ${name} for ${this.who()} (${trigger}): failed: ${this.deps.redactor.safeError(err)}`);
      }
      throw err;
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
    this.record.accepted({ accessToken, obtainedAt, expiresAt, refreshAt }, { at: this.clock.now(), grant, trigger }, storageProblem);
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
    const { message, kind } = outcome;
    const { delayMs, failures, retryAt } = this.scheduler.retryLater(outcome.retryAfterSeconds);
    this.log.warn(`Will try again to get a token for ${this.who()} in ${formatDelay(delayMs)} (failure ${failures}).`);
    this.record.retrying({ message, kind, at: this.clock.now() }, retryAt);
    return err instanceof Error ? err : new Error(message);
  }

  private async loadCredentials(): Promise<StoredCredentials> {
    const found = await this.cache.load();
    switch (found.kind) {
      case 'loaded':
        return found.credentials;
      case 'gone':
        this.endWith(goneCredentialsMessage(this.profile), 'missingCredentials', true);
        break;
      case 'missing':
        this.endWith(missingCredentialsMessage(this.profile), 'missingCredentials', true);
        break;
      case 'unavailable':
        throw new CredentialsUnavailableError(found.message);
    }
    throw this.record.endedError;
  }

  /** Forgets the credentials, stops every timer and the request in flight; the caller then ends the record. */
  private stop(): void {
    this.cache.forget();
    this.scheduler.stop();
    this.abort?.abort();
    this.abort = undefined;
  }

  private endWith(message: string, kind: string, needsSignIn: boolean, err?: TokenError): void {
    this.log.error(`Session of ${this.who()} ended: ${message}`);
    this.stop();
    this.record.failed(new SessionEndedError(message, needsSignIn, err), kind, this.clock.now());
  }

  private checkAlive(): void {
    if (!this.record.alive) {
      throw this.record.endedError;
    }
  }

  private who(): string {
    return profileLogName(this.profile);
  }
}

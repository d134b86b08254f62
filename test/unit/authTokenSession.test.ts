// The token session against the real sandbox over HTTP, with a hand-moved clock shared by both
// sides (so the server judges expiry by the same time as the client). Only VS Code's interfaces
// (SecretStorage, the log channel, time) are fakes.
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { Redactor } from '../../src/mx/redaction';
import { requestToken, TokenError, type TokenErrorKind } from '../../src/mx/tokenClient';
import { type CredentialStore, credentialsKey, type StoredCredentials } from '../../src/auth/credentials';
import { createProfile, type Profile } from '../../src/auth/profiles';
import { SessionFactory, type SessionTiming } from '../../src/auth/sessionFactory';
import { MIN_SCHEDULED_REFRESH_MS } from '../../src/auth/refreshScheduler';
import {
  CredentialsUnavailableError,
  SessionEndedError,
  type SessionState,
  TokenSession,
} from '../../src/auth/tokenSession';
import { FakeClock } from './fakes/fakeClock';
import { CapturingLogger } from './fakes/logger';
import { InMemorySecretStorage } from './fakes/secretStorage';
import { json, startStub } from './stubServer';

const CLIENT_ID = 'mx-explorer-tests';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const LIFETIME_MS = 12 * HOUR;
const REFRESH_DELAY_MS = 8 * HOUR; // two thirds of 12 h
const TICK_MS = 30 * SECOND;
const SECRETS = { password: DEFAULT_ACCOUNT.password, clientSecret: DEFAULT_ACCOUNT.clientSecret };

/** Resolves with the first state (current or coming) that matches. */
function until(session: TokenSession, predicate: (state: SessionState) => boolean): Promise<SessionState> {
  if (predicate(session.state)) {
    return Promise.resolve(session.state);
  }
  return new Promise((resolve) => {
    const subscription = session.onDidChangeState((state) => {
      if (predicate(state)) {
        subscription.dispose();
        resolve(state);
      }
    });
  });
}

function isTokenError(kind: TokenErrorKind): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof TokenError, `expected a TokenError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    return true;
  };
}

function isSessionEnded(needsSignIn: boolean, message?: string | RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof SessionEndedError, `expected a SessionEndedError, got ${String(err)}`);
    assert.equal(err.needsSignIn, needsSignIn);
    if (typeof message === 'string') {
      assert.equal(err.userMessage, message);
    } else if (message) {
      assert.match(err.userMessage, message);
    }
    return true;
  };
}

describe('TokenSession against the sandbox', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let clock: FakeClock;
  let storage: InMemorySecretStorage;
  let factory: SessionFactory;
  let credentials: CredentialStore;
  /** The settings the next session starts with, as SessionManager reads them. */
  let timing: SessionTiming;
  let log: CapturingLogger;
  let profile: Profile;
  let sessions: TokenSession[];

  function track(session: TokenSession): TokenSession {
    sessions.push(session);
    return session;
  }

  async function signIn(overrides: SessionTiming = {}): Promise<TokenSession> {
    timing = { tickMs: TICK_MS, ...overrides };
    return track(await factory.signIn(profile, SECRETS));
  }

  async function restore(): Promise<TokenSession> {
    return track(await factory.restore(profile));
  }

  function authRequests() {
    return sandbox.requests.filter((r) => r.server === 'auth');
  }

  function grants(): Array<string | null> {
    return authRequests().map((r) => new URLSearchParams(r.body).get('grant_type'));
  }

  async function stored(): Promise<StoredCredentials | undefined> {
    const read = await credentials.load(profile.id);
    assert.ok(read.ok);
    return read.value;
  }

  /** Lets the refresh started by a timer finish (checkNow joins the one in flight). */
  async function settle(session: TokenSession): Promise<void> {
    await session.checkNow();
  }

  before(async () => {
    sandbox = await startSandbox({ now: () => clock.now() });
  });

  after(async () => {
    await sandbox?.stop();
  });

  beforeEach(() => {
    clock = new FakeClock(Date.UTC(2026, 10, 23, 6, 0, 0));
    sandbox.clearFaults();
    sandbox.configure({ expiresInSeconds: LIFETIME_MS / 1000, issueRefreshTokens: false });
    sandbox.clearRequests();
    storage = new InMemorySecretStorage();
    log = new CapturingLogger();
    timing = { tickMs: TICK_MS };
    factory = new SessionFactory({ secrets: storage, log, redactor: new Redactor(), clock, timing: () => timing });
    credentials = factory.credentials;
    profile = createProfile({ name: 'Sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }, DEFAULT_ACCOUNT.username, CLIENT_ID);
    sessions = [];
  });

  afterEach(() => {
    for (const session of sessions) {
      session.dispose();
    }
    assert.deepEqual(clock.invalidDelays, [], 'no negative or invalid timer delays');
    assert.equal(clock.pendingCount, 0, 'no timer outlives its session');
    factory.dispose();
  });

  describe('sign-in', () => {
    it('gets a token with the password grant, stores the credentials and schedules one refresh', async () => {
      const session = await signIn();
      const start = clock.now();
      assert.deepEqual(grants(), ['password']);
      assert.equal(authRequests()[0].headers['mx-api-client-secret'], undefined);
      const state = session.state;
      assert.equal(state.status, 'active');
      assert.equal(state.obtainedAt, start);
      assert.equal(state.expiresAt, start + LIFETIME_MS);
      assert.equal(state.lifetimeMs, LIFETIME_MS);
      assert.equal(state.refreshAt, start + REFRESH_DELAY_MS);
      assert.deepEqual(state.lastRefresh, { at: start, grant: 'password', trigger: 'sign-in' });
      assert.equal(state.lastError, undefined);
      assert.deepEqual(await stored(), SECRETS);
      assert.deepEqual([...storage.values.keys()], [credentialsKey(profile.id)]);
      // One refresh timer and the periodic wall-clock tick.
      assert.deepEqual(clock.pendingDelays(), [TICK_MS, REFRESH_DELAY_MS]);
      assert.ok(
        log.lines.includes(
          `[info] Token password for ${DEFAULT_ACCOUNT.username}@Sandbox (sign-in): ok, expires 2026-11-23T18:00:00Z (in 12h 0m)`,
        ),
        log.text,
      );
    });

    it('throws the TokenError untouched and stores nothing when the password is wrong', async () => {
      await assert.rejects(
        factory.signIn(profile, { password: 'wrong-password', clientSecret: SECRETS.clientSecret }),
        (err: unknown) => {
          assert.ok(err instanceof TokenError);
          assert.equal(err.kind, 'rejectedCredentials');
          assert.equal(err.userMessage, `Wrong username or password for ${new URL(sandbox.authUrl).host}.`);
          return true;
        },
      );
      assert.equal(storage.values.size, 0);
      assert.equal(clock.pendingCount, 0);
    });

    it('signing in again to the same profile replaces its stored credentials', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      (await signIn()).dispose();
      const first = await stored();
      sandbox.configure({ issueRefreshTokens: false });
      (await signIn()).dispose();
      assert.deepEqual(await stored(), SECRETS);
      assert.ok(first?.refreshToken);
      assert.equal(storage.values.size, 1);
    });

    it('keeps working from memory when the keyring cannot store, and says so', async () => {
      storage.fail('store', 'throw');
      const session = await signIn();
      assert.equal(session.state.status, 'active');
      assert.match(session.state.storageProblem ?? '', /^Signed in for this window only: VS Code could not use the system keyring to store MX secrets/);
      assert.equal(storage.values.size, 0);
      storage.fail('get', 'throw');
      clock.jump(LIFETIME_MS + MINUTE);
      const token = await session.getToken();
      assert.ok(token);
      assert.deepEqual(grants(), ['password', 'password']);
    });
  });

  describe('schedule', () => {
    it('refreshes once two thirds of the lifetime have passed, not before', async () => {
      const session = await signIn();
      const first = await session.getToken();
      sandbox.clearRequests();
      clock.advance(REFRESH_DELAY_MS - 1);
      assert.equal(authRequests().length, 0);
      assert.equal(await session.getToken(), first);
      clock.advance(1);
      assert.equal(session.state.status, 'refreshing');
      const state = await until(session, (s) => s.status === 'active');
      assert.deepEqual(grants(), ['password']);
      const second = await session.getToken();
      assert.notEqual(second, first);
      assert.equal(state.lastRefresh?.trigger, 'schedule');
      assert.equal(state.refreshAt, clock.now() + REFRESH_DELAY_MS);
      assert.deepEqual(clock.pendingDelays(), [TICK_MS, REFRESH_DELAY_MS]);
      // and the next cycle
      clock.advance(REFRESH_DELAY_MS);
      await settle(session);
      assert.equal(authRequests().length, 2);
    });

    it('takes the refresh fraction from the settings, clamped to 0.1–0.95', async () => {
      const half = await signIn({ refreshFraction: 0.5 });
      assert.equal(half.state.refreshAt, clock.now() + LIFETIME_MS / 2);
      const most = await signIn({ refreshFraction: 5 });
      assert.equal(most.state.refreshAt, clock.now() + LIFETIME_MS * 0.95);
      const least = await signIn({ refreshFraction: 0 });
      assert.equal(least.state.refreshAt, clock.now() + LIFETIME_MS * 0.1);
      const nonsense = await signIn({ refreshFraction: Number.NaN });
      assert.equal(nonsense.state.refreshAt, clock.now() + REFRESH_DELAY_MS);
    });

    it('does not refresh in a loop when the server hands out very short tokens', async () => {
      sandbox.configure({ expiresInSeconds: 1 });
      const session = await signIn();
      assert.deepEqual(clock.pendingDelays(), [MIN_SCHEDULED_REFRESH_MS, TICK_MS]);
      sandbox.clearRequests();
      clock.advance(MIN_SCHEDULED_REFRESH_MS);
      await settle(session);
      assert.equal(authRequests().length, 1);
      assert.deepEqual(clock.pendingDelays(), [MIN_SCHEDULED_REFRESH_MS, TICK_MS - MIN_SCHEDULED_REFRESH_MS]);
    });

    it('uses the password grant for refreshes when the server issued no refresh token', async () => {
      const session = await signIn();
      clock.advance(REFRESH_DELAY_MS);
      await settle(session);
      assert.deepEqual(grants(), ['password', 'password']);
      assert.equal(session.state.lastRefresh?.grant, 'password');
    });
  });

  describe('refresh tokens', () => {
    it('uses the refresh_token grant when one was issued, and stores each new one with its client ID', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const session = await signIn();
      const issued = await stored();
      assert.ok(issued?.refreshToken);
      assert.equal(issued.refreshTokenClientId, CLIENT_ID);
      clock.advance(REFRESH_DELAY_MS);
      await settle(session);
      assert.deepEqual(grants(), ['password', 'refresh_token']);
      const form = new URLSearchParams(authRequests()[1].body);
      assert.equal(form.get('refresh_token'), issued.refreshToken);
      assert.equal(form.get('client_id'), CLIENT_ID);
      assert.equal(form.get('password'), null);
      const rotated = await stored();
      assert.ok(rotated?.refreshToken);
      assert.notEqual(rotated.refreshToken, issued.refreshToken);
      assert.equal(rotated.password, SECRETS.password);
      assert.equal(session.state.lastRefresh?.grant, 'refresh_token');
      // The rotated one works for the next cycle.
      clock.advance(REFRESH_DELAY_MS);
      await settle(session);
      assert.deepEqual(grants(), ['password', 'refresh_token', 'refresh_token']);
    });

    it('falls back to the password grant at once when the refresh token is rejected', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const session = await signIn();
      const old = (await stored())?.refreshToken;
      sandbox.clearRequests();
      sandbox.revokeRefreshTokens();
      await session.refreshNow();
      assert.deepEqual(grants(), ['refresh_token', 'password']);
      assert.equal(session.state.status, 'active');
      assert.deepEqual(session.state.lastRefresh, { at: clock.now(), grant: 'password', trigger: 'manual' });
      const now = await stored();
      assert.ok(now?.refreshToken);
      assert.notEqual(now.refreshToken, old);
      assert.match(log.text, /Token refresh_token for .* \(manual\): failed \(rejectedRefreshToken, HTTP 400, invalid_grant\)/);
    });

    it('drops a rejected refresh token when the password grant brings no new one', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const session = await signIn();
      sandbox.revokeRefreshTokens();
      sandbox.configure({ issueRefreshTokens: false });
      await session.refreshNow();
      assert.deepEqual(await stored(), SECRETS);
      sandbox.clearRequests();
      await session.refreshNow();
      assert.deepEqual(grants(), ['password']);
    });

    it('never sends a refresh token issued to another client ID', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const foreign = await requestToken(
        { authUrl: sandbox.authUrl },
        { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'another-client' },
        { now: () => clock.now() },
      );
      assert.ok(foreign.refreshToken);
      await credentials.save(profile.id, { ...SECRETS, refreshToken: foreign.refreshToken, refreshTokenClientId: 'another-client' });
      sandbox.clearRequests();
      const session = await restore();
      assert.equal(authRequests().length, 0, 'restoring is offline');
      await session.getToken();
      assert.deepEqual(grants(), ['password']);
      assert.ok(authRequests().every((r) => !r.body.includes(foreign.refreshToken ?? '')));
      const now = await stored();
      assert.equal(now?.refreshTokenClientId, CLIENT_ID);
      assert.notEqual(now?.refreshToken, foreign.refreshToken);
      assert.equal(session.state.lastRefresh?.trigger, 'restore');
    });

    it('falls back to the password when the server says the refresh token belongs to another client', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const foreign = await requestToken(
        { authUrl: sandbox.authUrl },
        { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'another-client' },
        { now: () => clock.now() },
      );
      // A damaged record claiming the token is ours: the server is the judge.
      await credentials.save(profile.id, { ...SECRETS, refreshToken: foreign.refreshToken, refreshTokenClientId: CLIENT_ID });
      sandbox.clearRequests();
      const session = await restore();
      await session.getToken();
      assert.deepEqual(grants(), ['refresh_token', 'password']);
      assert.equal(session.state.status, 'active');
    });
  });

  describe('single flight', () => {
    it('1,000 concurrent getToken() calls across an expiry cause exactly one token request', async () => {
      const session = await signIn();
      const old = await session.getToken();
      sandbox.clearRequests();
      clock.jump(LIFETIME_MS + MINUTE);
      const tokens = await Promise.all(Array.from({ length: 1000 }, () => session.getToken()));
      assert.equal(authRequests().length, 1);
      assert.equal(new Set(tokens).size, 1);
      assert.notEqual(tokens[0], old);
      assert.equal(session.state.lastRefresh?.trigger, 'on-demand');
    });

    it('callers, the schedule, checkNow and refreshNow all share the refresh in flight', async () => {
      const session = await signIn();
      sandbox.clearRequests();
      clock.advance(REFRESH_DELAY_MS); // the timer starts the refresh
      clock.jump(LIFETIME_MS); // and the token expires while it runs
      const all = await Promise.all([
        ...Array.from({ length: 500 }, () => session.getToken()),
        session.refreshNow().then(() => session.getToken()),
        session.checkNow().then(() => session.getToken()),
        ...Array.from({ length: 499 }, () => session.credentials().then((c) => c.accessToken)),
      ]);
      assert.equal(authRequests().length, 1);
      assert.equal(new Set(all).size, 1);
    });

    it('50 parallel 401s with the same token cause one refresh', async () => {
      const session = await signIn();
      const old = await session.getToken();
      sandbox.clearRequests();
      sandbox.revokeAccessTokens();
      const replacements = await Promise.all(Array.from({ length: 50 }, () => session.tokenRejected(old)));
      assert.equal(authRequests().length, 1);
      assert.equal(new Set(replacements).size, 1);
      assert.notEqual(replacements[0], old);
      assert.equal(session.state.lastRefresh?.trigger, 'unauthorized');
      // A late 401 for the old token just gets the new one.
      assert.equal(await session.tokenRejected(old), replacements[0]);
      assert.equal(authRequests().length, 1);
    });
  });

  describe('failures', () => {
    it('keeps the session on network errors and retries after 2 s, 4 s, 8 s until it recovers', async () => {
      const session = await signIn();
      const token = await session.getToken();
      sandbox.clearRequests();
      sandbox.addFault({ target: 'auth', kind: 'reset', times: 3 });
      clock.advance(REFRESH_DELAY_MS);
      for (const [index, delay] of [2 * SECOND, 4 * SECOND, 8 * SECOND].entries()) {
        const state = await until(session, (s) => s.status === 'retrying');
        assert.equal(authRequests().length, index + 1);
        assert.equal(state.lastError?.kind, 'network');
        assert.match(state.lastError?.message ?? '', /Could not reach 127\.0\.0\.1/);
        assert.equal(state.retryAt, clock.now() + delay);
        // The current token is still good and still handed out, without a request.
        assert.equal(await session.getToken(), token);
        clock.advance(delay - 1);
        assert.equal(authRequests().length, index + 1, `no retry before ${delay} ms`);
        clock.advance(1);
        assert.equal(session.state.status, 'refreshing');
      }
      const state = await until(session, (s) => s.status === 'active');
      assert.deepEqual(
        authRequests().map((r) => r.status),
        [0, 0, 0, 200],
      );
      assert.equal(state.lastError, undefined);
      assert.notEqual(await session.getToken(), token);
      assert.match(log.text, /Will try again to get a token for .* in 8 s \(failure 3\)/);
      // Success resets the backoff: the next failure waits 2 s again.
      sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      clock.advance(REFRESH_DELAY_MS);
      assert.equal((await until(session, (s) => s.status === 'retrying')).retryAt, clock.now() + 2 * SECOND);
      clock.advance(2 * SECOND);
      await until(session, (s) => s.status === 'active');
    });

    it('waits as long as the server asks with Retry-After', async () => {
      const session = await signIn();
      sandbox.addFault({ target: 'auth', kind: 'status', status: 503, retryAfterSeconds: 30, times: 1 });
      await assert.rejects(session.refreshNow(), isTokenError('serverError'));
      assert.equal(session.state.status, 'retrying');
      assert.equal(session.state.retryAt, clock.now() + 30 * SECOND);
      assert.deepEqual(clock.pendingDelays(), [TICK_MS, TICK_MS]);
      clock.advance(30 * SECOND);
      await until(session, (s) => s.status === 'active');
    });

    it('a caller needing a token while the server is unreachable gets the network error; the session stays', async () => {
      const session = await signIn();
      sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      clock.jump(LIFETIME_MS + MINUTE);
      await assert.rejects(session.getToken(), isTokenError('network'));
      assert.equal(session.state.status, 'retrying');
      assert.equal(session.state.needsSignIn, undefined);
      // The next caller does not wait for the backoff.
      assert.ok(await session.getToken());
      assert.equal(session.state.status, 'active');
    });

    it('ends the session with an offer to sign in when MX rejects the password', async () => {
      const session = await signIn();
      // The password was changed elsewhere since sign-in.
      await credentials.save(profile.id, { ...SECRETS, password: 'an-old-password' });
      clock.jump(LIFETIME_MS + MINUTE);
      const message = `MX rejected the username or password for ${DEFAULT_ACCOUNT.username} on Sandbox. Sign in again.`;
      await assert.rejects(session.getToken(), isSessionEnded(true, message));
      const state = session.state;
      assert.equal(state.status, 'ended');
      assert.equal(state.needsSignIn, true);
      assert.equal(state.lastError?.kind, 'rejectedCredentials');
      assert.equal(state.lastError?.message, message);
      assert.equal(state.expiresAt, undefined);
      assert.equal(clock.pendingCount, 0);
      sandbox.clearRequests();
      await assert.rejects(session.getToken(), isSessionEnded(true, message));
      await assert.rejects(session.credentials(), isSessionEnded(true));
      await assert.rejects(session.refreshNow(), isSessionEnded(true));
      assert.equal(authRequests().length, 0);
    });

    it('tries the password after a rejected refresh token, and ends if that is rejected too', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const session = await signIn();
      const record = await stored();
      assert.ok(record);
      await credentials.save(profile.id, { ...record, password: 'an-old-password' });
      sandbox.clearRequests();
      sandbox.revokeRefreshTokens();
      await assert.rejects(session.refreshNow(), isSessionEnded(true, /rejected the username or password/));
      assert.deepEqual(grants(), ['refresh_token', 'password']);
    });

    it('ends with the server’s message on a reply that is not a token', async () => {
      const session = await signIn();
      sandbox.addFault({ target: 'auth', kind: 'malformedJson', times: 1 });
      await assert.rejects(session.refreshNow(), isSessionEnded(false, /instead of a token/));
      assert.equal(session.state.lastError?.kind, 'malformedReply');
      assert.equal(clock.pendingCount, 0);
    });

    it('ends with an offer to sign in when the client ID is rejected', async () => {
      let calls = 0;
      const stub = await startStub((_req, res) => {
        calls++;
        if (calls === 1) {
          json(res, 200, { access_token: 'stub-access-token-1', token_type: 'Bearer', expires_in: 3600 });
        } else {
          json(res, 400, { error: 'invalid_client' });
        }
      });
      try {
        profile = createProfile({ name: 'Stub', kind: 'custom', authUrl: stub.url, apiUrl: stub.url }, 'someone', CLIENT_ID);
        const session = await signIn();
        await assert.rejects(session.refreshNow(), isSessionEnded(true, /rejected the client ID "mx-explorer-tests"/));
        assert.equal(session.state.lastError?.kind, 'clientRejected');
      } finally {
        await stub.stop();
      }
    });
  });

  describe('clock jumps and sleep', () => {
    it('refreshes on demand when the clock jumps past the expiry, once', async () => {
      const session = await signIn();
      const old = await session.getToken();
      sandbox.clearRequests();
      clock.jump(LIFETIME_MS + HOUR);
      const fresh = await session.getToken();
      assert.notEqual(fresh, old);
      assert.equal(authRequests().length, 1);
      assert.equal(session.state.refreshAt, clock.now() + REFRESH_DELAY_MS);
      clock.advance(REFRESH_DELAY_MS - 1); // the old schedule was replaced, not left to fire
      await settle(session);
      assert.equal(authRequests().length, 1);
    });

    it('refreshes at the next tick when the clock jumps past the refresh time but not the expiry', async () => {
      const session = await signIn();
      const old = await session.getToken();
      sandbox.clearRequests();
      clock.jump(9 * HOUR);
      assert.equal(await session.getToken(), old, 'still valid');
      assert.equal(authRequests().length, 0);
      clock.advance(TICK_MS);
      await settle(session);
      assert.equal(authRequests().length, 1);
      assert.notEqual(await session.getToken(), old);
    });

    it('a backward jump causes no refresh storm and no negative timer; the running-time schedule still holds', async () => {
      const session = await signIn();
      const old = await session.getToken();
      sandbox.clearRequests();
      clock.advance(HOUR);
      clock.jump(-3 * HOUR); // wall clock now 2 h before sign-in
      for (let i = 0; i < 10; i++) {
        assert.equal(await session.getToken(), old);
        await session.checkNow();
      }
      clock.advance(REFRESH_DELAY_MS - HOUR - 1); // ticks every 30 s, all quiet
      await settle(session);
      assert.equal(authRequests().length, 0);
      clock.advance(1); // 8 h of running time since the token: the timer refreshes
      await settle(session);
      assert.equal(authRequests().length, 1);
      const state = session.state;
      assert.ok(state.refreshAt !== undefined && state.refreshAt > clock.now());
      assert.ok(clock.pendingDelays().every((d) => d > 0));
      clock.advance(HOUR);
      await settle(session);
      assert.equal(authRequests().length, 1);
    });

    it('after sleeping through the refresh time and the expiry, the next getToken() succeeds with exactly one refresh', async () => {
      const session = await signIn();
      const old = await session.getToken();
      sandbox.clearRequests();
      clock.advance(HOUR);
      clock.jump(15 * HOUR); // asleep: no timer ran, the wall clock moved on
      const fresh = await session.getToken();
      assert.notEqual(fresh, old);
      assert.equal(authRequests().length, 1);
      // Timers are now hours late; when they run they find nothing to do.
      clock.advance(TICK_MS);
      await settle(session);
      clock.advance(REFRESH_DELAY_MS - HOUR); // when the pre-sleep timer would have fired
      await settle(session);
      assert.equal(authRequests().length, 1);
      assert.equal(await session.getToken(), fresh);
    });

    it('after a sleep, the first late tick refreshes and callers share it', async () => {
      const session = await signIn();
      sandbox.clearRequests();
      clock.jump(20 * HOUR);
      clock.advance(TICK_MS); // the first tick after waking compares the wall clock
      assert.equal(session.state.status, 'refreshing');
      const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getToken()));
      assert.equal(new Set(tokens).size, 1);
      assert.equal(authRequests().length, 1);
      assert.equal(session.state.lastRefresh?.trigger, 'schedule');
    });

    it('checkNow() (window focus) notices a sleep at once', async () => {
      const session = await signIn();
      sandbox.clearRequests();
      clock.jump(9 * HOUR);
      await session.checkNow();
      assert.equal(authRequests().length, 1);
      await session.checkNow();
      assert.equal(authRequests().length, 1);
    });

    it('checkNow() respects the backoff, unless the wall clock says it has passed', async () => {
      const session = await signIn();
      sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      await assert.rejects(session.refreshNow(), isTokenError('network'));
      sandbox.clearRequests();
      await session.checkNow();
      assert.equal(authRequests().length, 0);
      clock.jump(2 * SECOND);
      await session.checkNow();
      assert.equal(authRequests().length, 1);
      assert.equal(session.state.status, 'active');
    });
  });

  describe('restore, sign-out and dispose', () => {
    it('restores from stored credentials without network; the first getToken() gets the token', async () => {
      await credentials.save(profile.id, SECRETS);
      const session = await restore();
      assert.equal(session.state.status, 'expired');
      assert.equal(authRequests().length, 0);
      const { accessToken, clientSecret } = await session.credentials();
      assert.ok(accessToken);
      assert.equal(clientSecret, SECRETS.clientSecret);
      assert.deepEqual(grants(), ['password']);
      assert.equal(session.state.lastRefresh?.trigger, 'restore');
    });

    it('restores as ended, asking for sign-in, when nothing is stored', async () => {
      const session = await restore();
      assert.equal(session.state.status, 'ended');
      assert.equal(session.state.needsSignIn, true);
      await assert.rejects(session.getToken(), isSessionEnded(true, /No saved MX credentials/));
      assert.equal(authRequests().length, 0);
    });

    it('survives a keyring that fails at start-up and recovers when it works again', async () => {
      await credentials.save(profile.id, SECRETS);
      storage.fail('get', 'throw');
      const session = await restore();
      assert.equal(session.state.status, 'expired');
      assert.match(session.state.storageProblem ?? '', /system keyring/);
      await assert.rejects(session.getToken(), (err: unknown) => err instanceof CredentialsUnavailableError);
      assert.equal(session.state.status, 'retrying');
      assert.equal(session.state.lastError?.kind, 'keyring');
      assert.equal(authRequests().length, 0);
      storage.fail('get', undefined);
      assert.ok(await session.getToken());
      assert.equal(session.state.status, 'active');
    });

    it('ends when the stored credentials disappear (signed out in another window)', async () => {
      const session = await signIn();
      storage.externalChange(credentialsKey(profile.id), undefined);
      clock.jump(LIFETIME_MS);
      await assert.rejects(session.getToken(), isSessionEnded(true, /signed out in another window/));
    });

    it('end() forgets the token and stops every timer', async () => {
      const session = await signIn();
      const states: SessionState[] = [];
      session.onDidChangeState((s) => states.push(s));
      session.end('Signed out by the user.');
      assert.equal(clock.pendingCount, 0);
      assert.equal(session.state.status, 'ended');
      assert.equal(session.state.endReason, 'Signed out by the user.');
      assert.equal(session.state.needsSignIn, true);
      assert.equal(states.length, 1);
      await assert.rejects(session.getToken(), isSessionEnded(true, /Signed out of MX/));
      await assert.rejects(session.tokenRejected('x'), isSessionEnded(true));
      assert.deepEqual(await stored(), SECRETS, 'deleting the stored credentials is the caller’s choice');
    });

    it('dispose() leaves no timer, even with a refresh in flight', async () => {
      const session = await signIn();
      assert.equal(clock.pendingCount, 2);
      const refreshing = session.refreshNow();
      session.dispose();
      assert.equal(clock.pendingCount, 0);
      await assert.rejects(refreshing, isSessionEnded(true));
      assert.equal(clock.pendingCount, 0);
      clock.advance(LIFETIME_MS);
      await assert.rejects(session.getToken(), isSessionEnded(true));
      assert.equal(clock.pendingCount, 0);
    });

    it('dispose() after a failure leaves no retry timer', async () => {
      const session = await signIn();
      sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      await assert.rejects(session.refreshNow(), isTokenError('network'));
      assert.equal(clock.pendingCount, 2);
      session.dispose();
      assert.equal(clock.pendingCount, 0);
    });
  });

  describe('logging', () => {
    it('logs every token event and never a secret', async () => {
      sandbox.configure({ issueRefreshTokens: true });
      const seen = new Set<string>([SECRETS.password, SECRETS.clientSecret]);
      const remember = async (session: TokenSession) => {
        seen.add(await session.getToken());
        const record = await stored();
        if (record?.refreshToken) {
          seen.add(record.refreshToken);
        }
      };
      const session = await signIn();
      await remember(session);
      clock.advance(REFRESH_DELAY_MS); // refresh_token grant
      await settle(session);
      await remember(session);
      sandbox.revokeRefreshTokens(); // rejected refresh token, password fallback
      await session.refreshNow();
      await remember(session);
      sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 }); // network failure and retry
      await assert.rejects(session.refreshNow());
      clock.advance(2 * SECOND);
      await settle(session);
      await remember(session);
      sandbox.revokeAccessTokens();
      await session.tokenRejected(await session.getToken());
      await remember(session);
      storage.fail('store', 'throw'); // keyring failure while storing the next refresh token
      await session.refreshNow();
      await remember(session);
      storage.fail('store', undefined);
      const record = await stored();
      assert.ok(record);
      await credentials.save(profile.id, { ...record, refreshToken: undefined, password: 'a-wrong-password' });
      seen.add('a-wrong-password');
      await assert.rejects(session.refreshNow(), isSessionEnded(true));
      for (const request of authRequests()) {
        const form = new URLSearchParams(request.body);
        for (const field of ['password', 'refresh_token']) {
          const value = form.get(field);
          if (value) {
            seen.add(value);
          }
        }
      }
      assert.ok(seen.size >= 10, `collected ${seen.size} secrets`);
      const text = log.text;
      for (const secret of seen) {
        assert.ok(!text.includes(secret), `the log contains a secret: ${secret.slice(0, 3)}…`);
      }
      assert.match(text, /Token password for .*\(sign-in\): ok, expires \S+Z \(in 12h 0m\); refresh token issued/);
      assert.match(text, /Token refresh_token for .*\(schedule\): ok/);
      assert.match(text, /Token refresh_token for .*\(manual\): failed \(rejectedRefreshToken/);
      assert.match(text, /failed \(network\)/);
      assert.match(text, /\(unauthorized\): ok/);
      assert.match(text, /could not be saved; it is kept in memory/);
      assert.match(text, /failed \(rejectedCredentials, HTTP 400, invalid_grant\)/);
    });
  });
});

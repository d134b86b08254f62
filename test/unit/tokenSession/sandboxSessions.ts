// Token sessions against the real sandbox over HTTP, with a hand-moved clock shared by both sides
// (so the server judges expiry by the same time as the client), built by the SessionFactory the
// extension uses. Only VS Code's interfaces (SecretStorage, the log channel, time) are fakes.
// Each part's test file uses it for the session scenarios that turn on that part.
import * as assert from 'node:assert/strict';
import type { CredentialStore, StoredCredentials } from '../../../src/auth/credentials';
import { createProfile, type Profile } from '../../../src/auth/profiles';
import { SessionFactory, type SessionTiming } from '../../../src/auth/sessionFactory';
import { SessionEndedError, type SessionState, type TokenSession } from '../../../src/auth/tokenSession';
import { Redactor } from '../../../src/mx/redaction';
import { TokenError, type TokenErrorKind } from '../../../src/mx/tokenClient';
import { DEFAULT_ACCOUNT, startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/types';
import { FakeClock } from '../fakes/fakeClock';
import { CapturingLogger } from '../fakes/logger';
import { InMemorySecretStorage } from '../fakes/secretStorage';

export const CLIENT_ID = 'mx-explorer-tests';
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const LIFETIME_MS = 12 * HOUR;
export const REFRESH_DELAY_MS = 8 * HOUR; // two thirds of 12 h
export const TICK_MS = 30 * SECOND;
export const SECRETS = { password: DEFAULT_ACCOUNT.password, clientSecret: DEFAULT_ACCOUNT.clientSecret };

/** Resolves with the first state (current or coming) that matches. */
export function until(session: TokenSession, predicate: (state: SessionState) => boolean): Promise<SessionState> {
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

export function isTokenError(kind: TokenErrorKind): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof TokenError, `expected a TokenError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    return true;
  };
}

export function isSessionEnded(needsSignIn: boolean, message?: string | RegExp): (err: unknown) => boolean {
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

export class SandboxSessions {
  sandbox!: Sandbox;
  clock!: FakeClock;
  storage!: InMemorySecretStorage;
  factory!: SessionFactory;
  credentials!: CredentialStore;
  log!: CapturingLogger;
  profile!: Profile;
  /** The settings the next session starts with, as SessionManager reads them. */
  private timing: SessionTiming = { tickMs: TICK_MS };
  private sessions: TokenSession[] = [];

  /**
   * Registers the hooks of the describe block it is called in: one sandbox for the block, and for
   * each test a fresh clock, keyring, log and factory; after each test, no timer may be left.
   */
  static setUp(): SandboxSessions {
    const t = new SandboxSessions();
    before(async () => {
      t.sandbox = await startSandbox({ now: () => t.clock.now() });
    });
    after(async () => {
      await t.sandbox?.stop();
    });
    beforeEach(() => t.reset());
    afterEach(() => t.tearDown());
    return t;
  }

  async signIn(overrides: SessionTiming = {}): Promise<TokenSession> {
    this.timing = { tickMs: TICK_MS, ...overrides };
    return this.track(await this.factory.signIn(this.profile, SECRETS));
  }

  async restore(): Promise<TokenSession> {
    return this.track(await this.factory.restore(this.profile));
  }

  authRequests() {
    return this.sandbox.requests.filter((r) => r.server === 'auth');
  }

  grants(): Array<string | null> {
    return this.authRequests().map((r) => new URLSearchParams(r.body).get('grant_type'));
  }

  async stored(): Promise<StoredCredentials | undefined> {
    const read = await this.credentials.load(this.profile.id);
    assert.ok(read.ok);
    return read.value;
  }

  /** Lets the refresh started by a timer finish (checkNow joins the one in flight). */
  async settle(session: TokenSession): Promise<void> {
    await session.checkNow();
  }

  private track(session: TokenSession): TokenSession {
    this.sessions.push(session);
    return session;
  }

  private reset(): void {
    this.clock = new FakeClock(Date.UTC(2026, 10, 23, 6, 0, 0));
    this.sandbox.clearFaults();
    this.sandbox.configure({ expiresInSeconds: LIFETIME_MS / 1000, issueRefreshTokens: false });
    this.sandbox.clearRequests();
    this.storage = new InMemorySecretStorage();
    this.log = new CapturingLogger();
    this.timing = { tickMs: TICK_MS };
    this.factory = new SessionFactory({ secrets: this.storage, log: this.log, redactor: new Redactor(), clock: this.clock, timing: () => this.timing });
    this.credentials = this.factory.credentials;
    this.profile = createProfile(
      { name: 'Sandbox', kind: 'custom', authUrl: this.sandbox.authUrl, apiUrl: this.sandbox.apiUrl },
      DEFAULT_ACCOUNT.username,
      CLIENT_ID,
    );
    this.sessions = [];
  }

  private tearDown(): void {
    for (const session of this.sessions) {
      session.dispose();
    }
    assert.deepEqual(this.clock.invalidDelays, [], 'no negative or invalid timer delays');
    assert.equal(this.clock.pendingCount, 0, 'no timer outlives its session');
    this.factory.dispose();
  }
}

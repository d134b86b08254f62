// The whole token session against the sandbox: sign-in, a caller while the server is unreachable,
// restore, sign-out and dispose. The scenarios that turn on one part are in that part's file
// (refreshScheduler, credentialCache, singleFlight, sessionErrors, tokenGrant .test.ts).
import * as assert from 'node:assert/strict';
import { credentialsKey } from '../../../src/auth/credentials';
import type { SessionState } from '../../../src/auth/tokenSession';
import { TokenError } from '../../../src/mx/tokenClient';
import { DEFAULT_ACCOUNT } from '../../sandbox/server';
import { isSessionEnded, isTokenError, LIFETIME_MS, MINUTE, REFRESH_DELAY_MS, SandboxSessions, SECRETS, TICK_MS } from './sandboxSessions';

describe('TokenSession against the sandbox', function () {
  this.timeout(10_000);
  const t = SandboxSessions.setUp();

  describe('sign-in', () => {
    it('gets a token with the password grant, stores the credentials and schedules one refresh', async () => {
      const session = await t.signIn();
      const start = t.clock.now();
      assert.deepEqual(t.grants(), ['password']);
      assert.equal(t.authRequests()[0].headers['mx-api-client-secret'], undefined);
      const state = session.state;
      assert.equal(state.status, 'active');
      assert.equal(state.obtainedAt, start);
      assert.equal(state.expiresAt, start + LIFETIME_MS);
      assert.equal(state.lifetimeMs, LIFETIME_MS);
      assert.equal(state.refreshAt, start + REFRESH_DELAY_MS);
      assert.deepEqual(state.lastRefresh, { at: start, grant: 'password', trigger: 'sign-in' });
      assert.equal(state.lastError, undefined);
      assert.deepEqual(await t.stored(), SECRETS);
      assert.deepEqual([...t.storage.values.keys()], [credentialsKey(t.profile.id)]);
      // One refresh timer and the periodic wall-clock tick.
      assert.deepEqual(t.clock.pendingDelays(), [TICK_MS, REFRESH_DELAY_MS]);
      assert.ok(
        t.log.lines.includes(
          `[info] Token password for ${DEFAULT_ACCOUNT.username}@Sandbox (sign-in): ok, expires 2026-11-23T18:00:00Z (in 12h 0m)`,
        ),
        t.log.text,
      );
    });

    it('throws the TokenError untouched and stores nothing when the password is wrong', async () => {
      await assert.rejects(
        t.factory.signIn(t.profile, { password: 'wrong-password', clientSecret: SECRETS.clientSecret }),
        (err: unknown) => {
          assert.ok(err instanceof TokenError);
          assert.equal(err.kind, 'rejectedCredentials');
          assert.equal(err.userMessage, `Wrong username or password for ${new URL(t.sandbox.authUrl).host}.`);
          return true;
        },
      );
      assert.equal(t.storage.values.size, 0);
      assert.equal(t.clock.pendingCount, 0);
    });
  });

  describe('failures', () => {
    it('a caller needing a token while the server is unreachable gets the network error; the session stays', async () => {
      const session = await t.signIn();
      t.sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      t.clock.jump(LIFETIME_MS + MINUTE);
      await assert.rejects(session.getToken(), isTokenError('network'));
      assert.equal(session.state.status, 'retrying');
      assert.equal(session.state.needsSignIn, undefined);
      // The next caller does not wait for the backoff.
      assert.ok(await session.getToken());
      assert.equal(session.state.status, 'active');
    });
  });

  describe('restore, sign-out and dispose', () => {
    it('restores from stored credentials without network; the first getToken() gets the token', async () => {
      await t.credentials.save(t.profile.id, SECRETS);
      const session = await t.restore();
      assert.equal(session.state.status, 'expired');
      assert.equal(t.authRequests().length, 0);
      const { accessToken, clientSecret } = await session.credentials();
      assert.ok(accessToken);
      assert.equal(clientSecret, SECRETS.clientSecret);
      assert.deepEqual(t.grants(), ['password']);
      assert.equal(session.state.lastRefresh?.trigger, 'restore');
    });

    it('restores as ended, asking for sign-in, when nothing is stored', async () => {
      const session = await t.restore();
      assert.equal(session.state.status, 'ended');
      assert.equal(session.state.needsSignIn, true);
      await assert.rejects(session.getToken(), isSessionEnded(true, /No saved MX credentials/));
      assert.equal(t.authRequests().length, 0);
    });

    it('end() forgets the token and stops every timer', async () => {
      const session = await t.signIn();
      const states: SessionState[] = [];
      session.onDidChangeState((s) => states.push(s));
      session.end('Signed out by the user.');
      assert.equal(t.clock.pendingCount, 0);
      assert.equal(session.state.status, 'ended');
      assert.equal(session.state.endReason, 'Signed out by the user.');
      assert.equal(session.state.needsSignIn, true);
      assert.equal(states.length, 1);
      await assert.rejects(session.getToken(), isSessionEnded(true, /Signed out of MX/));
      await assert.rejects(session.tokenRejected('x'), isSessionEnded(true));
      assert.deepEqual(await t.stored(), SECRETS, 'deleting the stored credentials is the caller’s choice');
    });

    it('dispose() leaves no timer, even with a refresh in flight', async () => {
      const session = await t.signIn();
      assert.equal(t.clock.pendingCount, 2);
      const refreshing = session.refreshNow();
      session.dispose();
      assert.equal(t.clock.pendingCount, 0);
      await assert.rejects(refreshing, isSessionEnded(true));
      assert.equal(t.clock.pendingCount, 0);
      t.clock.advance(LIFETIME_MS);
      await assert.rejects(session.getToken(), isSessionEnded(true));
      assert.equal(t.clock.pendingCount, 0);
    });

    it('dispose() after a failure leaves no retry timer', async () => {
      const session = await t.signIn();
      t.sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      await assert.rejects(session.refreshNow(), isTokenError('network'));
      assert.equal(t.clock.pendingCount, 2);
      session.dispose();
      assert.equal(t.clock.pendingCount, 0);
    });
  });
});

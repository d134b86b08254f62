// Which failures end a session and what its callers are told: pure decisions checked one by one,
// then the sandbox scenarios that lead to them.
import * as assert from 'node:assert/strict';
import { createProfile } from '../../../src/auth/profiles';
import {
  classifyFailure,
  closedError,
  CredentialsUnavailableError,
  goneCredentialsMessage,
  missingCredentialsMessage,
  signedOutError,
} from '../../../src/auth/sessionErrors';
import { Redactor } from '../../../src/mx/redaction';
import { TokenError, type TokenErrorKind } from '../../../src/mx/tokenClient';
import { DEFAULT_ACCOUNT } from '../../sandbox/server';
import { json, startStub } from '../stubServer';
import { CLIENT_ID, isSessionEnded, LIFETIME_MS, MINUTE, SandboxSessions, SECRETS } from './sandboxSessions';

const profile = createProfile(
  { name: 'Staging', kind: 'staging', authUrl: 'https://staging-auth.moviexchange.com', apiUrl: 'https://staging-api.moviexchange.com' },
  'ana@example.com',
  'Acme_Website',
);

function tokenError(kind: TokenErrorKind, retryAfterSeconds?: number): TokenError {
  return new TokenError(kind, { host: 'staging-auth.moviexchange.com', userMessage: `the ${kind} message`, retryAfterSeconds });
}

describe('token session errors', () => {
  describe('classifyFailure', () => {
    it('ends the session and offers sign-in when MX rejects the username or password', () => {
      const err = tokenError('rejectedCredentials');
      assert.deepEqual(classifyFailure(err, profile, new Redactor()), {
        action: 'end',
        kind: 'rejectedCredentials',
        message: 'MX rejected the username or password for ana@example.com on Staging. Sign in again.',
        needsSignIn: true,
        tokenError: err,
      });
    });

    it('ends with the token error’s own message otherwise; only a rejected client ID asks for sign-in', () => {
      for (const [kind, needsSignIn] of [
        ['clientRejected', true],
        ['clientError', false],
        ['malformedReply', false],
        ['rejectedRefreshToken', false],
      ] as const) {
        const err = tokenError(kind);
        assert.deepEqual(classifyFailure(err, profile, new Redactor()), {
          action: 'end',
          kind,
          message: `the ${kind} message`,
          needsSignIn,
          tokenError: err,
        });
      }
    });

    it('retries what may pass, keeping a server’s Retry-After', () => {
      for (const kind of ['network', 'timeout', 'serverError', 'cancelled'] as const) {
        assert.deepEqual(classifyFailure(tokenError(kind, 30), profile, new Redactor()), {
          action: 'retry',
          kind,
          message: `the ${kind} message`,
          retryAfterSeconds: 30,
        });
      }
    });

    it('retries a keyring that cannot be read', () => {
      assert.deepEqual(classifyFailure(new CredentialsUnavailableError('The keyring is locked.'), profile, new Redactor()), {
        action: 'retry',
        kind: 'keyring',
        message: 'The keyring is locked.',
      });
    });

    it('retries anything unexpected, with the secrets it may carry redacted', () => {
      const redactor = new Redactor();
      redactor.add('s3cret-password-value');
      const outcome = classifyFailure(new Error('boom near s3cret-password-value'), profile, redactor);
      assert.equal(outcome.action, 'retry');
      assert.equal(outcome.kind, 'unexpected');
      assert.match(outcome.message, /^Getting a token failed: .*boom/);
      assert.ok(!outcome.message.includes('s3cret-password-value'), outcome.message);
    });
  });

  it('says what ended the session, naming the profile, and asks for sign-in', () => {
    assert.equal(missingCredentialsMessage(profile), 'No saved MX credentials for ana@example.com on Staging. Sign in again.');
    assert.equal(
      goneCredentialsMessage(profile),
      'The saved MX credentials for ana@example.com on Staging are gone (signed out in another window?). Sign in again.',
    );
    for (const [error, message] of [
      [signedOutError(profile), 'Signed out of MX (ana@example.com on Staging). Sign in to continue.'],
      [closedError(profile), 'The MX session of ana@example.com on Staging was closed. Sign in to continue.'],
    ] as const) {
      assert.equal(error.userMessage, message);
      assert.equal(error.needsSignIn, true);
      assert.equal(error.tokenError, undefined);
    }
  });
});

describe('failures that end a session, against the sandbox', function () {
  this.timeout(10_000);
  const t = SandboxSessions.setUp();

  it('ends the session with an offer to sign in when MX rejects the password', async () => {
    const session = await t.signIn();
    // The password was changed elsewhere since sign-in.
    await t.credentials.save(t.profile.id, { ...SECRETS, password: 'an-old-password' });
    t.clock.jump(LIFETIME_MS + MINUTE);
    const message = `MX rejected the username or password for ${DEFAULT_ACCOUNT.username} on Sandbox. Sign in again.`;
    await assert.rejects(session.getToken(), isSessionEnded(true, message));
    const state = session.state;
    assert.equal(state.status, 'ended');
    assert.equal(state.needsSignIn, true);
    assert.equal(state.lastError?.kind, 'rejectedCredentials');
    assert.equal(state.lastError?.message, message);
    assert.equal(state.expiresAt, undefined);
    assert.equal(t.clock.pendingCount, 0);
    t.sandbox.clearRequests();
    await assert.rejects(session.getToken(), isSessionEnded(true, message));
    await assert.rejects(session.credentials(), isSessionEnded(true));
    await assert.rejects(session.refreshNow(), isSessionEnded(true));
    assert.equal(t.authRequests().length, 0);
  });

  it('tries the password after a rejected refresh token, and ends if that is rejected too', async () => {
    t.sandbox.configure({ issueRefreshTokens: true });
    const session = await t.signIn();
    const record = await t.stored();
    assert.ok(record);
    await t.credentials.save(t.profile.id, { ...record, password: 'an-old-password' });
    t.sandbox.clearRequests();
    t.sandbox.revokeRefreshTokens();
    await assert.rejects(session.refreshNow(), isSessionEnded(true, /rejected the username or password/));
    assert.deepEqual(t.grants(), ['refresh_token', 'password']);
  });

  it('ends with the server’s message on a reply that is not a token', async () => {
    const session = await t.signIn();
    t.sandbox.addFault({ target: 'auth', kind: 'malformedJson', times: 1 });
    await assert.rejects(session.refreshNow(), isSessionEnded(false, /instead of a token/));
    assert.equal(session.state.lastError?.kind, 'malformedReply');
    assert.equal(t.clock.pendingCount, 0);
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
      t.profile = createProfile({ name: 'Stub', kind: 'custom', authUrl: stub.url, apiUrl: stub.url }, 'someone', CLIENT_ID);
      const session = await t.signIn();
      await assert.rejects(session.refreshNow(), isSessionEnded(true, /rejected the client ID "mx-explorer-tests"/));
      assert.equal(session.state.lastError?.kind, 'clientRejected');
    } finally {
      await stub.stop();
    }
  });
});

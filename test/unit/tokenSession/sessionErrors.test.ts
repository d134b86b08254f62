// Which failures end a session and what its callers are told: pure decisions, checked one by one
// (the sandbox scenarios that lead to them are in tokenSession.test.ts).
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

// A session's record alone: the phases it goes through, the snapshot it shows at each, and that
// an ended or disposed session cannot be brought back. Pure; no clock, no network.
import * as assert from 'node:assert/strict';
import { createProfile } from '../../../src/auth/profiles';
import { SessionEndedError } from '../../../src/auth/sessionErrors';
import { type HeldToken, SessionRecord, type SessionState } from '../../../src/auth/sessionState';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const profile = createProfile({ name: 'Staging', kind: 'staging', authUrl: 'https://auth.example', apiUrl: 'https://api.example' }, 'ana@example.com', 'Acme_Website');
const TOKEN: HeldToken = { accessToken: 'access-1', obtainedAt: T0, expiresAt: T0 + 12 * HOUR, refreshAt: T0 + 8 * HOUR };

describe('SessionRecord', () => {
  let record: SessionRecord;
  let fired: SessionState[];

  beforeEach(() => {
    record = new SessionRecord(profile);
    fired = [];
    record.onDidChange((state) => fired.push(state));
  });

  it('starts live without a token, showing "expired"', () => {
    assert.deepEqual(record.state, { profile, status: 'expired' });
    assert.deepEqual(record.life, { kind: 'live', token: { kind: 'none' } });
    assert.equal(record.alive, true);
    assert.equal(record.token, undefined);
    assert.equal(record.hadToken, false);
    assert.match(record.endedError.userMessage, /was closed/);
  });

  it('shows an accepted token with its times, frozen, without the fields that no longer apply', () => {
    record.retrying({ message: 'unreachable', kind: 'network', at: T0 - 1 }, T0 + 2_000);
    record.accepted(TOKEN, { at: T0, grant: 'password', trigger: 'sign-in' }, undefined);
    assert.deepEqual(record.state, {
      profile,
      status: 'active',
      obtainedAt: T0,
      expiresAt: T0 + 12 * HOUR,
      refreshAt: T0 + 8 * HOUR,
      lifetimeMs: 12 * HOUR,
      lastRefresh: { at: T0, grant: 'password', trigger: 'sign-in' },
    });
    assert.ok(Object.isFrozen(record.state));
    assert.equal(record.token, TOKEN);
    assert.equal(fired.length, 2);
    assert.equal(fired[1], record.state);
  });

  it('a refresh and a retry keep the token; a rejected token is handed to nobody', () => {
    record.accepted(TOKEN, { at: T0, grant: 'password', trigger: 'sign-in' }, undefined);
    record.refreshing();
    assert.equal(record.state.status, 'refreshing');
    record.retrying({ message: 'unreachable', kind: 'network', at: T0 }, T0 + 2_000);
    assert.equal(record.state.status, 'retrying');
    assert.equal(record.state.retryAt, T0 + 2_000);
    assert.equal(record.token, TOKEN);
    record.refreshing();
    assert.equal(record.state.retryAt, undefined);
    record.rejectToken();
    assert.deepEqual(record.life, { kind: 'live', token: { kind: 'rejected' } });
    assert.equal(record.token, undefined);
    assert.equal(record.hadToken, true, 'the next token is on demand, not a restore');
  });

  it('reports a storage problem only when it changes, and keyring trouble at start-up as a keyring error', () => {
    record.keyringUnreadable('The keyring is locked.', T0);
    assert.deepEqual(record.state, {
      profile,
      status: 'expired',
      lastError: { message: 'The keyring is locked.', kind: 'keyring', at: T0 },
      storageProblem: 'The keyring is locked.',
    });
    record.storageProblemIs('The keyring is locked.');
    assert.equal(fired.length, 1);
    record.storageProblemIs(undefined);
    assert.equal(record.state.storageProblem, undefined);
    assert.equal(fired.length, 2);
  });

  it('a sign-out ends it for good: no times, no token, "Signed out" for every caller', () => {
    record.accepted(TOKEN, { at: T0, grant: 'password', trigger: 'sign-in' }, undefined);
    record.signedOut('signed out');
    assert.deepEqual(record.state, {
      profile,
      status: 'ended',
      endReason: 'signed out',
      needsSignIn: true,
      lastRefresh: { at: T0, grant: 'password', trigger: 'sign-in' },
    });
    assert.equal(record.alive, false);
    assert.equal(record.token, undefined);
    assert.equal(record.endedError.userMessage, 'Signed out of MX (ana@example.com on Staging). Sign in to continue.');
    const shown = record.state;
    record.accepted(TOKEN, { at: T0, grant: 'password', trigger: 'schedule' }, undefined);
    record.signedOut('again');
    record.failed(new SessionEndedError('late', true), 'late', T0);
    record.rejectToken();
    record.storageProblemIs('late');
    assert.equal(record.state, shown, 'nothing changes an ended record');
    assert.equal(record.token, undefined);
    assert.equal(fired.length, 2);
  });

  it('a failure ends it with that error, shown as lastError', () => {
    const error = new SessionEndedError('MX rejected the client ID.', true);
    record.retrying({ message: 'unreachable', kind: 'network', at: T0 }, T0 + 2_000);
    record.failed(error, 'clientRejected', T0 + 1);
    assert.deepEqual(record.state, {
      profile,
      status: 'ended',
      lastError: { message: 'MX rejected the client ID.', kind: 'clientRejected', at: T0 + 1 },
      needsSignIn: true,
    });
    assert.equal(record.endedError, error);
  });

  it('disposed, it keeps the error it ended with (or says it was closed) and fires no more', () => {
    const error = new SessionEndedError('gone', true);
    record.failed(error, 'missingCredentials', T0);
    record.dispose();
    assert.deepEqual(record.life, { kind: 'disposed', error });
    record.dispose();
    assert.equal(record.endedError, error);

    const live = new SessionRecord(profile);
    let count = 0;
    live.onDidChange(() => count++);
    live.dispose();
    assert.match(live.endedError.userMessage, /^The MX session of ana@example\.com on Staging was closed/);
    live.refreshing();
    live.signedOut('late');
    assert.equal(count, 0);
    assert.equal(live.alive, false);
  });
});

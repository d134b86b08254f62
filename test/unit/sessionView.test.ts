// What the status bar shows: countdown format, colours near and after expiry, tooltip content.
import * as assert from 'node:assert/strict';
import { createProfile } from '../../src/auth/profiles';
import type { SessionState } from '../../src/auth/tokenSession';
import { profileHint, sessionView, SIGNED_OUT_VIEW } from '../../src/ui/sessionView';

const HOUR = 3600_000;
const profile = createProfile(
  { name: 'Local sandbox', kind: 'custom', authUrl: 'http://127.0.0.1:1', apiUrl: 'http://127.0.0.1:2' },
  'sandbox.user@example.com',
  'Acme_Website',
);
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

function active(overrides: Partial<SessionState> = {}): SessionState {
  return {
    profile,
    status: 'active',
    obtainedAt: T0,
    expiresAt: T0 + 12 * HOUR,
    lifetimeMs: 12 * HOUR,
    lastRefresh: { at: T0, grant: 'password', trigger: 'sign-in' },
    ...overrides,
  };
}

describe('status bar view', () => {
  it('invites sign-in when signed out', () => {
    assert.equal(sessionView(undefined, T0), SIGNED_OUT_VIEW);
    assert.match(SIGNED_OUT_VIEW.text, /MX/);
    assert.match(SIGNED_OUT_VIEW.text, /Sign in/);
  });

  it('shows hours and minutes, then minutes, then seconds', () => {
    assert.match(sessionView(active(), T0 + 2 * 60_000).text, /MX sandbox\.user 11h 58m$/);
    assert.match(sessionView(active(), T0 + 12 * HOUR - 58 * 60_000 - 30_000).text, / 58m$/);
    assert.match(sessionView(active(), T0 + 12 * HOUR - 45_000).text, / 45s$/);
  });

  it('names the client ID too when more than one profile exists (two profiles of one user differ only by it)', () => {
    assert.match(sessionView(active(), T0 + 2 * 60_000, undefined, true).text, /MX sandbox\.user · Acme_Website 11h 58m$/);
    const long = { ...active(), profile: { ...profile, clientId: 'a-very-long-client-id-for-mobile' } };
    assert.match(sessionView(long, T0 + 2 * 60_000, undefined, true).text, /MX sandbox\.user · a-very-long-client-… 11h 58m$/);
    assert.ok(!/Acme_Website/.test(sessionView(active(), T0, undefined, false).text), 'one profile: the user name is enough');
  });

  it('ticks every minute, and every second in the last minute', () => {
    const early = sessionView(active(), T0 + 30_000);
    assert.ok(early.refreshInMs! > 0 && early.refreshInMs! <= 60_000, `next tick in ${early.refreshInMs}`);
    const late = sessionView(active(), T0 + 12 * HOUR - 10_500);
    assert.equal(late.refreshInMs, 500);
  });

  it('warns in the last tenth of the lifetime and turns to an error after expiry', () => {
    assert.equal(sessionView(active(), T0 + HOUR).severity, 'normal');
    assert.equal(sessionView(active(), T0 + 11 * HOUR).severity, 'warning');
    const expired = sessionView(active(), T0 + 12 * HOUR + 1);
    assert.equal(expired.severity, 'error');
    assert.match(expired.text, /expired/);
  });

  it('shows a failed refresh as an error and an ended session as "sign in again"', () => {
    const failing = sessionView(active({ status: 'retrying', lastError: { message: 'Could not reach 127.0.0.1:1', kind: 'network', at: T0 } }), T0 + HOUR);
    assert.equal(failing.severity, 'error');
    assert.match(failing.tooltip, /Could not reach 127\\\.0\\\.0\\\.1:1/);
    const ended = sessionView({ profile, status: 'ended', needsSignIn: true }, T0);
    assert.equal(ended.severity, 'error');
    assert.match(ended.text, /sign in again/);
  });

  it('names user, client ID, environment, local expiry and the last refresh in the tooltip', () => {
    const { tooltip } = sessionView(active({ lastRefresh: { at: T0 + HOUR, grant: 'refresh_token', trigger: 'schedule' } }), T0 + HOUR, 'UTC');
    assert.match(tooltip, /sandbox\\\.user@example\\\.com/);
    assert.match(tooltip, /Acme\\_Website/);
    assert.match(tooltip, /Local sandbox/);
    assert.match(tooltip, /Token expires: .*8:00:00/);
    assert.match(tooltip, /refresh token, schedule/);
  });

  it('shortens the profile hint to the local part of the user name', () => {
    assert.equal(profileHint('sandbox.user@example.com'), 'sandbox.user');
    assert.equal(profileHint('a-very-long-account-name@example.com'), 'a-very-long-acc…');
  });
});

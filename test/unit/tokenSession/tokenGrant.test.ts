// One logged token request against exact replies from a stub server: the log line each outcome
// leaves, and that the redactor learns every secret before anything can print it. Then a whole
// session's log against the sandbox, searched for every secret it saw.
import * as assert from 'node:assert/strict';
import { createProfile } from '../../../src/auth/profiles';
import { requestGrant, type GrantContext } from '../../../src/auth/tokenGrant';
import { Redactor } from '../../../src/mx/redaction';
import { TokenError } from '../../../src/mx/tokenClient';
import { FakeClock } from '../fakes/fakeClock';
import { CapturingLogger } from '../fakes/logger';
import { json, type Stub, startStub } from '../stubServer';
import type { TokenSession } from '../../../src/auth/tokenSession';
import { isSessionEnded, REFRESH_DELAY_MS, SandboxSessions, SECOND, SECRETS } from './sandboxSessions';

const PASSWORD = 'grant-test-password';

describe('requestGrant', () => {
  let stub: Stub;
  let log: CapturingLogger;
  let redactor: Redactor;
  let context: GrantContext;

  before(async () => {
    stub = await startStub();
  });

  after(async () => {
    await stub.stop();
  });

  beforeEach(() => {
    log = new CapturingLogger();
    redactor = new Redactor();
    const profile = createProfile({ name: 'Stub', kind: 'custom', authUrl: stub.url, apiUrl: stub.url }, 'ana@example.com', 'Acme_Website');
    context = { profile, clock: new FakeClock(), log, redactor };
  });

  it('logs a token it got, with its expiry, and teaches the redactor the password and the new tokens', async () => {
    stub.handle((_req, res) => json(res, 200, { access_token: 'stub-access-token', token_type: 'Bearer', refresh_token: 'stub-refresh-token' }));
    const tokens = await requestGrant(context, { kind: 'password', username: 'ana@example.com', password: PASSWORD, clientId: 'Acme_Website' }, 'sign-in');
    assert.equal(tokens.accessToken, 'stub-access-token');
    assert.deepEqual(log.lines, [
      '[info] Token password for ana@example.com@Stub (sign-in): ok, expires 2026-11-23T07:00:00Z (in 1h 0m); refresh token issued; no expires_in in the reply, 1 h assumed',
    ]);
    assert.equal(/grant-test-password|stub-access-token|stub-refresh-token/.test(redactor.redact(`${PASSWORD} stub-access-token stub-refresh-token`)), false);
  });

  it('logs a refusal as a warning with its kind, HTTP status and OAuth error, and throws it as is', async () => {
    stub.handle((_req, res) => json(res, 400, { error: 'invalid_grant' }));
    await assert.rejects(
      requestGrant(context, { kind: 'refresh', refreshToken: 'old-refresh-token', clientId: 'Acme_Website' }, 'schedule'),
      (err: unknown) => err instanceof TokenError && err.kind === 'rejectedRefreshToken',
    );
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /^\[warn\] Token refresh_token for ana@example\.com@Stub \(schedule\): failed \(rejectedRefreshToken, HTTP 400, invalid_grant\): /);
    assert.equal(redactor.redact('old-refresh-token').includes('old-refresh-token'), false, 'learnt before the request');
  });

  it('logs a cancelled request as information, not a warning', async () => {
    const held = stub.hold();
    const controller = new AbortController();
    const pending = requestGrant(context, { kind: 'password', username: 'ana@example.com', password: PASSWORD, clientId: 'Acme_Website' }, 'manual', controller.signal);
    await held.arrived;
    controller.abort();
    await assert.rejects(pending, (err: unknown) => err instanceof TokenError && err.kind === 'cancelled');
    await held.closed;
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /^\[info\] Token password for ana@example\.com@Stub \(manual\): failed \(cancelled\)/);
  });
});

describe('requestGrant in a session against the sandbox', function () {
  this.timeout(10_000);
  const t = SandboxSessions.setUp();

  it('logs every token event and never a secret', async () => {
    t.sandbox.configure({ issueRefreshTokens: true });
    const seen = new Set<string>([SECRETS.password, SECRETS.clientSecret]);
    const remember = async (session: TokenSession) => {
      seen.add(await session.getToken());
      const record = await t.stored();
      if (record?.refreshToken) {
        seen.add(record.refreshToken);
      }
    };
    const session = await t.signIn();
    await remember(session);
    t.clock.advance(REFRESH_DELAY_MS); // refresh_token grant
    await t.settle(session);
    await remember(session);
    t.sandbox.revokeRefreshTokens(); // rejected refresh token, password fallback
    await session.refreshNow();
    await remember(session);
    t.sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 }); // network failure and retry
    await assert.rejects(session.refreshNow());
    t.clock.advance(2 * SECOND);
    await t.settle(session);
    await remember(session);
    t.sandbox.revokeAccessTokens();
    await session.tokenRejected(await session.getToken());
    await remember(session);
    t.storage.fail('store', 'throw'); // keyring failure while storing the next refresh token
    await session.refreshNow();
    await remember(session);
    t.storage.fail('store', undefined);
    const record = await t.stored();
    assert.ok(record);
    await t.credentials.save(t.profile.id, { ...record, refreshToken: undefined, password: 'a-wrong-password' });
    seen.add('a-wrong-password');
    await assert.rejects(session.refreshNow(), isSessionEnded(true));
    for (const request of t.authRequests()) {
      const form = new URLSearchParams(request.body);
      for (const field of ['password', 'refresh_token']) {
        const value = form.get(field);
        if (value) {
          seen.add(value);
        }
      }
    }
    assert.ok(seen.size >= 10, `collected ${seen.size} secrets`);
    const text = t.log.text;
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

import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { DEFAULT_EXPIRES_IN_SECONDS, requestToken, TokenError, type TokenErrorKind, type TokenGrant } from '../../src/mx/tokenClient';
import { closedPort, json, startStub, type Stub } from './stubServer';

const CLIENT_ID = 'mx-explorer-tests';

function passwordGrant(overrides: Partial<{ username: string; password: string; clientId: string }> = {}): TokenGrant {
  return { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: CLIENT_ID, ...overrides };
}

/** Runs the request and returns its TokenError, failing if it resolves or throws anything else. */
async function tokenError(promise: Promise<unknown>, kind: TokenErrorKind): Promise<TokenError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof TokenError, `expected a TokenError, got ${String(err)}`);
    assert.equal(err.kind, kind, `kind (message: ${err.userMessage})`);
    assert.equal(err.message, err.userMessage);
    return err;
  }
  assert.fail(`expected a ${kind} TokenError`);
}

function hostOf(url: string): string {
  return new URL(url).host;
}

describe('tokenClient against the sandbox', function () {
  this.timeout(5000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
  });

  after(async () => {
    await sandbox?.stop();
  });

  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.configure({ expiresInSeconds: 43200, issueRefreshTokens: false });
    sandbox.clearRequests();
  });

  it('gets a token with the password grant, timed by the injected clock', async () => {
    const tokens = await requestToken({ authUrl: sandbox.authUrl }, passwordGrant(), { now: () => 1_000_000 });
    assert.ok(tokens.accessToken.length > 0);
    assert.equal(tokens.tokenType, 'Bearer');
    assert.equal(tokens.expiresInSeconds, 43200);
    assert.equal(tokens.obtainedAt, 1_000_000);
    assert.equal(tokens.expiresAt, 1_000_000 + 43_200_000);
    assert.equal(tokens.refreshToken, undefined);
    assert.equal(tokens.expiresInAssumed, undefined);
  });

  it('sends exactly the documented form, and no client secret', async () => {
    await requestToken({ authUrl: `${sandbox.authUrl}/` }, passwordGrant());
    assert.equal(sandbox.requests.length, 1);
    const [request] = sandbox.requests;
    assert.equal(request.server, 'auth');
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/connect/token');
    assert.equal(request.query, '');
    assert.match(request.headers['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(request.headers['accept'], 'application/json');
    assert.equal(request.headers['mx-api-client-secret'], undefined);
    assert.equal(request.headers['authorization'], undefined);
    const form = new URLSearchParams(request.body);
    assert.deepEqual([...form.keys()].sort(), ['client_id', 'grant_type', 'password', 'username']);
    assert.equal(form.get('grant_type'), 'password');
    assert.equal(form.get('username'), DEFAULT_ACCOUNT.username);
    assert.equal(form.get('password'), DEFAULT_ACCOUNT.password);
    assert.equal(form.get('client_id'), CLIENT_ID);
    assert.ok(!request.body.includes(DEFAULT_ACCOUNT.clientSecret));
  });

  it('accepts an environment object and a configured lifetime', async () => {
    sandbox.configure({ expiresInSeconds: 90 });
    const env = { id: 'sandbox', name: 'Sandbox', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl, kind: 'custom' as const };
    const tokens = await requestToken(env, passwordGrant(), { now: () => 5 });
    assert.equal(tokens.expiresInSeconds, 90);
    assert.equal(tokens.expiresAt, 5 + 90_000);
  });

  it('uses the refresh token grant when the server issued one', async () => {
    sandbox.configure({ issueRefreshTokens: true });
    const first = await requestToken({ authUrl: sandbox.authUrl }, passwordGrant());
    assert.ok(first.refreshToken);
    sandbox.clearRequests();
    const second = await requestToken({ authUrl: sandbox.authUrl }, { kind: 'refresh', refreshToken: first.refreshToken, clientId: CLIENT_ID });
    assert.notEqual(second.accessToken, first.accessToken);
    const form = new URLSearchParams(sandbox.requests[0].body);
    assert.deepEqual([...form.keys()].sort(), ['client_id', 'grant_type', 'refresh_token']);
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('refresh_token'), first.refreshToken);
    assert.equal(sandbox.requests[0].headers['mx-api-client-secret'], undefined);
  });

  it('reports a wrong password without repeating it', async () => {
    const password = 'not-the-password-4711';
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant({ password })), 'rejectedCredentials');
    assert.equal(err.status, 400);
    assert.equal(err.oauthError, 'invalid_grant');
    assert.equal(err.host, hostOf(sandbox.authUrl));
    assert.equal(err.userMessage, `Wrong username or password for ${hostOf(sandbox.authUrl)}.`);
    assert.equal(err.retryable, false);
    assert.ok(!JSON.stringify({ ...err, message: err.message, stack: err.stack }).includes(password));
  });

  it('reports a revoked refresh token, and one bound to another client ID', async () => {
    sandbox.configure({ issueRefreshTokens: true });
    const first = await requestToken({ authUrl: sandbox.authUrl }, passwordGrant());
    assert.ok(first.refreshToken);
    const foreign = await tokenError(
      requestToken({ authUrl: sandbox.authUrl }, { kind: 'refresh', refreshToken: first.refreshToken, clientId: 'another-client' }),
      'rejectedRefreshToken',
    );
    assert.equal(foreign.oauthError, 'invalid_grant');
    sandbox.revokeRefreshTokens();
    const revoked = await tokenError(
      requestToken({ authUrl: sandbox.authUrl }, { kind: 'refresh', refreshToken: first.refreshToken, clientId: CLIENT_ID }),
      'rejectedRefreshToken',
    );
    assert.match(revoked.userMessage, /refresh token/);
    assert.ok(!revoked.userMessage.includes(first.refreshToken));
  });

  it('reports a 5xx as a retryable server error and keeps Retry-After', async () => {
    sandbox.addFault({ kind: 'status', target: 'auth', status: 503, retryAfterSeconds: 7, times: 1 });
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant()), 'serverError');
    assert.equal(err.status, 503);
    assert.equal(err.retryAfterSeconds, 7);
    assert.equal(err.retryable, true);
    assert.match(err.userMessage, /HTTP 503/);
    assert.match(err.userMessage, /Try again in 7 s/);
    // `times: 1` cleared the fault: the next attempt works.
    await requestToken({ authUrl: sandbox.authUrl }, passwordGrant());
  });

  it('says when a proxy answered with an HTML page', async () => {
    sandbox.addFault({ kind: 'html', target: 'auth', status: 502 });
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant()), 'serverError');
    assert.equal(err.status, 502);
    assert.match(err.userMessage, /^The token server .* answered HTTP 502 with an HTML page instead of a token/);
  });

  it('treats an HTML page with status 200 as a malformed reply', async () => {
    sandbox.addFault({ kind: 'html', target: 'auth', status: 200 });
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant()), 'malformedReply');
    assert.match(err.userMessage, /HTML page instead of a token/);
  });

  for (const kind of ['malformedJson', 'truncatedJson'] as const) {
    it(`treats ${kind} as a malformed reply`, async () => {
      sandbox.addFault({ kind, target: 'auth' });
      const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant()), 'malformedReply');
      assert.equal(err.status, 200);
      assert.equal(err.retryable, false);
    });
  }

  it('treats an empty 404 as a client error pointing at the auth base URL', async () => {
    sandbox.addFault({ kind: 'emptyBody', target: 'auth', status: 404 });
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant()), 'clientError');
    assert.equal(err.status, 404);
    assert.match(err.userMessage, /HTTP 404 with an empty body.*auth base URL/);
  });

  it('reports a reset connection as a network failure', async () => {
    sandbox.addFault({ kind: 'reset', target: 'auth' });
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant()), 'network');
    assert.equal(err.retryable, true);
    assert.match(err.userMessage, new RegExp(`^Could not reach ${hostOf(sandbox.authUrl)} \\(connection (reset|closed)`));
  });

  it('times out on a slow server', async () => {
    sandbox.addFault({ kind: 'delay', target: 'auth', delayMs: 60_000 });
    const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant(), { timeoutMs: 150 }), 'timeout');
    assert.equal(err.retryable, true);
    assert.match(err.userMessage, /did not answer within 150 ms/);
  });

  it('times out on a body that trickles in', async () => {
    sandbox.addFault({ kind: 'slowBody', target: 'auth', delayMs: 60_000 });
    await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant(), { timeoutMs: 200 }), 'timeout');
  });

  it('can be cancelled while waiting', async () => {
    sandbox.addFault({ kind: 'delay', target: 'auth', delayMs: 60_000 });
    const controller = new AbortController();
    const pending = requestToken({ authUrl: sandbox.authUrl }, passwordGrant(), { signal: controller.signal });
    await sandbox.nextArrival((r) => r.server === 'auth');
    controller.abort();
    const err = await tokenError(pending, 'cancelled');
    assert.equal(err.retryable, false);
  });

  it('sends nothing when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant(), { signal: controller.signal }), 'cancelled');
    assert.equal(sandbox.requests.length, 0);
  });

  describe('input validation', () => {
    const cases: Array<[string, TokenGrant, RegExp]> = [
      ['empty client ID', passwordGrant({ clientId: '' }), /Client ID is required/],
      ['51-character client ID', passwordGrant({ clientId: 'x'.repeat(51) }), /at most 50 characters/],
      ['blank username', passwordGrant({ username: '  ' }), /Username is required/],
      ['empty password', passwordGrant({ password: '' }), /Password is required/],
      ['empty refresh token', { kind: 'refresh', refreshToken: '', clientId: CLIENT_ID }, /refresh token is required/],
    ];
    for (const [name, grant, message] of cases) {
      it(`refuses ${name} before any network call`, async () => {
        const err = await tokenError(requestToken({ authUrl: sandbox.authUrl }, grant), 'invalidInput');
        assert.match(err.userMessage, message);
        assert.equal(sandbox.requests.length, 0);
      });
    }

    it('accepts a 50-character client ID (counted in characters, not bytes)', async () => {
      await requestToken({ authUrl: sandbox.authUrl }, passwordGrant({ clientId: 'é'.repeat(50) }));
    });

    it('refuses to send a password over plain http to a non-loopback host', async () => {
      const err = await tokenError(requestToken({ authUrl: 'http://auth.example.com' }, passwordGrant()), 'invalidInput');
      assert.match(err.userMessage, /Auth base URL must use https:\/\//);
    });

    it('refuses a bad timeout', async () => {
      await tokenError(requestToken({ authUrl: sandbox.authUrl }, passwordGrant(), { timeoutMs: -1 }), 'invalidInput');
      assert.equal(sandbox.requests.length, 0);
    });
  });
});

describe('tokenClient network failures', () => {
  it('names the host and the reason when the connection is refused', async () => {
    const port = await closedPort();
    const err = await tokenError(requestToken({ authUrl: `http://127.0.0.1:${port}` }, passwordGrant()), 'network');
    assert.equal(err.userMessage, `Could not reach 127.0.0.1:${port} (connection refused). Check the auth base URL and your network.`);
    assert.equal(err.code, 'ECONNREFUSED');
    assert.equal(err.host, `127.0.0.1:${port}`);
  });

  it('reports an unknown host', async function () {
    this.timeout(10_000);
    const err = await tokenError(requestToken({ authUrl: 'https://mx-host-that-does-not-exist.invalid' }, passwordGrant()), 'network');
    assert.match(err.userMessage, /^Could not reach mx-host-that-does-not-exist\.invalid \((host not found|host name lookup failed)/);
  });
});

describe('tokenClient reply handling', () => {
  let stub: Stub;
  const password = 'secret-password-123';
  const grant: TokenGrant = { kind: 'password', username: 'user', password, clientId: CLIENT_ID };

  before(async () => {
    stub = await startStub();
  });

  after(async () => {
    await stub.stop();
  });

  function reply(status: number, body: unknown, headers: Record<string, string> = {}): void {
    stub.handle((_req, res) => json(res, status, body, headers));
  }

  describe('expires_in', () => {
    it('assumes a default lifetime when it is missing, and says so', async () => {
      reply(200, { access_token: 'abc', token_type: 'Bearer' });
      const tokens = await requestToken({ authUrl: stub.url }, grant, { now: () => 0 });
      assert.equal(tokens.expiresInSeconds, DEFAULT_EXPIRES_IN_SECONDS);
      assert.equal(tokens.expiresInAssumed, true);
      assert.equal(tokens.expiresAt, DEFAULT_EXPIRES_IN_SECONDS * 1000);
    });

    it('accepts a numeric string', async () => {
      reply(200, { access_token: 'abc', token_type: 'Bearer', expires_in: '43200' });
      const tokens = await requestToken({ authUrl: stub.url }, grant);
      assert.equal(tokens.expiresInSeconds, 43200);
      assert.equal(tokens.expiresInAssumed, undefined);
    });

    for (const value of [0, -60, 'soon', true, 366 * 24 * 3600, 43_200_000]) {
      it(`rejects ${JSON.stringify(value)} as malformed`, async () => {
        reply(200, { access_token: 'abc', token_type: 'Bearer', expires_in: value });
        const err = await tokenError(requestToken({ authUrl: stub.url }, grant), 'malformedReply');
        assert.match(err.userMessage, /expires_in/);
      });
    }
  });

  it('keeps a refresh token and scope, and defaults a missing token type to Bearer', async () => {
    reply(200, { access_token: 'abc', expires_in: 60, refresh_token: 'r-123', scope: 'openid profile' });
    const tokens = await requestToken({ authUrl: stub.url }, grant);
    assert.equal(tokens.tokenType, 'Bearer');
    assert.equal(tokens.refreshToken, 'r-123');
    assert.equal(tokens.scope, 'openid profile');
  });

  it('normalises the token type and refuses non-bearer tokens', async () => {
    reply(200, { access_token: 'abc', token_type: 'bearer', expires_in: 60 });
    assert.equal((await requestToken({ authUrl: stub.url }, grant)).tokenType, 'Bearer');
    reply(200, { access_token: 'abc', token_type: 'mac', expires_in: 60 });
    await tokenError(requestToken({ authUrl: stub.url }, grant), 'malformedReply');
  });

  for (const [name, body] of [
    ['no access_token', { token_type: 'Bearer', expires_in: 60 }],
    ['an empty access_token', { access_token: '', expires_in: 60 }],
    ['a JSON array', [{ access_token: 'abc' }]],
    ['an empty body', ''],
  ] as const) {
    it(`treats ${name} as malformed`, async () => {
      reply(200, body);
      await tokenError(requestToken({ authUrl: stub.url }, grant), 'malformedReply');
    });
  }

  it('classifies invalid_client and unauthorized_client as a rejected client', async () => {
    for (const error of ['invalid_client', 'unauthorized_client']) {
      reply(400, { error });
      const err = await tokenError(requestToken({ authUrl: stub.url }, grant), 'clientRejected');
      assert.equal(err.oauthError, error);
      assert.match(err.userMessage, new RegExp(`rejected the client ID "${CLIENT_ID}"`));
    }
  });

  it('classifies unsupported_grant_type and other 4xx as client errors', async () => {
    reply(400, { error: 'unsupported_grant_type' });
    const unsupported = await tokenError(requestToken({ authUrl: stub.url }, grant), 'clientError');
    assert.match(unsupported.userMessage, /does not support the password grant/);
    stub.handle((_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic' });
      res.end();
    });
    const unauthorized = await tokenError(requestToken({ authUrl: stub.url }, grant), 'clientError');
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.oauthError, undefined);
    reply(403, { message: 'forbidden' });
    assert.equal((await tokenError(requestToken({ authUrl: stub.url }, grant), 'clientError')).status, 403);
  });

  it('treats 429 as a retryable server condition and reads an HTTP-date Retry-After', async () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    reply(429, { error: 'slow_down' }, { 'Retry-After': 'Mon, 01 Jan 2024 00:01:00 GMT' });
    const err = await tokenError(requestToken({ authUrl: stub.url }, grant, { now: () => now }), 'serverError');
    assert.equal(err.retryAfterSeconds, 60);
    assert.equal(err.retryable, true);
  });

  it('redacts the password from an echoed error description', async () => {
    reply(400, { error: 'invalid_grant', error_description: `bad password ${password}` });
    const err = await tokenError(requestToken({ authUrl: stub.url }, grant), 'rejectedCredentials');
    assert.equal(err.oauthDescription, 'bad password ‹redacted›');
  });

  it('does not follow a redirect with the password', async () => {
    const elsewhere = await startStub();
    try {
      stub.handle((_req, res) => {
        res.writeHead(307, { Location: `${elsewhere.url}/connect/token` });
        res.end();
      });
      const err = await tokenError(requestToken({ authUrl: stub.url }, grant), 'malformedReply');
      assert.equal(err.status, 307);
      assert.match(err.userMessage, new RegExp(`redirect to ${elsewhere.host}`));
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.stop();
    }
  });

  it('closes the connection when cancelled', async () => {
    const { arrived, closed } = stub.hold();
    const controller = new AbortController();
    const pending = requestToken({ authUrl: stub.url }, grant, { signal: controller.signal });
    await arrived;
    controller.abort();
    await tokenError(pending, 'cancelled');
    await closed;
  });
});

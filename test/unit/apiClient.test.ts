import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { ApiError, type ApiErrorKind, type ApiRequest, type MxApiClientOptions, MxApiClient } from '../../src/mx/apiClient';
import { REDACTED } from '../../src/mx/redaction';
import { requestToken } from '../../src/mx/tokenClient';
import { closedPort, json, startStub } from './stubServer';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';
const UNKNOWN_CHAIN = `${CHAINS}/00000000-0000-0000-0000-000000000000`;
const UNKNOWN_SHOWTIME = '/mxs/reference-data/v1/showtimes/00000000-0000-0000-0000-000000000000';

function headerOf(response: { headers: ReadonlyArray<[string, string]> }, name: string): string | undefined {
  return response.headers.find(([key]) => key === name)?.[1];
}

async function apiError(promise: Promise<unknown>, kind: ApiErrorKind): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    assert.equal(err.kind, kind, `kind (message: ${err.message})`);
    return err;
  }
  assert.fail(`expected a ${kind} ApiError`);
}

describe('MxApiClient against the sandbox', function () {
  this.timeout(5000);
  let sandbox: Sandbox;
  let accessToken: string;
  let credentialCalls = 0;

  function client(overrides: Partial<MxApiClientOptions> = {}): MxApiClient {
    return new MxApiClient({
      apiUrl: sandbox.apiUrl,
      credentials: async () => {
        credentialCalls++;
        return { accessToken, clientSecret: DEFAULT_ACCOUNT.clientSecret };
      },
      ...overrides,
    });
  }

  before(async () => {
    sandbox = await startSandbox();
    accessToken = (await requestToken({ authUrl: sandbox.authUrl }, { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'mx-explorer-tests' })).accessToken;
  });

  after(async () => {
    await sandbox?.stop();
  });

  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearRequests();
    credentialCalls = 0;
  });

  it('gets JSON with both credentials and reports what happened', async () => {
    const response = await client().send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 200);
    assert.equal(response.method, 'GET');
    assert.equal(response.url, `${sandbox.apiUrl}${CHAINS}`);
    assert.ok(Array.isArray(response.json) && response.json.length > 0);
    assert.equal(response.jsonError, undefined);
    assert.equal(response.mxError, undefined);
    assert.equal(response.bodyBytes, Buffer.byteLength(response.bodyText));
    assert.ok(response.durationMs >= 0);

    const [request] = sandbox.requests;
    assert.equal(sandbox.requests.length, 1);
    assert.equal(request.server, 'api');
    assert.equal(request.path, CHAINS);
    assert.equal(request.headers['authorization'], `Bearer ${accessToken}`);
    assert.equal(request.headers['mx-api-client-secret'], DEFAULT_ACCOUNT.clientSecret);
    assert.equal(request.headers['accept'], 'application/json');
    assert.equal(request.headers['content-type'], undefined);

    assert.ok(response.correlationId);
    assert.equal(response.correlationId, request.correlationId);
    assert.ok(response.headers.some(([name, value]) => name === 'mx-correlation-id' && value === response.correlationId));
    assert.ok(response.headers.every(([name]) => name === name.toLowerCase()));
  });

  it('masks the credentials in the headers it reports', async () => {
    const response = await client().send({ method: 'GET', url: CHAINS, headers: [{ name: 'X-Trace', value: 'abc' }] });
    assert.deepEqual(response.requestHeaders, [
      ['Accept', 'application/json'],
      ['X-Trace', 'abc'],
      ['Authorization', `Bearer ${REDACTED}`],
      ['MX-Api-Client-Secret', REDACTED],
    ]);
    const shown = JSON.stringify(response.requestHeaders);
    assert.ok(!shown.includes(accessToken) && !shown.includes(DEFAULT_ACCOUNT.clientSecret));
    assert.equal(sandbox.requests[0].headers['x-trace'], 'abc');
  });

  it('accepts a full URL on the API origin, a path without a leading slash, and keeps the query', async () => {
    await client().send({ method: 'GET', url: `${sandbox.apiUrl}${CHAINS}#ignored` });
    await client().send({ method: 'get', url: `${CHAINS.slice(1)}?from=2021-04-23&to=2021-04-24` });
    assert.deepEqual(
      sandbox.requests.map((r) => [r.method, r.path, r.query]),
      [
        ['GET', CHAINS, ''],
        ['GET', CHAINS, 'from=2021-04-23&to=2021-04-24'],
      ],
    );
  });

  it('keeps an API base path prefix', async () => {
    const response = await client({ apiUrl: `${sandbox.apiUrl}/gateway/` }).send({ method: 'GET', url: CHAINS });
    assert.equal(response.url, `${sandbox.apiUrl}/gateway${CHAINS}`);
    assert.equal(sandbox.requests[0].path, `/gateway${CHAINS}`);
  });

  it('reads a gzip-compressed answer, reporting the decoded size', async () => {
    const plain = await client().send({ method: 'GET', url: CHAINS });
    sandbox.addFault({ kind: 'gzip', times: 1 });
    const compressed = await client().send({ method: 'GET', url: CHAINS });
    assert.equal(headerOf(compressed, 'content-encoding'), 'gzip');
    assert.deepEqual(compressed.json, plain.json);
    assert.equal(compressed.bodyBytes, plain.bodyBytes);
    assert.ok(Number(headerOf(compressed, 'content-length')) < compressed.bodyBytes, 'fewer bytes on the wire than decoded');
  });

  it('decodes an MX error body', async () => {
    const response = await client().send({ method: 'GET', url: UNKNOWN_CHAIN });
    assert.equal(response.status, 404);
    assert.equal(response.mxError?.errorCode, 40001);
    assert.ok(response.json);
  });

  it('handles a 404 with an empty body', async () => {
    const response = await client().send({ method: 'GET', url: UNKNOWN_SHOWTIME });
    assert.equal(response.status, 404);
    assert.equal(response.bodyText, '');
    assert.equal(response.bodyBytes, 0);
    assert.equal(response.json, undefined);
    assert.equal(response.jsonError, undefined);
    assert.equal(response.mxError, undefined);
  });

  it('returns a 401 as a response, not an error', async () => {
    const response = await client({ credentials: async () => ({ accessToken: 'stale-token', clientSecret: 'whatever' }) }).send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 401);
  });

  it('sends a body as JSON', async () => {
    const body = JSON.stringify({ ticketTypes: [] });
    await client().send({ method: 'POST', url: '/mxt/ticketing/v1/cinema-chains/x/orders', body });
    const [request] = sandbox.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.body, body);
    assert.equal(request.headers['content-type'], 'application/json');
  });

  it('lets the user choose Accept and Content-Type', async () => {
    await client().send({ method: 'PUT', url: CHAINS, body: 'x', headers: [{ name: 'content-type', value: 'text/plain' }, { name: 'Accept', value: '*/*' }] });
    assert.equal(sandbox.requests[0].headers['content-type'], 'text/plain');
    assert.equal(sandbox.requests[0].headers['accept'], '*/*');
  });

  for (const kind of ['malformedJson', 'truncatedJson'] as const) {
    it(`reports ${kind} as jsonError without throwing`, async () => {
      sandbox.addFault({ kind, target: 'api' });
      const response = await client().send({ method: 'GET', url: CHAINS });
      assert.equal(response.status, 200);
      assert.equal(response.json, undefined);
      assert.match(response.jsonError ?? '', /not valid JSON/);
      assert.ok(response.bodyText.length > 0);
    });
  }

  it('does not parse an HTML error page', async () => {
    sandbox.addFault({ kind: 'html', target: 'api', status: 502 });
    const response = await client().send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 502);
    assert.match(response.bodyText, /<html/i);
    assert.equal(response.json, undefined);
    assert.equal(response.jsonError, undefined);
  });

  it('passes a 5xx with an MX error body through', async () => {
    sandbox.addFault({ kind: 'status', target: 'api', status: 503, retryAfterSeconds: 3 });
    const response = await client().send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 503);
    assert.ok(response.headers.some(([name, value]) => name === 'retry-after' && value === '3'));
  });

  it('reads a large body within the limit', async () => {
    sandbox.addFault({ kind: 'largeBody', target: 'api', sizeBytes: 1024 * 1024 });
    const response = await client().send({ method: 'GET', url: CHAINS });
    assert.ok(response.bodyBytes >= 1000 * 1024);
    assert.ok(Array.isArray(response.json));
  });

  it('refuses a body larger than maxBodyBytes', async () => {
    sandbox.addFault({ kind: 'largeBody', target: 'api', sizeBytes: 2 * 1024 * 1024 });
    const err = await apiError(client({ maxBodyBytes: 64 * 1024 }).send({ method: 'GET', url: CHAINS }), 'tooLarge');
    assert.match(err.message, /larger than 64 KB/);
  });

  it('times out on a slow body', async () => {
    sandbox.addFault({ kind: 'slowBody', target: 'api', delayMs: 60_000 });
    const err = await apiError(client().send({ method: 'GET', url: CHAINS, timeoutMs: 200 }), 'timeout');
    assert.match(err.message, /within 200 ms/);
  });

  it('times out on a slow server using the client default', async () => {
    sandbox.addFault({ kind: 'delay', target: 'api', delayMs: 60_000 });
    await apiError(client({ timeoutMs: 150 }).send({ method: 'GET', url: CHAINS }), 'timeout');
  });

  it('can be cancelled', async () => {
    sandbox.addFault({ kind: 'delay', target: 'api', delayMs: 60_000 });
    const controller = new AbortController();
    const pending = client().send({ method: 'GET', url: CHAINS, signal: controller.signal });
    await sandbox.nextArrival((r) => r.server === 'api');
    controller.abort();
    const err = await apiError(pending, 'cancelled');
    assert.match(err.message, /cancelled/);
  });

  it('reports a reset connection', async () => {
    sandbox.addFault({ kind: 'reset', target: 'api' });
    const err = await apiError(client().send({ method: 'GET', url: CHAINS }), 'network');
    assert.match(err.message, /connection (reset|closed)/);
  });

  it('measures duration with the injected clock', async () => {
    let tick = 0;
    const response = await client({ now: () => (tick += 25) }).send({ method: 'GET', url: CHAINS });
    assert.equal(response.durationMs, 25);
  });

  it('passes a credentials failure through unchanged', async () => {
    const signedOut = new Error('not signed in');
    await assert.rejects(client({ credentials: () => Promise.reject(signedOut) }).send({ method: 'GET', url: CHAINS }), (err) => err === signedOut);
    assert.equal(sandbox.requests.length, 0);
  });

  describe('refuses before any network call', () => {
    const refused: Array<[string, string]> = [
      ['another origin', 'https://evil.example.com/mxs/reference-data/v1/cinema-chains'],
      ['a protocol-relative URL', '//evil.example.com/x'],
      ['javascript:', 'javascript:alert(1)'],
      ['file:', 'file:///etc/passwd'],
      ['data:', 'data:text/plain,hi'],
    ];
    for (const [name, url] of refused) {
      it(`refuses ${name}`, async () => {
        const err = await apiError(client().send({ method: 'GET', url }), 'refused');
        assert.match(err.message, /refused/i);
      });
    }

    it('refuses the same host on another port or scheme', async () => {
      const other = sandbox.authUrl + CHAINS;
      const err = await apiError(client().send({ method: 'GET', url: other }), 'refused');
      assert.match(err.message, /refused/);
      const port = new URL(sandbox.apiUrl).port;
      await apiError(client().send({ method: 'GET', url: `https://127.0.0.1:${port}${CHAINS}` }), 'refused');
    });

    it('refuses credentials in the URL', async () => {
      const url = sandbox.apiUrl.replace('http://', 'http://user:pw@') + CHAINS;
      await apiError(client().send({ method: 'GET', url }), 'refused');
    });

    const invalid: Array<[string, ApiRequest]> = [
      ['an unknown method', { method: 'TRACE', url: CHAINS }],
      ['a made-up method', { method: 'FETCH', url: CHAINS }],
      ['a body on GET', { method: 'GET', url: CHAINS, body: '{}' }],
      ['a body on HEAD', { method: 'HEAD', url: CHAINS, body: '{}' }],
      ['CR/LF in a header value', { method: 'GET', url: CHAINS, headers: [{ name: 'X-A', value: 'a\r\nX-Injected: 1' }] }],
      ['a trailing line break in a header value', { method: 'GET', url: CHAINS, headers: [{ name: 'X-A', value: 'a\n' }] }],
      ['non-ASCII in a header value', { method: 'GET', url: CHAINS, headers: [{ name: 'X-A', value: 'café' }] }],
      ['a bad header name', { method: 'GET', url: CHAINS, headers: [{ name: 'X A', value: '1' }] }],
      ['a header name with a line break', { method: 'GET', url: CHAINS, headers: [{ name: 'X-A\n', value: '1' }] }],
      ['a user Authorization header', { method: 'GET', url: CHAINS, headers: [{ name: 'authorization', value: 'Bearer mine' }] }],
      ['a user client secret header', { method: 'GET', url: CHAINS, headers: [{ name: 'Mx-Api-Client-Secret', value: 'mine' }] }],
      ['a Host header', { method: 'GET', url: CHAINS, headers: [{ name: 'Host', value: 'evil.example.com' }] }],
      ['a URL with a line break', { method: 'GET', url: `${CHAINS}\r\nX: 1` }],
      ['a URL with spaces', { method: 'GET', url: `${CHAINS}/a b` }],
      ['an empty URL', { method: 'GET', url: ' ' }],
    ];
    for (const [name, request] of invalid) {
      it(`refuses ${name}`, async () => {
        const err = await apiError(client().send(request), 'invalidRequest');
        assert.ok(err.message.length > 10);
      });
    }

    it('refuses an already cancelled request', async () => {
      const controller = new AbortController();
      controller.abort();
      await apiError(client().send({ method: 'GET', url: CHAINS, signal: controller.signal }), 'cancelled');
    });

    afterEach(() => {
      assert.equal(sandbox.requests.length, 0, 'the request reached the sandbox');
      assert.equal(credentialCalls, 0, 'credentials were fetched for a refused request');
    });
  });

  it('refuses an API base on plain http outside loopback', () => {
    assert.throws(
      () => new MxApiClient({ apiUrl: 'http://api.example.com', credentials: async () => ({ accessToken: 'a', clientSecret: 'b' }) }),
      (err) => err instanceof ApiError && err.kind === 'refused' && /https/.test(err.message),
    );
  });
});

describe('MxApiClient connection handling', () => {
  const credentials = async (): Promise<{ accessToken: string; clientSecret: string }> => ({ accessToken: 'token-1234', clientSecret: 'SECRET-12345' });

  it('does not follow redirects, so the credentials stay on the API origin', async () => {
    const api = await startStub();
    const elsewhere = await startStub();
    try {
      api.handle((_req, res) => {
        res.writeHead(302, { Location: `${elsewhere.url}/steal` });
        res.end();
      });
      const response = await new MxApiClient({ apiUrl: api.url, credentials }).send({ method: 'GET', url: '/x' });
      assert.equal(response.status, 302);
      assert.ok(response.headers.some(([name, value]) => name === 'location' && value.startsWith(elsewhere.url)));
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await api.stop();
      await elsewhere.stop();
    }
  });

  it('parses JSON content types with parameters and +json suffixes, and strips a BOM', async () => {
    const api = await startStub();
    try {
      const apiClient = new MxApiClient({ apiUrl: api.url, credentials });
      api.handle((_req, res) => json(res, 200, '\uFEFF{"a":1}', { 'Content-Type': 'application/problem+json; charset=utf-8' }));
      assert.deepEqual((await apiClient.send({ method: 'GET', url: '/x' })).json, { a: 1 });
      api.handle((_req, res) => json(res, 200, '{"a":1}', { 'Content-Type': 'text/plain' }));
      assert.equal((await apiClient.send({ method: 'GET', url: '/x' })).json, undefined);
    } finally {
      await api.stop();
    }
  });

  it('closes the socket when cancelled and when the body is too large', async () => {
    const api = await startStub();
    try {
      const apiClient = new MxApiClient({ apiUrl: api.url, credentials, maxBodyBytes: 1024 });
      const { arrived, closed } = api.hold();
      const controller = new AbortController();
      const pending = apiClient.send({ method: 'GET', url: '/x', signal: controller.signal });
      await arrived;
      controller.abort();
      await apiError(pending, 'cancelled');
      await closed;

      // Chunked, so no Content-Length warns ahead: the cap must trip while streaming.
      const streamClosed = new Promise<void>((resolve) =>
        api.handle((_req, res) => {
          res.on('close', () => resolve());
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('['.padEnd(4096, ' '));
        }),
      );
      await apiError(apiClient.send({ method: 'GET', url: '/x' }), 'tooLarge');
      await streamClosed;
    } finally {
      await api.stop();
    }
  });

  it('names the host when the connection is refused', async () => {
    const port = await closedPort();
    const err = await apiError(new MxApiClient({ apiUrl: `http://127.0.0.1:${port}`, credentials }).send({ method: 'GET', url: '/x' }), 'network');
    assert.equal(err.message, `Could not reach 127.0.0.1:${port} (connection refused). Check the API base URL and your network.`);
    assert.equal(err.code, 'ECONNREFUSED');
  });
});

import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { mxHeaders, signIn, tokenRequest } from '../sandbox/client';
import { loadMxData } from '../sandbox/fixtures';
import { largeJsonArray } from '../sandbox/largeBody';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';

describe('MX sandbox faults', () => {
  let sandbox: Sandbox;
  let headers: Record<string, string>;
  const api = (path = CHAINS) => fetch(`${sandbox.apiUrl}${path}`, { headers });

  before(async () => {
    sandbox = await startSandbox();
    headers = mxHeaders((await signIn(sandbox)).access_token, DEFAULT_ACCOUNT);
  });
  after(() => sandbox.stop());
  afterEach(() => sandbox.clearFaults());

  it('delay: answers normally after the delay', async () => {
    sandbox.addFault({ kind: 'delay', delayMs: 150, times: 1 });
    const started = Date.now();
    const response = await api();
    assert.equal(response.status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  it('status: sends the status, an MX error body and Retry-After, for `times` requests only', async () => {
    sandbox.addFault({ kind: 'status', status: 503, retryAfterSeconds: 7, times: 1 });
    const response = await api();
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.ok(response.headers.get('mx-correlation-id'));
    const body = (await response.json()) as { errorCode: number; errorDescription: string };
    assert.equal(typeof body.errorCode, 'number');
    assert.match(body.errorDescription, /503/);
    assert.equal((await api()).status, 200);
  });

  it('status on the auth server: an OAuth-style body', async () => {
    sandbox.addFault({ kind: 'status', target: 'auth' });
    const response = await tokenRequest(sandbox, { grant_type: 'password', client_id: 'tests' });
    assert.equal(response.status, 500);
    assert.equal(((await response.json()) as { error: string }).error, 'server_error');
    assert.equal((await api()).status, 200, 'the API is not affected');
  });

  it('pathPrefix limits a fault to matching paths, and the remover clears it', async () => {
    const remove = sandbox.addFault({ kind: 'emptyBody', pathPrefix: `${CHAINS}/` });
    assert.equal((await api()).status, 200);
    const hit = await api(`${CHAINS}/6e66f9df-6c6f-4a09-877c-1e77ae5e426e`);
    assert.equal(hit.status, 404);
    assert.equal(hit.headers.get('content-length'), '0');
    remove();
    assert.equal((await api(`${CHAINS}/6e66f9df-6c6f-4a09-877c-1e77ae5e426e`)).status, 200);
  });

  it('reset: destroys the connection and logs status 0', async () => {
    sandbox.clearRequests();
    sandbox.addFault({ kind: 'reset', times: 1 });
    await assert.rejects(api());
    assert.equal(sandbox.requests[0].status, 0);
  });

  it('malformedJson and truncatedJson: 200 with a JSON content type and a body that does not parse', async () => {
    for (const kind of ['malformedJson', 'truncatedJson'] as const) {
      sandbox.addFault({ kind, times: 1 });
      const response = await api();
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const text = await response.text();
      assert.ok(text.length > 10);
      assert.throws(() => JSON.parse(text), SyntaxError, kind);
    }
  });

  it('html: a proxy error page', async () => {
    sandbox.addFault({ kind: 'html', times: 1 });
    const response = await api();
    assert.equal(response.status, 502);
    assert.equal(response.headers.get('content-type'), 'text/html');
    assert.match(await response.text(), /<title>502 Bad Gateway<\/title>/);
  });

  it('largeBody: a valid JSON array of about 20 MB of recorded showtimes', async () => {
    sandbox.addFault({ kind: 'largeBody', times: 1 });
    const response = await api();
    const text = await response.text();
    assert.ok(Math.abs(text.length - 20 * 1024 * 1024) < 4096, `${text.length} bytes`);
    const showtimes = JSON.parse(text) as { startTimeUtc: string }[];
    assert.ok(showtimes.length > 10_000);
    assert.ok(showtimes.every((s) => typeof s.startTimeUtc === 'string'));
  });

  it('largeBody: built once per size', async () => {
    const records = (await loadMxData()).allShowtimesWithTicketTypes;
    const body = largeJsonArray(records, 20 * 1024 * 1024 + 1);
    assert.equal(largeJsonArray(records, 20 * 1024 * 1024 + 1), body);
  });

  it('slowBody: headers at once, then the body trickles in', async () => {
    sandbox.addFault({ kind: 'slowBody', delayMs: 300, times: 1 });
    const started = Date.now();
    const response = await api();
    const headersAfter = Date.now() - started;
    const chains = (await response.json()) as unknown[];
    const bodyAfter = Date.now() - started;
    assert.equal(chains.length, 4);
    assert.ok(bodyAfter - headersAfter >= 150, `headers after ${headersAfter} ms, body after ${bodyAfter} ms`);
  });

  it('gzip: the normal answer compressed, only for a client that accepts gzip', async () => {
    const raw = (acceptEncoding?: string) =>
      new Promise<{ encoding?: string; vary?: string; body: Buffer }>((resolve, reject) => {
        const extra: Record<string, string> = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
        http
          .get(`${sandbox.apiUrl}${CHAINS}`, { headers: { ...headers, ...extra } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    const plain = await raw();
    sandbox.addFault({ kind: 'gzip' });
    const compressed = await raw('gzip, deflate, br');
    assert.deepEqual([compressed.encoding, compressed.vary], ['gzip', 'Accept-Encoding']);
    assert.equal(gunzipSync(compressed.body).toString(), plain.body.toString());
    for (const refusing of [undefined, 'identity', 'gzip;q=0, deflate']) {
      const answer = await raw(refusing);
      assert.equal(answer.encoding, undefined, String(refusing));
      assert.equal(answer.body.toString(), plain.body.toString());
    }
  });

  it('tells when a client abandons an answer before it is complete', async () => {
    sandbox.addFault({ kind: 'slowBody', delayMs: 5_000, times: 1 });
    const controller = new AbortController();
    const abandoned = sandbox.nextClientAbort((r) => r.path === CHAINS);
    const response = await fetch(`${sandbox.apiUrl}${CHAINS}`, { headers, signal: controller.signal });
    controller.abort();
    await assert.rejects(response.text());
    assert.equal((await abandoned).status, 200);
  });

  it('rejects faults it does not know', () => {
    assert.throws(() => sandbox.addFault({ kind: 'explode' as never }), TypeError);
    assert.throws(() => sandbox.addFault({ kind: 'delay', times: 0 }), TypeError);
  });

  it('stop() ends pending delays and open connections at once', async () => {
    const other = await startSandbox();
    const tokens = await signIn(other);
    // times: 2 keeps the fault listed after the first request takes it, so we can see it arrived.
    other.addFault({ kind: 'delay', delayMs: 60_000, times: 2 });
    const pending = fetch(`${other.apiUrl}${CHAINS}`, { headers: mxHeaders(tokens.access_token, DEFAULT_ACCOUNT) });
    const remaining = async () => ((await (await fetch(`${other.apiUrl}/__sandbox/faults`)).json()) as { remaining: number }[])[0].remaining;
    while ((await remaining()) === 2);
    const started = Date.now();
    await other.stop();
    await assert.rejects(pending);
    // far below the 60 s delay: stop() did not wait for it
    assert.ok(Date.now() - started < 30_000);
  });
});

// Requests to a server other than the MX API (src/mx/plainClient.ts, request.ts preparePlainDraft):
// sent as written with nothing credential-like, checked by what a local stub server really
// receives; a credential header is refused before anything leaves; and the panel's host sends a
// `.http` file's foreign request this way, showing its answer like an MX answer.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, MxApiClient } from '../../src/mx/apiClient';
import { sendWithoutCredentials } from '../../src/mx/plainClient';
import { type PlainRequest, preparePlainDraft } from '../../src/mx/request';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { draft, World } from './battery/world';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A foreign server on loopback that records what reaches it and answers a small JSON body. */
async function startStub(): Promise<{ origin: string; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"stub":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function prepared(input: Parameters<typeof preparePlainDraft>[0]): PlainRequest {
  const result = preparePlainDraft(input);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.request;
}

const CREDENTIAL_LIKE = ['authorization', 'mx-api-client-secret', 'proxy-authorization', 'cookie'];

describe('requests to other servers, without credentials', function () {
  this.timeout(10_000);
  let stub: Awaited<ReturnType<typeof startStub>>;

  beforeEach(async () => {
    stub = await startStub();
  });
  afterEach(async () => {
    await stub?.stop();
  });

  describe('preparePlainDraft', () => {
    it('takes a full http(s) URL with its query rows, headers and a body for a body method', () => {
      const request = prepared({ method: 'post', url: `${stub.origin}/v1/x?a=1#frag`, query: [{ name: 'b', value: 'two words' }], headers: [{ name: 'X-Trace', value: 't1' }], body: '{"k":1}' });
      assert.deepEqual(request, {
        method: 'POST',
        url: `${stub.origin}/v1/x?a=1&b=two%20words`,
        headers: [['Accept', 'application/json'], ['Content-Type', 'application/json'], ['X-Trace', 't1']],
        body: '{"k":1}',
      });
      assert.equal(prepared({ method: 'GET', url: `${stub.origin}/x`, body: '{"ignored":true}' }).body, undefined, 'GET sends no body');
    });

    it('refuses every credential header, whatever its value, with a reason that does not echo it', () => {
      for (const name of ['Authorization', 'authorization', 'MX-Api-Client-Secret', 'Proxy-Authorization']) {
        const result = preparePlainDraft({ method: 'GET', url: `${stub.origin}/x`, headers: [{ name, value: 'Basic c2VjcmV0LXZhbHVl' }] });
        assert.ok(!result.ok && result.kind === 'invalidRequest', name);
        assert.match(result.reason, /sent without credentials of any kind/);
        assert.doesNotMatch(result.reason, /c2VjcmV0/);
      }
    });

    it('refuses a URL with a user name or password, a relative URL and other schemes', () => {
      const withUser = preparePlainDraft({ method: 'GET', url: 'http://user:pass@127.0.0.1:1/x' });
      assert.ok(!withUser.ok && withUser.kind === 'refused');
      for (const url of ['/mxs/reference-data/v1/cinema-chains', 'file:///etc/passwd', 'ftp://127.0.0.1/x', 'http://127.0.0.1:1/a b', '']) {
        assert.ok(!preparePlainDraft({ method: 'GET', url }).ok, url);
      }
    });

    it('is never accepted by the MX client: it cannot pick up the session credentials', async () => {
      const client = new MxApiClient({ apiUrl: stub.origin, credentials: async () => ({ accessToken: 'tok', clientSecret: 'sec' }) });
      // Not a PreparedRequest: the MX client reads it as an ordinary input, whose header tuples are no rows.
      const request = prepared({ method: 'GET', url: 'https://elsewhere.example.com/x' });
      await assert.rejects(client.send(request as never), (error: unknown) => error instanceof ApiError && error.kind === 'refused');
      assert.equal(stub.received.length, 0);
    });
  });

  describe('sendWithoutCredentials', () => {
    it('the server receives the request as written and nothing credential-like', async () => {
      const response = await sendWithoutCredentials(prepared({ method: 'PUT', url: `${stub.origin}/items/7?x=1`, headers: [{ name: 'X-Trace', value: 'abc' }], body: '{"n":7}' }));
      assert.equal(response.status, 201);
      assert.deepEqual(response.json, { stub: true });
      assert.equal(stub.received.length, 1);
      const [got] = stub.received;
      assert.equal(got.method, 'PUT');
      assert.equal(got.url, '/items/7?x=1');
      assert.equal(got.body, '{"n":7}');
      assert.equal(got.headers['x-trace'], 'abc');
      for (const name of CREDENTIAL_LIKE) assert.equal(got.headers[name], undefined, name);
      assert.match(String(got.headers['user-agent']), /^MX-Explorer\b/, 'says who sends it');
      assert.deepEqual(response.requestHeaders, [['Accept', 'application/json'], ['Content-Type', 'application/json'], ['X-Trace', 'abc']]);
    });

    it('a hand-built request naming a credential header is refused and nothing reaches the server', async () => {
      const forged: PlainRequest = { method: 'GET', url: `${stub.origin}/x`, headers: [['mx-api-client-secret', 'sec']] };
      await assert.rejects(sendWithoutCredentials(forged), (error: unknown) => error instanceof ApiError && error.kind === 'refused');
      assert.equal(stub.received.length, 0);
    });
  });

  describe('sent from the panel host (a .http file to another origin)', () => {
    let sandbox: Sandbox;
    let world: World;
    beforeEach(async () => {
      sandbox = await startSandbox();
      world = new World({ sandbox });
    });
    afterEach(async () => {
      world?.dispose();
      await sandbox?.stop();
    });

    it('signed in, the foreign server gets neither the token nor the client secret; the answer shows like an MX answer', async () => {
      const session = await world.signIn();
      await world.ready();
      const answer = await world.handler.sendFromHost(draft(`${stub.origin}/hello`), { credentials: 'none' });
      assert.ok(answer.type === 'response' && answer.response.status === 201, JSON.stringify(answer));
      assert.equal(stub.received.length, 1);
      const seen = JSON.stringify(stub.received[0].headers);
      for (const name of CREDENTIAL_LIKE) assert.equal(stub.received[0].headers[name], undefined, name);
      const { accessToken: token, clientSecret } = await session.credentials();
      assert.ok(token.length > 10 && clientSecret.length > 5);
      assert.ok(!seen.includes(token) && !seen.includes(clientSecret), 'no session secret in any header');
      const types = world.effects.posted.map((m) => m.type);
      assert.ok(types.includes('showRequest') && types.includes('response'), types.join());
      assert.equal(world.history.entries()[0]?.draft.url, `${stub.origin}/hello`, 'it entered the history');
    });

    it('the history entry names the .http file and line it was sent from', async () => {
      await world.signIn();
      await world.handler.sendFromHost(draft(`${stub.origin}/hello`), { credentials: 'none', source: { file: 'cloned/hook.http', line: 3 } });
      await world.handler.sendFromHost(draft('/mxs/reference-data/v1/cinema-chains'), { source: { file: 'api/chains.http', line: 12 } });
      assert.deepEqual(
        world.history.entries().map((e) => [e.draft.url, e.status, e.source]),
        [
          ['/mxs/reference-data/v1/cinema-chains', 200, { file: 'api/chains.http', line: 12 }],
          [`${stub.origin}/hello`, 201, { file: 'cloned/hook.http', line: 3 }],
        ],
      );
    });

    it('without the flag the same draft is refused by the MX pipeline and nothing is sent anywhere', async () => {
      await world.signIn();
      const before = sandbox.requests.length;
      const answer = await world.handler.sendFromHost(draft(`${stub.origin}/hello`));
      assert.ok(answer.type === 'requestFailed' && answer.kind === 'refused');
      assert.equal(stub.received.length, 0);
      assert.equal(sandbox.requests.length, before);
    });
  });
});

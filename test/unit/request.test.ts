// The one request pipeline (src/mx/request.ts) on its own: what it accepts, resolves, completes and
// refuses, and that it never throws; then the same pipeline sending over real HTTP (the sandbox and
// loopback stubs), and drafts handed over by other extensions through RequestRunner.run.
import * as assert from 'node:assert/strict';
import { AuthenticatedClient } from '../../src/auth/authenticatedClient';
import { decodeAnswer } from '../../src/mx/answerDecoding';
import { ApiError, MxApiClient } from '../../src/mx/apiClient';
import { REDACTED } from '../../src/mx/redaction';
import {
  apiTarget,
  type ApiTarget,
  isPrepared,
  PLAIN_PATH,
  type Prepared,
  type PreparedRequest,
  prepareDraft,
  prepareRequest,
  resolveUrl,
} from '../../src/mx/request';
import { HTTP_METHODS, methodTakesBody } from '../../src/mx/requestRules';
import { requestToken } from '../../src/mx/tokenClient';
import type { RequestDraft } from '../../src/protocol';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { CHAINS, seededRandom, World } from './battery/world';
import { startStub } from './stubServer';

const API = 'https://staging-api.moviexchange.com';
const CHAIN = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const CREATE_ORDER = `/mxt/ticketing/v1/cinema-chains/${CHAIN}/orders`;

function draft(patch: Partial<RequestDraft> = {}): RequestDraft {
  return { method: 'GET', url: '/mxs/reference-data/v1/cinema-chains', query: [], headers: [], body: '', ...patch };
}

function checkedTarget(apiUrl: string): ApiTarget {
  const target = apiTarget(apiUrl);
  assert.ok(target.ok, target.ok ? '' : target.reason);
  return target.target;
}

function prepared(result: Prepared): PreparedRequest {
  assert.ok(result.ok, result.ok ? '' : `${result.kind}: ${result.reason}`);
  return result.request;
}

function refusal(result: Prepared, kind: 'refused' | 'invalidRequest'): string {
  assert.ok(!result.ok, `expected a refusal, got ${JSON.stringify(result)}`);
  assert.equal(result.kind, kind, result.reason);
  return result.reason;
}

/** The URL a draft is sent to, as the old export helper reported it. */
function resolveDraftUrl(d: RequestDraft, apiUrl: string): { ok: true; url: string } | Exclude<Prepared, { ok: true }> {
  const result = prepareDraft(d, apiUrl);
  return result.ok ? { ok: true, url: result.request.url } : result;
}

const CHAINS_PATH = '/mxs/reference-data/v1/cinema-chains';

describe('request pipeline', () => {
  describe('URL, query rows and the origin rule', () => {
    it('resolves against the API base and appends enabled query rows, encoded', () => {
      const result = resolveDraftUrl(
        draft({
          url: '/mxs/reference-data/v1/sites/abc/showtimes-with-ticket-types',
          query: [
            { name: 'from', value: '2021-04-26T00:00:00', enabled: true },
            { name: 'off', value: 'x', enabled: false },
            { name: '', value: 'no name', enabled: true },
            { name: 'q', value: 'a b&c=d#e+f/é', enabled: true },
          ],
        }),
        API,
      );
      assert.deepEqual(result, {
        ok: true,
        url: `${API}/mxs/reference-data/v1/sites/abc/showtimes-with-ticket-types?from=2021-04-26T00%3A00%3A00&q=a%20b%26c%3Dd%23e%2Bf%2F%C3%A9`,
      });
    });

    it('keeps a query already in the URL, drops a fragment, and keeps a gateway path prefix', () => {
      const q = [{ name: 'b', value: '2', enabled: true }];
      assert.deepEqual(resolveDraftUrl(draft({ url: '/x?a=1#frag', query: q }), API), { ok: true, url: `${API}/x?a=1&b=2` });
      assert.deepEqual(resolveDraftUrl(draft({ url: '/x?', query: q }), API), { ok: true, url: `${API}/x?b=2` });
      assert.deepEqual(resolveDraftUrl(draft({ url: 'mxs/x' }), 'https://gw.example.com/mx'), { ok: true, url: 'https://gw.example.com/mx/mxs/x' });
      assert.deepEqual(resolveDraftUrl(draft({ url: `${API}/mxs/x` }), API), { ok: true, url: `${API}/mxs/x` });
    });

    it('refuses other origins with "refused", exactly as sending does', () => {
      for (const url of [
        'https://evil.example.com/mxs/reference-data/v1/cinema-chains',
        '//evil.example.com/x',
        'http://staging-api.moviexchange.com/x',
        'https://staging-api.moviexchange.com:444/x',
        'https://user:pw@staging-api.moviexchange.com/x',
        'file:///etc/passwd',
      ]) {
        const result = resolveDraftUrl(draft({ url }), API);
        assert.equal(result.ok, false, url);
        assert.ok(!result.ok && result.kind === 'refused' && /refused/i.test(result.reason), JSON.stringify(result));
      }
      const bad = resolveDraftUrl(draft({ url: '/a b' }), API);
      assert.ok(!bad.ok && bad.kind === 'invalidRequest');
      const empty = resolveDraftUrl(draft({ url: '' }), API);
      assert.ok(!empty.ok && empty.kind === 'invalidRequest');
      const badBase = resolveDraftUrl(draft(), 'http://evil.example.com');
      assert.ok(!badBase.ok && /refused/i.test(badBase.reason));
    });
  });

  describe('method', () => {
    it('takes the seven methods in any case, trimmed, and refuses others', () => {
      assert.equal(prepared(prepareRequest({ method: ' post ', url: CHAINS }, API)).method, 'POST');
      for (const method of HTTP_METHODS) assert.equal(prepared(prepareRequest({ method, url: CHAINS }, API)).method, method);
      for (const method of ['TRACE', 'CONNECT', 'FETCH', '', undefined, 42]) {
        assert.match(refusal(prepareRequest({ method: method as string, url: CHAINS }, API), 'invalidRequest'), /Unknown HTTP method/);
      }
    });
  });

  describe('body per method: POST, PUT, PATCH and DELETE carry one; GET, HEAD and OPTIONS do not', () => {
    for (const method of HTTP_METHODS) {
      const takes = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
      it(`${method}: ${takes ? 'sends the body with Content-Type' : 'a program\'s body is refused, a draft\'s is left out'}`, () => {
        assert.equal(methodTakesBody(method), takes);
        assert.equal(methodTakesBody(method.toLowerCase()), takes);
        const given = prepareRequest({ method, url: CHAINS, body: '{"a":1}' }, API);
        const edited = prepared(prepareDraft(draft({ method, body: '{"a":1}' }), API));
        if (takes) {
          assert.equal(prepared(given).body, '{"a":1}');
          assert.equal(edited.body, '{"a":1}');
          assert.deepEqual(edited.headers, [['Accept', 'application/json'], ['Content-Type', 'application/json']]);
        } else {
          assert.equal(refusal(given, 'invalidRequest'), `A ${method} request cannot have a body.`);
          assert.equal(edited.body, undefined);
          assert.deepEqual(edited.headers, [['Accept', 'application/json']]);
        }
      });
    }

    it('an empty body is no body; a blank draft body is no body either', () => {
      assert.equal(prepared(prepareRequest({ method: 'GET', url: CHAINS, body: '' }, API)).body, undefined);
      assert.equal(prepared(prepareDraft(draft({ method: 'POST', body: ' \n\t ' }), API)).body, undefined);
      assert.equal(prepared(prepareRequest({ method: 'POST', url: CHAINS, body: ' ' }, API)).body, ' ');
      assert.match(refusal(prepareRequest({ method: 'POST', url: CHAINS, body: 42 as unknown as string }, API), 'invalidRequest'), /must be text/);
    });
  });

  describe('headers', () => {
    const row = (name: string, value: string, enabled = true) => ({ name, value, enabled });

    it('adds Accept (and Content-Type with a body) unless given, keeps names as typed, combines repeats', () => {
      const request = prepared(
        prepareDraft(draft({ method: 'PUT', body: 'x', headers: [row('x-Trace', ' a '), row('X-TRACE', 'b'), row('accept', '*/*'), row('X-Off', '1', false), row('  ', 'ignored')] }), API),
      );
      assert.deepEqual(request.headers, [['Content-Type', 'application/json'], ['x-Trace', 'a, b'], ['accept', '*/*']]);
      const typed = prepared(prepareRequest({ method: 'POST', url: CHAINS, body: 'a=1', headers: [{ name: 'content-type', value: 'application/x-www-form-urlencoded' }] }, API));
      assert.deepEqual(typed.headers, [['Accept', 'application/json'], ['content-type', 'application/x-www-form-urlencoded']]);
    });

    const refused: ReadonlyArray<[string, string, string, RegExp]> = [
      ['CR/LF in a name', 'X-A\r\n', '1', /^Header name "X-A\\r\\n" is not valid/],
      ['a space in a name', 'X A', '1', /^Header name "X A" is not valid/],
      ['CR/LF in a value', 'X-A', 'a\r\nX-Injected: 1', /^The value of header X-A must be plain ASCII/],
      ['non-ASCII in a value', 'X-A', 'café', /^The value of header X-A must be plain ASCII/],
      ['Authorization', 'authorization', 'Bearer mine', /MX Explorer adds the credentials itself/],
      ['MX-Api-Client-Secret', 'Mx-Api-Client-Secret', 'mine', /MX Explorer adds the credentials itself/],
      ['Proxy-Authorization', 'Proxy-Authorization', 'Basic x', /MX Explorer adds the credentials itself/],
      ['Host', 'Host', 'evil.example.com', /is set by the HTTP client/],
      ['Transfer-Encoding', 'transfer-encoding', 'chunked', /is set by the HTTP client/],
    ];
    for (const [what, name, value, reason] of refused) {
      it(`refuses ${what}`, () => {
        assert.match(refusal(prepareDraft(draft({ headers: [row(name, value)] }), API), 'invalidRequest'), reason);
        assert.match(refusal(prepareRequest({ method: 'GET', url: CHAINS, headers: [{ name, value }] }, API), 'invalidRequest'), reason);
      });
    }
  });

  describe('what it hands on', () => {
    it('is frozen, genuine, bound to its API base, and knows the endpoint it addresses', () => {
      const request = prepared(prepareDraft(draft({ method: 'POST', url: CREATE_ORDER, body: '{}' }), `${API}/`));
      assert.ok(Object.isFrozen(request) && Object.isFrozen(request.headers) && request.headers.every((pair) => Object.isFrozen(pair)));
      assert.ok(isPrepared(request));
      assert.ok(!isPrepared({ ...request }), 'a copy is not a prepared request');
      assert.equal(request.apiUrl, API);
      assert.equal(request.url, `${API}${CREATE_ORDER}`);
      assert.equal(request.endpoint?.endpoint.id, 'create-order');
      assert.deepEqual(request.endpoint?.params, { cinemaChainId: CHAIN });
      assert.equal(prepared(prepareDraft(draft({ url: '/elsewhere' }), API)).endpoint, undefined);
    });

    it('is the same frozen request again for the same method, URL and API base when nothing else is given', () => {
      const first = prepared(prepareRequest({ method: 'GET', url: CHAINS_PATH }, API));
      assert.equal(prepared(prepareRequest({ method: 'GET', url: CHAINS_PATH, query: [], headers: [], body: '' }, API)), first);
      assert.ok(isPrepared(first) && Object.isFrozen(first));
      const otherBase = prepared(prepareRequest({ method: 'GET', url: CHAINS_PATH }, 'https://other-api.example.com'));
      assert.notEqual(otherBase, first);
      assert.equal(otherBase.url, `https://other-api.example.com${CHAINS_PATH}`);
      assert.notEqual(prepared(prepareRequest({ method: 'HEAD', url: CHAINS_PATH }, API)), first);
      // with a header, a query row or a body every request is checked afresh
      const withHeader = prepared(prepareRequest({ method: 'GET', url: CHAINS_PATH, headers: [{ name: 'X-A', value: '1' }] }, API));
      assert.notEqual(withHeader, prepared(prepareRequest({ method: 'GET', url: CHAINS_PATH, headers: [{ name: 'X-A', value: '1' }] }, API)));
      assert.deepEqual(withHeader.headers, [['Accept', 'application/json'], ['X-A', '1']]);
      // a refusal is never remembered as a request
      assert.equal(prepareRequest({ method: 'GET', url: 'https://evil.example.com/x' }, API).ok, false);
      assert.equal(prepareRequest({ method: 'GET', url: 'https://evil.example.com/x' }, API).ok, false);
    });
  });

  describe('never throws', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwing = Object.defineProperty({}, 'method', { get: () => { throw new Error('boom'); }, enumerable: true });
    const hostile: ReadonlyArray<[string, unknown]> = [
      ['null', null],
      ['undefined', undefined],
      ['a number', 42],
      ['a string', 'GET /x'],
      ['a getter that throws', throwing],
      ['a revoked proxy', revoked.proxy],
      ['headers that are not a list', { method: 'GET', url: CHAINS, headers: 'Accept: */*' }],
      ['null rows', { method: 'GET', url: CHAINS, headers: [null], query: [null] }],
      ['a URL that is not a string', { method: 'GET', url: { toString: () => CHAINS } }],
    ];
    for (const [what, input] of hostile) {
      it(`answers ${what} with a refusal or a checked request`, () => {
        for (const prepare of [prepareRequest, prepareDraft]) {
          const result = prepare(input as RequestDraft, API);
          assert.ok(result.ok ? isPrepared(result.request) : typeof result.reason === 'string' && result.reason.length > 0, JSON.stringify(result));
        }
      });
    }

    it('refuses an API base that may not receive credentials', () => {
      assert.match(refusal(prepareDraft(draft(), 'http://evil.example.com'), 'refused'), /refused to use this API base URL/);
    });
  });

  describe('decoding the answer', () => {
    const mxError = '{"errorDescription":"Site [x] not found","errorCode":40002,"errorCodeDescription":"The specified site cannot be found."}';
    it('parses JSON content types, and JSON-looking text when no type is named', () => {
      assert.deepEqual(decodeAnswer(200, 'application/problem+json; charset=utf-8', '\uFEFF{"a":1}'), { json: { a: 1 } });
      assert.deepEqual(decodeAnswer(200, undefined, ' [1]'), { json: [1] });
      assert.deepEqual(decodeAnswer(200, 'text/plain', '{"a":1}'), {});
      assert.deepEqual(decodeAnswer(200, undefined, 'hello'), {});
      assert.deepEqual(decodeAnswer(404, 'application/json', ''), {});
    });

    it('reports malformed JSON as a value, and MX error bodies on 4xx/5xx only', () => {
      assert.match(decodeAnswer(200, 'application/json', '{"a":').jsonError ?? '', /^The body is not valid JSON: /);
      assert.equal(decodeAnswer(400, undefined, mxError).mxError?.errorCode, 40002);
      assert.equal(decodeAnswer(500, 'application/json', mxError).mxError?.errorCode, 40002);
      assert.equal(decodeAnswer(200, 'application/json', mxError).mxError, undefined);
      assert.equal(decodeAnswer(502, 'text/html', '<html></html>').mxError, undefined);
    });
  });
});

describe('request pipeline: URL resolution (fuzzed against the URL parser)', () => {
  // Paths the client sends as typed (PLAIN_PATH) must be exactly what the URL parser would send;
  // every other path goes through the parser. Checked on random paths over all printable ASCII and
  // a few non-ASCII characters, against API bases with and without a port and a base path.
  const bases = ['http://127.0.0.1:4321', 'https://api.example.com', 'https://api.example.com:8443/mx/v2'];
  const alphabet = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)), 'é', '✓', '/', '/', 'a', '-', '?'];

  it('sends a plain path as typed only where the URL parser agrees, and parses every other path', () => {
    const random = seededRandom(20261123);
    let plain = 0;
    let parsed = 0;
    for (const apiUrl of bases) {
      const target = checkedTarget(apiUrl);
      for (let n = 0; n < 3000; n++) {
        const length = 1 + Math.floor(random() * 24);
        let path = '/';
        for (let i = 0; i < length; i++) {
          path += alphabet[Math.floor(random() * alphabet.length)];
        }
        const result = resolveUrl(path, target);
        if (!result.ok) {
          continue;
        }
        const expected = new URL(apiUrl + path);
        expected.hash = '';
        assert.equal(result.url, expected.href, `path ${JSON.stringify(path)} on ${apiUrl}`);
        if (PLAIN_PATH.test(path)) {
          plain++;
        } else {
          parsed++;
        }
      }
    }
    assert.ok(plain > 500 && parsed > 500, `both routes exercised (plain ${plain}, parsed ${parsed})`);
  });

  it('treats as plain the documented MX paths with their parameters filled in', () => {
    for (const path of [
      '/mxs/reference-data/v1/cinema-chains',
      '/mxs/reference-data/v1/cinema-chains/0f3e2a1b-1234-4abc-9def-0123456789ab/sites',
      '/mxs/reference-data/v1/showtimes?siteId=42&from=2026-11-23T10:00:00Z',
    ]) {
      assert.ok(PLAIN_PATH.test(path), path);
    }
    for (const path of ['/a/./b', '/a%2Fb', "/a?b='c'", '/a#frag', '/caf\u00e9', '/a b', '/a"b', '/a<b>', '/a{b}', '/a`b']) {
      assert.ok(!PLAIN_PATH.test(path), path);
    }
  });
});

describe('request pipeline over HTTP', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let accessToken: string;
  let credentialCalls = 0;

  before(async () => {
    sandbox = await startSandbox();
    const account = { kind: 'password' as const, username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'mx-explorer-tests' };
    accessToken = (await requestToken({ authUrl: sandbox.authUrl }, account)).accessToken;
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.clearRequests();
    sandbox.clearFaults();
    credentialCalls = 0;
  });

  const client = (apiUrl = sandbox.apiUrl): MxApiClient =>
    new MxApiClient({
      apiUrl,
      credentials: async () => {
        credentialCalls++;
        return { accessToken, clientSecret: DEFAULT_ACCOUNT.clientSecret };
      },
    });

  it('sends a prepared request exactly as prepared, and the answer carries its endpoint and decoded body', async () => {
    const mx = client();
    const request = prepared(mx.prepareDraft(draft({ url: `${CHAINS}/${CHAIN}/sites`, query: [{ name: 'q', value: 'a b', enabled: true }] })));
    const response = await mx.send(request);
    assert.equal(response.status, 200);
    assert.equal(response.url, `${sandbox.apiUrl}${CHAINS}/${CHAIN}/sites?q=a%20b`);
    assert.equal(response.endpoint?.endpoint.id, 'get-sites-for-cinema-chain');
    assert.deepEqual(response.endpoint?.params, { cinemaChainId: CHAIN });
    assert.ok(Array.isArray(response.json));
    assert.deepEqual(response.requestHeaders, [['Accept', 'application/json'], ['Authorization', `Bearer ${REDACTED}`], ['MX-Api-Client-Secret', REDACTED]]);
    assert.deepEqual(sandbox.requests.map((r) => `${r.method} ${r.path}?${r.query}`), [`GET ${CHAINS}/${CHAIN}/sites?q=a%20b`]);
    assert.equal(sandbox.requests[0].headers.authorization, `Bearer ${accessToken}`);
  });

  it('sends an OPTIONS draft without its body (the one body-per-method rule)', async () => {
    const mx = client();
    const response = await mx.send(prepared(mx.prepareDraft(draft({ method: 'OPTIONS', body: '{"dropped":true}' }))));
    assert.equal(response.status, 405);
    const [sent] = sandbox.requests;
    assert.equal(sent.method, 'OPTIONS');
    assert.equal(sent.body, '');
    assert.equal(sent.headers['content-type'], undefined);
  });

  it('refuses a request prepared for another API base, before asking for credentials', async () => {
    const elsewhere = await startStub();
    try {
      const forElsewhere = prepared(prepareDraft(draft(), elsewhere.url));
      await assert.rejects(client().send(forElsewhere), (err: unknown) => err instanceof ApiError && err.kind === 'refused' && /only go to the API base/.test(err.message));
      // a look-alike is no prepared request: it goes through the pipeline like any other input
      const lookAlike = { ...prepared(prepareDraft(draft(), sandbox.apiUrl)), url: `${elsewhere.url}${CHAINS}` };
      await assert.rejects(client().send(lookAlike), (err: unknown) => err instanceof ApiError && err.kind === 'refused');
      assert.equal(credentialCalls, 0);
      assert.deepEqual(sandbox.requests, []);
      assert.deepEqual(elsewhere.requests, []);
    } finally {
      await elsewhere.stop();
    }
  });

  it('sends with the credentials a caller gives, so the caller knows which token went out', async () => {
    const mx = new MxApiClient({ apiUrl: sandbox.apiUrl });
    const response = await mx.send({ method: 'GET', url: CHAINS }, { credentials: { accessToken: 'stale', clientSecret: 'x' } });
    assert.equal(response.status, 401);
    assert.equal(sandbox.requests[0].headers.authorization, 'Bearer stale');
  });

  describe('drafts from other extensions (RequestRunner.run, behind sendRequest)', () => {
    let world: World;
    before(async () => {
      world = new World({ sandbox });
      await world.signIn();
    });
    after(() => world?.dispose());

    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const cyclic: Record<string, unknown> = { ...draft() };
    cyclic.self = cyclic;
    const malformed: ReadonlyArray<[string, unknown, unknown?]> = [
      ['null', null],
      ['a string', `GET ${CHAINS}`],
      ['an empty object', {}],
      ['a draft without rows', { method: 'GET', url: CHAINS, body: '' }],
      ['a lower-case method', { ...draft(), method: 'get' }],
      ['an unknown method', { ...draft(), method: 'TRACE' }],
      ['a row without `enabled`', { ...draft(), headers: [{ name: 'X-A', value: '1' }] }],
      ['a body that is not text', { ...draft(), body: { a: 1 } }],
      ['a getter that throws', Object.defineProperty({ ...draft() }, 'url', { get: () => { throw new Error('boom'); }, enumerable: true })],
      ['a revoked proxy', revoked.proxy],
      ['a cycle', cyclic],
      ['a function as the URL', { ...draft(), url: () => CHAINS }],
      ['a signal that is not an AbortSignal', draft(), { aborted: false }],
    ];
    for (const [what, input, signal] of malformed) {
      it(`answers ${what} with an invalidRequest outcome, sending nothing`, async () => {
        const outcome = await world.runner.run(input, signal);
        assert.equal(outcome.ok, false);
        assert.ok(!outcome.ok && outcome.kind === 'invalidRequest' && outcome.message.length > 10, JSON.stringify(outcome));
        assert.deepEqual(sandbox.requests, []);
        assert.equal(world.session?.state.status, 'active');
      });
    }

    it('sends a well-formed draft through the same pipeline as the panel', async () => {
      const outcome = await world.runner.run(draft({ url: CHAINS, method: 'OPTIONS', body: '{"dropped":true}' }));
      assert.ok(outcome.ok && outcome.summary.status === 405, JSON.stringify(outcome));
      assert.equal(sandbox.requests[0].body, '');
      const sent = await world.runner.run(draft({ url: CHAINS }));
      assert.ok(sent.ok && sent.summary.status === 200);
      const refused = await world.runner.run(draft({ url: 'https://evil.example.com/x' }));
      assert.ok(!refused.ok && refused.kind === 'refused');
    });

    it('keeps the last five answers explorable, fewer when their bodies pass 16 MB together, the newest always', async () => {
      const ids: string[] = [];
      const sendOne = async (): Promise<string> => {
        const outcome = await world.runner.run(draft({ url: CHAINS }));
        assert.ok(outcome.ok && outcome.summary.status === 200, JSON.stringify(outcome));
        return outcome.summary.responseId;
      };
      for (let i = 0; i < 7; i++) ids.push(await sendOne());
      assert.deepEqual(
        ids.map((id) => world.runner.response(id) !== undefined),
        [false, false, true, true, true, true, true],
      );
      // 10 MB answers: the older one goes as soon as two together pass the budget
      sandbox.addFault({ kind: 'largeBody', sizeBytes: 10 * 1024 * 1024, pathPrefix: CHAINS, times: 2 });
      const big1 = await sendOne();
      assert.ok(world.runner.response(big1));
      const big2 = await sendOne();
      assert.equal(world.runner.response(big1), undefined);
      assert.ok(world.runner.response(big2), 'the newest stays however large');
      assert.ok(ids.slice(2).every((id) => world.runner.response(id) === undefined), 'older ones went before the large one');
      const small = await sendOne();
      assert.ok(world.runner.response(big2) && world.runner.response(small), 'a 10 MB body and a small one stay under 16 MB together');
    });

    it('lets every kept answer go when asked (the panel closed)', async () => {
      const outcome = await world.runner.run(draft({ url: CHAINS }));
      assert.ok(outcome.ok);
      assert.ok(world.runner.response(outcome.summary.responseId));
      world.runner.forgetResponses();
      assert.equal(world.runner.response(outcome.summary.responseId), undefined);
    });

    it('uses one client per session', () => {
      const session = world.session;
      assert.ok(session);
      assert.equal(AuthenticatedClient.for(session), AuthenticatedClient.for(session));
      const first = world.runner.prepare(draft());
      const second = world.runner.prepare(draft({ url: `${CHAINS}/${CHAIN}` }));
      assert.ok(first.ok && second.ok && first.client === second.client && first.client === AuthenticatedClient.for(session));
    });
  });
});

// Security battery, part 4: hostile input. Header injection (CR/LF, NUL, non-ASCII), credential
// and framing headers, javascript:/file:/data: and foreign-origin URLs, overlong URLs, path
// traversal through path parameters, calls that hold seats disguised as harmless ones, and bad
// sign-in answers (a 51-character client ID, empty fields, unsafe auth URLs). Each must be refused
// with a reason the user can read BEFORE anything reaches the network: the sandbox, a foreign
// loopback server and the token endpoint must see nothing.
import * as assert from 'node:assert/strict';
import { fillPath, findEndpoint } from '../../../src/mx/catalogue';
import { TokenError } from '../../../src/mx/tokenClient';
import { MAX_URL_CHARS } from '../../../src/panel/protocolValidation';
import type { RequestDraft } from '../../../src/protocol';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/types';
import { type Stub, startStub } from '../stubServer';
import { tally } from './tally';
import { answerTo, CHAINS, draft, sandboxNow, World } from './world';

const CHAIN = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const CREATE_ORDER = `/mxt/ticketing/v1/cinema-chains/${CHAIN}/orders`;
const ORDER_BODY = '{"ticketTypes":[{"showtimeId":"x","id":"0001","quantity":1}]}';

type RefusedBy = 'validator' | 'invalidRequest' | 'refused' | 'signIn' | 'catalogue' | 'declined';

interface Refusal {
  /** Who stopped it, or 'sent' when nothing did. */
  readonly by: RefusedBy | 'sent';
  readonly reason: string;
}

interface Ctx {
  readonly world: World;
  readonly sandbox: Sandbox;
  readonly foreign: Stub;
  readonly apiOrigin: string;
  readonly apiPort: string;
}

interface HostileRow {
  readonly name: string;
  readonly act: (ctx: Ctx) => Promise<Refusal>;
  /** Who must stop it (any of several, when more than one answer is right). */
  readonly by: RefusedBy | readonly RefusedBy[];
  readonly reason: RegExp;
}

let sequence = 0;

/** Posts a send as the webview would and reports who stopped it. */
async function send(ctx: Ctx, request: RequestDraft | Record<string, unknown>): Promise<Refusal> {
  const { world } = ctx;
  const requestId = `hostile-${++sequence}`;
  const rejectedBefore = world.handler.rejected;
  const from = world.effects.posted.length;
  await world.handler.receive({ type: 'send', requestId, draft: request });
  if (world.handler.rejected > rejectedBefore) {
    return { by: 'validator', reason: world.logLines.lines.at(-1) ?? '' };
  }
  const answer = answerTo(world.effects.since(from), requestId);
  if (answer.type === 'response') return { by: 'sent', reason: `HTTP ${answer.response.status} from ${answer.response.url.slice(0, 200)}` };
  if (answer.kind === 'declined') return { by: 'declined', reason: world.effects.confirmations.at(-1) ?? answer.message };
  if (answer.kind === 'invalidRequest' || answer.kind === 'refused') return { by: answer.kind, reason: answer.message };
  return { by: 'sent', reason: `${answer.kind}: ${answer.message}` };
}

const header = (name: string, value: string) => (ctx: Ctx) => send(ctx, draft(CHAINS, { headers: [{ name, value, enabled: true }] }));
const url = (target: string | ((ctx: Ctx) => string)) => (ctx: Ctx) => send(ctx, draft(typeof target === 'string' ? target : target(ctx)));

/** A sign-in with one answer changed; the token request must not even be attempted. */
function signIn(change: { username?: string; password?: string; clientId?: string; clientSecret?: string; authUrl?: string }) {
  return async ({ world }: Ctx): Promise<Refusal> => {
    const profile = {
      ...world.profile,
      id: 'hostile-sign-in',
      username: change.username ?? world.profile.username,
      clientId: change.clientId ?? world.profile.clientId,
      environment: { ...world.profile.environment, authUrl: change.authUrl ?? world.profile.environment.authUrl },
    };
    try {
      await world.signIn({ password: change.password, clientSecret: change.clientSecret }, profile);
    } catch (error) {
      assert.ok(error instanceof TokenError, String(error));
      assert.equal(error.kind, 'invalidInput');
      assert.equal(world.storedCredentials('hostile-sign-in'), undefined, 'nothing stored');
      return { by: 'signIn', reason: error.userMessage };
    }
    return { by: 'sent', reason: 'signed in' };
  };
}

function catalogue(endpointId: string, params: Record<string, string>) {
  return async (): Promise<Refusal> => {
    const endpoint = findEndpoint(endpointId);
    assert.ok(endpoint);
    const filled = fillPath(endpoint, params);
    return filled.ok ? { by: 'sent', reason: filled.path } : { by: 'catalogue', reason: filled.reason };
  };
}

const INVALID_HEADER_NAME = /^Header name ".*" is not valid; use letters, digits and - only\.$/;
const INVALID_HEADER_VALUE = /^The value of header \S+ must be plain ASCII text without line breaks or control characters\.$/;
const ADDED_BY_US = /was refused: MX Explorer adds the credentials itself from your sign-in; remove it from the request\.$/;
const SET_BY_CLIENT = /is set by the HTTP client and cannot be given\.$/;
const FOREIGN = /^Request refused: .* MX credentials are only sent there\.$/;
const TRAVERSAL = /\.\.|traversal|path parameter|segment/i;
const ASKS_FIRST = /^"Create Order" goes to Sandbox, a server on this machine \(127\.0\.0\.1:\d+\), not to a cinema: no real order or seat is involved\. Send it\?$/;

const ROWS: readonly HostileRow[] = [
  // Headers: injection, encoding, and headers that are ours or the HTTP client's to set.
  { name: 'CR/LF inside a header name', act: header('X-Trace\r\nX-Injected', '1'), by: 'invalidRequest', reason: INVALID_HEADER_NAME },
  { name: 'CR/LF at the end of a header name', act: header('X-Trace\r\n', '1'), by: 'invalidRequest', reason: INVALID_HEADER_NAME },
  { name: 'LF at the start of a header name', act: header('\nX-Trace', '1'), by: 'invalidRequest', reason: INVALID_HEADER_NAME },
  { name: 'CR/LF inside a header value (a second header smuggled in)', act: header('X-Trace', 'a\r\nX-Injected: 1'), by: 'invalidRequest', reason: INVALID_HEADER_VALUE },
  { name: 'CR/LF at the end of a header value', act: header('X-Trace', 'abc\r\n'), by: 'invalidRequest', reason: INVALID_HEADER_VALUE },
  { name: 'a bare LF in a header value', act: header('X-Trace', 'a\nb'), by: 'invalidRequest', reason: INVALID_HEADER_VALUE },
  { name: 'NUL in a header value', act: header('X-Trace', 'a\u0000b'), by: 'invalidRequest', reason: INVALID_HEADER_VALUE },
  { name: 'non-ASCII header name', act: header('X-Grüße', '1'), by: 'invalidRequest', reason: INVALID_HEADER_NAME },
  { name: 'non-ASCII header value', act: header('X-Trace', 'Grüße ☃'), by: 'invalidRequest', reason: INVALID_HEADER_VALUE },
  { name: 'an Authorization header of our own', act: header('Authorization', 'Bearer forged'), by: 'invalidRequest', reason: ADDED_BY_US },
  { name: 'an MX-Api-Client-Secret header of our own', act: header('mx-api-client-secret', 'forged'), by: 'invalidRequest', reason: ADDED_BY_US },
  { name: 'a Proxy-Authorization header', act: header('Proxy-Authorization', 'Basic Zm9vOmJhcg=='), by: 'invalidRequest', reason: ADDED_BY_US },
  { name: 'a Host header (another virtual host)', act: header('Host', 'evil.invalid'), by: 'invalidRequest', reason: SET_BY_CLIENT },
  { name: 'a Transfer-Encoding header (request smuggling)', act: header('Transfer-Encoding', 'chunked'), by: 'invalidRequest', reason: SET_BY_CLIENT },
  { name: 'a Content-Length header', act: header('Content-Length', '0'), by: 'invalidRequest', reason: SET_BY_CLIENT },

  // URLs: other schemes and origins.
  { name: 'a javascript: URL', act: url('javascript:alert(document.cookie)'), by: 'refused', reason: /a javascript: URL is not the API base/ },
  { name: 'a file: URL', act: url('file:///etc/passwd'), by: 'refused', reason: /a file: URL is not the API base/ },
  { name: 'a data: URL', act: url('data:text/html,<script>alert(1)</script>'), by: 'refused', reason: /a data: URL is not the API base/ },
  { name: 'a foreign origin', act: url('https://evil.invalid/mxs/reference-data/v1/cinema-chains'), by: 'refused', reason: FOREIGN },
  { name: 'a foreign server on this machine', act: url(({ foreign }) => `${foreign.url}${CHAINS}`), by: 'refused', reason: FOREIGN },
  { name: 'the API server under another name (localhost)', act: url(({ apiPort }) => `http://localhost:${apiPort}${CHAINS}`), by: 'refused', reason: FOREIGN },
  { name: 'the API host with another scheme (https)', act: url(({ apiPort }) => `https://127.0.0.1:${apiPort}${CHAINS}`), by: 'refused', reason: FOREIGN },
  { name: 'a protocol-relative URL', act: url(`//evil.invalid${CHAINS}`), by: 'refused', reason: /names another host/ },
  { name: 'a scheme without slashes (http:host)', act: url('http:evil.invalid/mxs'), by: 'refused', reason: FOREIGN },
  { name: 'credentials in the URL', act: url(({ apiOrigin }) => apiOrigin.replace('//', '//user:pass@') + CHAINS), by: 'refused', reason: /contains a user name or password/ },
  { name: 'the API origin as a user name (origin@evil)', act: url(({ apiOrigin }) => `${apiOrigin}@evil.invalid${CHAINS}`), by: 'refused', reason: /contains a user name or password/ },
  { name: 'a backslash turning the path into a host', act: url('/\\evil.invalid/mxs'), by: 'invalidRequest', reason: /backslashes/ },
  { name: 'CR/LF in the URL (request line injection)', act: url(`${CHAINS} HTTP/1.1\r\nHost: evil.invalid\r\n\r\nGET /`), by: 'invalidRequest', reason: /spaces, control characters/ },
  { name: 'an empty URL', act: url(''), by: 'invalidRequest', reason: /^The URL is empty\.$/ },
  { name: 'a URL over the length limit', act: url(`${CHAINS}?q=${'x'.repeat(MAX_URL_CHARS)}`), by: 'validator', reason: /send\.draft\.url is longer than 8192 characters/ },
  {
    name: 'a URL over the length limit once its query rows are added',
    act: (ctx) =>
      send(ctx, draft(CHAINS, { query: [1, 2, 3].map((i) => ({ name: `q${i}`, value: 'x'.repeat(8000), enabled: true })) })),
    by: 'invalidRequest',
    reason: /long/i,
  },

  // Path traversal through path parameters (as the webview fills them in) and out of the base path.
  { name: 'path parameter ".." (catalogue)', act: catalogue('get-sites-for-cinema-chain', { cinemaChainId: '..' }), by: 'catalogue', reason: /cinemaChainId cannot be "\.\."/ },
  { name: 'path parameter "../../x" (catalogue)', act: catalogue('get-cinema-chain', { cinemaChainId: '../../x' }), by: 'catalogue', reason: /cinemaChainId may only contain/ },
  { name: 'path parameter "%2e%2e%2fx" (catalogue)', act: catalogue('get-cinema-chain', { cinemaChainId: '%2e%2e%2fx' }), by: 'catalogue', reason: /cinemaChainId may only contain/ },
  {
    name: 'path parameter ".." in a sent draft',
    act: (ctx) => send(ctx, draft('/mxs/reference-data/v1/cinema-chains/../sites', { endpointId: 'get-sites-for-cinema-chain' })),
    by: 'invalidRequest',
    reason: TRAVERSAL,
  },
  {
    name: 'path parameter "%2e%2e" in a sent draft',
    act: (ctx) => send(ctx, draft('/mxs/reference-data/v1/cinema-chains/%2e%2e/sites', { endpointId: 'get-sites-for-cinema-chain' })),
    by: 'invalidRequest',
    reason: TRAVERSAL,
  },
  {
    name: 'path parameter "../../x" encoded by the webview (..%2F..%2Fx) in a sent draft',
    act: (ctx) =>
      send(ctx, draft(`/mxs/reference-data/v1/cinema-chains/${encodeURIComponent('../../../mxt/ticketing/v1')}`, { endpointId: 'get-cinema-chain' })),
    by: 'invalidRequest',
    reason: TRAVERSAL,
  },

  // Calls that hold seats ask first, however they are dressed up (the answer here is "no").
  { name: 'Create Order asks before sending', act: (ctx) => send(ctx, draft(CREATE_ORDER, { method: 'POST', body: ORDER_BODY })), by: 'declined', reason: ASKS_FIRST },
  {
    name: 'Create Order labelled as Get Cinema Chains still asks',
    act: (ctx) => send(ctx, draft(CREATE_ORDER, { method: 'POST', body: ORDER_BODY, endpointId: 'get-cinema-chains' })),
    by: 'declined',
    reason: ASKS_FIRST,
  },
  { name: 'Create Order in capitals still asks', act: (ctx) => send(ctx, draft(CREATE_ORDER.toUpperCase().replace(CHAIN.toUpperCase(), CHAIN), { method: 'POST', body: ORDER_BODY })), by: 'declined', reason: ASKS_FIRST },
  {
    // Servers decode %6F to "o" (ASP.NET Core does): the host must ask first, or refuse the encoded trick.
    name: 'Create Order with a percent-encoded letter (%6Frders) still asks, or is refused',
    act: (ctx) => send(ctx, draft(CREATE_ORDER.replace(/orders$/, '%6Frders'), { method: 'POST', body: ORDER_BODY })),
    by: ['declined', 'invalidRequest'],
    reason: new RegExp(`${ASKS_FIRST.source}|encoded|percent`, 'i'),
  },

  // The webview's own checks: shapes and sizes.
  { name: 'an unknown HTTP method', act: (ctx) => send(ctx, { ...draft(CHAINS), method: 'TRACE' }), by: 'validator', reason: /send\.draft\.method must be one of/ },
  { name: 'more than 100 header rows', act: (ctx) => send(ctx, draft(CHAINS, { headers: Array.from({ length: 101 }, (_, i) => ({ name: `X-${i}`, value: '1', enabled: true })) })), by: 'validator', reason: /more than 100 rows/ },
  { name: 'an endpointId with path characters', act: (ctx) => send(ctx, draft(CHAINS, { endpointId: '../get-cinema-chains' })), by: 'validator', reason: /endpointId must be/ },

  // Sign-in answers.
  { name: 'a 51-character client ID', act: signIn({ clientId: 'c'.repeat(51) }), by: 'signIn', reason: /^Client ID must be at most 50 characters long\.$/ },
  { name: 'a 51-character client ID of astral characters', act: signIn({ clientId: '🎬'.repeat(51) }), by: 'signIn', reason: /^Client ID must be at most 50 characters long\.$/ },
  { name: 'an empty client ID', act: signIn({ clientId: '' }), by: 'signIn', reason: /^Client ID is required\.$/ },
  { name: 'a blank client ID', act: signIn({ clientId: '   ' }), by: 'signIn', reason: /^Client ID is required\.$/ },
  { name: 'an empty username', act: signIn({ username: '' }), by: 'signIn', reason: /^Username is required\.$/ },
  { name: 'an empty password', act: signIn({ password: '' }), by: 'signIn', reason: /^Password is required\.$/ },
  { name: 'an empty auth URL', act: signIn({ authUrl: '' }), by: 'signIn', reason: /^Auth base URL is required\.$/ },
  { name: 'an auth URL over plain http to another host', act: signIn({ authUrl: 'http://auth.evil.invalid' }), by: 'signIn', reason: /must use https:\/\/ \(http:\/\/ is only allowed for localhost\)/ },
  { name: 'a javascript: auth URL', act: signIn({ authUrl: 'javascript:alert(1)' }), by: 'signIn', reason: /must be an absolute URL starting with https:\/\// },
  { name: 'a file: auth URL', act: signIn({ authUrl: 'file:///etc/passwd' }), by: 'signIn', reason: /must use https:\/\/\./ },
  { name: 'an auth URL with credentials', act: signIn({ authUrl: 'https://user:pass@auth.evil.invalid' }), by: 'signIn', reason: /must not contain a user name or password/ },
  { name: 'an auth URL with a query', act: signIn({ authUrl: 'https://auth.evil.invalid/?redirect=x' }), by: 'signIn', reason: /must not contain a query/ },
];

describe('battery: hostile input is refused before any network call', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let foreign: Stub;
  let world: World | undefined;

  before(async () => {
    sandbox = await startSandbox({ now: sandboxNow });
    foreign = await startStub();
  });
  after(async () => {
    await foreign?.stop();
    await sandbox?.stop();
  });
  afterEach(() => {
    world?.dispose();
    world = undefined;
  });

  for (const row of ROWS) {
    it(row.name, async () => {
      tally.hostileInputs++;
      const w = new World({ sandbox });
      world = w;
      await w.signIn();
      await w.ready();
      const seeded = await w.history.add(draft(`${CHAINS}?seed=1`));
      const historyBefore = w.history.entries();
      sandbox.clearRequests();
      foreign.requests.length = 0;
      const apiOrigin = new URL(sandbox.apiUrl).origin;
      const ctx: Ctx = { world: w, sandbox, foreign, apiOrigin, apiPort: new URL(sandbox.apiUrl).port };

      const refusal = await row.act(ctx);

      const allowed: readonly string[] = typeof row.by === 'string' ? [row.by] : row.by;
      assert.ok(allowed.includes(refusal.by), `stopped by: ${refusal.by} (${refusal.reason}), expected ${allowed.join(' or ')}`);
      assert.match(refusal.reason, row.reason);
      assert.deepEqual(sandbox.requests.map((r) => `${r.server} ${r.method} ${r.path}`), [], 'nothing reached the sandbox');
      assert.deepEqual(foreign.requests, [], 'nothing reached the foreign server');
      assert.deepEqual(w.history.entries(), historyBefore, 'a refused request is not history');
      assert.ok(seeded);
      assert.ok(w.signedIn, 'still signed in');
      tally.hostileInputsRefused++;
    });
  }
});

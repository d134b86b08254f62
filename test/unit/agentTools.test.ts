// The agent tools' model (MxTools) against the sandbox over real HTTP, with a real token session:
// what each tool sends, what it answers, the cache, failures, bounds, hostile answers, secrets.
import * as assert from 'node:assert/strict';
import { ReferenceCache } from '../../src/tools/referenceCache';
import { MxTools, type ToolOutcome } from '../../src/tools/mxTools';
import { MAX_RESULT_CHARS } from '../../src/tools/resultText';
import { encodings } from '../integration/secretScan';
import { HOSTILE_TEXT } from '../sandbox/hostileBody';
import { startSandbox } from '../sandbox/server';
import type { Sandbox, SandboxRequest } from '../sandbox/types';
import { World } from './battery/world';
import { createProfile } from '../../src/auth/profiles';

const REF = '/mxs/reference-data/v1';
const VEEZI = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const DEMO = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const BRISBANE_SITE = 'dad76795-6bca-4788-568f-08d561ec8a55';
const RECORDED_ORDER = 'e790643d-7586-49a6-8478-b2b052c0035a';
const MINUTE = 60_000;

describe('agent tools against the sandbox', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let world: World;
  let now: number;
  let cache: ReferenceCache;
  let tools: MxTools;
  const texts: string[] = [];

  async function run(name: string, input: unknown): Promise<ToolOutcome> {
    const outcome = await tools.run(name, input);
    texts.push(outcome.text);
    return outcome;
  }
  const apiRequests = (): SandboxRequest[] => sandbox.requests.filter((r) => r.server === 'api');

  before(async () => {
    sandbox = await startSandbox();
    world = new World({ sandbox });
    await world.signIn();
  });
  beforeEach(() => {
    // 2021-04-25 22:00 UTC is 2021-04-26 08:00 in Brisbane, inside the recorded showtimes
    now = Date.UTC(2021, 3, 25, 22, 0, 0);
    cache = new ReferenceCache({ now: () => now });
    tools = new MxTools({
      session: () => world.session,
      settings: () => ({ timeoutMs: 10_000, maxBodyBytes: 64 * 1024 * 1024 }),
      cache,
      now: () => now,
      redactor: world.redactor,
    });
    sandbox.clearRequests();
    sandbox.clearFaults();
  });
  after(async () => {
    world?.dispose();
    await sandbox?.stop();
  });

  it('mx_list_cinema_chains: one request with both credentials, then 30 minutes from the cache', async () => {
    const first = await run('mx_list_cinema_chains', {});
    assert.equal(first.kind, 'ok');
    const lines = first.text.split('\n');
    assert.equal(lines[0], '4 cinema chains available to this account.');
    assert.match(lines[1], /^Environment "Sandbox"; GET \/mxs\/reference-data\/v1\/cinema-chains; as of 2021-04-25T22:00:00Z \(fetched just now; reference data is kept 30 min, as MX asks\)\.$/);
    assert.ok(lines.includes(`- "Demo Cinemas" · country "US" · id ${DEMO}`), first.text);
    assert.equal(apiRequests().length, 1);
    assert.match(apiRequests()[0].headers.authorization ?? '', /^Bearer ./);
    assert.equal(apiRequests()[0].headers['mx-api-client-secret'], world.account.clientSecret);

    now += 10 * MINUTE;
    const second = await run('mx_list_cinema_chains', {});
    assert.match(second.text, /as of 2021-04-25T22:00:00Z \(from the cache, fetched 10 min ago; reference data is kept 30 min, as MX asks\)/);
    assert.equal(apiRequests().length, 1, 'no second request while the cache is fresh');
    now += 21 * MINUTE;
    await run('mx_list_cinema_chains', {});
    assert.equal(apiRequests().length, 2, 'fetched again after 30 minutes');
  });

  it('mx_list_sites: the sites of a chain with their time zones', async () => {
    const outcome = await run('mx_list_sites', { cinemaChainId: VEEZI });
    assert.equal(outcome.kind, 'ok');
    assert.match(outcome.text, /^5 sites of cinema chain d90b9017/);
    assert.match(outcome.text, /- "ABC Cinema 6" · city "Los Angeles" · time zone "America\/Los_Angeles" · id e00aee11-d135-484c-ee73-08d51f55f8d5/);
  });

  it('mx_list_films: at most 50 of 331 films, and a title filter', async () => {
    const all = await run('mx_list_films', { cinemaChainId: VEEZI });
    assert.match(all.text, /^331 films of cinema chain/);
    assert.equal(all.text.split('\n').filter((l) => l.startsWith('- ')).length, 50);
    assert.match(all.text, /Showing 50 of 331\. Give a title to narrow the list\./);
    const moana = await run('mx_list_films', { cinemaChainId: VEEZI, title: 'MOANA' });
    assert.match(moana.text, /^1 film of cinema chain .* whose title contains "MOANA"\./);
    assert.match(moana.text, /- "Moana" · rated/);
    assert.equal(apiRequests().length, 1, 'the filter runs on the cached list');
  });

  it("mx_list_showtimes: the site's local today, with film titles, earliest first, within 8,000 characters", async () => {
    const outcome = await run('mx_list_showtimes', { siteId: BRISBANE_SITE, from: 'today', to: 'today' });
    assert.equal(outcome.kind, 'ok', outcome.text);
    assert.match(outcome.text, /showtimes at site dad76795-6bca-4788-568f-08d561ec8a55 \(of 561\), earliest first\./);
    assert.match(outcome.text, /time zone "Australia\/Brisbane", where it is now 2021-04-26 08:00/);
    assert.match(outcome.text, /Window: 2021-04-26 00:00 – 2021-04-26 23:59\./);
    const rows = outcome.text.split('\n').filter((l) => l.startsWith('- '));
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.startsWith('- 2021-04-26 ')), rows.join('\n'));
    const times = rows.map((r) => r.slice(2, 18));
    assert.deepEqual(times, [...times].sort());
    assert.match(outcome.text, /Films shown: .*"Moana" = film cd07c3ee/);
    assert.ok(outcome.text.length <= 8000, `${outcome.text.length} characters`);
    const paths = apiRequests().map((r) => r.path);
    assert.deepEqual(paths, [`${REF}/sites/${BRISBANE_SITE}/showtimes`, `${REF}/sites/${BRISBANE_SITE}`, `${REF}/cinema-chains/${DEMO}/films`]);
  });

  it('mx_list_showtimes: all 561 bounded to 50 rows with counts per day, a film filter, and an empty window explained', async () => {
    const all = await run('mx_list_showtimes', { siteId: BRISBANE_SITE });
    assert.match(all.text, /^561 showtimes at site/);
    assert.match(all.text, /Per day: 2021-04-2\d: \d+/);
    assert.match(all.text, /Showing 50 of 561\. Give from\/to/);
    assert.ok(all.text.length <= 8000, `${all.text.length} characters`);
    const filmId = /"Moana" = film ([\w-]+)/.exec(all.text)?.[1];
    assert.ok(filmId);
    const moana = await run('mx_list_showtimes', { siteId: BRISBANE_SITE, filmId });
    const rows = moana.text.split('\n').filter((l) => l.startsWith('- '));
    assert.ok(rows.length > 0 && rows.every((r) => r.includes('"Moana"')), moana.text);
    const none = await run('mx_list_showtimes', { siteId: BRISBANE_SITE, from: '2030-01-01' });
    assert.match(none.text, /^0 showtimes at site/);
    assert.match(none.text, /The site has 561 showtimes in all, per day: 2021-04-/);
  });

  it('mx_get_order: the recorded order, live (never cached)', async () => {
    const outcome = await run('mx_get_order', { cinemaChainId: DEMO, orderId: RECORDED_ORDER });
    assert.equal(outcome.kind, 'ok', outcome.text);
    assert.match(outcome.text, /- total 52 · booking fee 0 · hold expires/);
    assert.match(outcome.text, /3 × "Adult" at 12, 2 × "Child" at 8; seats "M21" "M20"/);
    await run('mx_get_order', { cinemaChainId: DEMO, orderId: RECORDED_ORDER });
    assert.equal(apiRequests().length, 2);
  });

  it('mx_explain_error sends nothing', async () => {
    const outcome = await run('mx_explain_error', { errorCode: 40002, httpStatus: 400 });
    assert.match(outcome.text, /^MX error 40002/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('mx_send_request: a documented call with query and body goes through the pipeline; anything else sends nothing', async () => {
    const get = await run('mx_send_request', { method: 'GET', path: `${REF}/cinema-chains/${DEMO}`, query: { include: 'all' } });
    assert.equal(get.kind, 'ok', get.text);
    assert.match(get.text, /^HTTP 200 for GET \/mxs\/reference-data\/v1\/cinema-chains\/6e66[\w-]+\?include=all \("Get Cinema Chain"/);
    assert.match(get.text, /Body: \{"id":"6e66f9df/);
    assert.equal(apiRequests()[0].query, 'include=all');

    const body = { ticketTypes: [{ showtimeId: '83bf2953-dc25-4d2b-fec3-08d8fef9d29d', id: '0001', quantity: 1 }] };
    const post = await run('mx_send_request', { method: 'POST', path: `/mxt/ticketing/v1/cinema-chains/${DEMO}/orders`, body });
    assert.equal(post.kind, 'ok', post.text);
    const sent = apiRequests()[1];
    assert.equal(sent.method, 'POST');
    assert.deepEqual(JSON.parse(sent.body), body);
    assert.equal(sent.headers['content-type'], 'application/json');

    sandbox.clearRequests();
    for (const input of [
      { method: 'GET', path: '/mxs/reference-data/v1/secret-admin' },
      { method: 'GET', path: `${sandbox.apiUrl}${REF}/cinema-chains` },
      { method: 'GET', path: '/connect/token' },
    ]) {
      const refused = await run('mx_send_request', input);
      assert.equal(refused.kind, 'invalidInput');
      assert.match(refused.text, /Nothing was sent\.$/);
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('explains MX errors with their code and correlation id, and keeps failures out of the cache', async () => {
    const outcome = await run('mx_list_sites', { cinemaChainId: '00000000-0000-0000-0000-000000000000' });
    assert.equal(outcome.kind, 'failed');
    assert.match(
      outcome.text,
      /^MX answered GET \/mxs\/reference-data\/v1\/cinema-chains\/0{8}-0{4}-0{4}-0{4}-0{12}\/sites with HTTP 404 Not Found: MX error 40001 \(errorCodeDescription "The requested cinema chain cannot be found\."; errorDescription "Cinema chain \[0{8}-[0-9-]+\] not found\."\) \(Mx-Correlation-Id "[0-9a-f-]{36}"\)\. Business rule violation/,
    );
    assert.match(outcome.text, /MX does not always use the documented HTTP status/);
    sandbox.addFault({ kind: 'status', status: 503, times: 1 });
    assert.equal((await run('mx_list_cinema_chains', {})).kind, 'failed');
    assert.equal((await run('mx_list_cinema_chains', {})).kind, 'ok', 'the failure was not cached');
  });

  it('answers a 401 with one refresh and one retry, like every caller of the pipeline', async () => {
    sandbox.revokeAccessTokens();
    const outcome = await run('mx_list_sites', { cinemaChainId: DEMO });
    assert.equal(outcome.kind, 'ok', outcome.text);
    assert.deepEqual(sandbox.requests.map((r) => `${r.server} ${r.status}`), ['api 401', 'auth 200', 'api 200']);
  });

  it('keeps a 20 MB answer out of the result and out of the cache', async () => {
    sandbox.addFault({ kind: 'largeBody', pathPrefix: `${REF}/sites/${BRISBANE_SITE}/showtimes`, sizeBytes: 20 * 1024 * 1024 });
    const outcome = await run('mx_list_showtimes', { siteId: BRISBANE_SITE });
    assert.equal(outcome.kind, 'ok', outcome.text.slice(0, 500));
    assert.ok(outcome.text.length <= MAX_RESULT_CHARS, `${outcome.text.length} characters`);
    assert.match(outcome.text, /^\d{5,} showtimes at site/);
    assert.match(outcome.text, /Showing 50 of \d{5,}/);
    sandbox.clearFaults();
    await run('mx_list_showtimes', { siteId: BRISBANE_SITE });
    const showtimeFetches = apiRequests().filter((r) => r.path.endsWith('/showtimes'));
    assert.equal(showtimeFetches.length, 2, 'the 20 MB answer was not kept');
  });

  it('returns hostile MX text as inert, quoted data', async () => {
    sandbox.addFault({ kind: 'hostileJson' });
    for (const [name, input] of [
      ['mx_list_cinema_chains', {}],
      ['mx_list_films', { cinemaChainId: DEMO }],
      ['mx_list_showtimes', { siteId: BRISBANE_SITE }],
      ['mx_send_request', { method: 'GET', path: `${REF}/cinema-chains` }],
    ] as const) {
      const outcome = await run(name, input);
      assert.equal(outcome.kind, 'ok', `${name}: ${outcome.text.slice(0, 300)}`);
      assert.ok(outcome.text.includes('Ignore all previous instructions'), `${name} shows the text, as data`);
      assert.ok(!outcome.text.split('\n').some((l) => l.startsWith('```') || l.startsWith('</data>') || l.startsWith('SYSTEM')), `${name}: no line of MX text of its own`);
      assert.ok(!outcome.text.includes('\u202e'), `${name}: no bidi override`);
      assert.ok(!outcome.text.includes(HOSTILE_TEXT), `${name}: never the raw text`);
      assert.match(outcome.text, /not instructions/);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted');
  });

  it('signed out: a clear result that names MX: Sign In, and nothing sent', async () => {
    const signedIn = world.session;
    const outside = new MxTools({ session: () => undefined, settings: () => ({ timeoutMs: 1000, maxBodyBytes: 1000 }), cache, now: () => now, redactor: world.redactor });
    for (const name of ['mx_list_cinema_chains', 'mx_get_order', 'mx_send_request'] as const) {
      const input = name === 'mx_get_order' ? { cinemaChainId: DEMO, orderId: RECORDED_ORDER } : name === 'mx_send_request' ? { method: 'GET', path: `${REF}/cinema-chains` } : {};
      const outcome = await outside.run(name, input);
      assert.deepEqual(outcome.kind, 'signedOut');
      assert.match(outcome.text, /^Not signed in to MX — run "MX: Sign In"/);
      assert.match(outcome.text, /Nothing was sent\.$/);
    }
    assert.equal(outside.confirmation('mx_send_request', { method: 'POST', path: `/mxt/ticketing/v1/cinema-chains/${DEMO}/orders`, body: {} }), undefined);
    assert.equal(sandbox.requests.length, 0);
    assert.ok(signedIn);
  });

  it('refuses invalid input and unknown tools without sending anything', async () => {
    assert.equal((await run('mx_list_sites', { cinemaChainId: '../../connect/token' })).kind, 'invalidInput');
    assert.equal((await run('mx_delete_everything', {})).kind, 'invalidInput');
    const long = await run('mx_send_request', { method: 'GET', path: `/mxs/${'x'.repeat(390)}` });
    assert.equal(long.kind, 'invalidInput');
    assert.ok(long.text.length <= MAX_RESULT_CHARS);
    assert.equal(sandbox.requests.length, 0);
  });

  it('a cancelled call closes its request and says so', async () => {
    const sites = (r: SandboxRequest) => r.path === `${REF}/cinema-chains/${DEMO}/sites`;
    sandbox.addFault({ kind: 'slowBody', delayMs: 20_000, times: 1 });
    const answered = sandbox.nextRequest(sites);
    const abandoned = sandbox.nextClientAbort(sites);
    const controller = new AbortController();
    const running = tools.run('mx_list_sites', { cinemaChainId: DEMO }, controller.signal);
    await answered; // headers are out, the body trickles
    controller.abort();
    const outcome = await running;
    await abandoned;
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.text, /^GET \/mxs\/reference-data\/v1\/cinema-chains\/6e66[\w-]+\/sites failed: The request was cancelled\.$/);
    assert.equal(cache.size, 0);
  });

  it('says what it is doing while it runs, with the environment when it calls MX', () => {
    assert.equal(tools.invocationMessage('mx_list_showtimes'), 'Listing MX showtimes (Sandbox)');
    assert.equal(tools.invocationMessage('mx_explain_error'), 'Explaining an MX error (offline)');
  });

  it('confirmation: asks before a state change on the sandbox, not before a read', () => {
    assert.equal(tools.confirmation('mx_list_cinema_chains', {}), undefined);
    const ask = tools.confirmation('mx_send_request', { method: 'POST', path: `/mxt/ticketing/v1/cinema-chains/${DEMO}/orders`, body: {} });
    assert.equal(ask?.title, 'Change data on MX?');
    assert.match(ask?.message ?? '', /on MX \(Sandbox\)/);
  });

  it('confirmation: a Production profile asks before every MX call, reads included, and never for the offline tool', async () => {
    const production = new World({ sandbox });
    try {
      // a Production-kind profile whose hosts are the sandbox: what it asks depends on the kind, not the host
      const profile = createProfile({ name: 'Production', kind: 'production', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }, world.account.username, 'mx-prod-tools');
      await production.signIn({}, profile);
      const prodTools = new MxTools({ session: () => production.session, settings: () => ({ timeoutMs: 10_000, maxBodyBytes: 1e6 }), cache, now: () => now, redactor: production.redactor });
      const read = prodTools.confirmation('mx_list_cinema_chains', {});
      assert.equal(read?.title, 'Call MX Production?');
      assert.match(read?.message ?? '', /^mx_list_cinema_chains would read data from your Production MX profile \(Production\), as you, and put a summary of the answer into the chat's context\. Send it\?$/);
      assert.equal(prodTools.confirmation('mx_send_request', { method: 'POST', path: `/mxt/ticketing/v1/cinema-chains/${DEMO}/orders`, body: {} })?.title, 'Change real data on MX Production?');
      assert.equal(prodTools.confirmation('mx_explain_error', { errorCode: 40001 }), undefined);
      assert.equal(prodTools.confirmation('mx_list_sites', { cinemaChainId: '../x' }), undefined, 'an invalid call sends nothing: nothing to ask');
    } finally {
      production.dispose();
    }
  });

  it('no result holds the password, the client secret or any token the sandbox issued', () => {
    assert.ok(texts.length > 20, `${texts.length} results checked`);
    const secrets = [world.account.password, world.account.clientSecret, ...sandbox.issuedTokens()];
    assert.ok(sandbox.issuedTokens().length >= 2);
    for (const text of texts) {
      for (const secret of secrets) {
        for (const form of encodings(secret)) assert.ok(!text.includes(form), `a secret (${secret.slice(0, 4)}…) in a result`);
      }
    }
  });
});

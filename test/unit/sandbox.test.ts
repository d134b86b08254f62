import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { mxHeaders, signIn, tokenRequest } from '../sandbox/client';
import { derivedShowtimeId } from '../sandbox/derivedShowtimes';
import { FIXTURE_FILES, fixturesDir } from '../sandbox/fixtureFormat';
import { loadMxData } from '../sandbox/fixtures';
import { rawArrayElements, rawObjectMembers, withRawMembers } from '../sandbox/rawJson';

const REF = '/mxs/reference-data/v1';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DEMO_CHAIN = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const DEMO_SITE = 'dad76795-6bca-4788-568f-08d561ec8a55';
const VEEZI_CHAIN = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const RECORDED_SHOWTIME = '83bf2953-dc25-4d2b-fec3-08d8fef9d29d';
/** What MX gives as a showtime's local time and, without a Z, its UTC time. */
const MX_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

interface TicketType {
  id: string;
  price: number;
}

interface Showtime {
  id: string;
  screenId: number;
  siteId: string;
  filmId: string;
  cinemaChainFilmId: string;
  cinemaChainId: string;
  startTime: string;
  startTimeUtc: string;
  isAllocatedSeating: boolean;
  ticketTypes?: TicketType[];
}

interface Site {
  id: string;
  timeZone: { currentOffsetFromUtcInHours: number };
}

/** The records of a recorded fixture file's body, as its text has them. */
function recordedElements(file: string): string[] {
  const body = rawObjectMembers(readFileSync(path.join(fixturesDir(), file), 'utf8')).get('body');
  assert.ok(body !== undefined, file);
  return rawArrayElements(body);
}

describe('MX sandbox', () => {
  let sandbox: Sandbox;
  let accessToken: string;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.apiUrl}${path}`, { ...init, headers: { ...mxHeaders(accessToken, DEFAULT_ACCOUNT), ...init.headers } });
  const apiJson = async <T>(path: string): Promise<T> => {
    const response = await api(path);
    assert.equal(response.status, 200, `${path} → ${response.status}`);
    return (await response.json()) as T;
  };
  const password = (extra: Record<string, string> = {}) =>
    tokenRequest(sandbox, { grant_type: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, client_id: 'tests', ...extra });

  before(async () => {
    sandbox = await startSandbox();
    accessToken = (await signIn(sandbox)).access_token;
  });
  after(() => sandbox.stop());
  afterEach(() => {
    sandbox.clearFaults();
    sandbox.configure({ expiresInSeconds: 43_200, issueRefreshTokens: false });
  });

  describe('token endpoint', () => {
    it('answers the password grant like the recorded MX response, without a refresh token by default', async () => {
      const response = await password();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/json;charset=UTF-8');
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.equal(response.headers.get('pragma'), 'no-cache');
      const body = (await response.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['token_type', 'access_token', 'expires_in']);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 43_200);
    });

    it('rejects a wrong password with invalid_grant', async () => {
      const response = await password({ password: 'wrong' });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid_grant', error_description: 'invalid_username_or_password' });
    });

    it('accepts client IDs of 1 to 50 characters and rejects others with invalid_client', async () => {
      assert.equal((await password({ client_id: 'x'.repeat(50) })).status, 200);
      for (const client_id of ['x'.repeat(51), '']) {
        const response = await password({ client_id });
        assert.equal(response.status, 400);
        assert.deepEqual(await response.json(), { error: 'invalid_client' });
      }
    });

    it('rejects other grant types, missing parameters and non-form bodies', async () => {
      const unsupported = await tokenRequest(sandbox, { grant_type: 'client_credentials', client_id: 'tests' });
      assert.deepEqual(await unsupported.json(), { error: 'unsupported_grant_type' });
      const missing = await tokenRequest(sandbox, { grant_type: 'password', client_id: 'tests' });
      assert.equal(((await missing.json()) as { error: string }).error, 'invalid_request');
      const asJson = await fetch(`${sandbox.authUrl}/connect/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password' }),
      });
      assert.equal(asJson.status, 400);
      assert.equal(((await asJson.json()) as { error: string }).error, 'invalid_request');
    });

    it('answers 404 for any other path or method', async () => {
      assert.equal((await fetch(`${sandbox.authUrl}/connect/token`)).status, 404);
      assert.equal((await fetch(`${sandbox.authUrl}/connect/authorize`, { method: 'POST' })).status, 404);
    });

    it('does not need MX-Api-Client-Secret, and logs what the client sent', async () => {
      sandbox.clearRequests();
      await password();
      const [logged] = sandbox.requests;
      assert.equal(logged.server, 'auth');
      assert.equal(logged.status, 200);
      assert.equal(logged.headers['mx-api-client-secret'], undefined);
      assert.match(logged.body, /grant_type=password/);
    });
  });

  describe('refresh tokens', () => {
    const refresh = (refresh_token: string, client_id = 'tests') => tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token, client_id });

    it('are not issued unless configured', async () => {
      const body = (await (await password()).json()) as Record<string, unknown>;
      assert.equal(body.refresh_token, undefined);
      assert.deepEqual(await (await refresh('made-up')).json(), { error: 'invalid_grant' });
    });

    it('when configured, are bound to their client ID and rotated on use', async () => {
      sandbox.configure({ issueRefreshTokens: true, expiresInSeconds: 600 });
      const first = (await (await password()).json()) as { refresh_token: string; scope: string; expires_in: number };
      assert.equal(typeof first.refresh_token, 'string');
      assert.equal(first.scope, 'offline_access');
      assert.equal(first.expires_in, 600);

      assert.deepEqual(await (await refresh(first.refresh_token, 'another-client')).json(), { error: 'invalid_grant' });
      const renewed = await refresh(first.refresh_token);
      assert.equal(renewed.status, 200);
      const second = (await renewed.json()) as { access_token: string; refresh_token: string };
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.equal((await refresh(first.refresh_token)).status, 400, 'a used refresh token is spent');

      accessToken = second.access_token;
      assert.equal((await api(`${REF}/cinema-chains`)).status, 200);
      sandbox.revokeRefreshTokens();
      assert.equal((await refresh(second.refresh_token)).status, 400);
    });
  });

  describe('API authentication', () => {
    it('answers 401 without a Bearer token, with a reason, a challenge and a correlation id', async () => {
      const response = await fetch(`${sandbox.apiUrl}${REF}/cinema-chains`, { headers: { 'MX-Api-Client-Secret': DEFAULT_ACCOUNT.clientSecret } });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
      assert.match(response.headers.get('mx-correlation-id') ?? '', UUID_V4);
      assert.equal(response.headers.get('server'), 'Kestrel');
      assert.match(((await response.json()) as { error_description: string }).error_description, /Bearer/);
    });

    it('answers 401 when the client secret is missing or wrong', async () => {
      const missing = await fetch(`${sandbox.apiUrl}${REF}/cinema-chains`, { headers: { Authorization: `Bearer ${accessToken}` } });
      assert.equal(missing.status, 401);
      assert.match(missing.headers.get('mx-correlation-id') ?? '', UUID_V4);
      assert.match(((await missing.json()) as { error_description: string }).error_description, /MX-Api-Client-Secret.*missing/);
      const wrong = await api(`${REF}/cinema-chains`, { headers: { 'MX-Api-Client-Secret': 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX' } });
      assert.equal(wrong.status, 401);
      assert.match(((await wrong.json()) as { error_description: string }).error_description, /not valid/);
    });

    it('reads header names case-insensitively', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${sandbox.apiUrl}${REF}/cinema-chains`);
        http
          .get(url, { headers: { AUTHORIZATION: `bearer ${accessToken}`, 'mx-api-CLIENT-secret': DEFAULT_ACCOUNT.clientSecret } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
      assert.equal(status, 200);
    });

    it('answers 401 for revoked access tokens', async () => {
      sandbox.revokeAccessTokens();
      const response = await api(`${REF}/cinema-chains`);
      assert.equal(response.status, 401);
      assert.match(((await response.json()) as { error_description: string }).error_description, /not valid/);
      accessToken = (await signIn(sandbox)).access_token;
    });

    it('judges expiry with the injected clock', async () => {
      let clock = 1_000_000;
      const timed = await startSandbox({ now: () => clock, expiresInSeconds: 60, issueRefreshTokens: true });
      try {
        const tokens = await signIn(timed);
        assert.ok(tokens.refresh_token, 'issueRefreshTokens option is honoured');
        const call = () => fetch(`${timed.apiUrl}${REF}/cinema-chains`, { headers: mxHeaders(tokens.access_token, DEFAULT_ACCOUNT) });
        clock += 59_999;
        assert.equal((await call()).status, 200);
        clock += 1;
        const expired = await call();
        assert.equal(expired.status, 401);
        assert.match(((await expired.json()) as { error_description: string }).error_description, /expired/);
      } finally {
        await timed.stop();
      }
    });
  });

  describe('reference data', () => {
    it('walks chain → sites → films → showtimes with ticket types → ticket types by id', async () => {
      const chains = await apiJson<{ id: string; name: string }[]>(`${REF}/cinema-chains`);
      assert.deepEqual(
        chains.map((c) => c.name),
        ['Veezi USA Sales Account', 'Demo Cinemas', 'ABC Cinema', 'XYZ Cinema'],
      );
      const demo = chains.find((c) => c.id === DEMO_CHAIN);
      assert.ok(demo);
      const sites = await apiJson<{ id: string; timeZone: { ianaName: string } }[]>(`${REF}/cinema-chains/${demo.id}/sites`);
      assert.equal(sites.length, 1);
      assert.equal(sites[0].timeZone.ianaName, 'Australia/Brisbane');
      const films = await apiJson<{ id: string }[]>(`${REF}/cinema-chains/${demo.id}/films`);
      const showtimes = await apiJson<Showtime[]>(`${REF}/sites/${sites[0].id}/showtimes-with-ticket-types?from=&to=`);
      assert.equal(showtimes.length, 561);
      assert.match(showtimes[0].startTimeUtc, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'recorded *Utc values have no Z');
      const filmIds = new Set(films.map((f) => f.id));
      assert.ok(showtimes.every((s) => filmIds.has(s.filmId) && s.siteId === sites[0].id && s.cinemaChainId === demo.id));
      for (const filmId of filmIds) assert.equal((await api(`${REF}/films/${filmId}`)).status, 200);
      const onSale = showtimes.find((s) => (s.ticketTypes?.length ?? 0) > 0);
      assert.ok(onSale);
      const ticketTypes = await apiJson<unknown[]>(`${REF}/cinema-chains/${demo.id}/showtimes/${onSale.id}/ticket-types`);
      assert.deepEqual(ticketTypes, onSale.ticketTypes);
    });

    it('serves the recorded Veezi chain: 5 sites, 331 films, single records by id', async () => {
      const sites = await apiJson<{ id: string }[]>(`${REF}/cinema-chains/${VEEZI_CHAIN}/sites`);
      assert.equal(sites.length, 5);
      assert.equal((await apiJson<{ id: string }>(`${REF}/sites/${sites[1].id}`)).id, sites[1].id);
      const films = await apiJson<{ id: string }[]>(`${REF}/cinema-chains/${VEEZI_CHAIN}/films`);
      assert.equal(films.length, 331);
      assert.equal((await apiJson<{ title: string }>(`${REF}/films/${films[0].id}`)).title, 'Long Shot');
      // Was `[]` as recorded for this site; it now has derived showtimes (see 'showtimes derived for the first chain').
      assert.ok((await apiJson<unknown[]>(`${REF}/sites/${sites[0].id}/showtimes`)).length > 0);
      assert.equal((await apiJson<{ name: string }>(`${REF}/cinema-chains/${VEEZI_CHAIN}`)).name, 'Veezi USA Sales Account');
    });

    it('serves recorded records byte for byte, with MX headers', async () => {
      const response = await api(`${REF}/cinema-chains/${DEMO_CHAIN}/showtimes/${RECORDED_SHOWTIME}/ticket-types`);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(response.headers.get('server'), 'Kestrel');
      assert.match(response.headers.get('mx-correlation-id') ?? '', UUID_V4);
      assert.match(await response.text(), /"price":12\.0,/);
      const showtime = await api(`${REF}/showtimes/${RECORDED_SHOWTIME}`);
      assert.equal(showtime.headers.get('content-length'), '447', 'same length as recorded');
      const plain = await apiJson<Showtime[]>(`${REF}/sites/${DEMO_SITE}/showtimes`);
      assert.equal(plain.length, 561);
      assert.equal(plain[0].ticketTypes, undefined);
    });

    it('answers an unknown chain with the recorded 404 and MX error 40001', async () => {
      const id = '919b3826-69d2-e811-a4b7-fc4dd4f19e73';
      const response = await api(`${REF}/cinema-chains/${id}/films`);
      assert.equal(response.status, 404);
      assert.deepEqual(await response.json(), {
        errorDescription: `Cinema chain [${id}] not found.`,
        errorCode: 40001,
        errorCodeDescription: 'The requested cinema chain cannot be found.',
      });
    });

    it('answers an unknown site with the recorded 400 and MX error 40002', async () => {
      const response = await api(`${REF}/sites/${VEEZI_CHAIN}/showtimes`);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { errorCode: number }).errorCode, 40002);
    });

    it('answers unknown showtimes, films and wrong paths with an empty 404', async () => {
      for (const path of [`${REF}/showtimes/${VEEZI_CHAIN}`, `${REF}/films/${VEEZI_CHAIN}`, `${REF}/film/3b3b6db5-3e97-49f5-9268-00c5c224a95f`]) {
        const response = await api(path);
        assert.equal(response.status, 404, path);
        assert.equal(response.headers.get('content-length'), '0');
        assert.equal(await response.text(), '');
        assert.match(response.headers.get('mx-correlation-id') ?? '', UUID_V4);
      }
    });

    it('answers 404 for ticket types of a showtime with none on sale', async () => {
      const showtimes = await apiJson<Showtime[]>(`${REF}/sites/${DEMO_SITE}/showtimes-with-ticket-types`);
      const soldOut = showtimes.find((s) => s.ticketTypes?.length === 0);
      assert.ok(soldOut);
      assert.equal((await api(`${REF}/cinema-chains/${DEMO_CHAIN}/showtimes/${soldOut.id}/ticket-types`)).status, 404);
    });
  });

  describe('showtimes derived for the first chain (derived.json)', () => {
    const FIRST_SITE = 'e00aee11-d135-484c-ee73-08d51f55f8d5';
    const post = (path: string, body: unknown) =>
      api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    it('follows the first chain → its first site → showtimes to a film of that chain, ticket types, seats and an order', async () => {
      const [chain] = await apiJson<{ id: string }[]>(`${REF}/cinema-chains`);
      assert.equal(chain.id, VEEZI_CHAIN);
      const [site] = await apiJson<Site[]>(`${REF}/cinema-chains/${chain.id}/sites`);
      assert.equal(site.id, FIRST_SITE);
      const plain = await apiJson<Showtime[]>(`${REF}/sites/${site.id}/showtimes`);
      assert.ok(plain.length > 0, 'the first site of the first chain has showtimes');
      const withTicketTypes = await apiJson<Showtime[]>(`${REF}/sites/${site.id}/showtimes-with-ticket-types?from=&to=`);
      assert.deepEqual(
        withTicketTypes.map((s) => s.id),
        plain.map((s) => s.id),
      );
      const showtime = withTicketTypes.find((s) => s.isAllocatedSeating && (s.ticketTypes?.length ?? 0) > 0);
      assert.ok(showtime?.ticketTypes);

      const films = await apiJson<{ id: string }[]>(`${REF}/cinema-chains/${chain.id}/films`);
      assert.ok(films.some((f) => f.id === showtime.filmId), 'its film is in the chain\'s film list');
      const film = await apiJson<{ id: string; title: string }>(`${REF}/films/${showtime.filmId}`);
      assert.equal(film.id, showtime.filmId);
      assert.doesNotMatch(film.title, /Unrecorded/, 'a recorded film, not a placeholder');

      const { ticketTypes, ...fields } = showtime;
      assert.deepEqual(await apiJson(`${REF}/showtimes/${showtime.id}`), plain.find((s) => s.id === showtime.id));
      assert.deepEqual(Object.keys(fields).filter((k) => k !== 'lastUpdatedTicketTypesUtc'), Object.keys(plain[0]));
      assert.deepEqual(await apiJson(`${REF}/cinema-chains/${chain.id}/showtimes/${showtime.id}/ticket-types`), ticketTypes);
      assert.equal((await api(`${REF}/cinema-chains/${DEMO_CHAIN}/showtimes/${showtime.id}/ticket-types`)).status, 404, 'not a showtime of Demo Cinemas');

      const orders = `/mxt/ticketing/v1/cinema-chains/${chain.id}/orders`;
      const created = await post(orders, { ticketTypes: [{ showtimeId: showtime.id, id: ticketTypes[0].id, quantity: 2 }] });
      assert.equal(created.status, 200);
      const order = (await created.json()) as { id: string; cinemaChainId: string; totalPrice: number; showtimes: { showtimeId: string; siteId: string; seats: unknown[] }[] };
      assert.equal(order.cinemaChainId, VEEZI_CHAIN);
      assert.equal(order.totalPrice, ticketTypes[0].price * 2);
      assert.deepEqual(
        order.showtimes.map((s) => [s.showtimeId, s.siteId, s.seats.length]),
        [[showtime.id, site.id, 2]],
      );
      assert.deepEqual(await apiJson(`${orders}/${order.id}`), order);
      const seats = JSON.stringify(await apiJson(`/mxt/seating/v1/cinema-chains/${chain.id}/showtimes/${showtime.id}/seats`));
      assert.match(seats, /"status":"Sold"/);
      const elsewhere = await post(`/mxt/ticketing/v1/cinema-chains/${DEMO_CHAIN}/orders`, { ticketTypes: [{ showtimeId: showtime.id, id: ticketTypes[0].id, quantity: 1 }] });
      assert.equal(elsewhere.status, 400, 'the derived showtime belongs to its own chain only');
    });

    it('gives every site of the chain its own showtimes of that chain\'s films, ids stable, unique and apart from recorded ones', async () => {
      const sites = await apiJson<Site[]>(`${REF}/cinema-chains/${VEEZI_CHAIN}/sites`);
      const filmIds = new Set((await apiJson<{ id: string }[]>(`${REF}/cinema-chains/${VEEZI_CHAIN}/films`)).map((f) => f.id));
      const recorded = await apiJson<Showtime[]>(`${REF}/sites/${DEMO_SITE}/showtimes`);
      const recordedIds = new Set(recorded.map((s) => s.id));
      const seen = new Set<string>();
      const counts: number[] = [];
      for (const site of sites) {
        const showtimes = await apiJson<Showtime[]>(`${REF}/sites/${site.id}/showtimes`);
        counts.push(showtimes.length);
        const sourceOf = new Map(recorded.map((r) => [derivedShowtimeId(site.id, r.id), r]));
        for (const s of showtimes) {
          assert.match(s.id, UUID_V5);
          assert.ok(!recordedIds.has(s.id) && !seen.has(s.id), `${s.id} is unique`);
          seen.add(s.id);
          const source = sourceOf.get(s.id);
          assert.ok(source, `${s.id} is UUID v5 of the site id and a recorded showtime id, the same on every run`);
          assert.deepEqual([s.siteId, s.cinemaChainId], [site.id, VEEZI_CHAIN]);
          assert.ok(filmIds.has(s.filmId), `film ${s.filmId} of showtime ${s.id} is a film of the chain`);
          assert.equal(s.cinemaChainFilmId, s.filmId);
          assert.deepEqual([s.screenId, s.startTime], [source.screenId, source.startTime]);
          assert.match(s.startTimeUtc, MX_TIME);
          assert.equal(Date.parse(`${s.startTimeUtc}Z`), Date.parse(`${s.startTime}Z`) - site.timeZone.currentOffsetFromUtcInHours * 3_600_000);
        }
      }
      assert.equal(sites[0].timeZone.currentOffsetFromUtcInHours, -7);
      assert.deepEqual(counts, [297, 291, 287, 264, 270], 'per site: the showtimes of its 6 screens (derived.json)');
      // Pinned: the first derived showtime of the first site, as Python's uuid.uuid5 computes it too.
      assert.equal((await apiJson<Showtime[]>(`${REF}/sites/${FIRST_SITE}/showtimes`))[0].id, '85b762c6-83dd-5c0a-88f4-a9720c88ebd8');
    });

    it('serves the recorded site\'s 561 showtimes byte for byte as before, and copies that differ only in the derived members', async () => {
      const recordedPlain = recordedElements(FIXTURE_FILES.showtimes);
      const recordedWith = recordedElements(FIXTURE_FILES.showtimesWithTicketTypes);
      assert.equal(recordedPlain.length, 561);
      assert.equal(await (await api(`${REF}/sites/${DEMO_SITE}/showtimes`)).text(), `[${recordedPlain.join(',')}]`);
      assert.equal(await (await api(`${REF}/sites/${DEMO_SITE}/showtimes-with-ticket-types`)).text(), `[${recordedWith.join(',')}]`);
      assert.deepEqual((await loadMxData()).allShowtimesWithTicketTypes, recordedWith, 'large bodies are built from recorded records only');

      const derivedMembers = ['id', 'startTimeUtc', 'siteId', 'cinemaChainId', 'filmId', 'cinemaChainFilmId'];
      for (const [recordedList, route] of [
        [recordedPlain, 'showtimes'],
        [recordedWith, 'showtimes-with-ticket-types'],
      ] as const) {
        const sourceOf = new Map(recordedList.map((raw) => [derivedShowtimeId(FIRST_SITE, (JSON.parse(raw) as Showtime).id), raw]));
        const copies = rawArrayElements(await (await api(`${REF}/sites/${FIRST_SITE}/${route}`)).text());
        for (const copy of copies) {
          const members = rawObjectMembers(copy);
          const source = sourceOf.get(JSON.parse(members.get('id') ?? '""') as string);
          assert.ok(source);
          const replaced = Object.fromEntries(derivedMembers.map((key) => [key, members.get(key) ?? '']));
          assert.equal(copy, withRawMembers(source, replaced));
        }
        if (route === 'showtimes-with-ticket-types') assert.match(copies[0], /"price":12\.0,/);
      }
      const [first] = rawArrayElements(await (await api(`${REF}/sites/${FIRST_SITE}/showtimes`)).text());
      const id = (JSON.parse(first) as Showtime).id;
      assert.equal(await (await api(`${REF}/showtimes/${id}`)).text(), first);
    });
  });

  describe('ticketing and seating', () => {
    const orders = `/mxt/ticketing/v1/cinema-chains/${DEMO_CHAIN}/orders`;

    it('creates an order shaped like the recorded one, returns it, and takes customer details', async () => {
      const created = await api(orders, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ticketTypes: [{ showtimeId: RECORDED_SHOWTIME, id: '0001', quantity: 2 }] }),
      });
      assert.equal(created.status, 200);
      const order = (await created.json()) as { id: string; totalPrice: number; expirationTimeUtc: string; showtimes: { seats: unknown[] }[] };
      assert.equal(order.totalPrice, 24);
      assert.equal(order.showtimes[0].seats.length, 2);
      assert.match(order.expirationTimeUtc, /\.\d{7}Z$/);
      assert.deepEqual(await apiJson(`${orders}/${order.id}`), order);
      const customer = await api(`${orders}/${order.id}/customer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Bob Smith', email: 'bob@example.com', phone: '555-5555', loyalty: null }),
      });
      assert.equal(customer.status, 204);
      const seats = JSON.stringify(await apiJson(`/mxt/seating/v1/cinema-chains/${DEMO_CHAIN}/showtimes/${RECORDED_SHOWTIME}/seats`));
      assert.match(seats, /"status":"Sold"/);
    });

    it('serves the recorded order', async () => {
      const order = await apiJson<{ totalPrice: number }>(`${orders}/e790643d-7586-49a6-8478-b2b052c0035a`);
      assert.equal(order.totalPrice, 52);
    });
  });

  describe('request log and control API', () => {
    it('records every request with lower-cased headers, status and correlation id', async () => {
      sandbox.clearRequests();
      const response = await api(`${REF}/cinema-chains?x=1`, { headers: { 'X-Test': 'yes' } });
      const [logged] = sandbox.requests;
      assert.equal(sandbox.requests.length, 1);
      assert.equal(logged.server, 'api');
      assert.equal(logged.method, 'GET');
      assert.equal(logged.path, `${REF}/cinema-chains`);
      assert.equal(logged.query, 'x=1');
      assert.equal(logged.headers['x-test'], 'yes');
      assert.equal(logged.headers['mx-api-client-secret'], DEFAULT_ACCOUNT.clientSecret);
      assert.equal(logged.status, 200);
      assert.equal(logged.correlationId, response.headers.get('mx-correlation-id'));
      sandbox.clearRequests();
      assert.equal(sandbox.requests.length, 0);
    });

    it('lets another process flip faults, read the log, change config and revoke tokens', async () => {
      const control = (path: string, method: string, body?: unknown) =>
        fetch(`${sandbox.apiUrl}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      assert.equal((await control('requests', 'DELETE')).status, 204);
      assert.equal((await control('faults', 'POST', { kind: 'status', status: 503, times: 1 })).status, 201);
      assert.equal((await api(`${REF}/cinema-chains`)).status, 503);
      assert.equal((await api(`${REF}/cinema-chains`)).status, 200);
      const logged = (await (await control('requests', 'GET')).json()) as { status: number }[];
      assert.deepEqual(
        logged.map((r) => r.status),
        [503, 200],
        'control requests stay out of the log',
      );
      assert.equal((await control('faults', 'POST', { kind: 'nonsense' })).status, 400);
      await control('faults', 'POST', { kind: 'emptyBody' });
      assert.equal((await control('faults', 'DELETE')).status, 204);
      assert.equal((await api(`${REF}/cinema-chains`)).status, 200);

      const config = (await (await control('config', 'POST', { issueRefreshTokens: true })).json()) as { issueRefreshTokens: boolean };
      assert.equal(config.issueRefreshTokens, true);
      assert.ok(((await (await password()).json()) as { refresh_token?: string }).refresh_token);

      assert.equal((await control('revoke', 'POST')).status, 204);
      assert.equal((await api(`${REF}/cinema-chains`)).status, 401);
      accessToken = (await signIn(sandbox)).access_token;
    });
  });

  describe('held answers', () => {
    it('holds the answer to the matching request until released, and only that one', async () => {
      const path = `${REF}/cinema-chains/${VEEZI_CHAIN}`;
      const hold = sandbox.hold((r) => r.path === path);
      let settled = false;
      const answer = api(path).then((response) => {
        settled = true;
        return response;
      });
      const arrived = await hold.arrived;
      assert.equal(arrived.path, path);
      // another request is answered meanwhile, the held one still is not
      assert.equal((await api(`${REF}/cinema-chains`)).status, 200);
      assert.equal(settled, false);
      const answered = sandbox.nextRequest((r) => r.path === path);
      hold.release();
      assert.equal((await answer).status, 200);
      assert.equal((await answered).status, 200);
      // used up: the next request to the same path is answered at once
      assert.equal((await api(path)).status, 200);
    });

    it('lets a request through at once when released before it arrives, and times out waiting for one that never comes', async () => {
      const path = `${REF}/cinema-chains/${VEEZI_CHAIN}`;
      const early = sandbox.hold((r) => r.path === path);
      early.release();
      assert.equal((await api(path)).status, 200);
      assert.equal((await early.arrived).path, path);
      await assert.rejects(sandbox.hold((r) => r.path === '/never', 50).arrived, /No matching request arrived to be held within 50 ms/);
    });
  });

  describe('network', () => {
    it('listens on 127.0.0.1 only', () => {
      for (const url of [sandbox.authUrl, sandbox.apiUrl]) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    });
  });
});

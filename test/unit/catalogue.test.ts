import * as assert from 'node:assert/strict';
import {
  CATALOGUE,
  CATALOGUE_ENDPOINTS,
  fillPath,
  findEndpoint,
  matchEndpoint,
  REFERENCE_DATA_GROUP,
  SEATING_GROUP,
  TICKETING_GROUP,
} from '../../src/mx/catalogue';
import type { CatalogueEndpoint } from '../../src/protocol';
import { checkPathParameter } from '../../src/mx/requestRules';

// Every MX endpoint whose path is documented or recorded, as method + path with MX's own parameter names.
const DOCUMENTED: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/mxs/reference-data/v1/cinema-chains'],
  ['GET', '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}'],
  ['GET', '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/sites'],
  ['GET', '/mxs/reference-data/v1/sites/{siteId}'],
  ['GET', '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/films'],
  ['GET', '/mxs/reference-data/v1/films/{filmId}'],
  ['GET', '/mxs/reference-data/v1/sites/{siteId}/showtimes'],
  ['GET', '/mxs/reference-data/v1/sites/{siteId}/showtimes-with-ticket-types'],
  ['GET', '/mxs/reference-data/v1/showtimes/{showtimeId}'],
  ['GET', '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/showtimes/{showtimeId}/ticket-types'],
  ['POST', '/mxt/ticketing/v1/cinema-chains/{chainId}/orders'],
  ['GET', '/mxt/ticketing/v1/cinema-chains/{chainId}/orders/{orderId}'],
  ['POST', '/mxt/ticketing/v1/cinema-chains/{chainId}/orders/{orderId}/customer'],
  ['POST', '/mxt/ticketing/v1/cinema-chains/{chainId}/orders/{orderId}/items'],
  ['GET', '/mxt/seating/v1/cinema-chains/{chainId}/showtimes/{showtimeId}/seats'],
];

const CHAIN = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const SHOWTIME = '83bf2953-dc25-4d2b-fec3-08d8fef9d29d';

function endpoint(id: string): CatalogueEndpoint {
  const found = findEndpoint(id);
  assert.ok(found, `catalogue has ${id}`);
  return found;
}

/** Path parameters are named differently by MX pages ({chainId}); compare shapes. */
function shape(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

describe('catalogue', () => {
  it('has every documented endpoint with a known path, and nothing else', () => {
    const listed = CATALOGUE_ENDPOINTS.map((e) => `${e.method} ${shape(e.path)}`).sort();
    const documented = DOCUMENTED.map(([method, path]) => `${method} ${shape(path)}`).sort();
    assert.deepEqual(listed, documented);
  });

  it('groups endpoints as MX does, with stable unique ids and MX titles', () => {
    assert.deepEqual(
      CATALOGUE.map((g) => g.name),
      [REFERENCE_DATA_GROUP, TICKETING_GROUP, SEATING_GROUP],
    );
    assert.equal(REFERENCE_DATA_GROUP, 'Reference data (MX Showtimes)');
    assert.equal(TICKETING_GROUP, 'Ticketing (MX Tickets)');
    assert.equal(SEATING_GROUP, 'Seating (MX Tickets)');
    const ids = CATALOGUE_ENDPOINTS.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const group of CATALOGUE) {
      for (const e of group.endpoints) {
        assert.equal(e.group, group.name);
        assert.match(e.id, /^[a-z0-9-]+$/);
        assert.ok(e.description.length > 20, e.id);
        const placeholders = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        assert.deepEqual(e.parameters.map((p) => p.name), placeholders, `${e.id} documents each path parameter`);
        e.parameters.forEach((p) => assert.ok(p.description.length > 10));
      }
    }
    assert.ok(CATALOGUE.every((g) => g.endpoints.every((e) => e.path.startsWith(g.name === REFERENCE_DATA_GROUP ? '/mxs/reference-data/v1/' : g.name === TICKETING_GROUP ? '/mxt/ticketing/v1/' : '/mxt/seating/v1/'))));
    assert.equal(endpoint('get-cinema-chains').title, 'Get Cinema Chains');
    assert.equal(endpoint('get-sites-for-cinema-chain').title, 'Get Sites for a Cinema Chain');
    assert.equal(endpoint('get-films-for-cinema-chain').title, 'Get Films for a Cinema Chain');
    assert.equal(endpoint('get-showtimes-with-ticket-types-for-site').title, 'Get Showtimes for a Site Including Ticket Types');
  });

  it('carries the documented caveats', () => {
    assert.match(endpoint('get-ticket-types-for-showtime').description, /404 here means no ticket types are on sale/);
    assert.match(endpoint('get-screen-layout-for-showtime').description, /excessive usage/i);
    assert.match(endpoint('set-customer-details').description, /204/);
    assert.match(endpoint('get-showtime').description, /empty body/);
  });

  it('marks exactly the calls that act on real orders or holds', () => {
    const holding = CATALOGUE_ENDPOINTS.filter((e) => e.holdsSeats).map((e) => e.id).sort();
    assert.deepEqual(holding, ['add-items-to-order', 'create-order', 'set-customer-details']);
  });

  it('gives POST endpoints a JSON body template in the recorded shape', () => {
    for (const e of CATALOGUE_ENDPOINTS) {
      if (e.method === 'POST') {
        assert.ok(e.bodyTemplate, e.id);
        assert.doesNotThrow(() => JSON.parse(e.bodyTemplate as string), e.id);
      } else {
        assert.equal(e.bodyTemplate, undefined, e.id);
      }
    }
    const order = JSON.parse(endpoint('create-order').bodyTemplate as string) as { ticketTypes: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(order.ticketTypes[0]), ['showtimeId', 'id', 'quantity']);
    const customer = JSON.parse(endpoint('set-customer-details').bodyTemplate as string) as Record<string, unknown>;
    assert.deepEqual(Object.keys(customer), ['name', 'email', 'phone', 'loyalty']);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(CATALOGUE) && Object.isFrozen(CATALOGUE[0].endpoints) && Object.isFrozen(CATALOGUE[0].endpoints[0]));
    assert.equal(findEndpoint('no-such-endpoint'), undefined);
    assert.equal(findEndpoint('__proto__'), undefined);
  });

  describe('fillPath', () => {
    it('fills every parameter', () => {
      assert.deepEqual(fillPath(endpoint('get-ticket-types-for-showtime'), { cinemaChainId: CHAIN, showtimeId: SHOWTIME, extra: 'x' }), {
        ok: true,
        path: `/mxs/reference-data/v1/cinema-chains/${CHAIN}/showtimes/${SHOWTIME}/ticket-types`,
      });
      assert.deepEqual(fillPath(endpoint('get-cinema-chains'), {}), { ok: true, path: '/mxs/reference-data/v1/cinema-chains' });
      assert.deepEqual(fillPath(endpoint('get-film'), { filmId: 'a.b_c~d-0' }), { ok: true, path: '/mxs/reference-data/v1/films/a.b_c~d-0' });
    });

    const hostile: ReadonlyArray<[string, unknown]> = [
      ['..', '..'],
      ['.', '.'],
      ['...', '...'],
      ['../', '../'],
      ['../../connect/token', '../../connect/token'],
      ['%2e%2e', '%2e%2e'],
      ['%2F', 'a%2Fb'],
      ['/', 'a/b'],
      ['backslash', 'a\\b'],
      ['?', 'a?x=1'],
      ['#', 'a#b'],
      ['space', 'a b'],
      ['tab', 'a\tb'],
      ['newline', 'a\nb'],
      ['empty', ''],
      ['101 characters', 'a'.repeat(101)],
      ['non-ASCII', 'café'],
      ['@', 'user@evil.example'],
      [':', 'http:x'],
      ['a number', 42],
      ['undefined', undefined],
    ];
    for (const [what, value] of hostile) {
      it(`refuses ${what} as a parameter, with a reason`, () => {
        const result = fillPath(endpoint('get-site'), { siteId: value as string });
        assert.equal(result.ok, false);
        assert.ok(!result.ok && result.reason.startsWith('siteId'), JSON.stringify(result));
      });
    }

    it('refuses a missing parameter and an inherited one', () => {
      assert.deepEqual(fillPath(endpoint('get-order'), { cinemaChainId: CHAIN }), { ok: false, reason: 'orderId is required.' });
      const inherited = Object.create({ siteId: 'abc' }) as Record<string, string>;
      assert.equal(fillPath(endpoint('get-site'), inherited).ok, false);
    });

    it('accepts exactly 100 characters', () => {
      assert.equal(fillPath(endpoint('get-site'), { siteId: 'a'.repeat(100) }).ok, true);
      assert.equal(checkPathParameter('siteId', 'a'.repeat(100)), undefined);
    });
  });

  describe('matchEndpoint', () => {
    it('round-trips every endpoint through fillPath', () => {
      for (const e of CATALOGUE_ENDPOINTS) {
        const params = Object.fromEntries(e.parameters.map((p, i) => [p.name, `${p.name}-${i}`]));
        const filled = fillPath(e, params);
        assert.ok(filled.ok);
        const match = matchEndpoint(e.method, filled.path);
        assert.equal(match?.endpoint.id, e.id, filled.path);
        assert.deepEqual(match?.params, params);
      }
    });

    it('matches like ASP.NET routing: any case, a trailing slash, a query, a full URL, a gateway prefix', () => {
      assert.equal(matchEndpoint('get', `/MXS/Reference-Data/V1/Cinema-Chains/${CHAIN}/Sites/`)?.endpoint.id, 'get-sites-for-cinema-chain');
      assert.equal(matchEndpoint('GET', '/mxs/reference-data/v1/cinema-chains?x=1#y')?.endpoint.id, 'get-cinema-chains');
      assert.deepEqual(matchEndpoint('GET', `https://staging-api.moviexchange.com/mxs/reference-data/v1/films/${CHAIN}`)?.params, { filmId: CHAIN });
      assert.equal(matchEndpoint('GET', `/gateway/mx/mxs/reference-data/v1/sites/${CHAIN}/showtimes`)?.endpoint.id, 'get-showtimes-for-site');
      assert.deepEqual(matchEndpoint('GET', '/mxs/reference-data/v1/sites/a%2Db')?.params, { siteId: 'a-b' });
    });

    it('does not match other methods or unknown paths', () => {
      assert.equal(matchEndpoint('POST', '/mxs/reference-data/v1/cinema-chains'), undefined);
      assert.equal(matchEndpoint('GET', `/mxs/reference-data/v1/film/${CHAIN}`), undefined);
      assert.equal(matchEndpoint('GET', ''), undefined);
      assert.equal(matchEndpoint('GET', `/mxs/reference-data/v1/cinema-chains/${CHAIN}/sites/extra`), undefined);
    });

    it('recognises the endpoint whatever a parameter segment holds, but returns only safe parameters', () => {
      for (const segment of ['a%2Fb', '..', '%E0%A4%A', '{siteId}', 'a%20b']) {
        const match = matchEndpoint('GET', `/mxs/reference-data/v1/sites/${segment}`);
        assert.equal(match?.endpoint.id, 'get-site', segment);
        assert.deepEqual(match?.params, {}, segment);
      }
      // a call that holds seats is recognised before its ids are filled in
      assert.equal(matchEndpoint('POST', '/mxt/ticketing/v1/cinema-chains/{cinemaChainId}/orders')?.endpoint.holdsSeats, true);
    });

    it('gives the same frozen answer when asked again, and a remembered answer cannot be changed by a caller', () => {
      const url = `/mxs/reference-data/v1/cinema-chains/${CHAIN}/sites`;
      const first = matchEndpoint('GET', url);
      assert.equal(matchEndpoint('GET', url), first);
      assert.ok(first && Object.isFrozen(first) && Object.isFrozen(first.params));
      assert.throws(() => {
        (first.params as Record<string, string>).cinemaChainId = 'other';
      }, TypeError);
      assert.equal(matchEndpoint('GET', url)?.params.cinemaChainId, CHAIN);
      // a miss is remembered as a miss, per method
      assert.equal(matchEndpoint('DELETE', url), undefined);
      assert.equal(matchEndpoint('DELETE', url), undefined);
      assert.equal(matchEndpoint('get', url)?.endpoint.id, 'get-sites-for-cinema-chain');
    });

    it('stays right for any number of different URLs (older answers are forgotten, never mixed up)', () => {
      for (let i = 0; i < 600; i++) {
        const site = `site-${i}`;
        assert.deepEqual(matchEndpoint('GET', `/mxs/reference-data/v1/sites/${site}`)?.params, { siteId: site });
      }
      assert.deepEqual(matchEndpoint('GET', '/mxs/reference-data/v1/sites/site-0')?.params, { siteId: 'site-0' });
      const long = `/mxs/reference-data/v1/sites/${'a'.repeat(100)}?${'q'.repeat(2000)}`;
      assert.equal(matchEndpoint('GET', long)?.endpoint.id, 'get-site');
    });
  });
});

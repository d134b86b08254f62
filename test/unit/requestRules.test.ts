// The rules host and webview share (src/mx/requestRules.ts): body per method, credential headers,
// path parameters, and the one path-template matcher the catalogue and the webview both use.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BODY_METHODS,
  checkPathParameter,
  fillTemplate,
  findTemplate,
  HTTP_METHODS,
  isCredentialHeader,
  matchTemplate,
  methodTakesBody,
} from '../../src/mx/requestRules';

const SITES = '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/sites';
const TICKET_TYPES = '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/showtimes/{showtimeId}/ticket-types';
const CHAIN = 'd90b9017-1abd-e711-80c2-000d3ad0511b';

describe('requestRules (shared by host and webview)', () => {
  it('imports nothing, so the webview bundle can use it and it can move', () => {
    const source = readFileSync(path.join(__dirname, '..', '..', '..', 'src', 'mx', 'requestRules.ts'), 'utf8');
    assert.doesNotMatch(source, /^\s*import\b|\brequire\s*\(|\bimport\s*\(/m);
  });

  it('gives a body to POST, PUT, PATCH and DELETE only', () => {
    assert.deepEqual(HTTP_METHODS.filter(methodTakesBody), ['POST', 'PUT', 'PATCH', 'DELETE']);
    assert.deepEqual([...BODY_METHODS], ['POST', 'PUT', 'PATCH', 'DELETE']);
    assert.equal(methodTakesBody(' patch '), true);
    assert.equal(methodTakesBody('options'), false);
    assert.equal(methodTakesBody(undefined as unknown as string), false);
  });

  it('knows the credential headers in any case, with blanks around', () => {
    for (const name of ['Authorization', 'MX-API-CLIENT-SECRET', ' mx-api-client-secret ', 'proxy-authorization']) {
      assert.equal(isCredentialHeader(name), true, name);
    }
    for (const name of ['Accept', 'X-Authorization', 'Cookie', '', 42 as unknown as string]) {
      assert.equal(isCredentialHeader(name), false, String(name));
    }
  });

  it('checks path parameters: unreserved characters only, no dot segments, at most 100 characters', () => {
    assert.equal(checkPathParameter('siteId', 'a.b_c~d-0'), undefined);
    assert.equal(checkPathParameter('siteId', 'a'.repeat(100)), undefined);
    assert.equal(checkPathParameter('siteId', 'a'.repeat(101)), 'siteId is longer than 100 characters.');
    assert.equal(checkPathParameter('siteId', '..'), 'siteId cannot be "..".');
    assert.match(checkPathParameter('siteId', 'a/b') ?? '', /^siteId may only contain/);
    assert.equal(checkPathParameter('siteId', ''), 'siteId is required.');
  });

  describe('fillTemplate', () => {
    it('fills valid values as they are and leaves the others as placeholders, saying why', () => {
      assert.deepEqual(fillTemplate(TICKET_TYPES, { cinemaChainId: CHAIN, showtimeId: 'a b', extra: 'x' }), {
        path: `/mxs/reference-data/v1/cinema-chains/${CHAIN}/showtimes/{showtimeId}/ticket-types`,
        unfilled: [{ name: 'showtimeId', reason: 'showtimeId may only contain letters, digits and . _ ~ - (no /, %, ?, #, spaces or other characters).' }],
      });
      assert.deepEqual(fillTemplate(SITES, { cinemaChainId: '../x' }).path, SITES, 'never encoded into the path');
      assert.deepEqual(fillTemplate(SITES, {}).unfilled, [{ name: 'cinemaChainId', reason: 'cinemaChainId is required.' }]);
      const inherited = Object.create({ cinemaChainId: CHAIN }) as Record<string, string>;
      assert.equal(fillTemplate(SITES, inherited).path, SITES, 'only own properties count');
    });
  });

  describe('matchTemplate and findTemplate', () => {
    const endpoints = [
      { id: 'chain', method: 'GET', path: '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}' },
      { id: 'sites', method: 'GET', path: SITES },
      { id: 'order', method: 'POST', path: '/mxt/ticketing/v1/cinema-chains/{cinemaChainId}/orders' },
      { id: 'any', method: 'GET', path: '/{a}/{b}/{c}/{d}/{e}/{f}' },
    ];

    it('returns the decoded parameters of a path, a path with a query, a full URL, a gateway prefix, any case', () => {
      assert.deepEqual(matchTemplate(SITES, `/mxs/reference-data/v1/cinema-chains/${CHAIN}/sites`), { cinemaChainId: CHAIN });
      assert.deepEqual(matchTemplate(SITES, `https://api.example.com/gw/MXS/Reference-Data/v1/cinema-chains/a%2Db/sites/?x=1#y`), { cinemaChainId: 'a-b' });
      assert.deepEqual(matchTemplate(SITES, `mxs/reference-data/v1/cinema-chains/${CHAIN}/sites`), { cinemaChainId: CHAIN });
      assert.equal(matchTemplate(SITES, `/mxs/reference-data/v1/cinema-chains/${CHAIN}/sites/x`), undefined);
      assert.equal(matchTemplate(SITES, `/xmxs/reference-data/v1/cinema-chains/${CHAIN}/sites`), undefined);
    });

    it('recognises a template whose parameters are not filled in yet or hold bad values, returning only valid ones', () => {
      assert.deepEqual(matchTemplate(SITES, SITES), {});
      assert.deepEqual(matchTemplate(SITES, '/mxs/reference-data/v1/cinema-chains/%7BcinemaChainId%7D/sites'), {});
      assert.deepEqual(matchTemplate(SITES, '/mxs/reference-data/v1/cinema-chains/a%2Fb/sites'), {});
      assert.deepEqual(matchTemplate(SITES, '/mxs/reference-data/v1/cinema-chains/%E0%A4%A/sites'), {});
      assert.equal(matchTemplate(SITES, '/mxs/reference-data/v1/cinema-chains//sites'), undefined, 'an empty segment is no parameter');
    });

    it('finds the endpoint of the same method, the most specific when several match', () => {
      assert.equal(findTemplate(endpoints, 'get', `/mxs/reference-data/v1/cinema-chains/${CHAIN}/sites`)?.endpoint.id, 'sites');
      assert.equal(findTemplate(endpoints, 'GET', `/mxs/reference-data/v1/cinema-chains/${CHAIN}`)?.endpoint.id, 'chain');
      assert.equal(findTemplate(endpoints, 'POST', `/mxt/ticketing/v1/cinema-chains/${CHAIN}/orders`)?.endpoint.id, 'order');
      assert.equal(findTemplate(endpoints, 'POST', `/mxs/reference-data/v1/cinema-chains/${CHAIN}/sites`), undefined, 'another method');
      assert.equal(findTemplate(endpoints, 'GET', '/a/b/c/d/e/f')?.endpoint.id, 'any');
      assert.equal(findTemplate(endpoints, 'GET', ''), undefined);
      assert.equal(findTemplate(endpoints, 'GET', '   '), undefined);
    });
  });
});

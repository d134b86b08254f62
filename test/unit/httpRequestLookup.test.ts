// Finding a named `.http` request in the workspace (src/httpFiles/httpRequestLookup.ts), as
// mx_run_http_request does: the file by its path or the end of it, the request by its `# @name`,
// the first of a name within a file, and ambiguity across files.
import * as assert from 'node:assert/strict';
import { findNamedRequest, matchHttpFile, namedRequests, normalizeRelativePath } from '../../src/httpFiles/httpRequestLookup';

const CHAINS = ['# @name chains', 'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains', '?? status == 200', '', '###', '# @name sites', 'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains/{{chains.response.body.$[0].id}}/sites'].join('\n');
const ORDERS = ['### Create', '# @name order', 'POST {{mxApi}}/mxt/ticketing/v1/cinema-chains/c/orders', '', '{}', '', '###', '# @name chains', 'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains'].join('\n');
const TWICE = ['# @name twice', 'GET /first', '', '###', '# @name twice', 'DELETE /second'].join('\n');
const UNNAMED = 'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains\n';

describe('.http request lookup', () => {
  describe('normalizeRelativePath', () => {
    it('forgives the ways a path gets written', () => {
      assert.equal(normalizeRelativePath(' ./api/mx.http '), 'api/mx.http');
      assert.equal(normalizeRelativePath('api\\mx.http'), 'api/mx.http');
      assert.equal(normalizeRelativePath('/api//mx.http'), 'api/mx.http');
      assert.equal(normalizeRelativePath('././mx.http'), 'mx.http');
    });
  });

  describe('matchHttpFile', () => {
    const paths = ['api/mx.http', 'api/orders.rest', 'other/mx.http', 'Readme.http'];

    it('takes the exact path, else the one path that ends with it at a folder boundary', () => {
      assert.deepEqual(matchHttpFile(paths, 'api/mx.http'), { kind: 'one', path: 'api/mx.http' });
      assert.deepEqual(matchHttpFile(paths, './api\\mx.http'), { kind: 'one', path: 'api/mx.http' });
      assert.deepEqual(matchHttpFile(paths, 'orders.rest'), { kind: 'one', path: 'api/orders.rest' });
      assert.deepEqual(matchHttpFile(paths, 'readme.HTTP'), { kind: 'one', path: 'Readme.http' }, 'case is forgiven when nothing matches exactly');
    });

    it('says when a path names several files or none', () => {
      assert.deepEqual(matchHttpFile(paths, 'mx.http'), { kind: 'many', file: 'mx.http', paths: ['api/mx.http', 'other/mx.http'] });
      assert.deepEqual(matchHttpFile(paths, 'x.http'), { kind: 'none', file: 'x.http' }, '"x.http" is not the end of "mx.http" at a folder boundary');
      assert.deepEqual(matchHttpFile(paths, 'api'), { kind: 'none', file: 'api' });
      assert.deepEqual(matchHttpFile(paths, '  '), { kind: 'none', file: '  ' });
    });
  });

  describe('findNamedRequest', () => {
    const files = [
      { path: 'api/mx.http', text: CHAINS },
      { path: 'api/orders.http', text: ORDERS },
      { path: 'twice.http', text: TWICE },
      { path: 'plain.http', text: UNNAMED },
    ];

    it('finds a name unique in the workspace, with its file, parsed text and request', () => {
      const found = findNamedRequest(files, 'sites');
      assert.equal(found.kind, 'found');
      assert.ok(found.kind === 'found');
      assert.equal(found.path, 'api/mx.http');
      assert.equal(found.request.name, 'sites');
      assert.equal(found.request.requestLine, 6);
      assert.equal(found.parsed.requests.length, 2, 'the whole file, for its dependencies');
    });

    it('takes the first request of a name within one file, as request variables do', () => {
      const found = findNamedRequest([files[2]], 'twice');
      assert.ok(found.kind === 'found');
      assert.equal(found.request.method, 'GET');
      assert.equal(found.request.requestLine, 1);
    });

    it('says a name in several files is ambiguous, naming each place', () => {
      assert.deepEqual(findNamedRequest(files, 'chains'), {
        kind: 'ambiguous',
        name: 'chains',
        places: [
          { path: 'api/mx.http', name: 'chains', line: 1, method: 'GET' },
          { path: 'api/orders.http', name: 'chains', line: 8, method: 'GET' },
        ],
      });
      const one = findNamedRequest([files[1]], 'chains');
      assert.ok(one.kind === 'found' && one.path === 'api/orders.http', 'the file given settles it');
    });

    it('not found: lists the named requests there are, in the file given or in the workspace', () => {
      const missing = findNamedRequest(files, 'Chains');
      assert.equal(missing.kind, 'notFound');
      assert.ok(missing.kind === 'notFound');
      assert.equal(missing.path, undefined);
      assert.deepEqual(
        missing.names.map((n) => `${n.path}:${n.name}:${n.method}`),
        ['api/mx.http:chains:GET', 'api/mx.http:sites:GET', 'api/orders.http:order:POST', 'api/orders.http:chains:GET', 'twice.http:twice:GET'],
        'names are case-sensitive; each name once per file',
      );
      const inFile = findNamedRequest([files[3]], 'chains');
      assert.deepEqual(inFile, { kind: 'notFound', name: 'chains', path: 'plain.http', names: [] });
      assert.deepEqual(findNamedRequest([], 'chains'), { kind: 'notFound', name: 'chains', names: [] });
    });

    it('namedRequests reads parsed files as they are given', () => {
      assert.deepEqual(namedRequests([{ path: 'o.http', text: ORDERS }]).map((n) => [n.name, n.line]), [
        ['order', 2],
        ['chains', 8],
      ]);
    });
  });
});

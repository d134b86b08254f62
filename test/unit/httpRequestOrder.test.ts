// The order chained `.http` requests go in (src/httpFiles/httpRequestOrder.ts): dependencies from
// request variables (directly and through file variables) and `# @ref`, sending what has no answer
// first, each request once, and unknown names and circles as messages and problems.
import * as assert from 'node:assert/strict';
import { lintHttpFile } from '../../src/httpFiles/httpLint';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { badPathIn, dependencyDiagnostics, requestDependencies, sendOrder } from '../../src/httpFiles/httpRequestOrder';
import { fileVariableMap } from '../../src/httpFiles/httpVariables';
import { sources } from './httpVariables.test';

const CHAIN = [
  '@chainId = {{chains.response.body.$.cinemaChains[0].id}}', // 0
  '',
  '# @name chains', // 2
  'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains',
  '',
  '###',
  '# @name sites', // 6
  'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains/{{chainId}}/sites',
  '',
  '###',
  '# @name films', // 10
  'GET {{mxApi}}/mxs/reference-data/v1/sites/{{sites.response.body.$.sites[0].id}}/films',
  'X-Chain: {{chains.response.headers.Mx-Correlation-Id}}',
  '',
  '###',
  '# @name order', // 15
  '# @ref films',
  'POST {{mxApi}}/mxs/orders/v1/orders',
  'Content-Type: application/json',
  '',
  '{"site": "{{sites.response.body.$.sites[0].id}}"}',
].join('\n');

describe('.http request order', () => {
  const parsed = parseHttpFile(CHAIN);
  const none = (): boolean => false;

  it('finds dependencies in the URL, headers, body, file variables and @ref, with their lines', () => {
    const deps = (index: number): Array<[string, number, string]> => requestDependencies(parsed, parsed.requests[index]).map((d) => [d.name, d.line, d.via]);
    assert.deepEqual(deps(0), []);
    assert.deepEqual(deps(1), [['chains', 0, 'variable']], 'through @chainId: the variable line is pointed at');
    assert.deepEqual(deps(2), [['sites', 11, 'variable'], ['chains', 12, 'variable']]);
    assert.deepEqual(deps(3), [['films', 16, 'ref'], ['sites', 20, 'variable']]);
  });

  it('sends every dependency without an answer first, each once', () => {
    assert.deepEqual(sendOrder(parsed, [3], none), { ok: true, order: [0, 1, 2, 3] });
    assert.deepEqual(sendOrder(parsed, [1], none), { ok: true, order: [0, 1] });
  });

  it('skips dependencies that already have an answer in the session', () => {
    assert.deepEqual(sendOrder(parsed, [3], (name) => name === 'films' || name === 'sites'), { ok: true, order: [3] });
    assert.deepEqual(sendOrder(parsed, [2], (name) => name === 'chains'), { ok: true, order: [1, 2] });
  });

  it('a run of several requests sends each once, dependencies first, even when answered before', () => {
    assert.deepEqual(sendOrder(parsed, [3, 2, 1, 0], () => true), { ok: true, order: [0, 1, 2, 3] });
    assert.deepEqual(sendOrder(parsed, [0, 1, 2, 3], () => true), { ok: true, order: [0, 1, 2, 3] });
  });

  it('stops on a name no request has, saying which and where', () => {
    const file = parseHttpFile('# @name a\nGET /x/{{ghost.response.body.$.id}}\n');
    const order = sendOrder(file, [0], none);
    assert.equal(order.ok, false);
    assert.match(order.ok ? '' : order.message, /"a" uses request "ghost" \(line 2\), but no request in this file is named so/);
  });

  it('stops on a circle, naming it, including a request that refers to itself', () => {
    const file = parseHttpFile(['# @name a', '# @ref b', 'GET /a', '###', '# @name b', 'GET /b/{{a.response.body.$.id}}', '###', '# @name self', 'GET /s/{{self.response.headers.X}}'].join('\n'));
    const order = sendOrder(file, [0], none);
    assert.equal(order.ok, false);
    assert.match(order.ok ? '' : order.message, /in a circle: "a" → "b" → "a"/);
    const self = sendOrder(file, [2], () => true);
    assert.match(self.ok ? '' : self.message, /"self" → "self"/, 'even when it was answered before');
  });

  it('reports unknown names, circles and duplicate names as problems on their lines', () => {
    const text = ['# @name a', 'GET /a/{{b.response.body.$.id}}', '###', '# @name b', '# @ref a', 'GET /b', '###', '# @name a', 'GET /c/{{nobody.response.body.$.x}}'].join('\n');
    const problems = dependencyDiagnostics(text, parseHttpFile(text));
    const summary = problems.map((p) => [p.line, p.severity, p.message.slice(0, 40)]);
    assert.deepEqual(summary, [
      [7, 'warning', 'Another request (line 2) is already name'],
      [0, 'error', 'Requests depend on each other in a circl'],
      [3, 'error', 'Requests depend on each other in a circl'],
      [8, 'error', 'No request in this file is named "nobody'],
    ]);
    const unknown = problems[3];
    assert.equal(text.split('\n')[8].slice(unknown.startChar, unknown.endChar), 'nobody', 'the name itself is underlined');
  });

  it('the editor problems no longer call request variables unsupported, but flag unknown names', () => {
    const problems = lintHttpFile(CHAIN, parsed, sources({ file: fileVariableMap(parsed.variables) }));
    assert.deepEqual(problems, [], 'a correct chain has no problem before anything is sent');
    const text = '# @name a\nGET {{mxApi}}/x/{{zzz.response.body.$.id}}\n';
    const found = lintHttpFile(text, parseHttpFile(text), sources());
    assert.deepEqual(found.map((p) => [p.code, p.line]), [['requestOrder', 1]]);
  });
  it('stops before anything is sent when a request variable\'s path cannot be read, directly or through a file variable', () => {
    const direct = parseHttpFile(['# @name chains', 'GET /chains', '###', '# @name sites', 'GET /sites/{{chains.response.body.$[0]id}}'].join('\n'));
    const order = sendOrder(direct, [1], none);
    assert.equal(order.ok, false, 'not even the dependency is sent');
    assert.equal(
      order.ok ? '' : order.message,
      'Not sent: "sites" reads {{chains.response.body.$[0]id}}, whose path cannot be read: Unexpected "i" at character 5 of "$[0]id": use .key, [\'key\'], [n], [-1] or [*].',
    );
    const through = parseHttpFile(['@chainId = {{chains.response.body.$..id}}', '# @name chains', 'GET /chains', '###', 'GET /sites/{{chainId}}'].join('\n'));
    const viaVariable = sendOrder(through, [1], none);
    assert.match(viaVariable.ok ? '' : viaVariable.message, /^Not sent: the request on line 5 reads \{\{chains\.response\.body\.\$\.\.id\}\}, whose path cannot be read: Recursive descent/);
    assert.deepEqual(sendOrder(through, [0], none), { ok: true, order: [0] }, 'a request that does not read it is sent');
    assert.deepEqual(badPathIn(direct, direct.requests[0]), undefined);
  });

  it('a bad path is a problem in the editor before anything is sent, at the reference, and in a ?? body check', () => {
    const text = ['@chainId = {{chains.response.body.$[0]id}}', '# @name chains', 'GET {{mxApi}}/chains', '?? body $.[0] exists', '?? body $[0].id exists', '###', 'GET {{mxApi}}/sites/{{chainId}}', 'X-Id: {{chains.response.body.$[*].id}}', 'X-All: {{chains.response.body.*}}'].join('\n');
    const file = parseHttpFile(text);
    const problems = lintHttpFile(text, file, sources({ file: fileVariableMap(file.variables) }));
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.line, text.split('\n')[p.line].slice(p.startChar, p.endChar)]),
      [
        ['jsonPath', 'error', 0, '{{chains.response.body.$[0]id}}'],
        ['jsonPath', 'error', 3, '$.[0]'],
      ],
    );
    assert.match(problems[0].message, /^\{\{chains\.response\.body\.\$\[0\]id\}\}: Unexpected "i" at character 5/);
    assert.match(problems[1].message, /Expected a name after "\." at character 2/);
  });
});

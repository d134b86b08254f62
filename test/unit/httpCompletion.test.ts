// Completion in `.http` files (src/httpFiles/httpCompletion.ts): variables inside `{{`, documented
// MX paths after {{mxApi}}, header names with the session expressions.
import * as assert from 'node:assert/strict';
import { completionsAt } from '../../src/httpFiles/httpCompletion';
import { parseHttpFile, requestAtLine } from '../../src/httpFiles/httpParser';
import { fileVariableMap } from '../../src/httpFiles/httpVariables';
import { sources } from './httpVariables.test';

function at(text: string, line: number, character: number) {
  const parsed = parseHttpFile(text);
  const before = text.split('\n')[line].slice(0, character);
  const environment = new Map([['host', { value: 'h', source: 'http-client.env.json (dev)' }]]);
  return completionsAt(before, line, requestAtLine(parsed, line), sources({ file: fileVariableMap(parsed.variables), environment }));
}

describe('.http completion', () => {
  it('offers file, environment, profile and system variables inside {{', () => {
    const items = at('@chain = c1\nGET {{ch', 1, 8);
    assert.deepEqual(items.slice(0, 4).map((i) => [i.label, i.detail]), [
      ['chain', 'file variable'],
      ['host', 'http-client.env.json (dev)'],
      ['mxApi', "the active MX profile's API base (http://127.0.0.1:4001)"],
      ['mxAuth', "the active MX profile's auth base (http://127.0.0.1:4000)"],
    ]);
    assert.equal(items[0].snippet, 'chain}}');
    assert.equal(items[0].replaceChars, 2);
    assert.ok(items.some((i) => i.label === '$auth.token("mx")' && i.snippet === '$auth.token("mx")}}'));
    assert.ok(items.some((i) => i.label === '$randomInt' && i.snippet === '$randomInt ${1:0} ${2:100}}}'));
  });

  it('offers the documented paths of the method after {{mxApi}}, parameters as placeholders', () => {
    const get = at('GET {{mxApi}}/mxs', 0, 17);
    assert.ok(get.length >= 10);
    assert.ok(get.every((i) => i.kind === 'path' && i.detail.startsWith('GET · ')));
    const sites = get.find((i) => i.label === '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/sites');
    assert.equal(sites?.snippet, '/mxs/reference-data/v1/cinema-chains/${1:cinemaChainId}/sites');
    assert.equal(sites?.replaceChars, 4);
    const post = at('POST {{mxApi}}/', 0, 15);
    assert.ok(post.length > 0 && post.every((i) => i.detail.startsWith('POST · ')));
    assert.deepEqual(at('GET /mxs', 0, 8), [], 'nothing without {{mxApi}}');
  });

  it('offers header names in the header section only, the credential headers with their expressions', () => {
    const text = 'GET /x\nAu\n\n{"a": 1}';
    const headers = at(text, 1, 2);
    assert.equal(headers.find((h) => h.label === 'Authorization')?.snippet, 'Authorization: Bearer {{$auth.token("mx")}}');
    assert.equal(headers.find((h) => h.label === 'MX-Api-Client-Secret')?.snippet, 'MX-Api-Client-Secret: {{$mx.clientSecret}}');
    assert.equal(headers[0].replaceChars, 2);
    assert.deepEqual(at(text, 3, 2), [], 'not in the body');
  });
});

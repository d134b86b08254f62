// The JSONPath subset of `.http` request variables and assertions (src/httpFiles/jsonPath.ts),
// including hostile paths: nothing runs code, nothing walks the prototype chain, limits hold.
import * as assert from 'node:assert/strict';
import { evaluateJsonPath, MAX_JSON_PATH_CHARS, MAX_JSON_PATH_SEGMENTS, parseJsonPath, queryJson } from '../../src/httpFiles/jsonPath';

const chains = {
  cinemaChains: [
    { id: 'c1', name: 'First', sites: [] },
    { id: 'c2', name: 'Second', sites: [{ id: 's1', 'time zone': 'Europe/London' }] },
  ],
  'odd key': { 'with ]quote\'': 7 },
  empty: null,
  length: 'own',
};

function value(path: string): unknown {
  const found = queryJson(chains, path);
  assert.ok(found.found, `${path} should find a value`);
  return found.value;
}

function nothing(path: string): void {
  const found = queryJson(chains, path);
  assert.equal(found.found, false, `${path} should find nothing`);
}

describe('JSONPath subset', () => {
  it('reads $, .key, [n], [-1] and bracket names', () => {
    assert.deepEqual(value('$'), chains);
    assert.equal(value('$.cinemaChains[0].id'), 'c1');
    assert.equal(value('$.cinemaChains[-1].name'), 'Second');
    assert.equal(value("$['cinemaChains'][1]['name']"), 'Second');
    assert.equal(value('$["odd key"]["with ]quote\\\'"]'), 7);
    assert.equal(value('$.empty'), null, 'null is a value that exists');
    assert.equal(value('  $.cinemaChains[ 1 ].id  '), 'c2');
  });

  it('[*] and .* yield the first element for which the rest of the path finds something', () => {
    assert.equal(value('$.cinemaChains[*].id'), 'c1');
    assert.equal(value('$.cinemaChains[*].sites[0].id'), 's1', 'skips the chain without sites');
    assert.equal(value("$.cinemaChains[*].sites[*]['time zone']"), 'Europe/London');
    assert.equal(value('$.*[0].id'), 'c1');
    nothing('$.cinemaChains[*].missing');
  });

  it('.length of arrays and strings, but an own length property wins', () => {
    assert.equal(value('$.cinemaChains.length'), 2);
    assert.equal(value('$.cinemaChains[0].sites.length'), 0);
    assert.equal(value('$.cinemaChains[0].name.length'), 5);
    assert.equal(value('$.length'), 'own');
  });

  it('finds nothing outside the value: out of range, wrong type, missing key', () => {
    nothing('$.cinemaChains[2]');
    nothing('$.cinemaChains[-3]');
    nothing('$.cinemaChains.id');
    nothing('$.cinemaChains[0][0]');
    nothing('$.nope.deeper');
    nothing('$.empty.x');
  });

  it('never walks the prototype chain', () => {
    for (const path of ['$.constructor', '$.__proto__', "$['__proto__']['toString']", '$.cinemaChains.constructor', '$.cinemaChains[0].hasOwnProperty', '$.toString']) {
      nothing(path);
    }
    const parsed = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    const found = queryJson(parsed, '$.__proto__.x');
    assert.deepEqual(found, { found: true, value: 1 }, 'an own __proto__ key from JSON is an ordinary key');
  });

  it('refuses what it does not support, with a message, and never runs code', () => {
    const refused: Array<[string, RegExp]> = [
      ['cinemaChains[0]', /starts with "\$"/],
      ['$..id', /Recursive descent/],
      ['$.cinemaChains[?(@.id == "c1")]', /filters and slices are not supported/],
      ['$.cinemaChains[0:1]', /filters and slices/],
      ['$.cinemaChains[(process.exit())]', /filters and slices/],
      ["$['unterminated", /not closed/],
      ["$['a'x]", /Expected "]"/],
      ['$.', /Expected a name/],
      ['$.a b', /Unexpected " "/],
      ['$[99999999999]', /filters and slices/],
    ];
    for (const [path, message] of refused) {
      const parsed = parseJsonPath(path);
      assert.equal(parsed.ok, false, path);
      if (!parsed.ok) assert.match(parsed.message, message, path);
    }
  });

  it('limits the length and the number of steps', () => {
    assert.match(String((parseJsonPath(`$.${'a'.repeat(MAX_JSON_PATH_CHARS)}`) as { message: string }).message), /at most 500 characters/);
    const deep = `$${'[0]'.repeat(MAX_JSON_PATH_SEGMENTS + 1)}`;
    assert.match(String((parseJsonPath(deep) as { message: string }).message), /at most 64 steps/);
    assert.equal(parseJsonPath(`$${'[0]'.repeat(MAX_JSON_PATH_SEGMENTS)}`).ok, true);
  });

  it('wildcards over a wide, deep value stay fast (each value visited at most once)', () => {
    const wide = Array.from({ length: 200 }, () => Array.from({ length: 200 }, () => ({ x: 1 })));
    const parsed = parseJsonPath('$[*][*].y');
    assert.ok(parsed.ok);
    const started = process.hrtime.bigint();
    assert.deepEqual(evaluateJsonPath(wide, parsed.segments), { found: false });
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500, 'searching 40 000 elements takes well under half a second');
  });
});

import * as assert from 'node:assert/strict';
import { joinRaw, rawArrayElements, rawObjectMembers, rawRecords } from '../sandbox/rawJson';

describe('MX sandbox raw JSON', () => {
  it('splits an array without touching number formats', () => {
    assert.deepEqual(rawArrayElements(' [ {"price":12.0} ,\n{"latitude":34.1015880}, 3 ] '), ['{"price":12.0}', '{"latitude":34.1015880}', '3']);
    assert.deepEqual(rawArrayElements('[]'), []);
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    const text = '[{"plot":"a \\"quoted\\", [odd] {text}\\\\"},{"id":"x"}]';
    assert.deepEqual(rawArrayElements(text), ['{"plot":"a \\"quoted\\", [odd] {text}\\\\"}', '{"id":"x"}']);
  });

  it('reads object members raw and round-trips records', () => {
    const members = rawObjectMembers('{"a\\"b": [1.50, 2], "c" : {"d":0.0}}');
    assert.equal(members.get('a"b'), '[1.50, 2]');
    assert.equal(members.get('c'), '{"d":0.0}');
    assert.equal(joinRaw(rawRecords('[{"p":1.0}, {"p":2.0}]')), '[{"p":1.0},{"p":2.0}]');
  });

  it('rejects what is not an array or object', () => {
    assert.throws(() => rawArrayElements('{"a":1}'), SyntaxError);
    assert.throws(() => rawArrayElements('[1, 2'), SyntaxError);
  });
});

import * as assert from 'node:assert/strict';
import { joinRaw, rawArrayElements, rawMemberTemplate, rawObjectMembers, rawRecords, withRawMembers } from '../sandbox/rawJson';

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

  it('replaces top-level members in place, keeping every other byte', () => {
    const text = '{"items":[{"id":"0001","price":12.0}], "id" : "old",\n"at":"2021-04-26T10:35:00","n":{"id":"x"}}';
    assert.equal(
      withRawMembers(text, { id: '"new"', at: '"2021-04-27T03:35:00"' }),
      '{"items":[{"id":"0001","price":12.0}], "id" : "new",\n"at":"2021-04-27T03:35:00","n":{"id":"x"}}',
    );
    assert.equal(withRawMembers(text, {}), text);
    assert.throws(() => withRawMembers(text, { missing: '1' }), /No member "missing"/);
    assert.throws(() => withRawMembers('[1]', {}), SyntaxError);

    const fill = rawMemberTemplate('{"id":"a","price":12.0,"at":"t"}', ['at', 'id']);
    assert.equal(fill({ id: '"b"', at: '"u"' }), '{"id":"b","price":12.0,"at":"u"}');
    assert.equal(fill({ id: '"c"', at: '"v"' }), '{"id":"c","price":12.0,"at":"v"}');
    assert.throws(() => fill({ id: '"d"' }), /No value for member "at"/);
  });

  it('rejects what is not an array or object', () => {
    assert.throws(() => rawArrayElements('{"a":1}'), SyntaxError);
    assert.throws(() => rawArrayElements('[1, 2'), SyntaxError);
  });
});

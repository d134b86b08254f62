import * as assert from 'node:assert/strict';
import { formatJsonPrefix } from '../../src/panel/jsonFormat';

describe('formatJsonPrefix (the Raw view)', () => {
  it('re-indents JSON exactly as JSON.stringify(value, null, 2) does', () => {
    const samples = [
      '{"a":1,"b":[1,2,{"c":"x, y: [z]"}],"e":{},"f":[ ],"g":null,"h":true,"i":-1.5}',
      '[ {"quote":"say \\"hi\\", \\\\ ok"} , "é" ]',
      '"just a string"',
      '42',
      '\ufeff{"bom":1}',
    ];
    for (const text of samples) {
      const formatted = formatJsonPrefix(text, 10_000);
      assert.equal(formatted.text, JSON.stringify(JSON.parse(text.replace(/^\ufeff/, '')), null, 2), text);
      assert.equal(formatted.complete, true);
    }
  });

  it('keeps numbers as they were sent (12.0 stays 12.0)', () => {
    assert.equal(formatJsonPrefix('{"price":12.0,"e":-1.5E+3}', 100).text, '{\n  "price": 12.0,\n  "e": -1.5E+3\n}');
  });

  it('stops once the output is long enough, at a line end, and says so', () => {
    const big = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `item ${i}` })));
    const formatted = formatJsonPrefix(big, 1000);
    assert.equal(formatted.complete, false);
    assert.ok(formatted.text.length <= 1000 && formatted.text.length > 900, String(formatted.text.length));
    assert.ok(JSON.stringify(JSON.parse(big), null, 2).startsWith(formatted.text));
    assert.ok(formatted.text.endsWith(','));
  });

  it('cuts a single huge string at the limit when there is no line end before it', () => {
    const formatted = formatJsonPrefix(JSON.stringify('x'.repeat(5000)), 100);
    assert.equal(formatted.text, `"${'x'.repeat(99)}`);
    assert.equal(formatted.complete, false);
  });
});

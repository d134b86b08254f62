import * as assert from 'node:assert/strict';
import { formatTime } from '../../src/webview/format';

describe('webview formatTime (history times)', () => {
  const now = new Date(2026, 11, 1, 13, 0, 59);

  it('tells apart requests sent within the same minute: to the second', () => {
    const a = formatTime(new Date(2026, 11, 1, 13, 0, 5).getTime(), now);
    const b = formatTime(new Date(2026, 11, 1, 13, 0, 42).getTime(), now);
    assert.notEqual(a, b);
    assert.match(a, /0?1:00:05|13:00:05/);
    assert.match(b, /0?1:00:42|13:00:42/);
  });

  it('adds the date when not today, and the year when not this year', () => {
    const yesterday = formatTime(new Date(2026, 10, 30, 9, 15, 0).getTime(), now);
    assert.match(yesterday, /30/);
    assert.match(yesterday, /0?9:15:00/);
    assert.ok(!/2026/.test(yesterday), yesterday);
    assert.match(formatTime(new Date(2025, 11, 1, 9, 15, 0).getTime(), now), /2025/);
    assert.equal(formatTime(0, now), '');
  });
});

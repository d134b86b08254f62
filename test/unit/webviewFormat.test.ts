import * as assert from 'node:assert/strict';
import { formatDateTime, formatTime } from '../../src/webview/format';

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

  it('writes the same text as the toLocale…String calls it stands for (its formatters are made once)', () => {
    for (const at of [new Date(2026, 11, 1, 9, 5, 7), new Date(2025, 0, 31, 23, 59, 59)]) {
      assert.equal(formatDateTime(at.getTime()), at.toLocaleString());
      const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      assert.ok(formatTime(at.getTime(), now).endsWith(time), formatTime(at.getTime(), now));
    }
    assert.equal(formatTime(new Date(2026, 11, 1, 9, 5, 7).getTime(), now), new Date(2026, 11, 1, 9, 5, 7).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  });
});

// Showtime windows in the site's local time zone.
import * as assert from 'node:assert/strict';
import { addDays, inWindow, localWindow, siteClock } from '../../src/tools/showtimeWindow';

describe('agent tools: showtime windows in site-local time', () => {
  it("tells the site's local time from its IANA zone, daylight saving included", () => {
    const winter = Date.UTC(2026, 11, 1, 17, 30); // 1 Dec 17:30 UTC
    const summer = Date.UTC(2026, 6, 1, 17, 30);
    assert.deepEqual(siteClock(winter, 'America/Los_Angeles', -7), { zone: 'America/Los_Angeles', now: '2026-12-01T09:30' });
    assert.deepEqual(siteClock(summer, 'America/Los_Angeles', -7), { zone: 'America/Los_Angeles', now: '2026-07-01T10:30' });
    assert.deepEqual(siteClock(winter, 'Australia/Brisbane', 10), { zone: 'Australia/Brisbane', now: '2026-12-02T03:30' });
  });

  it('falls back to the fixed offset for an unknown zone name, and to nothing without either', () => {
    const at = Date.UTC(2026, 11, 1, 17, 30);
    assert.deepEqual(siteClock(at, 'Not/AZone', 10), { zone: 'UTC+10', now: '2026-12-02T03:30' });
    assert.deepEqual(siteClock(at, undefined, 5.5), { zone: 'UTC+5:30', now: '2026-12-01T23:00' });
    assert.deepEqual(siteClock(at, undefined, -3), { zone: 'UTC-3', now: '2026-12-01T14:30' });
    assert.equal(siteClock(at, undefined, undefined), undefined);
    assert.equal(siteClock(at, undefined, 99), undefined);
  });

  it("resolves today and tomorrow on the site's calendar, not the user's", () => {
    // 23:30 in Los Angeles on 1 Dec is already 2 Dec in UTC
    const clock = siteClock(Date.UTC(2026, 11, 2, 7, 30), 'America/Los_Angeles', -8);
    const window = localWindow('tomorrow', 'tomorrow', clock);
    assert.ok(window.ok);
    assert.deepEqual(window.window, { from: '2026-12-02T00:00', toExclusive: '2026-12-03T00:00', label: '2026-12-02 00:00 – 2026-12-02 23:59' });
    const evening = localWindow('tomorrowT18:00', 'tomorrow', clock);
    assert.ok(evening.ok);
    assert.deepEqual(evening.window, { from: '2026-12-02T18:00', toExclusive: '2026-12-03T00:00', label: '2026-12-02 18:00 – 2026-12-02 23:59' });
    const today = localWindow('today', undefined, clock);
    assert.ok(today.ok && today.window.from === '2026-12-01T00:00' && today.window.toExclusive === undefined);
  });

  it('includes the whole day of a date-only end and the minute of a timed end', () => {
    const days = localWindow('2021-04-26', '2021-04-27', undefined);
    assert.ok(days.ok);
    assert.ok(inWindow('2021-04-26T00:00:00', days.window));
    assert.ok(inWindow('2021-04-27T23:59:00', days.window));
    assert.ok(!inWindow('2021-04-28T00:00:00', days.window));
    assert.ok(!inWindow('2021-04-25T23:59:00', days.window));

    const evening = localWindow('2021-04-26T18:00', '2021-04-26T23:59', undefined);
    assert.ok(evening.ok);
    assert.ok(!inWindow('2021-04-26T17:59:00', evening.window));
    assert.ok(inWindow('2021-04-26T18:00:00', evening.window));
    assert.ok(inWindow('2021-04-26T23:59:00', evening.window));
    assert.ok(!inWindow('2021-04-27T00:00:00', evening.window));
  });

  it('refuses an empty window, and today/tomorrow without a known time zone', () => {
    const empty = localWindow('2021-04-27', '2021-04-26', undefined);
    assert.ok(!empty.ok && /empty/.test(empty.reason));
    assert.ok(!localWindow('2021-04-26', 'todayT10:00', undefined).ok);
    const noZone = localWindow('today', undefined, undefined);
    assert.ok(!noZone.ok && /time zone is not known/.test(noZone.reason));
    const open = localWindow(undefined, undefined, undefined);
    assert.ok(open.ok && open.window.label === 'all dates' && inWindow('1999-01-01T00:00:00', open.window));
  });

  it('adds days across months, years and leap days', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2021-03-01', -1), '2021-02-28');
  });
});

// Date windows for showtimes, in the site's local time. MX gives each showtime `startTime` in the
// site's local time (and `startTimeUtc`), and each site its time zone (`timeZone.ianaName`, and
// `currentOffsetFromUtcInHours`). "today" and "tomorrow" mean the site's today, not the user's: a
// user in Berlin asking about a cinema in Brisbane means Brisbane's evening. vscode-free.

/** `YYYY-MM-DDTHH:mm` in the site's local time. */
export type LocalMinute = string;

export interface SiteClock {
  /** e.g. `Australia/Brisbane`, or `UTC+10` when only an offset is known. */
  readonly zone: string;
  /** The site's local time now. */
  readonly now: LocalMinute;
}

/**
 * The site's local time at `nowMs`, from its IANA zone when the runtime knows it (DST included),
 * else from its fixed UTC offset in hours, else undefined.
 */
export function siteClock(nowMs: number, ianaName: string | undefined, offsetHours: number | undefined): SiteClock | undefined {
  if (ianaName) {
    const local = localMinuteIn(ianaName, nowMs);
    if (local) return { zone: ianaName, now: local };
  }
  if (typeof offsetHours === 'number' && Number.isFinite(offsetHours) && Math.abs(offsetHours) <= 14) {
    const shifted = new Date(nowMs + offsetHours * 3_600_000).toISOString().slice(0, 16);
    const sign = offsetHours < 0 ? '-' : '+';
    const hours = Math.abs(offsetHours);
    const label = Number.isInteger(hours) ? `${hours}` : `${Math.floor(hours)}:${String(Math.round((hours % 1) * 60)).padStart(2, '0')}`;
    return { zone: `UTC${sign}${label}`, now: shifted };
  }
  return undefined;
}

function localMinuteIn(timeZone: string, nowMs: number): LocalMinute | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(nowMs));
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    const text = `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) ? text : undefined;
  } catch {
    return undefined; // an unknown zone name
  }
}

/** The window [from, to) on site-local `YYYY-MM-DDTHH:mm` strings; either end may be open. */
export interface LocalWindow {
  readonly from?: LocalMinute;
  /** Exclusive. */
  readonly toExclusive?: LocalMinute;
  /** How the window reads in a result, e.g. `2021-04-26 18:00 – 2021-04-26 23:59`. */
  readonly label: string;
}

export type WindowResult = { readonly ok: true; readonly window: LocalWindow } | { readonly ok: false; readonly reason: string };

/**
 * The window the tool input asks for. `from`/`to` are YYYY-MM-DD, `today` or `tomorrow`, each
 * optionally with `THH:mm` (already checked by toolInputs); a day alone as `to` includes that
 * whole day. `today`/`tomorrow` need the site's clock.
 */
export function localWindow(from: string | undefined, to: string | undefined, clock: SiteClock | undefined): WindowResult {
  if (from === undefined && to === undefined) return { ok: true, window: { label: 'all dates' } };
  const needsClock = [from, to].some((v) => v !== undefined && /^(today|tomorrow)/.test(v));
  if (needsClock && !clock) return { ok: false, reason: "The site's time zone is not known, so 'today' and 'tomorrow' cannot be used; give dates (YYYY-MM-DD)." };
  const start = from === undefined ? undefined : resolve(from, clock);
  const endDay = to === undefined ? undefined : resolve(to, clock);
  const toExclusive = endDay === undefined ? undefined : endDay.length === 10 ? `${addDays(endDay, 1)}T00:00` : nextMinute(endDay);
  const fromMinute = start === undefined ? undefined : start.length === 10 ? `${start}T00:00` : start;
  if (fromMinute !== undefined && toExclusive !== undefined && fromMinute >= toExclusive) {
    return { ok: false, reason: `The window is empty: from ${show(fromMinute)} is not before the end of ${show(endDay as string)}.` };
  }
  const label = `${fromMinute ? show(fromMinute) : 'the first showtime'} – ${endDay ? endLabel(endDay) : 'the last showtime'}`;
  return { ok: true, window: { ...(fromMinute ? { from: fromMinute } : {}), ...(toExclusive ? { toExclusive } : {}), label } };
}

/** Whether a showtime's site-local `startTime` (`YYYY-MM-DDTHH:mm:ss`) is inside the window. */
export function inWindow(startTime: string, window: LocalWindow): boolean {
  const minute = startTime.slice(0, 16);
  if (window.from !== undefined && minute < window.from) return false;
  if (window.toExclusive !== undefined && minute >= window.toExclusive) return false;
  return true;
}

/** `today` / `tomorrow` (with their time, if any) as the site's date. */
function resolve(value: string, clock: SiteClock | undefined): string {
  const [day, time] = value.split('T');
  const today = (): string => (clock as SiteClock).now.slice(0, 10);
  const date = day === 'today' ? today() : day === 'tomorrow' ? addDays(today(), 1) : day;
  return time === undefined ? date : `${date}T${time}`;
}

/** `YYYY-MM-DD` plus n days, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function nextMinute(minute: LocalMinute): LocalMinute {
  const [date, time] = minute.split('T');
  const [hh, mm] = time.split(':').map(Number);
  const total = hh * 60 + mm + 1;
  if (total >= 24 * 60) return `${addDays(date, 1)}T00:00`;
  return `${date}T${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function show(minute: string): string {
  return minute.replace('T', ' ');
}

function endLabel(end: string): string {
  return end.length === 10 ? `${end} 23:59` : show(end);
}

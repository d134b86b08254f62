// Small pure helpers for what the panel displays. (Which methods take a body and how endpoint
// templates become URLs are the host's rules too: see src/mx/requestRules.ts.)
import type { JsonPath } from '../protocol';

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `status-2xx` etc., for colouring; 0 (no status) gets `status-none`. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `status-${Math.floor(status / 100)}xx` : 'status-none';
}

/**
 * When a request was sent, to the second (requests a minute apart, or within one, must not all read
 * "01:00 PM"); with the date when it was not today, and the year when not this year.
 */
export function formatTime(at: number, now = new Date()): string {
  if (!at) return '';
  const date = new Date(at);
  const time = formatter('time').format(date);
  if (date.toDateString() === now.toDateString()) return time;
  const day = formatter(date.getFullYear() === now.getFullYear() ? 'day' : 'dayOfYear').format(date);
  return `${day}, ${time}`;
}

/** Date and time as `toLocaleString()` writes them (`12/1/2026, 11:40:38 PM`). */
export function formatDateTime(at: number): string {
  return formatter('dateTime').format(new Date(at));
}

// Each toLocale…String call with options builds a formatter anew (~0.1 ms): the history list,
// redrawn after every send, spent most of its time there. These are built once, when first used.
const FORMATS = {
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  day: { month: 'short', day: 'numeric' },
  dayOfYear: { month: 'short', day: 'numeric', year: 'numeric' },
  dateTime: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<keyof typeof FORMATS, Intl.DateTimeFormat>();

function formatter(name: keyof typeof FORMATS): Intl.DateTimeFormat {
  let made = formatters.get(name);
  if (!made) {
    made = new Intl.DateTimeFormat([], FORMATS[name]);
    formatters.set(name, made);
  }
  return made;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `$[0].configuration["odd key"]` */
export function formatPath(path: JsonPath): string {
  return (
    '$' +
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : IDENTIFIER.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`))
      .join('')
  );
}

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

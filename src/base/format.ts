// How times appear in the log, the status bar and tooltips.

/** `11h 58m`, `58m` or `45s`; rounds down, so "0s" means expired. */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m`;
  }
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** `2026-11-23T18:00:00Z`: UTC to the second, unambiguous in a log read from another time zone. */
export function formatInstant(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : String(ms);
}

/** `2 s`, `4 s`, `5 min`: for retry delays. */
export function formatDelay(ms: number): string {
  if (ms < 60_000) {
    return `${Math.round(ms / 100) / 10} s`;
  }
  const minutes = Math.round(ms / 6_000) / 10;
  return `${minutes} min`;
}

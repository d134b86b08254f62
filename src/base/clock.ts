// Time as the token session sees it. Wall-clock time (`now`) judges expiry, because timers stop
// while the machine sleeps; timers only say "look again". Injected so tests can move time by hand.

export interface TimerHandle {
  dispose(): void;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch. May jump (sleep, NTP, the user changing it). */
  now(): number;
  /** Calls `cb` once after about `ms` ms of running time (late after a sleep); never throws. */
  setTimeout(cb: () => void, ms: number): TimerHandle;
}

/** Node's limit: longer delays fire at once, so callers must chain (see RefreshScheduler). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout(cb: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_MS) : MAX_TIMER_MS;
    const timer = setTimeout(cb, delay);
    // A pending refresh must never keep the extension host (or a test run) alive.
    timer.unref();
    return { dispose: () => clearTimeout(timer) };
  },
});

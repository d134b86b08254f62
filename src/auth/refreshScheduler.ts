// When a session next asks for a token, on two clocks on purpose. The one refresh-or-retry timer
// measures running time, so it is right after the wall clock is set back; the periodic tick
// compares the wall clock, so it is right after a sleep, when every timer is late.
import { type Clock, MAX_TIMER_MS, type TimerHandle } from '../base/clock';

export const DEFAULT_REFRESH_FRACTION = 2 / 3;
export const DEFAULT_TICK_MS = 30_000;
export const RETRY_BASE_MS = 2_000;
export const RETRY_MAX_MS = 5 * 60_000;
/** A server asking for more than this is probably confused; the user can still refresh by hand. */
const RETRY_AFTER_MAX_MS = 60 * 60_000;
/**
 * The earliest a scheduled refresh may follow the token it replaces. Without it a token whose
 * lifetime is shorter than the request takes would schedule its successor at once, forever.
 */
export const MIN_SCHEDULED_REFRESH_MS = 5_000;

/** 2 s, 4 s, 8 s … up to 5 min; a server's Retry-After wins when it asks for longer. */
export function retryDelayMs(failures: number, retryAfterSeconds?: number): number {
  const exponential = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(30, Math.max(0, failures - 1)));
  if (typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) {
    return Math.max(exponential, Math.min(RETRY_AFTER_MAX_MS, retryAfterSeconds * 1000));
  }
  return exponential;
}

function clampFraction(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(0.95, Math.max(0.1, value)) : DEFAULT_REFRESH_FRACTION;
}

/** What the one timer waits for. */
export type Plan =
  /** Nothing: no token yet, or a refresh is running (it plans the next step when it ends). */
  | { readonly kind: 'idle' }
  | { readonly kind: 'refresh'; readonly timer: TimerHandle }
  /** Backing off after a failure; `retryAt` is on the wall clock, for checkNow after a sleep. */
  | { readonly kind: 'retry'; readonly timer: TimerHandle; readonly retryAt: number }
  /** The session ended: no timer may start again. */
  | { readonly kind: 'stopped' };

export interface RefreshSchedulerOptions {
  readonly clock: Clock;
  /** Part of the lifetime after which the token is refreshed; default 2/3, clamped to 0.1–0.95. */
  readonly refreshFraction?: number;
  /** How often the wall clock is compared with the refresh time; default 30 s, at least 1 s. */
  readonly tickMs?: number;
  /** The refresh or retry time has come (in running time). */
  readonly due: () => void;
  /** Time to compare the wall clock with the plan. */
  readonly tick: () => void;
}

export class RefreshScheduler {
  private plan: Plan = { kind: 'idle' };
  private tickTimer: TimerHandle | undefined;
  /** Failed refreshes since the last token; sets the backoff. */
  private failures = 0;
  private readonly fraction: number;
  private readonly tickMs: number;

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.fraction = clampFraction(options.refreshFraction);
    const { tickMs } = options;
    this.tickMs = typeof tickMs === 'number' && Number.isFinite(tickMs) ? Math.max(1_000, tickMs) : DEFAULT_TICK_MS;
  }

  get current(): Plan {
    return this.plan;
  }

  /** A new token: the backoff starts over and its refresh is planned; returns the refresh time. */
  tokenAccepted(obtainedAt: number, expiresAt: number): number {
    const refreshAt = obtainedAt + Math.round((expiresAt - obtainedAt) * this.fraction);
    this.failures = 0;
    // Never negative, never immediate: see MIN_SCHEDULED_REFRESH_MS.
    this.arm('refresh', Math.max(MIN_SCHEDULED_REFRESH_MS, refreshAt - this.options.clock.now()), refreshAt);
    return refreshAt;
  }

  /** A failed refresh: the next try waits 2 s, 4 s … or as long as the server asks. */
  retryLater(retryAfterSeconds?: number): { readonly delayMs: number; readonly failures: number; readonly retryAt: number } {
    this.failures++;
    const delayMs = retryDelayMs(this.failures, retryAfterSeconds);
    const retryAt = this.options.clock.now() + delayMs;
    this.arm('retry', delayMs, retryAt);
    return { delayMs, failures: this.failures, retryAt };
  }

  /** A refresh is starting: no timer may start another meanwhile. */
  cancel(): void {
    if (this.plan.kind === 'refresh' || this.plan.kind === 'retry') {
      this.plan.timer.dispose();
      this.plan = { kind: 'idle' };
    }
  }

  /**
   * Whether a backoff holds at `now` (wall clock): 'waiting' until its retry time, 'over' after it
   * (timers may be asleep), 'none' when there is no backoff.
   */
  backoffAt(now: number): 'none' | 'waiting' | 'over' {
    if (this.plan.kind !== 'retry') {
      return 'none';
    }
    return now < this.plan.retryAt ? 'waiting' : 'over';
  }

  startTicking(): void {
    if (this.plan.kind === 'stopped') {
      return;
    }
    this.tickTimer = this.options.clock.setTimeout(() => {
      this.tickTimer = undefined;
      this.options.tick();
      this.startTicking();
    }, this.tickMs);
  }

  /** No timer outlives this, and none starts after it. */
  stop(): void {
    this.cancel();
    this.plan = { kind: 'stopped' };
    this.tickTimer?.dispose();
    this.tickTimer = undefined;
  }

  /** ONE timer; delays beyond Node's limit are chained, not shortened. */
  private arm(kind: 'refresh' | 'retry', delayMs: number, at: number): void {
    this.cancel();
    if (this.plan.kind === 'stopped') {
      return;
    }
    const chunk = Math.min(delayMs, MAX_TIMER_MS);
    const timer = this.options.clock.setTimeout(() => {
      if (this.plan.kind === 'idle' || this.plan.kind === 'stopped' || this.plan.timer !== timer) {
        return;
      }
      this.plan = { kind: 'idle' };
      if (delayMs > chunk) {
        this.arm(kind, delayMs - chunk, at);
        return;
      }
      // The full running time has passed: due even if the wall clock was set back meanwhile.
      this.options.due();
    }, chunk);
    this.plan = kind === 'retry' ? { kind, timer, retryAt: at } : { kind, timer };
  }
}

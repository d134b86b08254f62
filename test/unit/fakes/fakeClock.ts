// A clock moved by hand. Two notions of time, like a real machine: running time, which timers
// measure (it stops while the machine sleeps), and the wall clock, which `now()` reports.
// advance(ms) moves both and fires due timers in order; jump(ms) moves only the wall clock
// (a sleep, or the user setting the clock), so timers become late or early in wall-clock terms.
import type { Clock, TimerHandle } from '../../../src/base/clock';

interface FakeTimer {
  readonly id: number;
  readonly due: number;
  readonly cb: () => void;
}

export class FakeClock implements Clock {
  private running = 0;
  private offset: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;
  /** Delays that were negative or not finite; a correct caller never asks for one. */
  readonly invalidDelays: number[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 6, 0, 0)) {
    this.offset = start;
  }

  now(): number {
    return this.running + this.offset;
  }

  setTimeout(cb: () => void, ms: number): TimerHandle {
    if (!Number.isFinite(ms) || ms < 0) {
      this.invalidDelays.push(ms);
    }
    const timer: FakeTimer = { id: this.nextId++, due: this.running + Math.max(0, Number.isFinite(ms) ? ms : 0), cb };
    this.timers.push(timer);
    return { dispose: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Moves time forward, firing each due timer at its own time, earliest first. */
  advance(ms: number): void {
    const target = this.running + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) {
        break;
      }
      this.timers = this.timers.filter((t) => t !== next);
      this.running = Math.max(this.running, next.due);
      next.cb();
    }
    this.running = target;
  }

  /** Moves the wall clock only (positive: slept or set forward; negative: set back). */
  jump(ms: number): void {
    this.offset += ms;
  }

  get pendingCount(): number {
    return this.timers.length;
  }

  /** Running-time delays of the pending timers from now, soonest first. */
  pendingDelays(): number[] {
    return this.timers.map((t) => t.due - this.running).sort((a, b) => a - b);
  }
}

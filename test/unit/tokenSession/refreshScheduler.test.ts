// The refresh scheduler alone, on the hand-moved clock: when it calls for a refresh, how it backs
// off, and that no timer outlives it. How a session acts on it is in tokenSession.test.ts.
import * as assert from 'node:assert/strict';
import { MAX_TIMER_MS } from '../../../src/auth/clock';
import { MIN_SCHEDULED_REFRESH_MS, RefreshScheduler, type RefreshSchedulerOptions, retryDelayMs } from '../../../src/auth/refreshScheduler';
import { FakeClock } from '../fakes/fakeClock';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_MS = 30 * SECOND;

describe('RefreshScheduler', () => {
  let clock: FakeClock;
  let calls: string[];
  let scheduler: RefreshScheduler;

  function create(options: Partial<RefreshSchedulerOptions> = {}): RefreshScheduler {
    scheduler?.stop();
    scheduler = new RefreshScheduler({
      clock,
      tickMs: TICK_MS,
      due: () => calls.push('due'),
      tick: () => calls.push('tick'),
      ...options,
    });
    return scheduler;
  }

  beforeEach(() => {
    clock = new FakeClock();
    calls = [];
    create();
  });

  afterEach(() => {
    scheduler.stop();
    assert.equal(clock.pendingCount, 0, 'no timer outlives stop()');
    assert.deepEqual(clock.invalidDelays, [], 'no negative or invalid timer delays');
  });

  describe('refresh time', () => {
    it('is two thirds into the lifetime by default, and due once that much running time has passed', () => {
      const now = clock.now();
      assert.equal(scheduler.tokenAccepted(now, now + 12 * HOUR), now + 8 * HOUR);
      assert.deepEqual(clock.pendingDelays(), [8 * HOUR]);
      clock.advance(8 * HOUR - 1);
      assert.deepEqual(calls, []);
      clock.advance(1);
      assert.deepEqual(calls, ['due']);
      assert.equal(clock.pendingCount, 0, 'one call per token');
    });

    it('takes the fraction it is given, clamped to 0.1–0.95', () => {
      const now = clock.now();
      for (const [fraction, expected] of [
        [0.5, 6 * HOUR],
        [5, 0.95 * 12 * HOUR],
        [0, 0.1 * 12 * HOUR],
        [-1, 0.1 * 12 * HOUR],
        [Number.NaN, 8 * HOUR],
        [Number.POSITIVE_INFINITY, 8 * HOUR],
      ]) {
        assert.equal(create({ refreshFraction: fraction }).tokenAccepted(now, now + 12 * HOUR), now + expected, `fraction ${fraction}`);
      }
    });

    it('is never sooner than MIN_SCHEDULED_REFRESH_MS, so very short tokens cannot cause a refresh loop', () => {
      const now = clock.now();
      assert.equal(scheduler.tokenAccepted(now, now + SECOND), now + Math.round(SECOND * (2 / 3)));
      assert.deepEqual(clock.pendingDelays(), [MIN_SCHEDULED_REFRESH_MS]);
      // A token obtained long ago (by the wall clock) is not refreshed at once either.
      scheduler.tokenAccepted(now - 2 * DAY, now - DAY);
      assert.deepEqual(clock.pendingDelays(), [MIN_SCHEDULED_REFRESH_MS]);
    });

    it('measures running time: setting the wall clock back or forward does not move it', () => {
      const now = clock.now();
      scheduler.tokenAccepted(now, now + 12 * HOUR);
      clock.jump(-3 * HOUR);
      clock.advance(8 * HOUR - 1);
      clock.jump(+6 * HOUR);
      assert.deepEqual(calls, []);
      clock.advance(1);
      assert.deepEqual(calls, ['due']);
    });

    it('chains delays beyond the timer limit instead of shortening them', () => {
      const now = clock.now();
      const lifetime = 60 * DAY;
      const refreshAt = scheduler.tokenAccepted(now, now + lifetime);
      const delay = refreshAt - now;
      assert.ok(delay > MAX_TIMER_MS);
      assert.deepEqual(clock.pendingDelays(), [MAX_TIMER_MS]);
      clock.advance(MAX_TIMER_MS);
      assert.deepEqual(calls, []);
      assert.deepEqual(clock.pendingDelays(), [delay - MAX_TIMER_MS]);
      assert.equal(scheduler.current.kind, 'refresh');
      clock.advance(delay - MAX_TIMER_MS);
      assert.deepEqual(calls, ['due']);
    });
  });

  describe('backoff', () => {
    it('grows exponentially up to 5 minutes and honours Retry-After', () => {
      assert.deepEqual(
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => retryDelayMs(n)),
        [2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * SECOND),
      );
      assert.equal(retryDelayMs(1, 30), 30 * SECOND);
      assert.equal(retryDelayMs(5, 1), 32 * SECOND);
      assert.equal(retryDelayMs(1, 10 * 3600), HOUR);
    });

    it('counts failures until a token resets them', () => {
      const now = clock.now();
      assert.deepEqual(
        [1, 2, 3].map(() => scheduler.retryLater()),
        [
          { delayMs: 2 * SECOND, failures: 1, retryAt: now + 2 * SECOND },
          { delayMs: 4 * SECOND, failures: 2, retryAt: now + 4 * SECOND },
          { delayMs: 8 * SECOND, failures: 3, retryAt: now + 8 * SECOND },
        ],
      );
      assert.deepEqual(clock.pendingDelays(), [8 * SECOND], 'one timer: each retry replaces the last');
      scheduler.tokenAccepted(now, now + 12 * HOUR);
      assert.deepEqual(scheduler.retryLater(30), { delayMs: 30 * SECOND, failures: 1, retryAt: now + 30 * SECOND });
      assert.deepEqual(clock.pendingDelays(), [30 * SECOND], 'the retry replaced the refresh timer');
      clock.advance(30 * SECOND);
      assert.deepEqual(calls, ['due']);
    });

    it('says by the wall clock whether a backoff still holds, so a sleep ends it before its timer runs', () => {
      assert.equal(scheduler.backoffAt(clock.now()), 'none');
      const { retryAt } = scheduler.retryLater();
      assert.equal(scheduler.backoffAt(retryAt - 1), 'waiting');
      clock.jump(2 * SECOND);
      assert.equal(scheduler.backoffAt(clock.now()), 'over');
      assert.deepEqual(calls, [], 'the timer itself waits for running time');
      scheduler.cancel();
      assert.equal(scheduler.backoffAt(clock.now()), 'none');
    });
  });

  it('cancel() leaves no timer until the next plan (a refresh is running)', () => {
    const now = clock.now();
    scheduler.tokenAccepted(now, now + 12 * HOUR);
    scheduler.cancel();
    assert.equal(clock.pendingCount, 0);
    assert.equal(scheduler.current.kind, 'idle');
    clock.advance(12 * HOUR);
    assert.deepEqual(calls, []);
  });

  it('ticks every tickMs (at least 1 s) until stopped', () => {
    scheduler.startTicking();
    clock.advance(3 * TICK_MS);
    assert.deepEqual(calls, ['tick', 'tick', 'tick']);
    create({ tickMs: 10 }).startTicking();
    assert.deepEqual(clock.pendingDelays(), [SECOND]);
    create({ tickMs: Number.NaN }).startTicking();
    assert.deepEqual(clock.pendingDelays(), [TICK_MS]);
  });

  it('stop() clears every timer and refuses new ones', () => {
    const now = clock.now();
    scheduler.startTicking();
    scheduler.tokenAccepted(now, now + 12 * HOUR);
    assert.equal(clock.pendingCount, 2);
    scheduler.stop();
    assert.equal(clock.pendingCount, 0);
    scheduler.tokenAccepted(now, now + 12 * HOUR);
    scheduler.retryLater();
    scheduler.startTicking();
    assert.equal(clock.pendingCount, 0);
    assert.equal(scheduler.current.kind, 'stopped');
    clock.advance(DAY);
    assert.deepEqual(calls, []);
  });
});

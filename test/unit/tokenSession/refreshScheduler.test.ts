// The refresh scheduler alone, on the hand-moved clock: when it calls for a refresh, how it backs
// off, and that no timer outlives it. Then a session's schedule, backoff, clock jumps and sleeps
// against the sandbox.
import * as assert from 'node:assert/strict';
import { MAX_TIMER_MS } from '../../../src/base/clock';
import { MIN_SCHEDULED_REFRESH_MS, RefreshScheduler, type RefreshSchedulerOptions, retryDelayMs } from '../../../src/auth/refreshScheduler';
import { FakeClock } from '../fakes/fakeClock';
import { HOUR, isTokenError, LIFETIME_MS, REFRESH_DELAY_MS, SandboxSessions, SECOND, TICK_MS, until } from './sandboxSessions';

const DAY = 24 * HOUR;

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

describe('RefreshScheduler in a session against the sandbox', function () {
  this.timeout(10_000);
  const t = SandboxSessions.setUp();

  describe('schedule', () => {
    it('refreshes once two thirds of the lifetime have passed, not before', async () => {
      const session = await t.signIn();
      const first = await session.getToken();
      t.sandbox.clearRequests();
      t.clock.advance(REFRESH_DELAY_MS - 1);
      assert.equal(t.authRequests().length, 0);
      assert.equal(await session.getToken(), first);
      t.clock.advance(1);
      assert.equal(session.state.status, 'refreshing');
      const state = await until(session, (s) => s.status === 'active');
      assert.deepEqual(t.grants(), ['password']);
      const second = await session.getToken();
      assert.notEqual(second, first);
      assert.equal(state.lastRefresh?.trigger, 'schedule');
      assert.equal(state.refreshAt, t.clock.now() + REFRESH_DELAY_MS);
      assert.deepEqual(t.clock.pendingDelays(), [TICK_MS, REFRESH_DELAY_MS]);
      // and the next cycle
      t.clock.advance(REFRESH_DELAY_MS);
      await t.settle(session);
      assert.equal(t.authRequests().length, 2);
    });

    it('takes the refresh fraction from the settings, clamped to 0.1–0.95', async () => {
      const half = await t.signIn({ refreshFraction: 0.5 });
      assert.equal(half.state.refreshAt, t.clock.now() + LIFETIME_MS / 2);
      const most = await t.signIn({ refreshFraction: 5 });
      assert.equal(most.state.refreshAt, t.clock.now() + LIFETIME_MS * 0.95);
      const least = await t.signIn({ refreshFraction: 0 });
      assert.equal(least.state.refreshAt, t.clock.now() + LIFETIME_MS * 0.1);
      const nonsense = await t.signIn({ refreshFraction: Number.NaN });
      assert.equal(nonsense.state.refreshAt, t.clock.now() + REFRESH_DELAY_MS);
    });

    it('does not refresh in a loop when the server hands out very short tokens', async () => {
      t.sandbox.configure({ expiresInSeconds: 1 });
      const session = await t.signIn();
      assert.deepEqual(t.clock.pendingDelays(), [MIN_SCHEDULED_REFRESH_MS, TICK_MS]);
      t.sandbox.clearRequests();
      t.clock.advance(MIN_SCHEDULED_REFRESH_MS);
      await t.settle(session);
      assert.equal(t.authRequests().length, 1);
      assert.deepEqual(t.clock.pendingDelays(), [MIN_SCHEDULED_REFRESH_MS, TICK_MS - MIN_SCHEDULED_REFRESH_MS]);
    });
  });

  describe('backoff', () => {
    it('keeps the session on network errors and retries after 2 s, 4 s, 8 s until it recovers', async () => {
      const session = await t.signIn();
      const token = await session.getToken();
      t.sandbox.clearRequests();
      t.sandbox.addFault({ target: 'auth', kind: 'reset', times: 3 });
      t.clock.advance(REFRESH_DELAY_MS);
      for (const [index, delay] of [2 * SECOND, 4 * SECOND, 8 * SECOND].entries()) {
        const state = await until(session, (s) => s.status === 'retrying');
        assert.equal(t.authRequests().length, index + 1);
        assert.equal(state.lastError?.kind, 'network');
        assert.match(state.lastError?.message ?? '', /Could not reach 127\.0\.0\.1/);
        assert.equal(state.retryAt, t.clock.now() + delay);
        // The current token is still good and still handed out, without a request.
        assert.equal(await session.getToken(), token);
        t.clock.advance(delay - 1);
        assert.equal(t.authRequests().length, index + 1, `no retry before ${delay} ms`);
        t.clock.advance(1);
        assert.equal(session.state.status, 'refreshing');
      }
      const state = await until(session, (s) => s.status === 'active');
      assert.deepEqual(
        t.authRequests().map((r) => r.status),
        [0, 0, 0, 200],
      );
      assert.equal(state.lastError, undefined);
      assert.notEqual(await session.getToken(), token);
      assert.match(t.log.text, /Will try again to get a token for .* in 8 s \(failure 3\)/);
      // Success resets the backoff: the next failure waits 2 s again.
      t.sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      t.clock.advance(REFRESH_DELAY_MS);
      assert.equal((await until(session, (s) => s.status === 'retrying')).retryAt, t.clock.now() + 2 * SECOND);
      t.clock.advance(2 * SECOND);
      await until(session, (s) => s.status === 'active');
    });

    it('waits as long as the server asks with Retry-After', async () => {
      const session = await t.signIn();
      t.sandbox.addFault({ target: 'auth', kind: 'status', status: 503, retryAfterSeconds: 30, times: 1 });
      await assert.rejects(session.refreshNow(), isTokenError('serverError'));
      assert.equal(session.state.status, 'retrying');
      assert.equal(session.state.retryAt, t.clock.now() + 30 * SECOND);
      assert.deepEqual(t.clock.pendingDelays(), [TICK_MS, TICK_MS]);
      t.clock.advance(30 * SECOND);
      await until(session, (s) => s.status === 'active');
    });

    it('checkNow() respects the backoff, unless the wall clock says it has passed', async () => {
      const session = await t.signIn();
      t.sandbox.addFault({ target: 'auth', kind: 'reset', times: 1 });
      await assert.rejects(session.refreshNow(), isTokenError('network'));
      t.sandbox.clearRequests();
      await session.checkNow();
      assert.equal(t.authRequests().length, 0);
      t.clock.jump(2 * SECOND);
      await session.checkNow();
      assert.equal(t.authRequests().length, 1);
      assert.equal(session.state.status, 'active');
    });
  });

  describe('clock jumps and sleep', () => {
    it('refreshes on demand when the clock jumps past the expiry, once', async () => {
      const session = await t.signIn();
      const old = await session.getToken();
      t.sandbox.clearRequests();
      t.clock.jump(LIFETIME_MS + HOUR);
      const fresh = await session.getToken();
      assert.notEqual(fresh, old);
      assert.equal(t.authRequests().length, 1);
      assert.equal(session.state.refreshAt, t.clock.now() + REFRESH_DELAY_MS);
      t.clock.advance(REFRESH_DELAY_MS - 1); // the old schedule was replaced, not left to fire
      await t.settle(session);
      assert.equal(t.authRequests().length, 1);
    });

    it('refreshes at the next tick when the clock jumps past the refresh time but not the expiry', async () => {
      const session = await t.signIn();
      const old = await session.getToken();
      t.sandbox.clearRequests();
      t.clock.jump(9 * HOUR);
      assert.equal(await session.getToken(), old, 'still valid');
      assert.equal(t.authRequests().length, 0);
      t.clock.advance(TICK_MS);
      await t.settle(session);
      assert.equal(t.authRequests().length, 1);
      assert.notEqual(await session.getToken(), old);
    });

    it('a backward jump causes no refresh storm and no negative timer; the running-time schedule still holds', async () => {
      const session = await t.signIn();
      const old = await session.getToken();
      t.sandbox.clearRequests();
      t.clock.advance(HOUR);
      t.clock.jump(-3 * HOUR); // wall clock now 2 h before sign-in
      for (let i = 0; i < 10; i++) {
        assert.equal(await session.getToken(), old);
        await session.checkNow();
      }
      t.clock.advance(REFRESH_DELAY_MS - HOUR - 1); // ticks every 30 s, all quiet
      await t.settle(session);
      assert.equal(t.authRequests().length, 0);
      t.clock.advance(1); // 8 h of running time since the token: the timer refreshes
      await t.settle(session);
      assert.equal(t.authRequests().length, 1);
      const state = session.state;
      assert.ok(state.refreshAt !== undefined && state.refreshAt > t.clock.now());
      assert.ok(t.clock.pendingDelays().every((d) => d > 0));
      t.clock.advance(HOUR);
      await t.settle(session);
      assert.equal(t.authRequests().length, 1);
    });

    it('after sleeping through the refresh time and the expiry, the next getToken() succeeds with exactly one refresh', async () => {
      const session = await t.signIn();
      const old = await session.getToken();
      t.sandbox.clearRequests();
      t.clock.advance(HOUR);
      t.clock.jump(15 * HOUR); // asleep: no timer ran, the wall clock moved on
      const fresh = await session.getToken();
      assert.notEqual(fresh, old);
      assert.equal(t.authRequests().length, 1);
      // Timers are now hours late; when they run they find nothing to do.
      t.clock.advance(TICK_MS);
      await t.settle(session);
      t.clock.advance(REFRESH_DELAY_MS - HOUR); // when the pre-sleep timer would have fired
      await t.settle(session);
      assert.equal(t.authRequests().length, 1);
      assert.equal(await session.getToken(), fresh);
    });

    it('after a sleep, the first late tick refreshes and callers share it', async () => {
      const session = await t.signIn();
      t.sandbox.clearRequests();
      t.clock.jump(20 * HOUR);
      t.clock.advance(TICK_MS); // the first tick after waking compares the wall clock
      assert.equal(session.state.status, 'refreshing');
      const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getToken()));
      assert.equal(new Set(tokens).size, 1);
      assert.equal(t.authRequests().length, 1);
      assert.equal(session.state.lastRefresh?.trigger, 'schedule');
    });

    it('checkNow() (window focus) notices a sleep at once', async () => {
      const session = await t.signIn();
      t.sandbox.clearRequests();
      t.clock.jump(9 * HOUR);
      await session.checkNow();
      assert.equal(t.authRequests().length, 1);
      await session.checkNow();
      assert.equal(t.authRequests().length, 1);
    });
  });
});

// SingleFlight alone: one run for every caller, forgotten as it settles, cancellable. Then the
// refreshes that share one run in a session against the sandbox (callers, timers, 401s).
import * as assert from 'node:assert/strict';
import { SingleFlight } from '../../../src/auth/singleFlight';
import { LIFETIME_MS, MINUTE, REFRESH_DELAY_MS, SandboxSessions } from './sandboxSessions';

/** A run whose end the test decides. */
function gated(): {
  start: (signal: AbortSignal, settled: () => void) => Promise<void>;
  finish: (error?: Error) => void;
  starts: AbortSignal[];
} {
  const starts: AbortSignal[] = [];
  let finish!: (error?: Error) => void;
  const start = async (signal: AbortSignal, settled: () => void): Promise<void> => {
    starts.push(signal);
    try {
      await new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
    } finally {
      settled();
    }
  };
  return { start, finish: (error) => finish(error), starts };
}

describe('SingleFlight', () => {
  it('gives every caller the run under way; one start only', async () => {
    const flight = new SingleFlight();
    const run = gated();
    const first = flight.join(run.start);
    const others = Array.from({ length: 100 }, () => flight.join(run.start));
    assert.equal(run.starts.length, 1);
    assert.ok(others.every((p) => p === first));
    assert.equal(flight.current, first);
    run.finish();
    await Promise.all([first, ...others]);
  });

  it('forgets a run the moment it calls settled(), before anyone awaiting it resumes', async () => {
    const flight = new SingleFlight();
    const seen: Array<Promise<void> | undefined> = [];
    let finish!: () => void;
    const start = async (_signal: AbortSignal, settled: () => void): Promise<void> => {
      try {
        await new Promise<void>((resolve) => (finish = resolve));
      } finally {
        settled();
        seen.push(flight.current);
      }
    };
    const after = flight.join(start).then(() => {
      seen.push(flight.current);
      const second = flight.join(start);
      finish();
      return second;
    });
    finish();
    await after;
    assert.deepEqual(seen, [undefined, undefined, undefined]);
    assert.equal(flight.current, undefined);
  });

  it('forgets a failed run the same way, and hands its error to every caller', async () => {
    const flight = new SingleFlight();
    const run = gated();
    const callers = [flight.join(run.start), flight.join(run.start)];
    const seen: Array<Promise<void> | undefined> = [];
    const checked = callers.map((p) => p.catch((err: unknown) => (seen.push(flight.current), err)));
    run.finish(new Error('token endpoint unreachable'));
    const errors = await Promise.all(checked);
    assert.deepEqual(seen, [undefined, undefined]);
    assert.ok(errors.every((e) => e instanceof Error && e.message === 'token endpoint unreachable'));
  });

  it('does not remember a run that settled while it was being started', async () => {
    const flight = new SingleFlight();
    const done = flight.join(async (_signal, settled) => settled());
    assert.equal(flight.current, undefined);
    await done;
  });

  it('abort() fires the signal of the run under way only', async () => {
    const flight = new SingleFlight();
    flight.abort();
    const run = gated();
    const running = flight.join(run.start);
    flight.abort();
    assert.equal(run.starts[0].aborted, true);
    run.finish(new Error('cancelled'));
    await assert.rejects(running, /cancelled/);
    const next = gated();
    const second = flight.join(next.start);
    assert.equal(next.starts[0].aborted, false, 'a new run gets a new signal');
    next.finish();
    await second;
  });
});

describe('SingleFlight in a session against the sandbox', function () {
  this.timeout(10_000);
  const t = SandboxSessions.setUp();

  it('1,000 concurrent getToken() calls across an expiry cause exactly one token request', async () => {
    const session = await t.signIn();
    const old = await session.getToken();
    t.sandbox.clearRequests();
    t.clock.jump(LIFETIME_MS + MINUTE);
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => session.getToken()));
    assert.equal(t.authRequests().length, 1);
    assert.equal(new Set(tokens).size, 1);
    assert.notEqual(tokens[0], old);
    assert.equal(session.state.lastRefresh?.trigger, 'on-demand');
  });

  it('callers, the schedule, checkNow and refreshNow all share the refresh in flight', async () => {
    const session = await t.signIn();
    t.sandbox.clearRequests();
    t.clock.advance(REFRESH_DELAY_MS); // the timer starts the refresh
    t.clock.jump(LIFETIME_MS); // and the token expires while it runs
    const all = await Promise.all([
      ...Array.from({ length: 500 }, () => session.getToken()),
      session.refreshNow().then(() => session.getToken()),
      session.checkNow().then(() => session.getToken()),
      ...Array.from({ length: 499 }, () => session.credentials().then((c) => c.accessToken)),
    ]);
    assert.equal(t.authRequests().length, 1);
    assert.equal(new Set(all).size, 1);
  });

  it('50 parallel 401s with the same token cause one refresh', async () => {
    const session = await t.signIn();
    const old = await session.getToken();
    t.sandbox.clearRequests();
    t.sandbox.revokeAccessTokens();
    const replacements = await Promise.all(Array.from({ length: 50 }, () => session.tokenRejected(old)));
    assert.equal(t.authRequests().length, 1);
    assert.equal(new Set(replacements).size, 1);
    assert.notEqual(replacements[0], old);
    assert.equal(session.state.lastRefresh?.trigger, 'unauthorized');
    // A late 401 for the old token just gets the new one.
    assert.equal(await session.tokenRejected(old), replacements[0]);
    assert.equal(t.authRequests().length, 1);
  });
});

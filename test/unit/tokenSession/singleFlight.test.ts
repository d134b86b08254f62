// SingleFlight alone: one run for every caller, forgotten as it settles, cancellable. Which
// refreshes share a run in a real session is in tokenSession.test.ts.
import * as assert from 'node:assert/strict';
import { SingleFlight } from '../../../src/auth/singleFlight';

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

import * as assert from 'node:assert/strict';
import { HttpTestReport, REPORT_EVERY_MS, type ReportTimers, STARTED_AFTER_MS, type TestRunSink } from '../../src/httpFiles/httpTestReport';

/** A TestRun that records what it is told; timers that run when the test moves the clock. */
function setUp(): { calls: string[]; report: HttpTestReport<string>; advance: (ms: number) => void } {
  const calls: string[] = [];
  const run: TestRunSink<string> = {
    started: (item) => calls.push(`started ${item}`),
    appendOutput: (output, _location, item) => calls.push(`output${item ? ` (${item})` : ''}: ${output}`),
  };
  let now = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  const timers: ReportTimers = {
    now: () => now,
    setTimeout: (callback, ms) => {
      due.set(++next, { at: now + ms, run: callback });
      return next;
    },
    clearTimeout: (handle) => due.delete(handle as number),
  };
  const advance = (ms: number): void => {
    now += ms;
    for (const [handle, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > now) continue;
      due.delete(handle);
      timer.run();
    }
  };
  return { calls, report: new HttpTestReport(run, timers), advance };
}

describe('HttpTestReport: what a .http test run tells the Testing view', () => {
  it('shows a test as running only when its request takes longer than STARTED_AFTER_MS', () => {
    const { calls, report, advance } = setUp();
    report.sending('fast');
    advance(STARTED_AFTER_MS - 1);
    report.result('fast', () => calls.push('passed fast'));
    report.sending('slow');
    advance(STARTED_AFTER_MS);
    report.result('slow', () => calls.push('passed slow'));
    advance(10 * REPORT_EVERY_MS);
    assert.deepEqual(calls, ['passed fast', 'started slow', 'passed slow']);
  });

  it('writes results and output together, at most every REPORT_EVERY_MS, in order, lines in a row as one call', () => {
    const { calls, report, advance } = setUp();
    report.output('a passed\r\n');
    report.result('a', () => calls.push('passed a'));
    assert.deepEqual(calls, ['output: a passed\r\n'], 'the first goes at once; what follows waits for the next write');
    report.output('b passed\r\n');
    report.result('b', () => calls.push('passed b'));
    report.output('c passed\r\n');
    report.output('d failed\r\n', 'd');
    report.result('d', () => calls.push('failed d'));
    report.output('e passed\r\n');
    advance(REPORT_EVERY_MS - 1);
    assert.equal(calls.length, 1);
    advance(1);
    assert.deepEqual(calls, [
      'output: a passed\r\n',
      'passed a',
      'output: b passed\r\n',
      'passed b',
      'output: c passed\r\n',
      'output (d): d failed\r\n',
      'failed d',
      'output: e passed\r\n',
    ]);
    report.output('f passed\r\n');
    report.end();
    assert.equal(calls.at(-1), 'output: f passed\r\n', 'the end writes what is left');
    const written = calls.length;
    report.end();
    advance(10 * REPORT_EVERY_MS);
    assert.equal(calls.length, written, 'nothing twice');
  });

  it('at the end, no test is left to show as running', () => {
    const { calls, report, advance } = setUp();
    report.sending('cancelled');
    report.end();
    advance(STARTED_AFTER_MS);
    assert.deepEqual(calls, []);
  });
});

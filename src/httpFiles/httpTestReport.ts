// What a `.http` test run tells the Testing view, in as few messages as it needs. Every TestRun
// call is a message to the workbench, which it reads, answers and acts on: a run of 200 fast
// requests used to send five per test (known, queued, started, its output line, its result) and
// kept the workbench so busy that the run took 2–3× as long as the same requests alone. So:
// - a test shows as running only when its request takes longer than STARTED_AFTER_MS (a spinner
//   for what the user can see waiting);
// - results and output lines are written together, at most every REPORT_EVERY_MS (a change
//   waits at most that long), so many go to the workbench as one write; output lines in a row
//   are one call. A failed or errored test's line is its own output (VS Code shows it with the test).
// Pure: the test run and the timers are the caller's.

export const STARTED_AFTER_MS = 100;
export const REPORT_EVERY_MS = 500;

/** The part of VS Code's TestRun this writes to. */
export interface TestRunSink<Item> {
  started(item: Item): void;
  appendOutput(output: string, location?: undefined, item?: Item): void;
}

export interface ReportTimers {
  readonly now: () => number;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

const REAL_TIMERS: ReportTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Something to tell the Testing view: a line of the run's output, or a call (a result, a test's own line). */
type Pending = { readonly line: string } | { readonly call: () => void };

export class HttpTestReport<Item> {
  private readonly starting = new Map<Item, unknown>();
  private pending: Pending[] = [];
  private lastWritten = Number.NEGATIVE_INFINITY;
  private timer: unknown;

  constructor(
    private readonly run: TestRunSink<Item>,
    private readonly timers: ReportTimers = REAL_TIMERS,
  ) {}

  /** The test's request is being sent: it shows as running if that takes a while. */
  sending(item: Item): void {
    this.settle(item);
    this.starting.set(
      item,
      this.timers.setTimeout(() => {
        this.starting.delete(item);
        this.run.started(item);
      }, STARTED_AFTER_MS),
    );
  }

  /** The test's result: `report` makes the TestRun call (passed, failed…), now or with the next write. */
  result(item: Item, report: () => void): void {
    this.settle(item);
    this.add({ call: report });
  }

  /** A line of the run's output (with its line break); `item`: a test's own line. */
  output(line: string, item?: Item): void {
    this.add(item === undefined ? { line } : { call: () => this.run.appendOutput(line, undefined, item) });
  }

  /** Writes everything waiting, in order. */
  flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.lastWritten = this.timers.now();
    const pending = this.pending;
    this.pending = [];
    let lines: string[] = [];
    const writeLines = (): void => {
      if (lines.length > 0) this.run.appendOutput(lines.join(''));
      lines = [];
    };
    for (const next of pending) {
      if ('line' in next) lines.push(next.line);
      else {
        writeLines();
        next.call();
      }
    }
    writeLines();
  }

  /** The run is over: everything written, no test left to show as running. */
  end(): void {
    for (const item of [...this.starting.keys()]) this.settle(item);
    this.flush();
  }

  /** No longer waiting to show the test as running (its result is in, or it was not sent). */
  private settle(item: Item): void {
    const handle = this.starting.get(item);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.starting.delete(item);
  }

  private add(next: Pending): void {
    this.pending.push(next);
    if (this.timer !== undefined) return;
    const wait = this.lastWritten + REPORT_EVERY_MS - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }
}

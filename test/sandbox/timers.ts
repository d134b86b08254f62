// Every wait the sandbox starts is tracked, so stop() can cancel them and no test process is kept
// alive by a delay fault that nobody is waiting for any more.
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  schedule(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      run();
    }, ms);
    this.pending.add(timer);
  }

  /** Resolves after `ms`; never resolves if clearAll() runs first, which is what a stopped server wants. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.schedule(ms, resolve));
  }

  clearAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

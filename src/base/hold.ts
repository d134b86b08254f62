// A count of holds: held while any is left. Releasing is a function that works once, so a caller
// that releases in more than one path (a `finally` and an error path, say) cannot release twice.
// The request panel holds its updates and the history its saves while a Send All or a test run
// sends many requests in a row (src/panel/panelMessages.ts, src/panel/history.ts).

export class Hold {
  private count = 0;
  private readonly listeners = new Set<() => void>();

  get held(): boolean {
    return this.count > 0;
  }

  /** Holds until the returned function is called (calling it again does nothing). */
  hold(): () => void {
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.count--;
      if (this.count === 0) for (const listener of [...this.listeners]) listener();
    };
  }

  /** `listener` runs when the last hold ends; the returned function unsubscribes it. */
  onReleased(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

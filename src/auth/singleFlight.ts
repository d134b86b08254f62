// One run at a time: whoever asks while one is under way waits for that one (a thousand callers
// finding the token expired cause one token request, not a thousand).

export class SingleFlight {
  private run: { readonly done: Promise<void>; readonly controller: AbortController } | undefined;

  /** The run under way, if any. */
  get current(): Promise<void> | undefined {
    return this.run?.done;
  }

  /**
   * Joins the run under way, or starts one. `start` gets the signal that `abort()` fires, and calls
   * `settled` as its last act (in a `finally`): the run is forgotten right then, not a microtask
   * later, when a caller in between would join a run that is already over and get nothing from it.
   */
  join(start: (signal: AbortSignal, settled: () => void) => Promise<void>): Promise<void> {
    if (this.run) {
      return this.run.done;
    }
    const controller = new AbortController();
    let over = false;
    const done = start(controller.signal, () => {
      over = true;
      if (this.run?.controller === controller) {
        this.run = undefined;
      }
    });
    if (!over) {
      this.run = { done, controller };
    }
    return done;
  }

  /** Cancels the run under way; it still settles, as its `start` decides. */
  abort(): void {
    this.run?.controller.abort();
  }
}

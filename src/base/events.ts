// A minimal event emitter whose `event` can be handed out wherever a `vscode.Event<T>` is expected,
// without a runtime dependency on VS Code (these modules run in plain mocha).

export interface Disposable {
  dispose(): unknown;
}

export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => { dispose(): void };

export class Emitter<T> {
  private listeners: Array<{ fn: (e: T) => unknown; thisArgs: unknown }> = [];
  private disposed = false;

  /** Called when a listener throws; the remaining listeners still run. */
  constructor(private readonly onListenerError?: (err: unknown) => void) {}

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    if (this.disposed) {
      return { dispose: () => undefined };
    }
    const entry = { fn: listener, thisArgs };
    this.listeners.push(entry);
    const subscription = {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== entry);
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  fire(event: T): void {
    // A snapshot, so listeners that subscribe or unsubscribe while firing do not disturb the loop.
    for (const { fn, thisArgs } of [...this.listeners]) {
      try {
        fn.call(thisArgs, event);
      } catch (err) {
        this.onListenerError?.(err);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}

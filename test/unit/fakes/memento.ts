// An in-memory vscode.Memento (global state), with a switch to make writes fail.
import type * as vscode from 'vscode';

export class InMemoryMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  failWrites = false;

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    // A copy, like VS Code's JSON round trip: callers cannot mutate stored state in place.
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : defaultValue;
  }

  update(key: string, value: unknown): Thenable<void> {
    if (this.failWrites) {
      return Promise.reject(new Error('storage is closed'));
    }
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, structuredClone(value));
    }
    return Promise.resolve();
  }
}

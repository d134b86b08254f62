// An in-memory vscode.SecretStorage that fires onDidChange like the real one, and can be told to
// fail the ways a system keyring does: throw, hang forever, or answer nothing.
import type * as vscode from 'vscode';
import { Emitter } from '../../../src/base/events';

export type SecretOperation = 'get' | 'store' | 'delete';
export type SecretFailure = 'throw' | 'throwSync' | 'hang' | 'nothing';

export class InMemorySecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changes = new Emitter<vscode.SecretStorageChangeEvent>();
  private readonly failures = new Map<SecretOperation, SecretFailure>();
  readonly calls: Array<{ operation: SecretOperation; key: string }> = [];

  readonly onDidChange = this.changes.event;

  /** From now on `operation` fails this way (until cleared with `undefined`). */
  fail(operation: SecretOperation, how: SecretFailure | undefined): void {
    if (how === undefined) {
      this.failures.delete(operation);
    } else {
      this.failures.set(operation, how);
    }
  }

  /** What another VS Code window writing the same keyring looks like here. */
  externalChange(key: string, value: string | undefined): void {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
    this.changes.fire({ key });
  }

  get(key: string): Thenable<string | undefined> {
    this.calls.push({ operation: 'get', key });
    return this.run('get', () => this.values.get(key));
  }

  store(key: string, value: string): Thenable<void> {
    this.calls.push({ operation: 'store', key });
    return this.run('store', () => {
      this.values.set(key, value);
      this.changes.fire({ key });
    });
  }

  delete(key: string): Thenable<void> {
    this.calls.push({ operation: 'delete', key });
    return this.run('delete', () => {
      if (this.values.delete(key)) {
        this.changes.fire({ key });
      }
    });
  }

  private run<T>(operation: SecretOperation, act: () => T): Thenable<T> {
    switch (this.failures.get(operation)) {
      case 'throw':
        return Promise.reject(new Error('Cannot create an item in a locked collection'));
      case 'throwSync':
        throw new Error('No such interface "org.freedesktop.Secret.Collection"');
      case 'hang':
        return new Promise<T>(() => undefined);
      case 'nothing':
        // A broken bridge that answers without doing anything.
        return Promise.resolve(undefined as T);
      default:
        return Promise.resolve().then(act);
    }
  }
}

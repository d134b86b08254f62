// The one door to VS Code's SecretStorage. The keyring behind it can be missing (Linux without
// gnome-keyring or KWallet), locked, or hang waiting for an unlock prompt nobody sees; every one of
// those becomes a result with a message the user can act on. Nothing here throws, and no secret
// value is ever logged.
import type * as vscode from 'vscode';
import { safeError } from '../mx/redaction';
import { type Clock, systemClock } from '../base/clock';
import { Emitter, type Event } from '../base/events';
import type { Logger } from '../base/logger';

export type SecretReadResult = { ok: true; value: string | undefined } | { ok: false; message: string };
export type SecretWriteResult = { ok: true } | { ok: false; message: string };

export interface SecretStoreOptions {
  /** Timers for the hang guard; default the system clock. */
  readonly clock?: Clock;
  /** How long one keyring operation may take; default 10 s. */
  readonly timeoutMs?: number;
}

export const DEFAULT_SECRET_TIMEOUT_MS = 10_000;

const KEYRING_HELP =
  'On Linux, make sure a keyring (gnome-keyring or KWallet) is running, or set "password-store" ' +
  '(for example "gnome-libsecret" or "basic") with the command Preferences: Configure Runtime Arguments, then restart VS Code.';

type Operation = 'read' | 'store' | 'delete';

const VERB: Record<Operation, string> = { read: 'read', store: 'store', delete: 'delete' };

class Timeout {
  constructor(readonly ms: number) {}
}

export class SecretStore {
  private readonly changes = new Emitter<{ key: string }>();
  private readonly subscription: { dispose(): unknown } | undefined;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  /** Fires with the key of a secret stored or deleted here or in another VS Code window. */
  readonly onDidChange: Event<{ key: string }> = this.changes.event;

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly log: Logger,
    options: SecretStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.timeoutMs =
      typeof options.timeoutMs === 'number' && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_SECRET_TIMEOUT_MS;
    try {
      this.subscription = storage.onDidChange((e) => this.changes.fire({ key: e.key }));
    } catch (err) {
      this.log.warn(`SecretStorage change events are unavailable: ${safeError(err)}`);
    }
  }

  async get(key: string): Promise<SecretReadResult> {
    const outcome = await this.run('read', key, () => this.storage.get(key));
    if (!outcome.ok) {
      return outcome;
    }
    const value: unknown = outcome.value;
    if (value === undefined || value === null) {
      return { ok: true, value: undefined };
    }
    if (typeof value !== 'string') {
      this.log.warn(`SecretStorage returned a ${typeof value} for ${key}; treated as missing.`);
      return { ok: true, value: undefined };
    }
    return { ok: true, value };
  }

  async store(key: string, value: string): Promise<SecretWriteResult> {
    const outcome = await this.run('store', key, () => this.storage.store(key, value));
    return outcome.ok ? { ok: true } : outcome;
  }

  async delete(key: string): Promise<SecretWriteResult> {
    const outcome = await this.run('delete', key, () => this.storage.delete(key));
    return outcome.ok ? { ok: true } : outcome;
  }

  dispose(): void {
    try {
      this.subscription?.dispose();
    } catch {
      // nothing left to do
    }
    this.changes.dispose();
  }

  private async run<T>(
    operation: Operation,
    key: string,
    call: () => PromiseLike<T> | T,
  ): Promise<{ ok: true; value: T | undefined } | { ok: false; message: string }> {
    let timer: { dispose(): void } | undefined;
    try {
      const pending = Promise.resolve().then(call);
      const timeout = new Promise<Timeout>((resolve) => {
        timer = this.clock.setTimeout(() => resolve(new Timeout(this.timeoutMs)), this.timeoutMs);
      });
      const value = await Promise.race([pending, timeout]);
      if (value instanceof Timeout) {
        // The keyring call may still finish; make sure a late rejection is not reported as unhandled.
        pending.catch(() => undefined);
        const message =
          `VS Code's system keyring did not answer within ${Math.round(this.timeoutMs / 1000)} s when asked to ${VERB[operation]} MX secrets. ` +
          `It may be locked or waiting for a password prompt. ${KEYRING_HELP}`;
        this.log.error(`SecretStorage ${operation} of ${key} timed out after ${this.timeoutMs} ms.`);
        return { ok: false, message };
      }
      return { ok: true, value: value ?? undefined };
    } catch (err) {
      const reason = safeError(err).replace(/[.\s]+$/, '');
      this.log.error(`SecretStorage ${operation} of ${key} failed: ${reason}`);
      return {
        ok: false,
        message: `VS Code could not use the system keyring to ${VERB[operation]} MX secrets: ${reason}. ${KEYRING_HELP}`,
      };
    } finally {
      timer?.dispose();
    }
  }
}

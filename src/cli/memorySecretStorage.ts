// Where the headless runner's token session keeps what it needs to get a new token: memory only,
// gone with the process (a CI job has no keyring, and nothing may be written to disk). It stands in
// for VS Code's SecretStorage under the same SessionFactory the extension uses.
import type { SessionFactoryOptions } from '../auth/sessionFactory';
import { Emitter } from '../base/events';

type SecretStorage = SessionFactoryOptions['secrets'];

export class MemorySecretStorage implements SecretStorage {
  private readonly entries = new Map<string, string>();
  private readonly changed = new Emitter<{ readonly key: string }>();
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    if (this.entries.delete(key)) this.changed.fire({ key });
  }

  dispose(): void {
    this.entries.clear();
    this.changed.dispose();
  }
}

// A session's copy of what it needs for its next token, and what it knows the keyring holds. The
// copy in memory keeps a session working while the keyring fails; knowing what the keyring holds
// tells "signed out in another window" (it had them, now it has not) from "never saved there".
import type { Redactor } from '../mx/redaction';
import type { CredentialStore, StoredCredentials } from './credentials';
import type { Logger } from '../base/logger';
import { type Profile, profileLogName } from './profiles';
import type { SecretWriteResult } from './secretStore';

export type CacheState =
  /** Nothing in memory yet: a session being restored, or one whose keyring could not be read. */
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'held';
      readonly secrets: StoredCredentials;
      /** 'keyring' once they were saved there or read from there; a save that failed leaves 'memory'. */
      readonly savedIn: 'keyring' | 'memory';
      /**
       * Whose refresh token counts when the keyring's record is read again: 'memory' after saving
       * a new one failed, because the keyring still holds the one it replaced (rotation may have
       * voided that one).
       */
      readonly refreshTokenFrom: 'keyring' | 'memory';
    }
  /** The session ended: nothing is kept, and a read still under way brings nothing back. */
  | { readonly kind: 'forgotten' };

export type LoadResult =
  | { readonly kind: 'loaded'; readonly credentials: StoredCredentials }
  /** The keyring had them and has them no more: signed out in another window, or the entry was damaged. */
  | { readonly kind: 'gone' }
  /** Neither the keyring nor memory has any. */
  | { readonly kind: 'missing' }
  /** The keyring could not be read and memory has none; may pass. */
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'forgotten' };

export class CredentialCache {
  private cache: CacheState = { kind: 'empty' };

  constructor(
    private readonly profile: Profile,
    private readonly store: CredentialStore,
    private readonly log: Logger,
    private readonly redactor: Redactor,
  ) {}

  get state(): CacheState {
    return this.cache;
  }

  get secrets(): StoredCredentials | undefined {
    return this.cache.kind === 'held' ? this.cache.secrets : undefined;
  }

  /** Credentials that just got a token: kept, and saved (a failed save is logged and returned). */
  async signedIn(secrets: StoredCredentials): Promise<SecretWriteResult> {
    this.cache = { kind: 'held', secrets, savedIn: 'memory', refreshTokenFrom: 'keyring' };
    const saved = await this.store.save(this.profile.id, secrets);
    if (!saved.ok) {
      this.log.warn(`Credentials of ${profileLogName(this.profile)} were not saved: ${saved.message}`);
    } else if (this.cache.kind === 'held') {
      this.cache = { ...this.cache, savedIn: 'keyring' };
    }
    return saved;
  }

  /** What to get the next token with: the keyring's record, or the copy in memory when the keyring fails. */
  async load(): Promise<LoadResult> {
    const read = await this.store.load(this.profile.id);
    const cache = this.cache;
    if (cache.kind === 'forgotten') {
      return { kind: 'forgotten' };
    }
    if (read.ok && read.value) {
      let value = read.value;
      const memory = cache.kind === 'held' ? cache : undefined;
      if (memory?.refreshTokenFrom === 'memory' && memory.secrets.refreshToken !== undefined && memory.secrets.password === value.password) {
        value = { ...value, refreshToken: memory.secrets.refreshToken, refreshTokenClientId: memory.secrets.refreshTokenClientId };
      }
      this.redactor.add(value.password);
      this.redactor.add(value.clientSecret);
      this.redactor.add(value.refreshToken);
      this.cache = { kind: 'held', secrets: value, savedIn: 'keyring', refreshTokenFrom: memory?.refreshTokenFrom ?? 'keyring' };
      return { kind: 'loaded', credentials: value };
    }
    if (cache.kind === 'empty') {
      return read.ok ? { kind: 'missing' } : { kind: 'unavailable', message: read.message };
    }
    if (read.ok && cache.savedIn === 'keyring') {
      return { kind: 'gone' };
    }
    if (!read.ok) {
      this.log.warn(`Using the in-memory credentials of ${profileLogName(this.profile)}: ${read.message}`);
    }
    return { kind: 'loaded', credentials: cache.secrets };
  }

  /**
   * Keeps a new refresh token in memory, usable at once; `saveRefreshToken` writes it. False when
   * there are no credentials to attach it to.
   */
  takeRefreshToken(refreshToken: string): boolean {
    const cache = this.cache;
    if (cache.kind !== 'held') {
      return false;
    }
    const { password, clientSecret } = cache.secrets;
    this.cache = { ...cache, secrets: { password, clientSecret, refreshToken, refreshTokenClientId: this.profile.clientId } };
    return true;
  }

  /** Writes the refresh token taken last; on failure it stays in memory and wins over the keyring's. */
  async saveRefreshToken(): Promise<SecretWriteResult> {
    if (this.cache.kind !== 'held') {
      return { ok: true };
    }
    const { secrets, savedIn } = this.cache;
    const { id, clientId } = this.profile;
    const saved =
      savedIn === 'keyring' && secrets.refreshToken !== undefined
        ? await this.store.setRefreshToken(id, secrets.refreshToken, clientId)
        : await this.store.save(id, secrets);
    if (!saved.ok) {
      this.log.warn(`The new refresh token of ${profileLogName(this.profile)} could not be saved; it is kept in memory: ${saved.message}`);
    }
    if (this.cache.kind === 'held') {
      this.cache = saved.ok ? { ...this.cache, savedIn: 'keyring', refreshTokenFrom: 'keyring' } : { ...this.cache, refreshTokenFrom: 'memory' };
    }
    return saved;
  }

  /** Forgets the refresh token, here and in the keyring; the password grant takes over. */
  async dropRefreshToken(): Promise<void> {
    const cache = this.cache;
    if (cache.kind !== 'held') {
      return;
    }
    const { password, clientSecret } = cache.secrets;
    this.cache = { ...cache, secrets: { password, clientSecret }, refreshTokenFrom: 'keyring' };
    if (cache.savedIn === 'keyring') {
      const result = await this.store.setRefreshToken(this.profile.id, undefined);
      if (!result.ok) {
        this.log.warn(`Could not remove the old refresh token of ${profileLogName(this.profile)}: ${result.message}`);
      }
    }
  }

  forget(): void {
    this.cache = { kind: 'forgotten' };
  }
}

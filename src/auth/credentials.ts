// What is needed to get a new token for a profile, kept as ONE JSON secret per profile so a
// password, its client secret and its refresh token can never be half-updated.
import { parseJsonObject } from '../mx/json';
import { Emitter, type Event } from '../base/events';
import type { Logger } from '../base/logger';
import type { SecretReadResult, SecretStore, SecretWriteResult } from './secretStore';

export interface StoredCredentials {
  readonly password: string;
  /** The MX-Api-Client-Secret header value. */
  readonly clientSecret: string;
  readonly refreshToken?: string;
  /** The client ID the refresh token was issued to; it is only good for that client. */
  readonly refreshTokenClientId?: string;
}

export type CredentialsReadResult = { ok: true; value: StoredCredentials | undefined } | { ok: false; message: string };

const KEY_PREFIX = 'mx.credentials/';

export function credentialsKey(profileId: string): string {
  return `${KEY_PREFIX}${profileId}`;
}

export class CredentialStore {
  private readonly changes = new Emitter<{ profileId: string }>();
  private readonly subscription: { dispose(): void };

  /** Fires when a profile's credentials are stored or deleted, in this window or another one. */
  readonly onDidChange: Event<{ profileId: string }> = this.changes.event;

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
  ) {
    this.subscription = secrets.onDidChange(({ key }) => {
      if (key.startsWith(KEY_PREFIX)) {
        this.changes.fire({ profileId: key.slice(KEY_PREFIX.length) });
      }
    });
  }

  async load(profileId: string): Promise<CredentialsReadResult> {
    const read: SecretReadResult = await this.secrets.get(credentialsKey(profileId));
    if (!read.ok) {
      return read;
    }
    if (read.value === undefined) {
      return { ok: true, value: undefined };
    }
    const parsed = parseCredentials(read.value);
    if (!parsed) {
      this.log.warn(`The stored MX credentials of profile ${profileId} are unreadable; treated as missing (sign in again).`);
      return { ok: true, value: undefined };
    }
    return { ok: true, value: parsed };
  }

  save(profileId: string, credentials: StoredCredentials): Promise<SecretWriteResult> {
    return this.secrets.store(credentialsKey(profileId), serialise(credentials));
  }

  delete(profileId: string): Promise<SecretWriteResult> {
    return this.secrets.delete(credentialsKey(profileId));
  }

  /**
   * Replaces (or with `undefined`, drops) the refresh token, keeping the rest. Fails when nothing is
   * stored for the profile: a refresh token alone cannot restore a session worth having.
   */
  async setRefreshToken(profileId: string, refreshToken: string | undefined, clientId?: string): Promise<SecretWriteResult> {
    const current = await this.load(profileId);
    if (!current.ok) {
      return current;
    }
    if (!current.value) {
      return { ok: false, message: 'No MX credentials are stored for this profile.' };
    }
    const { password, clientSecret } = current.value;
    const next: StoredCredentials =
      refreshToken === undefined
        ? { password, clientSecret }
        : { password, clientSecret, refreshToken, ...(clientId !== undefined ? { refreshTokenClientId: clientId } : {}) };
    return this.save(profileId, next);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }
}

function serialise(credentials: StoredCredentials): string {
  // Explicit fields only: an object with extra properties must not smuggle them into the keyring.
  const { password, clientSecret, refreshToken, refreshTokenClientId } = credentials;
  return JSON.stringify({
    password,
    clientSecret,
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(refreshToken !== undefined && refreshTokenClientId !== undefined ? { refreshTokenClientId } : {}),
  });
}

function parseCredentials(text: string): StoredCredentials | undefined {
  const record = parseJsonObject(text);
  if (!record) {
    return undefined;
  }
  const { password, clientSecret, refreshToken, refreshTokenClientId } = record;
  if (typeof password !== 'string' || password === '' || typeof clientSecret !== 'string') {
    return undefined;
  }
  if (refreshToken !== undefined && typeof refreshToken !== 'string') {
    return undefined;
  }
  if (refreshTokenClientId !== undefined && typeof refreshTokenClientId !== 'string') {
    return undefined;
  }
  return {
    password,
    clientSecret,
    ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
    ...(typeof refreshToken === 'string' && refreshToken !== '' && typeof refreshTokenClientId === 'string'
      ? { refreshTokenClientId }
      : {}),
  };
}

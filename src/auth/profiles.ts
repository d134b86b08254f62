// Who the user signs in as: environment + username + client ID. Only non-secret data lives here,
// in VS Code's global state; secrets are in the CredentialStore under the profile's id.
import { createHash } from 'node:crypto';
import { validateBaseUrl } from '../mx/environments';
import type { Logger } from '../base/logger';

export type ProfileEnvironmentKind = 'staging' | 'production' | 'custom';

export interface ProfileEnvironment {
  readonly name: string;
  readonly kind: ProfileEnvironmentKind;
  readonly authUrl: string;
  readonly apiUrl: string;
}

export interface Profile {
  readonly id: string;
  readonly environment: ProfileEnvironment;
  readonly username: string;
  readonly clientId: string;
}

/** The non-secret answers of the last sign-in, offered again at the next one. */
export interface LastSignInAnswers {
  readonly environmentName?: string;
  readonly username?: string;
  readonly clientId?: string;
}

/** The part of `vscode.Memento` used here; `context.globalState` satisfies it. */
export interface StateStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void> | Promise<void>;
}

const KINDS: readonly ProfileEnvironmentKind[] = ['staging', 'production', 'custom'];
export const PROFILES_KEY = 'mx.profiles';
export const ACTIVE_PROFILE_KEY = 'mx.activeProfile';
export const LAST_ANSWERS_KEY = 'mx.lastSignIn';

function baseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * Stable id: the same environment URLs, username and client ID always give the same profile, so a
 * second sign-in updates it. Usernames are compared case-insensitively, as MX does. The display
 * name of the environment is left out so renaming a configured environment keeps the profile.
 */
export function profileId(environment: Pick<ProfileEnvironment, 'authUrl' | 'apiUrl'>, username: string, clientId: string): string {
  const material = [baseUrl(environment.authUrl), baseUrl(environment.apiUrl), username.trim().toLowerCase(), clientId].join('|');
  return createHash('sha256').update(material, 'utf8').digest('hex').slice(0, 16);
}

export function createProfile(environment: ProfileEnvironment, username: string, clientId: string): Profile {
  const { name, kind, authUrl, apiUrl } = environment;
  return {
    id: profileId(environment, username, clientId),
    environment: { name, kind, authUrl: baseUrl(authUrl), apiUrl: baseUrl(apiUrl) },
    username: username.trim(),
    clientId,
  };
}

/** `user@example.com on Staging`, for messages. */
export function describeProfile(profile: Profile): string {
  return `${profile.username} on ${profile.environment.name}`;
}

/** `user@example.com@Staging`, for log lines. */
export function profileLogName(profile: Profile): string {
  return `${profile.username}@${profile.environment.name}`;
}

export class ProfileStore {
  constructor(
    private readonly state: StateStorage,
    private readonly log: Logger,
  ) {}

  list(): Profile[] {
    const raw = this.read(PROFILES_KEY);
    if (raw === undefined) {
      return [];
    }
    if (!Array.isArray(raw)) {
      this.log.warn('The saved MX profile list is unreadable; starting with none.');
      return [];
    }
    const profiles: Profile[] = [];
    const seen = new Set<string>();
    raw.forEach((entry: unknown, index) => {
      const profile = readProfile(entry);
      if (!profile) {
        this.log.warn(`Saved MX profile ${index + 1} is unreadable and was skipped.`);
      } else if (!seen.has(profile.id)) {
        seen.add(profile.id);
        profiles.push(profile);
      }
    });
    return profiles;
  }

  get(id: string): Profile | undefined {
    return this.list().find((p) => p.id === id);
  }

  /** Adds the profile or replaces the one with the same id (a second sign-in). False if saving failed. */
  async upsert(profile: Profile): Promise<boolean> {
    const clean = readProfile(profile);
    if (!clean) {
      this.log.error('An invalid MX profile was not saved.');
      return false;
    }
    const others = this.list().filter((p) => p.id !== clean.id);
    return this.write(PROFILES_KEY, [...others, clean]);
  }

  /** Forgets the profile (and makes no profile active if it was). */
  async remove(id: string): Promise<boolean> {
    const profiles = this.list();
    const kept = profiles.filter((p) => p.id !== id);
    let ok = kept.length === profiles.length || (await this.write(PROFILES_KEY, kept));
    if (this.activeId() === id) {
      ok = (await this.write(ACTIVE_PROFILE_KEY, undefined)) && ok;
    }
    return ok;
  }

  /** The active profile's id, if it still names a saved profile. */
  activeId(): string | undefined {
    const id = this.read(ACTIVE_PROFILE_KEY);
    if (typeof id !== 'string') {
      return undefined;
    }
    return this.get(id) ? id : undefined;
  }

  active(): Profile | undefined {
    const id = this.activeId();
    return id === undefined ? undefined : this.get(id);
  }

  /** Makes a saved profile active, or none with `undefined`. False for an unknown id or a failed save. */
  async setActive(id: string | undefined): Promise<boolean> {
    if (id !== undefined && !this.get(id)) {
      this.log.warn(`Cannot switch to unknown MX profile ${id}.`);
      return false;
    }
    return this.write(ACTIVE_PROFILE_KEY, id);
  }

  lastAnswers(): LastSignInAnswers {
    const raw = this.read(LAST_ANSWERS_KEY);
    if (raw === undefined) {
      return {};
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.log.warn('The saved sign-in defaults are unreadable; ignored.');
      return {};
    }
    const record = raw as Record<string, unknown>;
    const answers: { -readonly [K in keyof LastSignInAnswers]: LastSignInAnswers[K] } = {};
    for (const key of ['environmentName', 'username', 'clientId'] as const) {
      const value = record[key];
      if (typeof value === 'string' && value !== '') {
        answers[key] = value;
      }
    }
    return answers;
  }

  setLastAnswers(answers: LastSignInAnswers): Promise<boolean> {
    const { environmentName, username, clientId } = answers;
    return this.write(LAST_ANSWERS_KEY, { environmentName, username, clientId });
  }

  private read(key: string): unknown {
    try {
      return this.state.get<unknown>(key);
    } catch (err) {
      this.log.warn(`Reading ${key} from VS Code's global state failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private async write(key: string, value: unknown): Promise<boolean> {
    try {
      await this.state.update(key, value);
      return true;
    } catch (err) {
      this.log.error(`Saving ${key} to VS Code's global state failed: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A fresh, frozen copy of a valid profile, or undefined. */
function readProfile(value: unknown): Profile | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const env = record.environment as Record<string, unknown> | null | undefined;
  if (!nonEmpty(record.id) || !nonEmpty(record.username) || !nonEmpty(record.clientId)) {
    return undefined;
  }
  if (typeof env !== 'object' || env === null) {
    return undefined;
  }
  if (!nonEmpty(env.name) || !nonEmpty(env.authUrl) || !nonEmpty(env.apiUrl) || !KINDS.includes(env.kind as ProfileEnvironmentKind)) {
    return undefined;
  }
  // A hand-edited or corrupted URL must not become a place the password is sent to.
  if (!validateBaseUrl(env.authUrl, 'Auth base URL').ok || !validateBaseUrl(env.apiUrl, 'API base URL').ok) {
    return undefined;
  }
  return Object.freeze({
    id: record.id,
    environment: Object.freeze({
      name: env.name,
      kind: env.kind as ProfileEnvironmentKind,
      authUrl: env.authUrl,
      apiUrl: env.apiUrl,
    }),
    username: record.username,
    clientId: record.clientId,
  });
}

// What a token session stands on, wired in one place for everyone who builds sessions
// (SessionManager, the tests, the benchmarks): VS Code's SecretStorage behind the SecretStore, the
// CredentialStore over that, and the deps each new TokenSession gets. One place, so what the tests
// and benchmarks measure is the wiring the extension runs, not a copy of it. The token lifecycle
// itself (TokenSession and what it uses, the `session` bundle in esbuild.mjs) loads with the first
// session: a window that is signed out never loads it.
import type * as vscode from 'vscode';
import type { Redactor } from '../mx/redaction';
import { type Clock, systemClock } from '../base/clock';
import { CredentialStore } from './credentials';
import { type Logger, redacting } from '../base/logger';
import type { Profile } from './profiles';
import { SecretStore, type SecretStoreOptions } from './secretStore';
import type { SignInOptions, SignInSecrets, TokenSession } from './tokenSession';

/** The settings a session reads when it starts. */
export interface SessionTiming {
  /** Part of the lifetime after which the token is refreshed; default 2/3, clamped to 0.1–0.95. */
  readonly refreshFraction?: number;
  /** Deadline of one token request; default that of requestToken (30 s). */
  readonly timeoutMs?: number;
  /** How often the wall clock is compared with the refresh time; default 30 s. */
  readonly tickMs?: number;
}

export interface TokenSessionDeps extends SessionTiming {
  readonly clock: Clock;
  readonly credentials: CredentialStore;
  readonly log: Logger;
  /** Shared with the rest of the extension; learns every secret this session sees. */
  readonly redactor: Redactor;
}

export interface SessionFactoryOptions {
  readonly secrets: vscode.SecretStorage;
  readonly log: Logger;
  /** Shared with the rest of the extension; every session teaches it the secrets it sees. */
  readonly redactor: Redactor;
  /** The sessions' clock (expiry, refresh timers); default the system clock. */
  readonly clock?: Clock;
  /**
   * The keyring's hang guard. It keeps the system clock unless given another, whatever the
   * sessions' clock: a test that moves a fake clock by hours must not time out a keyring call
   * that is merely waiting for the event loop.
   */
  readonly keyring?: SecretStoreOptions;
  /** Read for every new session, so a changed setting applies from the next sign-in. */
  readonly timing?: () => SessionTiming;
}

export class SessionFactory {
  readonly secretStore: SecretStore;
  readonly credentials: CredentialStore;
  private readonly log: Logger;

  constructor(private readonly options: SessionFactoryOptions) {
    this.log = redacting(options.log, options.redactor);
    this.secretStore = new SecretStore(options.secrets, this.log, options.keyring);
    this.credentials = new CredentialStore(this.secretStore, this.log);
  }

  /** A token with the password grant first; the credentials are stored only if that works. */
  async signIn(profile: Profile, secrets: SignInSecrets, options?: SignInOptions): Promise<TokenSession> {
    return (await import('./tokenSession')).TokenSession.signIn(this.deps(), profile, secrets, options);
  }

  /** A profile signed in earlier, from the keyring (no network). */
  async restore(profile: Profile): Promise<TokenSession> {
    return (await import('./tokenSession')).TokenSession.restore(this.deps(), profile);
  }

  dispose(): void {
    this.credentials.dispose();
    this.secretStore.dispose();
  }

  private deps(): TokenSessionDeps {
    const { clock = systemClock, redactor, timing } = this.options;
    return { ...timing?.(), clock, credentials: this.credentials, log: this.log, redactor };
  }
}

// What a token session stands on, wired in one place for everyone who builds sessions
// (SessionManager, the tests, the benchmarks): VS Code's SecretStorage behind the SecretStore, the
// CredentialStore over that, and the deps each new TokenSession gets. Hand-built copies of this
// drifted apart (one logger redacting, another not; one keyring guard on the fake clock).
import type * as vscode from 'vscode';
import type { Redactor } from '../mx/redaction';
import { type Clock, systemClock } from './clock';
import { CredentialStore } from './credentials';
import { type Logger, redacting } from './logger';
import type { Profile } from './profiles';
import { SecretStore, type SecretStoreOptions } from './secretStore';
import { type SessionTiming, type SignInOptions, type SignInSecrets, TokenSession, type TokenSessionDeps } from './tokenSession';

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
  signIn(profile: Profile, secrets: SignInSecrets, options?: SignInOptions): Promise<TokenSession> {
    return TokenSession.signIn(this.deps(), profile, secrets, options);
  }

  /** A profile signed in earlier, from the keyring (no network). */
  restore(profile: Profile): Promise<TokenSession> {
    return TokenSession.restore(this.deps(), profile);
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

// The signed-in state of this window: which profile is active, its TokenSession, and how it
// follows the window (focus re-checks the clock) and other windows (sign-in and sign-out arrive
// through SecretStorage.onDidChange).
import * as vscode from 'vscode';
import type { MxEnvironment } from '../mx/environments';
import type { Redactor } from '../mx/redaction';
import type { CredentialStore } from './credentials';
import { type Logger } from '../base/logger';
import { createProfile, type Profile, ProfileStore } from './profiles';
import { SessionFactory } from './sessionFactory';
import type { SessionState, TokenSession } from './tokenSession';

export interface SessionSettings {
  /** Unset: the session's default (2/3 of the lifetime). */
  readonly refreshFraction?: number;
  readonly timeoutMs: number;
}

export interface SignInRequest {
  readonly environment: MxEnvironment;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export class SessionManager implements vscode.Disposable {
  readonly profiles: ProfileStore;
  readonly credentials: CredentialStore;
  private readonly sessions: SessionFactory;
  private session: TokenSession | undefined;
  private sessionSubscription: vscode.Disposable | undefined;
  private readonly changes = new vscode.EventEmitter<SessionState | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Fires with the new state, or undefined when signed out. */
  readonly onDidChange = this.changes.event;

  constructor(
    secrets: vscode.SecretStorage,
    globalState: vscode.Memento,
    private readonly log: Logger,
    redactor: Redactor,
    settings: () => SessionSettings,
  ) {
    this.sessions = new SessionFactory({ secrets, log, redactor, timing: settings });
    this.credentials = this.sessions.credentials;
    this.profiles = new ProfileStore(globalState, log);
    this.subscriptions.push(
      this.changes,
      this.sessions,
      this.credentials.onDidChange(({ profileId }) => void this.onCredentialsChanged(profileId)),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.session?.checkNow();
      }),
    );
  }

  get state(): SessionState | undefined {
    return this.session?.state;
  }

  get active(): TokenSession | undefined {
    return this.session;
  }

  /** Restores the active profile of an earlier sign-in: reads the keyring, no network. */
  async restore(): Promise<void> {
    const profile = this.profiles.active();
    if (profile && !this.session) await this.use(await this.sessions.restore(profile));
  }

  /** Gets a token with the password grant; on success the profile becomes the active one. */
  async signIn(request: SignInRequest, signal?: AbortSignal): Promise<TokenSession> {
    const profile = createProfile(request.environment, request.username, request.clientId);
    const session = await this.sessions.signIn(profile, { password: request.password, clientSecret: request.clientSecret }, { signal });
    await this.profiles.upsert(profile);
    await this.profiles.setActive(profile.id);
    await this.profiles.setLastAnswers({ environmentName: request.environment.name, username: profile.username, clientId: profile.clientId });
    await this.use(session);
    return session;
  }

  /** Makes a stored profile the active one (its first token is fetched on first use). */
  async switchTo(profile: Profile): Promise<void> {
    await this.profiles.setActive(profile.id);
    await this.use(await this.sessions.restore(profile));
  }

  /**
   * Forgets the token and the profile's stored secrets; with `forgetProfile` also its non-secret
   * data (environment, username, client ID). Signs out of the active profile by default.
   */
  async signOut(profileId = this.session?.profile.id, options: { forgetProfile?: boolean } = {}): Promise<void> {
    if (!profileId) return;
    const profile = this.profiles.get(profileId) ?? this.session?.profile;
    if (this.session?.profile.id === profileId) {
      this.session.end('signed out');
      await this.use(undefined);
      await this.profiles.setActive(undefined);
    }
    const deleted = await this.credentials.delete(profileId);
    if (!deleted.ok) throw new Error(deleted.message);
    if (options.forgetProfile) await this.profiles.remove(profileId);
    this.log.info(`Signed out${profile ? ` of ${profile.username} on ${profile.environment.name}` : ''}${options.forgetProfile ? '; profile forgotten' : ''}.`);
  }

  dispose(): void {
    this.sessionSubscription?.dispose();
    this.session?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }

  private async use(session: TokenSession | undefined): Promise<void> {
    if (session === this.session) return;
    this.sessionSubscription?.dispose();
    this.session?.dispose();
    this.session = session;
    this.sessionSubscription = session?.onDidChangeState((state) => this.changes.fire(state));
    this.changes.fire(session?.state);
  }

  /** Another window (or this one) stored or deleted a profile's credentials. */
  private async onCredentialsChanged(profileId: string): Promise<void> {
    const read = await this.credentials.load(profileId);
    if (!read.ok) return;
    const current = this.session?.profile.id;
    if (!read.value && current === profileId && this.session?.state.status !== 'ended') {
      this.log.info('Signed out in another window.');
      this.session?.end('signed out in another window');
      await this.use(undefined);
      return;
    }
    const stillActive = this.session && this.session.state.status !== 'ended';
    if (read.value && !stillActive && this.profiles.activeId() === profileId) {
      const profile = this.profiles.get(profileId);
      if (profile) {
        this.log.info(`Signed in as ${profile.username} on ${profile.environment.name} in another window.`);
        await this.use(await this.sessions.restore(profile));
      }
    }
  }
}

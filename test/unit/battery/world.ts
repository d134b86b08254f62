// One signed-in window, built from the REAL modules the extension composes in extension.ts
// (TokenSession, CredentialStore over SecretStore as SessionFactory wires them, ProfileStore, RequestHistory, RequestRunner,
// PanelMessageHandler, the Redactor behind a RedactingLogger), against the real sandbox over HTTP.
// Only VS Code's surfaces are fakes: SecretStorage, global state, the log channel, time and the
// panel's effects (postMessage, clipboard, dialogs).
import * as assert from 'node:assert/strict';
import { type Clock, systemClock } from '../../../src/base/clock';
import { type CredentialStore, credentialsKey, type StoredCredentials } from '../../../src/auth/credentials';
import { RedactingLogger } from '../../../src/base/logger';
import { createProfile, type Profile, ProfileStore } from '../../../src/auth/profiles';
import { SessionFactory } from '../../../src/auth/sessionFactory';
import type { SignInSecrets, TokenSession } from '../../../src/auth/tokenSession';
import { RequestHistory } from '../../../src/panel/history';
import { Redactor } from '../../../src/mx/redaction';
import type { HostToWebview, RequestDraft } from '../../../src/protocol';
import { Hold } from '../../../src/base/hold';
import { PanelMessageHandler, sessionSummary } from '../../../src/panel/panelMessages';
import { RequestRunner, type RunnerSettings } from '../../../src/panel/requestRunner';
import { DEFAULT_ACCOUNT } from '../../sandbox/server';
import type { Sandbox, SandboxAccount } from '../../sandbox/types';
import { FakeClock } from '../fakes/fakeClock';
import { CapturingLogger } from '../fakes/logger';
import { InMemoryMemento } from '../fakes/memento';
import { RecordingPanelEffects } from '../fakes/panelEffects';
import { InMemorySecretStorage } from '../fakes/secretStorage';

export const CLIENT_ID = 'mx-battery';
export const CHAINS = '/mxs/reference-data/v1/cinema-chains';
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** MX's token lifetime, as the sandbox issues it by default. */
export const LIFETIME_MS = 12 * HOUR;
export const HISTORY_KEY = 'mx.history';

/** The sandbox judges token expiry by the clock of the world being tested. */
let currentClock: Clock = systemClock;
export const sandboxNow = (): number => currentClock.now();

export function draft(url: string, patch: Partial<RequestDraft> = {}): RequestDraft {
  return { method: 'GET', url, query: [], headers: [], body: '', ...patch };
}

export interface WorldOptions {
  readonly sandbox: Sandbox;
  /** Where tokens come from (default the sandbox; an AuthRelay for exact replies). */
  readonly authUrl?: string;
  readonly apiUrl?: string;
  readonly account?: SandboxAccount;
  readonly clientId?: string;
  /** Deadline of one API request (default 10 s). */
  readonly apiTimeoutMs?: number;
  /** Deadline of one token request, sign-in included (default 10 s). */
  readonly tokenTimeoutMs?: number;
  /** Bodies above this are offered as a file; the transfer cap is four times it (default 32 MB). */
  readonly treeLimitBytes?: number;
  /** The keyring hang guard, on real time (default 2 s). */
  readonly secretTimeoutMs?: number;
  readonly storage?: InMemorySecretStorage;
  readonly memento?: InMemoryMemento;
}

export class World {
  readonly sandbox: Sandbox;
  readonly clock = new FakeClock();
  /** What a Send All or a test run holds (RequestPanels shares one with each panel it makes). */
  readonly panelHold = new Hold();
  readonly storage: InMemorySecretStorage;
  /** Global state (profiles, last answers, history), as VS Code writes it to disk. */
  readonly memento: InMemoryMemento;
  readonly logLines = new CapturingLogger();
  readonly redactor = new Redactor();
  readonly log: RedactingLogger;
  readonly sessionFactory: SessionFactory;
  readonly credentials: CredentialStore;
  readonly profiles: ProfileStore;
  readonly history: RequestHistory;
  readonly runner: RequestRunner;
  readonly effects = new RecordingPanelEffects();
  readonly handler: PanelMessageHandler;
  readonly account: SandboxAccount;
  readonly profile: Profile;
  readonly apiTimeoutMs: number;
  readonly tokenTimeoutMs: number;
  session: TokenSession | undefined;
  private readonly sessions: TokenSession[] = [];
  private subscription: { dispose(): void } | undefined;

  constructor(options: WorldOptions) {
    currentClock = this.clock;
    this.sandbox = options.sandbox;
    this.storage = options.storage ?? new InMemorySecretStorage();
    this.memento = options.memento ?? new InMemoryMemento();
    this.account = options.account ?? DEFAULT_ACCOUNT;
    this.apiTimeoutMs = options.apiTimeoutMs ?? 10 * SECOND;
    this.tokenTimeoutMs = options.tokenTimeoutMs ?? 10 * SECOND;
    this.log = new RedactingLogger(this.logLines, this.redactor);
    this.sessionFactory = new SessionFactory({
      secrets: this.storage,
      log: this.log,
      redactor: this.redactor,
      clock: this.clock,
      keyring: { timeoutMs: options.secretTimeoutMs ?? 2 * SECOND },
      timing: () => ({ timeoutMs: this.tokenTimeoutMs }),
    });
    this.credentials = this.sessionFactory.credentials;
    this.profiles = new ProfileStore(this.memento, this.log);
    this.history = new RequestHistory({
      store: { get: () => this.memento.get(HISTORY_KEY), set: async (value) => this.memento.update(HISTORY_KEY, value) },
      limit: 50,
      redactor: this.redactor,
      onError: (error) => this.log.warn(`Request history could not be saved: ${error instanceof Error ? error.message : String(error)}`),
    });
    const treeLimitBytes = options.treeLimitBytes ?? 32 * 1024 * 1024;
    // as extension.ts builds it: the active session, the panel settings, the shared Redactor
    const settings = (): RunnerSettings => ({ timeoutMs: this.apiTimeoutMs, treeLimitBytes });
    this.runner = new RequestRunner(() => this.session, settings, this.redactor);
    this.handler = new PanelMessageHandler({
      runner: this.runner,
      history: this.history,
      session: () => this.session?.state,
      log: this.log,
      effects: this.effects,
      hold: this.panelHold,
      now: () => this.clock.now(),
    });
    this.profile = createProfile(
      { name: 'Sandbox', kind: 'custom', authUrl: options.authUrl ?? this.sandbox.authUrl, apiUrl: options.apiUrl ?? this.sandbox.apiUrl },
      this.account.username,
      options.clientId ?? CLIENT_ID,
    );
  }

  /** Signs in like SessionManager.signIn: a token first, then the profile becomes the active one. */
  async signIn(secrets: Partial<SignInSecrets> = {}, profile: Profile = this.profile): Promise<TokenSession> {
    const session = await this.sessionFactory.signIn(profile, {
      password: secrets.password ?? this.account.password,
      clientSecret: secrets.clientSecret ?? this.account.clientSecret,
    });
    await this.profiles.upsert(profile);
    await this.profiles.setActive(profile.id);
    await this.profiles.setLastAnswers({ environmentName: profile.environment.name, username: profile.username, clientId: profile.clientId });
    this.use(session);
    return session;
  }

  /** Restores the profile from the keyring, like SessionManager.restore after a reload. */
  async restore(profile: Profile = this.profile): Promise<TokenSession> {
    const session = await this.sessionFactory.restore(profile);
    this.use(session);
    return session;
  }

  /** Signs out like SessionManager.signOut: ends the session and deletes the stored secrets. */
  async signOut(): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.end('signed out');
    this.use(undefined);
    await this.profiles.setActive(undefined);
    const deleted = await this.credentials.delete(session.profile.id);
    assert.ok(deleted.ok, deleted.ok ? '' : deleted.message);
  }

  get signedIn(): boolean {
    return sessionSummary(this.session?.state).signedIn;
  }

  /** The webview said it is ready: from now on posted messages are recorded. */
  async ready(): Promise<void> {
    await this.handler.receive({ type: 'ready' });
  }

  /** Sends a draft as the webview does; resolves with what the host posted meanwhile. */
  async send(request: RequestDraft, requestId = 'req-1'): Promise<HostToWebview[]> {
    const from = this.effects.posted.length;
    await this.handler.receive({ type: 'send', requestId, draft: request });
    return this.effects.since(from);
  }

  /** The credentials in the fake keyring, read around the SecretStore (so failures injected there do not hide them). */
  storedCredentials(profileId: string = this.profile.id): StoredCredentials | undefined {
    const text = this.storage.values.get(credentialsKey(profileId));
    return text === undefined ? undefined : (JSON.parse(text) as StoredCredentials);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.handler.dispose();
    for (const session of this.sessions) session.dispose();
    this.sessionFactory.dispose();
    if (currentClock === this.clock) currentClock = systemClock;
  }

  private use(session: TokenSession | undefined): void {
    this.subscription?.dispose();
    if (this.session && this.session !== session) this.session.dispose();
    this.session = session;
    if (session) {
      this.sessions.push(session);
      // What RequestPanels wires: every session change reaches the webview as a summary.
      this.subscription = session.onDidChangeState((state) => this.handler.sessionChanged(state));
    }
    this.handler.sessionChanged(session?.state);
  }
}

/** The one answer to `requestId` among posted messages: a response or a failure. */
export function answerTo(posted: readonly HostToWebview[], requestId: string): Extract<HostToWebview, { type: 'response' | 'requestFailed' }> {
  const answers = posted.filter(
    (m): m is Extract<HostToWebview, { type: 'response' | 'requestFailed' }> =>
      (m.type === 'response' || m.type === 'requestFailed') && m.requestId === requestId,
  );
  assert.equal(answers.length, 1, `exactly one answer to ${requestId}: ${JSON.stringify(posted.map((m) => m.type))}`);
  return answers[0];
}

/** Deterministic pseudo-random numbers (mulberry32), so a fuzz run can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

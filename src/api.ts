// What `activate()` returns: the extension's public API, for other extensions and our own tests.
// It never hands out a token or a secret: other extensions that need a token ask VS Code with
// vscode.authentication.getSession('moviexchange', []), which asks the user for consent.
import type * as vscode from 'vscode';
import type { SignInRequest } from './auth/sessionManager';
import type { SessionState } from './auth/tokenSession';
import type { MxEnvironment } from './mx/environments';
import type { RequestDraft } from './protocol';
import type { RunOutcome } from './panel/requestRunner';

export type { RequestDraft, RunOutcome, SignInRequest, SessionState };

export interface MxSessionApi {
  /** The active profile's session, or undefined when signed out. */
  readonly state: SessionState | undefined;
  readonly onDidChange: vscode.Event<SessionState | undefined>;
  /** Signs in without prompts (the password grant); throws the failure's user message. */
  signIn(request: SignInRequest): Promise<SessionState>;
  /** Signs out of the active profile, deleting its stored secrets. */
  signOut(options?: { forgetProfile?: boolean }): Promise<void>;
  refreshNow(): Promise<void>;
  /** Whether a profile's (default: the active one's) credentials are in SecretStorage; never their values. */
  hasStoredCredentials(profileId?: string): Promise<boolean>;
}

export interface MxExplorerApi {
  /** Bumped on incompatible changes. */
  readonly apiVersion: 1;
  /** Staging, Production and the valid `mx.environments` entries, in sign-in order. */
  environments(): readonly MxEnvironment[];
  readonly session: MxSessionApi;
  /**
   * Sends a request as the signed-in user through the same pipeline as the request panel: the
   * draft is checked like one from the panel, then the origin rule, the auth headers (added here,
   * never returned), one refresh + retry on 401. Resolves with the response summary or a failure
   * (invalid draft, signed out, refused, timeout…), never a secret; it does not throw.
   */
  sendRequest(draft: RequestDraft, signal?: AbortSignal): Promise<RunOutcome>;
}

// MX accounts in VS Code's Accounts menu, and MX sessions for other extensions through
// vscode.authentication.getSession('moviexchange', …) (VS Code asks the user for consent).
import * as vscode from 'vscode';
import type { SessionManager } from './sessionManager';
import type { SessionState } from './tokenSession';

export const AUTH_PROVIDER_ID = 'moviexchange';
export const AUTH_PROVIDER_LABEL = 'movieXchange';

function accountOf(state: SessionState): vscode.AuthenticationSessionAccountInformation {
  return { id: state.profile.id, label: `${state.profile.username} (${state.profile.environment.name})` };
}

export class MxAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The session VS Code was last told about, to announce what was added, removed or changed. */
  private announced: vscode.AuthenticationSession | undefined;

  constructor(
    private readonly manager: SessionManager,
    /** Runs the interactive sign-in; resolves once it ended (signed in or not). */
    private readonly signIn: () => Promise<void>,
  ) {
    this.subscriptions.push(
      this.changes,
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, this, {
        supportsMultipleAccounts: false,
      }),
      manager.onDidChange((state) => this.announce(state)),
    );
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const session = this.manager.active;
    if (!session || session.state.status === 'ended') return [];
    try {
      const accessToken = await session.getToken();
      const authSession = { id: session.profile.id, accessToken, account: accountOf(session.state), scopes: [] };
      this.announced = authSession;
      return [authSession];
    } catch {
      return []; // the state (and so the status bar) says why
    }
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await this.signIn();
    const [session] = await this.getSessions();
    if (!session) throw new Error('Sign-in to movieXchange was cancelled or failed.');
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.manager.signOut(sessionId);
  }

  private announce(state: SessionState | undefined): void {
    const previous = this.announced;
    const live = state && state.status !== 'ended' ? state : undefined;
    if (previous && previous.id !== live?.profile.id) {
      this.announced = undefined;
      this.changes.fire({ added: [], removed: [previous], changed: [] });
    }
    if (live && (!previous || previous.id !== live.profile.id)) {
      // The token is fetched when VS Code asks for the sessions.
      const placeholder = { id: live.profile.id, accessToken: '', account: accountOf(live), scopes: [] };
      this.announced = placeholder;
      this.changes.fire({ added: [placeholder], removed: [], changed: [] });
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

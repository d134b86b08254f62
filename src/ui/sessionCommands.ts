// The commands around the session: sign in (with progress, retry and nothing typed lost),
// sign out (asking before forgetting a profile), refresh now, switch profile, and the menu
// behind the status bar item.
import * as vscode from 'vscode';
import { formatTimeLeft } from '../base/format';
import type { Logger } from '../base/logger';
import type { Profile } from '../auth/profiles';
import type { SessionManager } from '../auth/sessionManager';
import { SessionEndedError, type SessionState } from '../auth/tokenSession';
import type { MxEnvironment } from '../mx/environments';
import { TokenError } from '../mx/tokenError';
import { askSignInAnswers, type SignInCredentials, type SignInDefaults } from './signInFlow';

function describe(state: SessionState): string {
  return `${state.profile.username} (client ID ${state.profile.clientId}) on ${state.profile.environment.name}`;
}

function messageOf(error: unknown): string {
  if (error instanceof TokenError || error instanceof SessionEndedError) return error.userMessage;
  return error instanceof Error ? error.message : String(error);
}

export class SessionCommands {
  constructor(
    private readonly manager: SessionManager,
    private readonly environments: () => readonly MxEnvironment[],
    private readonly log: Logger,
  ) {}

  /** The interactive sign-in. Resolves with the new state, or undefined if the user gave up. */
  async signIn(): Promise<SessionState | undefined> {
    const last = this.manager.profiles.lastAnswers();
    const active = this.manager.state?.profile;
    let defaults: SignInDefaults = {
      environmentName: last?.environmentName ?? active?.environment.name,
      username: last?.username ?? active?.username,
      clientId: last?.clientId ?? active?.clientId,
    };
    let answers: SignInCredentials | undefined;
    for (;;) {
      answers ??= await askSignInAnswers(this.environments(), defaults);
      if (!answers) return undefined;
      const attempt = answers;
      try {
        const session = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: `Signing in to MX ${attempt.environment.name} as ${attempt.username}…`,
            cancellable: true,
          },
          (_progress, token) => {
            const controller = new AbortController();
            const subscription = token.onCancellationRequested(() => controller.abort());
            return this.manager.signIn(attempt, controller.signal).finally(() => subscription.dispose());
          },
        );
        const left = session.state.expiresAt !== undefined ? ` The token is valid for ${formatTimeLeft(session.state.expiresAt - Date.now())}.` : '';
        void vscode.window.showInformationMessage(`Signed in to MX ${attempt.environment.name} as ${attempt.username} (client ID ${attempt.clientId}).${left}`);
        if (session.state.storageProblem) void vscode.window.showWarningMessage(session.state.storageProblem);
        return session.state;
      } catch (error) {
        if (error instanceof TokenError && error.kind === 'cancelled') return undefined;
        this.log.warn(`Sign-in failed: ${messageOf(error)}`);
        const choice = await vscode.window.showErrorMessage(`MX sign-in failed: ${messageOf(error)}`, 'Retry', 'Edit Answers');
        if (choice === undefined) return undefined;
        // Everything typed is kept (secrets in memory only) for the next attempt.
        if (choice === 'Edit Answers') {
          defaults = { ...attempt };
          answers = undefined;
        }
      }
    }
  }

  async signOut(): Promise<void> {
    const state = this.manager.state;
    if (!state) {
      void vscode.window.showInformationMessage('You are not signed in to MX.');
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      `Sign out of MX as ${describe(state)}?`,
      {
        modal: true,
        detail: 'Signing out forgets the token and the stored password, client secret and refresh token of this profile. "Sign Out and Forget Profile" also forgets its environment, username and client ID.',
      },
      'Sign Out',
      'Sign Out and Forget Profile',
    );
    if (!choice) return;
    try {
      await this.manager.signOut(state.profile.id, { forgetProfile: choice === 'Sign Out and Forget Profile' });
      void vscode.window.showInformationMessage(`Signed out of MX (${describe(state)}).`);
    } catch (error) {
      void vscode.window.showErrorMessage(`MX sign-out could not delete the stored secrets: ${messageOf(error)}`);
    }
  }

  async refreshNow(): Promise<void> {
    const session = this.manager.active;
    if (!session || session.state.status === 'ended') {
      const choice = await vscode.window.showInformationMessage('You are not signed in to MX.', 'Sign In');
      if (choice) await this.signIn();
      return;
    }
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Refreshing the MX token of ${describe(session.state)}…` },
        () => session.refreshNow(),
      );
      const { expiresAt } = session.state;
      const until = expiresAt !== undefined ? ` It is valid until ${new Date(expiresAt).toLocaleTimeString()} (${formatTimeLeft(expiresAt - Date.now())}).` : '';
      void vscode.window.showInformationMessage(`MX token refreshed.${until}`);
    } catch (error) {
      const needsSignIn = session.state.needsSignIn || (error instanceof SessionEndedError && error.needsSignIn);
      const action = needsSignIn ? 'Sign In' : 'Retry';
      const choice = await vscode.window.showErrorMessage(`MX token refresh failed: ${messageOf(error)}`, action);
      if (choice === 'Sign In') await this.signIn();
      else if (choice === 'Retry') await this.refreshNow();
    }
  }

  async switchProfile(): Promise<void> {
    const activeId = this.manager.state?.profile.id;
    type Item = vscode.QuickPickItem & { profile?: Profile };
    const items: Item[] = this.manager.profiles.list().map((profile) => ({
      label: `${profile.id === activeId ? '$(check) ' : ''}${profile.username}`,
      description: profile.environment.name,
      detail: `Client ID ${profile.clientId} · ${profile.environment.apiUrl}`,
      profile,
    }));
    items.push({ label: '$(add) Sign in to another profile…' });
    const chosen = await vscode.window.showQuickPick(items, { title: 'MX: Switch Profile', placeHolder: 'Profile to use' });
    if (!chosen) return;
    if (!chosen.profile) {
      await this.signIn();
      return;
    }
    await this.manager.switchTo(chosen.profile);
    const state = this.manager.state;
    if (state?.status === 'ended' && state.needsSignIn) {
      const choice = await vscode.window.showWarningMessage(`No saved MX credentials for ${describe(state)}.`, 'Sign In');
      if (choice) await this.signIn();
    } else if (state) {
      // a token at once: the status bar shows the time left now, not after the first request
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'MX: getting a token' }, () => this.manager.active?.getToken() ?? Promise.resolve(''));
        void vscode.window.showInformationMessage(`Now using MX as ${describe(state)}.`);
      } catch (error) {
        void vscode.window.showWarningMessage(`Now using MX as ${describe(state)}, but no token yet: ${messageOf(error)}`);
      }
    }
  }

  async menu(): Promise<void> {
    const state = this.manager.state;
    type Item = vscode.QuickPickItem & { command: string };
    const items: Item[] = [];
    if (!state || state.status === 'ended') items.push({ label: '$(sign-in) Sign In', command: 'mx.signIn' });
    if (state && state.status !== 'ended') items.push({ label: '$(refresh) Refresh Token Now', command: 'mx.refreshToken' });
    if ((await vscode.commands.getCommands(true)).includes('mx.openRequestPanel')) {
      items.push({ label: '$(globe) Open Request Panel', command: 'mx.openRequestPanel' });
      items.push({ label: '$(add) New Request from Catalogue…', command: 'mx.newRequest' });
    }
    items.push({ label: '$(account) Switch Profile…', command: 'mx.switchProfile' });
    if (state) items.push({ label: '$(sign-out) Sign Out', command: 'mx.signOut' });
    items.push({ label: '$(output) Show Log', command: 'mx.showLog' });
    const chosen = await vscode.window.showQuickPick(items, { title: state ? `MX: ${describe(state)}` : 'MX Explorer' });
    if (chosen) await vscode.commands.executeCommand(chosen.command);
  }
}

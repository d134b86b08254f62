// Composition root: builds the services, registers the commands, hands out the API. Nothing else.
import * as vscode from 'vscode';
import type { MxExplorerApi } from './api';
import { MxAuthenticationProvider } from './auth/authProvider';
import { RedactingLogger } from './auth/logger';
import { SessionManager } from './auth/sessionManager';
import { Redactor } from './mx/redaction';
import { EnvironmentSettings, sessionSettings } from './settings';
import { SessionCommands } from './ui/sessionCommands';
import { SessionStatusBar } from './ui/statusBar';

export function activate(context: vscode.ExtensionContext): MxExplorerApi {
  const channel = vscode.window.createOutputChannel('MX Explorer', { log: true });
  const redactor = new Redactor();
  const log = new RedactingLogger(channel, redactor);
  const environments = new EnvironmentSettings(log);
  const manager = new SessionManager(context.secrets, context.globalState, log, redactor, sessionSettings);
  const commands = new SessionCommands(manager, () => environments.all(), log);
  const signInInteractively = async (): Promise<void> => {
    await commands.signIn();
  };
  context.subscriptions.push(
    channel,
    environments,
    manager,
    new SessionStatusBar(manager.onDidChange, manager.state),
    new MxAuthenticationProvider(manager, signInInteractively),
    ...commands.register(),
    vscode.commands.registerCommand('mx.showLog', () => channel.show(true)),
  );
  log.info(`MX Explorer ${String(context.extension.packageJSON.version)} activated`);
  // Reads the keyring only; the first token request waits for the first use.
  void manager.restore();

  return {
    apiVersion: 1,
    environments: () => environments.all(),
    session: {
      get state() {
        return manager.state;
      },
      onDidChange: manager.onDidChange,
      signIn: async (request) => (await manager.signIn(request)).state,
      signOut: (options) => manager.signOut(undefined, options),
      refreshNow: async () => {
        if (!manager.active) throw new Error('Not signed in to MX.');
        await manager.active.refreshNow();
      },
      hasStoredCredentials: async (profileId = manager.state?.profile.id) => {
        if (!profileId) return false;
        const read = await manager.credentials.load(profileId);
        return read.ok && read.value !== undefined;
      },
    },
  };
}

export function deactivate(): void {
  // every resource is in context.subscriptions
}

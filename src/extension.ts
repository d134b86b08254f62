// Composition root: builds the services, registers the commands, hands out the API. Nothing else.
import * as vscode from 'vscode';
import type { MxExplorerApi } from './api';
import { MxAuthenticationProvider } from './auth/authProvider';
import { RedactingLogger } from './base/logger';
import { SessionManager } from './auth/sessionManager';
import { RequestHistory } from './panel/history';
import { setUserAgent, userAgentFor } from './mx/http';
import { Redactor } from './mx/redaction';
import { EnvironmentSettings, panelSettings, sessionSettings } from './ui/settings';
import { pickEndpoint } from './ui/catalogueCommand';
import { RequestPanels } from './ui/requestPanel';
import { RequestRunner } from './panel/requestRunner';
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
  const history = new RequestHistory({
    store: { get: () => context.globalState.get('mx.history'), set: async (value) => context.globalState.update('mx.history', value) },
    limit: panelSettings().historySize,
    redactor,
    onError: (error) => log.warn(`Request history could not be saved: ${error instanceof Error ? error.message : String(error)}`),
  });
  const runner = new RequestRunner(() => manager.active, () => panelSettings(), redactor);
  const panels = new RequestPanels({
    extensionUri: context.extensionUri,
    runner,
    history,
    session: () => manager.state,
    onDidChangeSession: manager.onDidChange,
    profileCount: () => manager.profiles.list().length,
    log,
  });
  context.subscriptions.push(
    channel,
    environments,
    manager,
    new SessionStatusBar(manager.onDidChange, manager.state, () => manager.profiles.list().length),
    new MxAuthenticationProvider(manager, signInInteractively),
    ...commands.register(),
    panels,
    vscode.commands.registerCommand('mx.openRequestPanel', () => {
      panels.open();
    }),
    vscode.commands.registerCommand('mx.newRequest', async () => {
      const endpoint = await pickEndpoint();
      if (endpoint) panels.showEndpoint(endpoint.id);
    }),
    vscode.commands.registerCommand('mx.showLog', () => channel.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mx.historySize')) void history.setLimit(panelSettings().historySize);
    }),
  );
  const version = String(context.extension.packageJSON.version);
  setUserAgent(userAgentFor(version, vscode.version));
  log.info(`MX Explorer ${version} activated`);
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
    sendRequest: (draft, signal) => runner.run(draft, signal),
  };
}

export function deactivate(): void {
  // every resource is in context.subscriptions
}

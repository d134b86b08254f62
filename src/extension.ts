// Composition root: builds the services, registers the commands, hands out the API. Nothing else.
import * as vscode from 'vscode';
import type { MxExplorerApi } from './api';
import { MxAuthenticationProvider } from './auth/authProvider';
import { lazily } from './base/lazily';
import { RedactingLogger } from './base/logger';
import { SessionManager } from './auth/sessionManager';
import { Redactor } from './mx/redaction';
import { setUserAgent, userAgentFor } from './mx/userAgent';
import { EnvironmentSettings, sessionSettings } from './ui/settings';
import { registerAgentTools, trackSignedIn } from './ui/agentTools';
import { SessionStatusBar } from './ui/statusBar';
import { findWorkspaceHttpFiles } from './ui/workspaceHttpFiles';

/** The request panel's webview type, as ui/requestPanel.ts creates it and package.json's activation event names it. */
const REQUEST_PANEL_VIEW_TYPE = 'mx.requestPanel';
/** The language of `.http` and `.rest` files (package.json contributes it; ui/httpLanguageFeatures.ts HTTP_LANGUAGE). */
const HTTP_LANGUAGE = 'http';

export function activate(context: vscode.ExtensionContext): MxExplorerApi {
  const channel = vscode.window.createOutputChannel('MX Explorer', { log: true });
  const redactor = new Redactor();
  const log = new RedactingLogger(channel, redactor);
  const environments = new EnvironmentSettings(log);
  const manager = new SessionManager(context.secrets, context.globalState, log, redactor, sessionSettings);
  // Features load on first use (a dynamic import: its code is in a bundle of its own, see esbuild.mjs).
  const sessionCommands = lazily(async () => new (await import('./ui/sessionCommands')).SessionCommands(manager, () => environments.all(), log));
  const signInInteractively = async (): Promise<void> => {
    await (await sessionCommands()).signIn();
  };
  let deactivated = false;
  const loaded: vscode.Disposable[] = [];
  const feature = <T extends vscode.Disposable>(build: () => Promise<T>): (() => Promise<T>) =>
    lazily(async () => {
      const built = await build();
      if (deactivated) {
        built.dispose();
        throw new Error('MX Explorer has been deactivated.');
      }
      loaded.push(built);
      return built;
    });
  const panel = feature(
    async () => new (await import('./ui/panelFeature')).PanelFeature({ extensionUri: context.extensionUri, globalState: context.globalState, manager, redactor, log }),
  );
  const http = feature(
    async () => new (await import('./ui/httpFeature')).HttpFeature({ workspaceState: context.workspaceState, manager, panel, log }),
  );
  // mx_run_http_request runs in the `.http` feature: the tools reach it through the same lazy loading.
  const agentTools = feature(async () => new (await import('./ui/agentToolsFeature')).AgentToolsFeature(manager, redactor, async () => (await http()).requestTool));
  const loadHttpFeatures = (): void => {
    http().catch((error: unknown) => log.error(`The .http file features did not load: ${redactor.safeError(error)}`));
  };
  context.subscriptions.push(
    channel,
    environments,
    manager,
    new SessionStatusBar(manager.onDidChange, manager.state, () => manager.profiles.list().length),
    new MxAuthenticationProvider(manager, signInInteractively),
    vscode.commands.registerCommand('mx.signIn', async () => (await sessionCommands()).signIn()),
    vscode.commands.registerCommand('mx.signOut', async () => (await sessionCommands()).signOut()),
    vscode.commands.registerCommand('mx.refreshToken', async () => (await sessionCommands()).refreshNow()),
    vscode.commands.registerCommand('mx.switchProfile', async () => (await sessionCommands()).switchProfile()),
    vscode.commands.registerCommand('mx.sessionMenu', async () => (await sessionCommands()).menu()),
    {
      dispose: () => {
        deactivated = true;
        for (const feature of loaded) feature.dispose();
      },
    },
    // Registered now, as VS Code asks for it at start-up to restore a panel left open.
    vscode.window.registerWebviewPanelSerializer(REQUEST_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (restored) => {
        (await panel()).panels.restore(restored);
      },
    }),
    // Resolves true once the panel can take requests (for scripts and benchmarks), false if it closed first.
    vscode.commands.registerCommand('mx.openRequestPanel', async () => (await panel()).panels.open().whenReady()),
    vscode.commands.registerCommand('mx.newRequest', async () => (await panel()).newRequest()),
    vscode.commands.registerCommand('mx.showLog', () => channel.show(true)),
    trackSignedIn(manager.state, manager.onDidChange),
    ...registerAgentTools(agentTools),
    vscode.commands.registerCommand('mx.http.send', async (uri?: vscode.Uri, index?: number) => (await http()).send(uri, index)),
    vscode.commands.registerCommand('mx.http.sendAll', async (uri?: vscode.Uri) => (await http()).sendAll(uri)),
    vscode.commands.registerCommand('mx.http.runTests', async (uri?: vscode.Uri) => (await http()).runTests(uri)),
    vscode.commands.registerCommand('mx.http.selectEnvironment', async () => (await http()).selectEnvironment()),
    vscode.commands.registerCommand('mx.http.saveAs', async (draft?: unknown) => (await http()).saveAs(draft)),
    // The `.http` editor features load with the first `.http` document.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.languageId === HTTP_LANGUAGE) loadHttpFeatures();
    }),
  );
  const version = String(context.extension.packageJSON.version);
  setUserAgent(userAgentFor(version, vscode.version));
  log.info(`MX Explorer ${version} activated`);
  // Reads the keyring only; the first token request waits for the first use.
  void manager.restore();
  if (vscode.workspace.textDocuments.some((document) => document.languageId === HTTP_LANGUAGE)) loadHttpFeatures();
  // The Testing view lists the tests of `.http` files without their being opened: a workspace with one loads them.
  else {
    void findWorkspaceHttpFiles(1).then((found) => {
      if (found.length > 0) loadHttpFeatures();
    }, (error: unknown) => log.warn(`Looking for .http files failed: ${redactor.safeError(error)}`));
  }

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
    sendRequest: async (draft, signal) => (await panel()).runner.run(draft, signal),
  };
}

export function deactivate(): void {
  // every resource is in context.subscriptions
}

// The request panel and what only it needs (the request runner, history, catalogue picker), built
// on first use: extension.ts loads this module when a panel command runs, a panel is restored or
// another extension sends a request, so start-up does not pay for it (see esbuild.mjs, "bundles").
import * as vscode from 'vscode';
import type { SessionManager } from '../auth/sessionManager';
import type { Logger } from '../base/logger';
import type { Redactor } from '../mx/redaction';
import { RequestHistory } from '../panel/history';
import { RequestRunner } from '../panel/requestRunner';
import { pickEndpoint } from './catalogueCommand';
import { RequestPanels } from './requestPanel';
import { panelSettings } from './settings';

export interface PanelFeatureDeps {
  readonly extensionUri: vscode.Uri;
  readonly globalState: vscode.Memento;
  readonly manager: Pick<SessionManager, 'active' | 'state' | 'onDidChange' | 'profiles'>;
  readonly redactor: Redactor;
  readonly log: Logger;
}

export class PanelFeature implements vscode.Disposable {
  readonly history: RequestHistory;
  readonly runner: RequestRunner;
  readonly panels: RequestPanels;
  private readonly subscription: vscode.Disposable;

  constructor({ extensionUri, globalState, manager, redactor, log }: PanelFeatureDeps) {
    this.history = new RequestHistory({
      store: { get: () => globalState.get('mx.history'), set: async (value) => globalState.update('mx.history', value) },
      limit: panelSettings().historySize,
      redactor,
      onError: (error) => log.warn(`Request history could not be saved: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.runner = new RequestRunner(() => manager.active, () => panelSettings(), redactor);
    this.panels = new RequestPanels({
      extensionUri,
      runner: this.runner,
      history: this.history,
      session: () => manager.state,
      onDidChangeSession: manager.onDidChange,
      profileCount: () => manager.profiles.list().length,
      log,
    });
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mx.historySize')) void this.history.setLimit(panelSettings().historySize);
    });
  }

  /** MX: New Request: pick a catalogue endpoint, open the panel with its form. */
  async newRequest(): Promise<void> {
    const endpoint = await pickEndpoint();
    if (endpoint) this.panels.showEndpoint(endpoint.id);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panels.dispose();
  }
}

// Composition root: builds the services, registers the commands, hands out the API. Nothing else.
import * as vscode from 'vscode';
import type { MxExplorerApi } from './api';
import { EnvironmentSettings } from './settings';

export function activate(context: vscode.ExtensionContext): MxExplorerApi {
  const log = vscode.window.createOutputChannel('MX Explorer', { log: true });
  const environments = new EnvironmentSettings(log);
  context.subscriptions.push(
    log,
    environments,
    vscode.commands.registerCommand('mx.showLog', () => log.show(true)),
  );
  log.info(`MX Explorer ${String(context.extension.packageJSON.version)} activated`);
  return {
    apiVersion: 1,
    environments: () => environments.all(),
  };
}

export function deactivate(): void {
  // every resource is in context.subscriptions
}

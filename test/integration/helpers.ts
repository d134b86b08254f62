// Shared by the integration suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';

export const EXTENSION_ID = 'mx-explorer.mx-explorer';

export async function activateExtension(): Promise<MxExplorerApi> {
  const extension = vscode.extensions.getExtension<MxExplorerApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
  return extension.activate();
}

export function isRequestPanel(tab: vscode.Tab): boolean {
  return tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('mx.requestPanel');
}

/**
 * Runs `mx.openRequestPanel` and resolves with the request panel's tab once it has opened. A panel
 * an earlier suite left open is closed first: the command would only reveal it, and no tab would open.
 */
export async function openRequestPanel(): Promise<vscode.Tab> {
  const leftOpen = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter(isRequestPanel);
  if (leftOpen.length > 0) await vscode.window.tabGroups.close(leftOpen);
  const opened = new Promise<vscode.Tab>((resolve) => {
    const subscription = vscode.window.tabGroups.onDidChangeTabs((event) => {
      const tab = event.opened.find(isRequestPanel);
      if (tab) {
        subscription.dispose();
        resolve(tab);
      }
    });
  });
  await vscode.commands.executeCommand('mx.openRequestPanel');
  return opened;
}


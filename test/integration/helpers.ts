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

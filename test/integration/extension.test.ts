// The extension in a real VS Code extension host (code-server here, Electron under test-electron).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('MX Explorer in a real extension host', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('mx').update('environments', undefined, vscode.ConfigurationTarget.Global);
  });

  it('activates and hands out its API', async () => {
    const api = await activateExtension();
    assert.equal(api.apiVersion, 1);
    assert.deepEqual(
      api.environments().map((e) => e.name),
      ['Staging', 'Production'],
    );
  });

  it('registers every command its manifest contributes', async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const manifest = vscode.extensions.getExtension('mx-explorer.mx-explorer')?.packageJSON as { contributes: { commands: Array<{ command: string }> } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.includes('mx.newRequest') && contributed.includes('mx.showLog'), contributed.join(', '));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('offers a valid mx.environments entry and skips an insecure one', async () => {
    const api = await activateExtension();
    await vscode.workspace.getConfiguration('mx').update(
      'environments',
      [
        { name: 'Local sandbox', authUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:10' },
        { name: 'Plain HTTP gateway', authUrl: 'http://gateway.example.com', apiUrl: 'https://gateway.example.com' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    const names = api.environments().map((e) => e.name);
    assert.deepEqual(names, ['Staging', 'Production', 'Local sandbox']);
  });
});

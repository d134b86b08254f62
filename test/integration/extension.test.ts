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

  it('registers its commands', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mx.showLog'), 'mx.showLog is registered');
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

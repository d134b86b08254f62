// The real workbench loads MX Explorer: its command is in the palette and its log shows the
// environments from the settings.
import * as assert from 'node:assert/strict';
import { openWorkbench, screenshotOnFailure, Workbench } from './workbench';

describe('MX Explorer in the real workbench', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench({
      settings: {
        'mx.environments': [{ name: 'Local sandbox', authUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:10' }],
      },
    });
  });
  after(async () => {
    await workbench?.close();
  });
  screenshotOnFailure(() => workbench);

  it('shows its log from the command palette, with the configured environments', async () => {
    const { page } = workbench;
    await workbench.runCommand('MX: Show Log');
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: /MX\sExplorer\s[\d.]+\sactivated/ }).waitFor();
    const text = (await output.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Environments: Staging, Production, Local sandbox/);
    await workbench.screenshot('activation-log');
  });
});

// `.http` files in the real workbench: a workspace file with MX: Send lenses, a click that sends it
// with the signed-in session and shows the answer in the request panel, and a literal token shown
// in the Problems view whose quick fix puts in the session expression.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { openSignedIn, openWorkbench, openWorkspaceFile, sandboxSettings, screenshotOnFailure, signInThroughPalette, type Workbench } from './workbench';

const CHAIN_ID = 'd90b9017-1abd-e711-80c2-000d3ad0511b';

/** The README's example file (chains → sites → films → showtimes); a unit test keeps the two the same. */
const EXAMPLE_HTTP_FILE = fs.readFileSync(path.join(repoRoot, 'test', 'unit', 'fixtures', 'http', 'readme-example.http'), 'utf8');

describe('.http files in the real workbench', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;

  before(async () => {
    ({ sandbox, workbench } = await openSignedIn('mx-explorer-e2e-http'));
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });
  screenshotOnFailure(() => workbench);

  const openFile = (name: string, text: string): Promise<void> => openWorkspaceFile(workbench, name, text);

  const lens = (title: string) => workbench.page.locator('.contentWidgets .codelens-decoration a', { hasText: new RegExp(`^${title}$`) });

  it('clicking MX: Send sends the request with the session and shows the answer in the request panel', async () => {
    await openFile('mx-demo.http', EXAMPLE_HTTP_FILE);
    await lens('MX: Send All').waitFor();
    assert.equal(await lens('MX: Send').count(), 4, 'one MX: Send per request');
    await workbench.statusBarItem(/No environment/).waitFor();
    await workbench.page.locator('.statusbar [aria-label="MX .http environment: none"]').first().waitFor();
    sandbox.clearRequests();
    const sitesPath = `/mxs/reference-data/v1/cinema-chains/${CHAIN_ID}/sites`;
    const answered = sandbox.nextRequest((r) => r.path === sitesPath);
    await lens('MX: Send').nth(1).click();
    await answered;
    const panel: FrameLocator = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByRole('status', { name: 'Response status' }).filter({ hasText: '200' }).waitFor();
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), sitesPath, 'the path on the API base, as the panel writes it');
    await panel.getByRole('region', { name: 'Response body' }).getByRole('treeitem', { name: '[…] 5 items' }).waitFor();
    const sent = sandbox.requests.filter((r) => r.server === 'api');
    assert.deepEqual(sent.map((r) => r.path), [sitesPath]);
    assert.match(sent[0].headers.authorization ?? '', /^Bearer .{16,}/);
    // nothing in the page's DOM holds the token or the client secret
    const token = sent[0].headers.authorization.slice('Bearer '.length);
    const frameHtml = await panel.locator('body').innerHTML();
    const pageHtml = await workbench.page.content();
    for (const secret of [token, DEFAULT_ACCOUNT.clientSecret]) {
      assert.ok(!frameHtml.includes(secret) && !pageHtml.includes(secret), 'no secret in the workbench or the panel');
    }
    await workbench.statusBarItem(/No environment/).waitFor(); // still shown while the panel has the focus
    await workbench.screenshot('http-file-sent');
    // the README's picture: media/readme/http-file-sent.png is this one through `pngquant --quality 60-85`: no toast, no side bar
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await workbench.page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden' });
    await workbench.screenshot('readme-http-file-sent');
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    await workbench.page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'visible' });
  });

  it('a literal token is a problem in the Problems view; its quick fix puts in {{$auth.token("mx")}}', async () => {
    await openFile('literal.http', `GET {{mxApi}}/mxs/reference-data/v1/cinema-chains\nAuthorization: Bearer eyJhbGciOiJub25lIn0.e30.pasted\n`);
    await workbench.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = workbench.page.locator('.markers-panel .monaco-list-row', { hasText: 'A token written into the file ends up in git' });
    await problem.waitFor();
    assert.match(await problem.innerText(), /MX Explorer/);
    await workbench.screenshot('http-file-literal-token-problem');
    await problem.click(); // selects the literal in its editor
    // Quick Fix in the editor (from the Problems view, its menu lists the fix but Enter there does not apply it)
    await workbench.runCommand('View: Focus Active Editor Group');
    await workbench.page.keyboard.press('Control+.');
    // the quick fix menu opens with our fix selected (a click on its label does not run it)
    await workbench.page.getByText('Use {{$auth.token("mx")}} (sent from your MX session)').waitFor();
    await workbench.page.keyboard.press('Enter');
    // the literal file's editor (the example file beside it has the expression already)
    await workbench.page.locator('.view-lines', { hasText: 'Authorization: Bearer {{$auth.token("mx")}}', hasNotText: '@chain' }).waitFor();
    await problem.waitFor({ state: 'detached' });
  });

  it('a request to another origin without the session expressions is sent there as written, with no MX credentials, and answered in the panel', async () => {
    const received: http.IncomingHttpHeaders[] = [];
    const foreign = http.createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"delivered":true,"id":"hook-1"}');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = foreign.address() as AddressInfo;
      // only this file's lenses on screen (the earlier files' would match the locator too)
      await workbench.runCommand('View: Close All Editors');
      await openFile('webhook.http', `### Our own webhook (not MX)\nPOST http://127.0.0.1:${port}/hooks/showtimes\nContent-Type: application/json\n\n{"chain": "${CHAIN_ID}"}\n`);
      await lens('MX: Send').first().click();
      const panel: FrameLocator = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await panel.getByRole('status', { name: 'Response status' }).filter({ hasText: '201' }).waitFor();
      await panel.getByRole('region', { name: 'Response body' }).getByText('"hook-1"', { exact: true }).waitFor();
      assert.equal(received.length, 1);
      for (const name of ['authorization', 'mx-api-client-secret', 'proxy-authorization']) assert.equal(received[0][name], undefined, name);
      assert.ok(!JSON.stringify(received[0]).includes(DEFAULT_ACCOUNT.clientSecret));
      await workbench.screenshot('http-file-other-origin-sent');
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });
});

describe('.http files in Restricted Mode (an untrusted workspace)', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;

  before(async () => {
    sandbox = await startSandbox();
    // no trust prompt: the folder stays untrusted, as when a user answers "No" to it
    workbench = await openWorkbench({ settings: { ...sandboxSettings(sandbox), 'security.workspace.trust.startupPrompt': 'never' }, workspaceTrust: true });
    await workbench.statusBarItem(/Restricted Mode/).waitFor({ timeout: 60_000 });
    await workbench.statusBarItem(/MX: Sign in/).waitFor({ timeout: 60_000 });
    await signInThroughPalette(workbench, { ...DEFAULT_ACCOUNT, clientId: 'mx-explorer-e2e-restricted' });
    await workbench.statusBarItem(/MX sandbox\.user/).waitFor();
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });
  screenshotOnFailure(() => workbench);

  it('MX: Send sends nothing and says to trust the workspace', async () => {
    await openWorkspaceFile(workbench, 'untrusted.http', EXAMPLE_HTTP_FILE);
    // the sign-in toast would cover the message in the screenshot
    await workbench.runCommand('Notifications: Clear All Notifications');
    sandbox.clearRequests();
    await workbench.page.locator('.contentWidgets .codelens-decoration a', { hasText: /^MX: Send$/ }).first().click();
    const message = workbench.notification(/Restricted Mode/);
    await message.waitFor();
    assert.match(await message.innerText(), /Trust the workspace/);
    await message.getByRole('button', { name: 'Manage Workspace Trust' }).waitFor();
    await workbench.screenshot('http-file-restricted-mode');
    assert.deepEqual(sandbox.requests.filter((r) => r.server === 'api'), [], 'nothing was sent');
  });
});

// The request panel in the real workbench: catalogue → Send → response, following an id to the
// next documented call, the origin rule, no secret in the webview's DOM, the JSON body check, and a
// 20 MB response.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { withForeignServer } from '../sandbox/foreignServer';
import { DEFAULT_ACCOUNT } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { openSignedInPanel, screenshotOnFailure, type Workbench } from './workbench';

const CHAIN_ID = 'd90b9017-1abd-e711-80c2-000d3ad0511b';

describe('Request panel in the real workbench', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;
  let panel: FrameLocator;

  before(async () => {
    ({ sandbox, workbench, panel } = await openSignedInPanel());
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });
  screenshotOnFailure(() => workbench);

  const status = () => panel.getByRole('status', { name: 'Response status' });
  const body = () => panel.getByRole('region', { name: 'Response body' });

  async function send(url: string): Promise<void> {
    await panel.getByRole('textbox', { name: 'URL' }).fill(url);
    await panel.getByRole('button', { name: 'Send' }).click();
  }

  /** The response area once it shows the answer to `url`. */
  const answerTo = (url: string) => panel.locator('.response-request-line').filter({ hasText: new RegExp(`${url}$`) });
  const requestTab = () => workbench.page.locator('.tab', { hasText: 'MX Request' });
  /** Resolves once VS Code has discarded the hidden panel's webview (no retainContextWhenHidden). */
  const discarded = () => workbench.page.locator('iframe.webview').waitFor({ state: 'detached' });

  /** Hides the panel behind a new untitled file and waits until its webview is gone. */
  async function hidePanel(): Promise<void> {
    await workbench.runCommand('File: New Untitled Text File');
    await discarded();
  }

  it('sends "Get Cinema Chains" picked from the catalogue and shows the chains, readable at once', async () => {
    await panel.getByRole('button', { name: /Get Cinema Chains$/ }).click();
    await panel.getByRole('button', { name: 'Use' }).click();
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), '/mxs/reference-data/v1/cinema-chains');
    await panel.getByRole('button', { name: 'Send' }).click();
    await status().filter({ hasText: '200' }).waitFor();
    // a small answer opens at its second level: the chains' names show without a click
    await body().getByRole('treeitem', { name: 'name: "Veezi USA Sales Account"' }).waitFor();
    // a collapsed object shows its first fields
    const configuration = body().getByRole('treeitem', { name: 'configuration: {…} 5 keys' }).first();
    assert.match(await configuration.locator('.tree-inline').first().innerText(), /^\{\w+: .+/);
    // an id shows whole, its links behind one "→"
    const idValue = body().getByRole('treeitem', { name: /^id: "d90b9017/ }).locator('.tree-value').first();
    assert.equal(await idValue.innerText(), `"${CHAIN_ID}"`);
    assert.ok(await idValue.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'the id is not cut');
    await workbench.screenshot('request-panel-cinema-chains');
    // Raw: the body re-indented and coloured
    await body().getByRole('button', { name: 'Raw' }).click();
    const raw = body().getByLabel('Raw body');
    assert.match(await raw.innerText(), /^\[\n {2}\{\n {4}"id": "d90b9017/);
    assert.ok((await raw.locator('.json-key').count()) > 10, 'keys are highlighted');
    await workbench.screenshot('request-panel-raw');
    await body().getByRole('button', { name: 'Tree' }).click();
  });

  it('opens the body in a read-only editor named after the request, which closes without asking to save', async () => {
    await body().getByRole('button', { name: 'Open in Editor' }).click();
    const tab = workbench.page.locator('.tab', { hasText: 'cinema-chains.json' });
    await tab.waitFor();
    await workbench.page.locator('.monaco-editor .view-lines').filter({ hasText: 'Veezi USA Sales Account' }).first().waitFor();
    await workbench.screenshot('request-panel-open-in-editor');
    await workbench.runCommand('View: Close Editor');
    await tab.waitFor({ state: 'detached' });
    assert.equal(await workbench.page.locator('.monaco-dialog-box').count(), 0, 'no "save changes?" dialog');
    assert.equal(await workbench.page.locator('.tab', { hasText: /Untitled/ }).count(), 0);
    await requestTab().click();
    await panel.getByRole('button', { name: 'Send' }).waitFor();
  });

  it('follows a chain id to the sites of that chain', async () => {
    sandbox.clearRequests();
    const sitesPath = `/mxs/reference-data/v1/cinema-chains/${CHAIN_ID}/sites`;
    const answered = sandbox.nextRequest((r) => r.path === sitesPath);
    await body().getByRole('button', { name: 'Next calls for id' }).first().click();
    const menu = panel.getByRole('menu');
    await menu.waitFor();
    await workbench.screenshot('request-panel-link-menu');
    await menu.getByRole('menuitem', { name: 'Get Sites for a Cinema Chain', exact: true }).click();
    await answered;
    // the chain's five recorded sites
    await body().getByRole('treeitem', { name: '[…] 5 items' }).waitFor();
    assert.match(await status().innerText(), /200/);
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), sitesPath);
    assert.deepEqual(sandbox.requests.map((r) => r.path), [sitesPath]);
    await workbench.screenshot('request-panel-sites');
  });

  it('opens an endpoint picked in "MX: New Request from Catalogue…" ready for its parameters', async () => {
    // the previous test clicked in the panel, which takes the workbench's focus a moment later
    await workbench.webviewFocused();
    await workbench.runCommandAnswering('MX: New Request from Catalogue…', 'Documented MX endpoint', 'Get Films for a Cinema Chain');
    const form = panel.getByRole('form', { name: 'Get Films for a Cinema Chain' });
    const chainId = form.getByLabel('cinemaChainId', { exact: true });
    await chainId.waitFor();
    assert.equal(await chainId.evaluate((input) => input === input.ownerDocument.activeElement), true, 'the parameter has the focus');
    await chainId.fill(CHAIN_ID);
    await form.getByRole('button', { name: 'Use' }).click();
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), `/mxs/reference-data/v1/cinema-chains/${CHAIN_ID}/films`);
    await workbench.screenshot('request-panel-new-request-from-catalogue');
  });

  it('refuses a URL on another origin and sends nothing there', async () => {
    await withForeignServer(async ({ port, hits }) => {
      await send(`http://127.0.0.1:${port}/mxs/reference-data/v1/cinema-chains`);
      await status().filter({ hasText: /refused/i }).waitFor();
      assert.equal(hits(), 0);
    });
  });

  it('never puts the token or the client secret in the webview DOM', async () => {
    const html = await panel.locator('html').evaluate((root) => root.outerHTML);
    const secrets = [DEFAULT_ACCOUNT.clientSecret, DEFAULT_ACCOUNT.password, ...sandbox.issuedTokens()];
    assert.ok(secrets.length >= 3);
    for (const secret of secrets) assert.ok(!html.includes(secret), `a secret (${secret.slice(0, 4)}…) is in the DOM`);
    assert.match(html, /••••/, 'the auth headers are shown masked');
  });

  it('renders a 20 MB response and the command palette still opens', async () => {
    sandbox.addFault({ kind: 'largeBody', sizeBytes: 20 * 1024 * 1024, pathPrefix: '/mxs/reference-data/v1/sites', times: 1 });
    await send('/mxs/reference-data/v1/sites/dad76795-6bca-4788-568f-08d561ec8a55/showtimes');
    await panel.getByText(/Size\s*20(\.\d)? MB/).waitFor({ timeout: 60_000 });
    assert.match(await status().innerText(), /200/);
    await body().getByRole('treeitem', { name: /^\[…\] \d+ items$/ }).waitFor();
    await workbench.screenshot('request-panel-20mb');
    await workbench.page.keyboard.press('F1');
    await workbench.page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await workbench.page.keyboard.press('Escape');
  });

  it('starts from the last request sent when reopened after being closed', async () => {
    await workbench.page.locator('.tab', { hasText: 'MX Request' }).click();
    await workbench.runCommand('View: Close Editor');
    await workbench.page.locator('.tab', { hasText: 'MX Request' }).waitFor({ state: 'detached' });
    await workbench.runCommand('MX: Open Request Panel');
    panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByText('Endpoint: Get Showtimes for a Site', { exact: true }).waitFor();
    assert.equal(
      await panel.getByRole('textbox', { name: 'URL' }).inputValue(),
      '/mxs/reference-data/v1/sites/dad76795-6bca-4788-568f-08d561ec8a55/showtimes',
    );
  });

  it('keeps what was typed while hidden and across a window reload, and tells a request the reload interrupted', async () => {
    const url = '/mxs/reference-data/v1/films/3b3b6db5-3e97-49f5-9268-00c5c224a95f';
    await panel.getByRole('textbox', { name: 'URL' }).fill(url);
    await panel.getByRole('textbox', { name: 'URL' }).press('Tab');
    // hidden behind another editor (the webview is discarded: no retainContextWhenHidden), then shown again
    await workbench.runCommand('File: New Untitled Text File');
    await workbench.page.locator('.tab', { hasText: 'Untitled-1' }).waitFor();
    await workbench.page.locator('.tab', { hasText: 'MX Request' }).click();
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), url);
    // sent, and still running when the window reloads (which stops the extension host and its requests)
    const held = sandbox.hold((r) => r.path === url);
    await panel.getByRole('button', { name: 'Send' }).click();
    await held.arrived;
    // "Reload Window" shuts the workbench down properly (state saved), as a user's reload does
    const reloaded = workbench.page.waitForEvent('load', { timeout: 90_000 });
    await workbench.runCommand('Developer: Reload Window');
    await reloaded;
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByRole('button', { name: 'Send' }).waitFor({ timeout: 60_000 });
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), url);
    // not "Sending…" for ever: the new extension host does not know that request
    await status().filter({ hasText: /^Cancelled: Interrupted before its answer came/ }).waitFor();
    held.release();
  });

  // VS Code discards a hidden webview at once and tells the extension host later, and a page that
  // got an answer may be discarded before it saved it: whatever the order, the answer is there when
  // the panel comes back. The sandbox holds each answer until the test lets it go.
  it('shows the answer to a request that finished while the panel was hidden', async () => {
    const url = `/mxs/reference-data/v1/cinema-chains/${CHAIN_ID}`;
    const held = sandbox.hold((r) => r.path === url);
    await send(url);
    await held.arrived;
    await hidePanel();
    const answered = sandbox.nextRequest((r) => r.path === url);
    held.release();
    await answered;
    await requestTab().click();
    await answerTo(url).waitFor();
    assert.match(await status().innerText(), /200/);
  });

  it('shows an answer that came just as the panel was hidden', async () => {
    const url = `/mxs/reference-data/v1/cinema-chains/${CHAIN_ID}/films`;
    const held = sandbox.hold((r) => r.path === url);
    await send(url);
    await held.arrived;
    await workbench.findCommand('File: New Untitled Text File');
    held.release();
    // the answer shows, and the panel is hidden that very moment
    await answerTo(url).waitFor();
    await workbench.page.keyboard.press('Enter');
    await discarded();
    await requestTab().click();
    await answerTo(url).waitFor();
    assert.match(await status().innerText(), /200/);
  });

  it('comes back to a request still running, showing it as running, then its answer', async () => {
    const url = `/mxs/reference-data/v1/cinema-chains/${CHAIN_ID}/sites`;
    const held = sandbox.hold((r) => r.path === url);
    await send(url);
    await held.arrived;
    await hidePanel();
    await requestTab().click();
    await status().filter({ hasText: 'Sending…' }).waitFor();
    await panel.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
    held.release();
    await answerTo(url).waitFor();
    assert.match(await status().innerText(), /200/);
  });

  it('offers sign-in instead of sending once signed out', async () => {
    await workbench.runCommand('MX: Sign Out');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.locator('.monaco-button', { hasText: /^Sign Out$/ }).click();
    await workbench.statusBarItem(/MX: Sign in/).waitFor();
    await panel.getByText('You are not signed in to MX.').waitFor();
    sandbox.clearRequests();
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.getByRole('button', { name: 'Sign In' }).waitFor();
    assert.equal(sandbox.requests.length, 0, 'nothing was sent');
    await workbench.screenshot('request-panel-signed-out');
  });

  it('checks the JSON body as it is typed: says where it is wrong and holds Send until it is fixed', async () => {
    const method = panel.getByRole('combobox', { name: 'Method' });
    const editor = panel.getByRole('textbox', { name: 'Request body' });
    const bodyStatus = panel.locator('#body-status');
    const sendButton = panel.getByRole('button', { name: 'Send' });
    await method.selectOption('POST');
    await editor.fill('{\n  "name": "x",\n}');
    await bodyStatus.filter({ hasText: "✗ Invalid JSON at line 2, column 14: Trailing comma before '}'" }).waitFor();
    assert.equal(await sendButton.isDisabled(), true);
    await editor.fill('{\n  // a note\n  "name": "x"\n}');
    await bodyStatus.filter({ hasText: '✗ Invalid JSON at line 2, column 3: Comments are not allowed in JSON' }).waitFor();
    await editor.fill('{\n  "name": "x"\n}');
    await bodyStatus.filter({ hasText: '✓ Valid JSON' }).waitFor();
    assert.equal(await sendButton.isDisabled(), false);
  });
});

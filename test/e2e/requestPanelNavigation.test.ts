// The request panel as a daily user moves around it, in the real workbench: one click on an
// endpoint fills the request and a double click sends it, the catalogue follows the request, ids
// seen are offered in parameter forms and bad values are refused as typed, Back / Forward through
// followed links, history restoring its answer, a narrow panel, search that scrolls only the
// answer, and the seat confirmation that holds the send timer.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { DEFAULT_ACCOUNT } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { openSignedInPanel, screenshotOnFailure, signInThroughPalette, type Workbench } from './workbench';

const CHAIN_ID = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const CHAINS = '/mxs/reference-data/v1/cinema-chains';

describe('Request panel: moving around it in the real workbench', () => {
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
  const url = () => panel.getByRole('textbox', { name: 'URL' });
  const endpoint = (title: string) => panel.getByRole('navigation', { name: 'Endpoint catalogue' }).getByRole('button', { name: new RegExp(`${title}$`) });
  const current = () => panel.locator('.endpoint-pick[aria-current="true"] .endpoint-title');

  it('fills the request with one click on an endpoint and sends it with a double click', async () => {
    await endpoint('Get Cinema Chains').click();
    assert.equal(await url().inputValue(), CHAINS);
    assert.equal(await current().innerText(), 'Get Cinema Chains');
    assert.equal(await status().innerText(), 'No response yet', 'one click sends nothing');
    const answered = sandbox.nextRequest((r) => r.path === CHAINS);
    await endpoint('Get Cinema Chains').dblclick();
    await answered;
    await status().filter({ hasText: '200' }).waitFor();
    await body().getByRole('treeitem', { name: 'name: "Veezi USA Sales Account"' }).waitFor();
  });

  it('follows a link by keyboard, the catalogue follows, and Back / Forward return without sending', async () => {
    const arrow = body().getByRole('button', { name: 'Next calls for id' }).first();
    await arrow.focus();
    await workbench.page.keyboard.press('Enter');
    const menu = panel.getByRole('menu');
    await menu.waitFor();
    assert.equal(await menu.getByRole('menuitem').first().evaluate((item) => item === item.ownerDocument.activeElement), true);
    await workbench.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.equal(await arrow.evaluate((b) => b === b.ownerDocument.activeElement), true, 'Escape gives the focus back to →');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.press('ArrowDown');
    const sites = `${CHAINS}/${CHAIN_ID}/films`;
    const answered = sandbox.nextRequest((r) => r.path === sites);
    await workbench.page.keyboard.press('Enter');
    await answered;
    await panel.locator('.response-request-line').filter({ hasText: /\/films$/ }).waitFor();
    assert.equal(await current().innerText(), 'Get Films for a Cinema Chain', 'the catalogue highlight follows the request');

    const before = sandbox.requests.length;
    await panel.getByRole('button', { name: 'Back' }).click();
    assert.equal(await url().inputValue(), CHAINS);
    await panel.locator('.response-request-line').filter({ hasText: /cinema-chains$/ }).waitFor();
    await body().getByRole('treeitem', { name: 'name: "Veezi USA Sales Account"' }).waitFor();
    assert.equal(await current().innerText(), 'Get Cinema Chains');
    await workbench.screenshot('request-panel-back');
    await panel.getByRole('button', { name: 'Forward' }).click();
    assert.equal(await url().inputValue(), sites);
    await panel.locator('.response-request-line').filter({ hasText: /\/films$/ }).waitFor();
    assert.equal(sandbox.requests.length, before, 'Back and Forward send nothing');
  });

  it('offers the ids seen in a parameter form and refuses a bad value as it is typed, at the field', async () => {
    await endpoint('Get Sites for a Cinema Chain').click();
    const form = panel.getByRole('form', { name: 'Get Sites for a Cinema Chain' });
    const chainId = form.getByLabel('cinemaChainId', { exact: true });
    await chainId.waitFor();
    const offered = await form.locator('datalist option').evaluateAll((options) =>
      options.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o as HTMLOptionElement).label })),
    );
    assert.ok(offered.some((o) => o.value === CHAIN_ID && o.label === 'Veezi USA Sales Account'), JSON.stringify(offered));
    await chainId.fill('../../cinema-chains');
    const error = form.getByRole('alert');
    assert.match(await error.innerText(), /cinemaChainId may only contain letters, digits and \. _ ~ -/);
    assert.equal(await chainId.getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByRole('button', { name: 'Use' }).isDisabled(), true);
    assert.ok(!(await url().inputValue()).includes('..'), 'a refused value never reaches the URL');
    await workbench.screenshot('request-panel-parameter-refused');
    await chainId.fill(CHAIN_ID);
    assert.equal(await error.isHidden(), true);
    assert.equal(await url().inputValue(), `${CHAINS}/${CHAIN_ID}/sites`, 'a valid value fills the request as it is typed');
  });

  it('restores a history entry with its answer, without sending', async () => {
    const before = sandbox.requests.length;
    await panel.locator('.history-item', { has: panel.locator('.history-url', { hasText: /^\/cinema-chains$/ }) }).first().click();
    assert.equal(await url().inputValue(), CHAINS);
    await panel.locator('.response-request-line').filter({ hasText: /cinema-chains$/ }).waitFor();
    await body().getByRole('treeitem', { name: 'name: "Veezi USA Sales Account"' }).waitFor();
    assert.equal(sandbox.requests.length, before);
  });

  it('pins and renames a history entry', async () => {
    const entry = panel.locator('.history-row', { has: panel.locator('.history-url', { hasText: /^\/cinema-chains$/ }) }).first();
    await entry.hover();
    await entry.getByRole('button', { name: 'Pin /cinema-chains' }).click();
    const pinned = panel.locator('.history-row.pinned').first();
    await pinned.waitFor();
    assert.equal(await panel.locator('.history-row').first().evaluate((row) => row.classList.contains('pinned')), true, 'pinned rows come first');
    await pinned.getByRole('button', { name: 'Rename /cinema-chains' }).click();
    const name = panel.getByRole('textbox', { name: 'Name for /cinema-chains' });
    await name.fill('All my chains');
    await name.press('Enter');
    await panel.locator('.history-row.pinned .history-url.named', { hasText: 'All my chains' }).waitFor();
    await workbench.screenshot('request-panel-history-pinned');
  });

  it('reveals a search match by scrolling the answer only, never the request', async () => {
    await panel.getByRole('searchbox', { name: 'Search response' }).fill('Demo Cinemas');
    await panel.locator('.search-match').first().click();
    await body().locator('.highlighted').waitFor();
    const box = await url().boundingBox();
    assert.ok(box && box.y > 0, 'the URL field is still on screen');
  });

  it('holds the send timer while the seat confirmation is open, and names the sandbox in it', async () => {
    await url().fill(`/mxt/ticketing/v1/cinema-chains/${CHAIN_ID}/orders`);
    await panel.getByRole('combobox', { name: 'Method' }).selectOption('POST');
    await panel.getByRole('tab', { name: /^Body/ }).click();
    await panel.getByRole('textbox', { name: 'Request body' }).fill('{}');
    await panel.getByRole('button', { name: 'Send' }).click();
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /a server on this machine \(127\.0\.0\.1:\d+\), not to a cinema/);
    assert.ok(!/real seats/.test(await dialog.innerText()));
    await status().filter({ hasText: 'Waiting for confirmation' }).waitFor();
    assert.ok(!/Sending/.test(await panel.locator('.response').innerText()), 'no send timer before the user confirms');
    await workbench.screenshot('request-panel-seat-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await status().filter({ hasText: 'Not sent' }).waitFor();
  });

  it('tells two profiles of one user apart by client ID, and shows the time left right after switching', async () => {
    // the previous test's dialog hands the focus back to the panel a moment after it closes
    await workbench.webviewFocused();
    await signInThroughPalette(workbench, { ...DEFAULT_ACCOUNT, clientId: 'acme-mobile' });
    await workbench.statusBarItem(/MX sandbox\.user · acme-mobile \d+h \d+m/).waitFor();
    await panel.locator('.session-client', { hasText: 'acme-mobile' }).waitFor();
    await workbench.webviewFocused();
    await workbench.runCommandPicking('MX: Switch Profile', 'mx-explorer-e2e');
    // the token is fetched at once: the time left shows without any request
    await workbench.statusBarItem(/MX sandbox\.user · mx-explorer-e2e \d+h \d+m/).waitFor();
    await workbench.notification(/Now using MX as sandbox\.user@example\.com \(client ID mx-explorer-e2e\)/).waitFor();
    await panel.locator('.session-client', { hasText: 'mx-explorer-e2e' }).waitFor();
    await workbench.screenshot('request-panel-two-profiles');
  });

  it('in a narrow panel, keeps the catalogue in a drawer and the response in view', async () => {
    await workbench.page.setViewportSize({ width: 960, height: 800 });
    try {
      const sidebar = panel.getByRole('complementary', { name: 'Endpoints and history' });
      await sidebar.waitFor({ state: 'hidden' });
      const statusBox = await status().boundingBox();
      assert.ok(statusBox && statusBox.y < 800, 'the response status is on screen');
      await workbench.screenshot('request-panel-narrow');
      await panel.getByRole('button', { name: 'Endpoints and history' }).click();
      await sidebar.waitFor();
      await workbench.screenshot('request-panel-narrow-drawer');
      await endpoint('Get Cinema Chains').click();
      assert.equal(await url().inputValue(), CHAINS);
      await panel.getByRole('button', { name: 'Endpoints and history' }).click();
      await sidebar.waitFor({ state: 'hidden' });
    } finally {
      await workbench.page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});

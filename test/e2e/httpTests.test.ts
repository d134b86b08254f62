// `.http` tests in the real workbench's Testing view: a workspace file with `??` checks shows its
// requests as tests, Run All sends them with the signed-in session, one passes, one fails, and the
// failure shows expected vs actual at the check's line; the README's order flow runs with its two
// confirmations answered and passes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import type { Sandbox } from '../sandbox/types';
import { openSignedIn, openWorkspaceFile, screenshotOnFailure, type Workbench } from './workbench';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';
const FILE = [
  '# @name chains',
  `GET {{mxApi}}${CHAINS}`,
  '?? status == 200',
  '?? header content-type includes json',
  '?? mx noError',
  '',
  '###',
  '# @name sites',
  `GET {{mxApi}}${CHAINS}/{{chains.response.body.$[0].id}}/sites`,
  '?? status == 200',
  '?? body $.length > 100000',
  '',
].join('\n');

describe('.http tests in the real workbench', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;

  before(async () => {
    ({ sandbox, workbench } = await openSignedIn('mx-explorer-e2e-http-tests'));
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });
  screenshotOnFailure(() => workbench);

  /** The request panel shows the request to `url` (as it writes it, on the API base) and its answer's status. */
  async function panelShows(url: string, status: string): Promise<void> {
    const panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByRole('status', { name: 'Response status' }).filter({ hasText: status }).waitFor({ timeout: 30_000 });
    assert.equal(await panel.getByRole('textbox', { name: 'URL' }).inputValue(), url);
  }

  it('lists the tests of a workspace .http file, runs them, and shows a failure with expected vs actual', async () => {
    const page = workbench.page;
    // Opening it loads the .http features (a workspace that has .http files at start-up loads them then).
    await openWorkspaceFile(workbench, 'checks.http', FILE);
    await workbench.runCommand('Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer .monaco-list-row');
    await tree.filter({ hasText: 'checks.http' }).first().waitFor({ timeout: 60_000 });
    await workbench.runCommand('Test: Run All Tests');
    await page.locator('.test-explorer .monaco-list-row .codicon-testing-failed-icon').first().waitFor({ timeout: 60_000 });
    // Expand the file to show both requests' states.
    const fileRow = tree.filter({ hasText: 'checks.http' }).first();
    if ((await fileRow.getAttribute('aria-expanded')) === 'false') await fileRow.click();
    await tree.filter({ hasText: 'sites' }).locator('.codicon-testing-failed-icon').first().waitFor();
    await tree.filter({ hasText: 'chains' }).locator('.codicon-testing-passed-icon').first().waitFor();
    // The failure stands at the check's line, in words.
    await page.locator('.monaco-editor', { hasText: 'Expected body $.length > 100000, got 5' }).first().waitFor();
    // The request panel shows where the run ended (it is held during a run and catches up at the end).
    await panelShows(`${CHAINS}/d90b9017-1abd-e711-80c2-000d3ad0511b/sites`, '200'); // the first chain of the sandbox
    await workbench.screenshot('http-tests-run');
    await tree.filter({ hasText: 'sites' }).first().dblclick();
    await page.locator('.monaco-editor .peekview-widget, .test-output-peek').first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('http-tests-failure-peek');
  });
  it('runs the README order flow against the sandbox: both changes confirmed, the order id chained, every check passes', async () => {
    const page = workbench.page;
    const flow = fs.readFileSync(path.join(repoRoot, 'test', 'unit', 'fixtures', 'http', 'order-flow.http'), 'utf8');
    await openWorkspaceFile(workbench, 'order-flow.http', flow);
    sandbox.clearRequests();
    await workbench.runCommand('MX: Run .http Tests in File');
    // The two calls that change the order ask first, naming the sandbox; each is confirmed.
    for (const title of ['Create Order', 'Set Customer Details']) {
      const dialog = page.locator('.monaco-dialog-box', { hasText: `"${title}" goes to Local sandbox, a server on this machine` });
      await dialog.waitFor({ timeout: 60_000 });
      if (title === 'Create Order') await workbench.screenshot('http-tests-order-flow-confirm');
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await workbench.runCommand('Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer .monaco-list-row');
    const fileRow = tree.filter({ hasText: 'order-flow.http' }).first();
    await fileRow.locator('.codicon-testing-passed-icon').waitFor({ timeout: 60_000 });
    if ((await fileRow.getAttribute('aria-expanded')) === 'false') await fileRow.click();
    for (const name of ['createOrder', 'setCustomer', 'getOrder']) await tree.filter({ hasText: name }).locator('.codicon-testing-passed-icon').first().waitFor();
    const sent = sandbox.requests.filter((r) => r.server === 'api').map((r) => `${r.method} ${r.path} ${r.status}`);
    const orderId = /\/orders\/([0-9a-f-]{36})/.exec(sent[1] ?? '')?.[1] ?? '';
    const orders = '/mxt/ticketing/v1/cinema-chains/6e66f9df-6c6f-4a09-877c-1e77ae5e426e/orders';
    await panelShows(`${orders}/${orderId}`, '200');
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    assert.equal(await panel.getByRole('tab', { name: 'Query' }).getAttribute('aria-selected'), 'true', 'the GET it ended on opens on Query, not on the POSTs\' Body');
    await workbench.screenshot('http-tests-order-flow-passed');
    assert.deepEqual(sent, [`POST ${orders} 200`, `POST ${orders}/${orderId}/customer 204`, `GET ${orders}/${orderId} 200`], 'each once, the created order\'s id in the next two');
    assert.ok(orderId.length === 36 && orderId !== 'e790643d-7586-49a6-8478-b2b052c0035a', 'a new order, not the recorded one');
  });
});

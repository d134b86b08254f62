// `.http` tests in the real workbench's Testing view: a workspace file with `??` checks shows its
// requests as tests, Run All sends them with the signed-in session, one passes, one fails, and the
// failure shows expected vs actual at the check's line.
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
    await workbench.screenshot('http-tests-run');
    await tree.filter({ hasText: 'sites' }).first().dblclick();
    await page.locator('.monaco-editor .peekview-widget, .test-output-peek').first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('http-tests-failure-peek');
  });
});

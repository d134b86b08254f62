// Sign-in through the palette prompts in the real workbench, with the sandbox issuing 30-second
// tokens: the status bar counts down, refreshes before expiry by itself, shows a wrong password
// as an error, and goes back to "Sign in" after sign-out.
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox, SandboxRequest } from '../sandbox/types';
import { openWorkbench, sandboxSettings, screenshotOnFailure, signInThroughPalette, Workbench } from './workbench';

const TOKEN_SECONDS = 30;

function tokenRequests(sandbox: Sandbox): SandboxRequest[] {
  return sandbox.requests.filter((r) => r.server === 'auth');
}

/** Seconds shown in a status bar text like "MX sandbox.user 29s". */
function secondsLeft(text: string): number {
  const match = /(\d+)s\b/.exec(text);
  assert.ok(match, `a countdown in seconds in "${text}"`);
  return Number(match[1]);
}

describe('Sign-in in the real workbench', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;

  before(async () => {
    sandbox = await startSandbox({ expiresInSeconds: TOKEN_SECONDS });
    workbench = await openWorkbench({ settings: sandboxSettings(sandbox) });
    await workbench.statusBarItem(/MX: Sign in/).waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });
  screenshotOnFailure(() => workbench);

  const signIn = (password: string): Promise<void> =>
    signInThroughPalette(workbench, { ...DEFAULT_ACCOUNT, password, clientId: 'mx-explorer-e2e' });

  it('goes back a step with Back and cancels the whole flow with Escape, changing nothing', async () => {
    const { page } = workbench;
    await workbench.runCommand('MX: Sign In');
    await workbench.answer('Environment', 'Local sandbox');
    await workbench.answer('Username', DEFAULT_ACCOUNT.username);
    await page.locator('.quick-input-widget:visible').filter({ hasText: 'Password' }).waitFor();
    await page.locator('.quick-input-widget .quick-input-titlebar .action-label.codicon-quick-input-back').click();
    const username = page.locator('.quick-input-widget:visible input.input');
    await page.locator('.quick-input-widget:visible').filter({ hasText: 'Username for Local sandbox' }).waitFor();
    assert.equal(await username.inputValue(), DEFAULT_ACCOUNT.username, 'what was typed is kept');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.ok(await workbench.statusBarItem(/MX: Sign in/).isVisible());
    assert.equal(tokenRequests(sandbox).length, 0, 'nothing was sent');
  });

  it('shows a wrong password as an error and stays signed out', async () => {
    const { page } = workbench;
    await signIn('wrong-password');
    const toast = workbench.notification(/MX sign-in failed: .*username or password/i);
    await toast.waitFor();
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Retry' }).isVisible(), 'offers Retry');
    await workbench.screenshot('sign-in-wrong-password');
    await page.keyboard.press('Escape');
    assert.ok(await workbench.statusBarItem(/MX: Sign in/).isVisible());
    assert.deepEqual(tokenRequests(sandbox).map((r) => r.status), [400]);
  });

  it('signs in through the palette, counts down and refreshes before expiry', async () => {
    const { page } = workbench;
    sandbox.clearRequests();
    await signIn(DEFAULT_ACCOUNT.password);
    const item = workbench.statusBarItem(/MX sandbox\.user \d+s/);
    await item.waitFor();
    const first = secondsLeft(await item.innerText());
    assert.ok(first <= TOKEN_SECONDS && first > 20, `starts near ${TOKEN_SECONDS}s: ${first}`);
    const signedInAt = tokenRequests(sandbox)[0].time;

    // the countdown ticks every second in the last minute
    await page.waitForFunction(
      (start) => [...document.querySelectorAll('.statusbar-item')].some((e) => /MX sandbox\.user (\d+)s/.test(e.textContent ?? '') && Number(/(\d+)s/.exec(e.textContent ?? '')![1]) < start),
      first,
    );

    await item.hover();
    const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Client ID' }).first();
    await tooltip.waitFor();
    const tip = await tooltip.innerText();
    assert.match(tip, /sandbox\.user@example\.com/);
    assert.match(tip, /mx-explorer-e2e/);
    assert.match(tip, /Local sandbox/);
    await workbench.screenshot('signed-in-status-bar-tooltip');
    await page.mouse.move(700, 400);

    // by itself, before the first token expires, with no failed request
    const deadline = signedInAt + TOKEN_SECONDS * 1000;
    if (tokenRequests(sandbox).length < 2) await sandbox.nextRequest((r) => r.server === 'auth', deadline - Date.now());
    const requests = tokenRequests(sandbox);
    assert.ok(requests[1].time < deadline, 'the refresh came before expiry');
    assert.deepEqual(requests.map((r) => r.status), [200, 200]);
    // the status bar follows once the reply is processed: a fresh token, more than 20 s left
    await workbench.statusBarItem(/MX sandbox\.user (2\d|30)s/).waitFor();
    assert.equal(await workbench.statusBarItem(/expired|sign in again/).count(), 0);
  });

  it('signs out from the status bar menu and resets the status bar', async () => {
    const { page } = workbench;
    await workbench.statusBarItem(/MX sandbox\.user/).click();
    await workbench.answer('', 'Sign Out');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    await dialog.locator('.monaco-button', { hasText: /^Sign Out$/ }).click();
    await workbench.statusBarItem(/MX: Sign in/).waitFor();
    await workbench.screenshot('signed-out-status-bar');
  });
});

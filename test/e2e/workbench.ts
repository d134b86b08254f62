// A real VS Code workbench (code-server) with MX Explorer installed from the packaged VSIX, as a
// user has it, driven through Chromium. Every e2e suite opens one and closes it in its hooks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { BrowserSession, launchBrowser } from '../harness/browser';
import { CodeServer, startCodeServer, workbenchUrl } from '../harness/codeServer';
import { ensureDir, testOutputDir, vsixPath } from '../harness/paths';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';

export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  /** Runs a command from the command palette by its title, e.g. `MX: Show Log`. */
  runCommand(title: string): Promise<void>;
  /** Opens the command palette with the command titled exactly `title` selected, not run yet: Enter runs it. */
  findCommand(title: string): Promise<void>;
  /** Waits for the quick input whose prompt or placeholder mentions `label`, types `value`, presses Enter. */
  answer(label: string, value: string): Promise<void>;
  /**
   * Runs a command whose first (and only) question is `label`, and answers it with `value`; runs
   * it again if a webview taking the focus back closed its quick input before the answer.
   */
  runCommandAnswering(title: string, label: string, value: string): Promise<void>;
  /** Runs a command that offers a pick, and picks the first row mentioning `row`; again if the pick closed under it (as above). */
  runCommandPicking(title: string, row: string): Promise<void>;
  /**
   * Waits until a webview has the workbench's focus. A click in a webview (or a dialog closing over
   * it) hands the focus to it a moment later; a quick input opened before that would be closed by it.
   */
  webviewFocused(): Promise<void>;
  /** A notification (toast or notification centre entry) whose text matches. */
  notification(text: RegExp): Locator;
  /** The status bar item whose text matches. */
  statusBarItem(text: RegExp): Locator;
  /** Saves a screenshot under test-output/e2e/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  readonly settings?: Record<string, unknown>;
  /**
   * A second extension, loaded as the development extension beside the installed VSIX (e.g. one
   * that calls MX Explorer's agent tools the way a chat extension would). This turns on the
   * smoke-test driver, which hides notification toasts.
   */
  readonly development?: { readonly extensionPath: string; readonly env?: Record<string, string> };
  /** More VSIX files to install beside MX Explorer's (e.g. the benchmarks' floor extension). */
  readonly extraVsix?: readonly string[];
  /** Environment of the server and so of its extension host. */
  readonly env?: Record<string, string>;
  /** Keep VS Code's workspace trust on (the tests of Restricted Mode); off by default. */
  readonly workspaceTrust?: boolean;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const server = await startCodeServer({
    settings: options.settings,
    vsix: [vsixPath, ...(options.extraVsix ?? [])],
    env: options.env,
    developmentPayload: options.development !== undefined,
    workspaceTrust: options.workspaceTrust,
  });
  let browser: BrowserSession | undefined;
  try {
    browser = await launchBrowser();
    const page = browser.page;
    await page.goto(workbenchUrl(server, options.development));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const session = browser;
    return {
      page,
      server,
      runCommand: (title) => runCommand(page, title),
      findCommand: (title) => findCommand(page, title),
      answer: (label, value) => answer(page, label, value),
      runCommandAnswering: (title, label, value) => runCommandAnswering(page, title, label, value),
      runCommandPicking: (title, row) => runCommandPicking(page, title, row),
      webviewFocused: async () => {
        await page.waitForFunction(() => document.activeElement instanceof HTMLIFrameElement);
      },
      notification: (text) => page.locator('.notification-toast, .notifications-center .notification-list-item').filter({ hasText: text }).first(),
      statusBarItem: (text) => page.locator('.statusbar-item').filter({ hasText: text }).first(),
      screenshot: async (name) => {
        const file = path.join(ensureDir(path.join(testOutputDir, 'e2e')), `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close: async () => {
        await session.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

export async function runCommand(page: Page, title: string): Promise<void> {
  // A webview taking focus back closes the palette; an Enter after that runs nothing. Press it
  // only into the open palette, finding the command again if it closed meanwhile.
  for (let attempt = 1; ; attempt++) {
    await findCommand(page, title);
    const focused = await page
      .locator('.quick-input-widget input')
      .evaluate((input) => input === input.ownerDocument.activeElement)
      .catch(() => false);
    if (focused) {
      await page.keyboard.press('Enter');
      return;
    }
    if (attempt >= 3) throw new Error(`The command palette kept losing focus before "${title}" could run`);
  }
}

export async function findCommand(page: Page, title: string): Promise<void> {
  // The palette lists a command only once its extension's contributions reached the workbench,
  // which happens a few seconds after the DOM appears; an open palette does not refresh its list,
  // so reopen it until the command shows up.
  const row = paletteRow(page, title);
  const deadline = Date.now() + 60_000;
  // A webview getting its focus back late (after a dialog closed, say) closes the palette under
  // our hands: then it is opened again too.
  const input = page.locator('.quick-input-widget input');
  for (;;) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: 3_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`"${title}" never appeared in the command palette`, { cause: error });
      if (await input.isVisible()) await page.keyboard.press('Escape');
    }
  }
  // The row named exactly so, not the first one: "File: New Untitled Text File" also finds "File:
  // Compare New Untitled Text Files", which the palette may list first (recently used).
  for (let moves = 0; !(await row.evaluate((element) => element.classList.contains('focused'))); moves++) {
    if (moves >= 20) throw new Error(`Could not select "${title}" in the command palette`);
    await page.keyboard.press('ArrowDown');
  }
}

/** The command palette's row whose label is exactly `title` (its keybinding and notes aside). */
function paletteRow(page: Page, title: string): Locator {
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
}

/** The quick input whose prompt or placeholder mentions `label`, once it shows. */
async function promptFor(page: Page, label: string, timeout?: number): Promise<Locator> {
  // an input box shows its prompt as a message, a quick pick names the field in its placeholder
  await page
    .locator('.quick-input-widget:visible')
    .filter({ has: page.locator(`.quick-input-message:has-text("${label}"), input[placeholder*="${label}"], input[aria-label*="${label}"]`) })
    .waitFor({ timeout });
  return page.locator('.quick-input-widget input.input');
}

export async function answer(page: Page, label: string, value: string): Promise<void> {
  const input = await promptFor(page, label);
  await input.fill(value);
  await page.keyboard.press('Enter');
}

export async function runCommandAnswering(page: Page, title: string, label: string, value: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, title);
    try {
      const input = await promptFor(page, label, 10_000);
      await input.fill(value);
      const focused = await input.evaluate((element) => element === element.ownerDocument.activeElement);
      if (focused) {
        await page.keyboard.press('Enter');
        return;
      }
    } catch (error) {
      if (attempt >= 3) throw new Error(`"${title}" never kept its "${label}" question open long enough to answer it`, { cause: error });
      continue;
    }
    if (attempt >= 3) throw new Error(`"${title}" kept losing the focus before "${label}" could be answered`);
  }
}

export async function runCommandPicking(page: Page, title: string, row: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, title);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`"${title}" never kept its pick open long enough to choose "${row}"`, { cause: error });
    }
  }
}

/** Accepts the value a prompt offers, and returns it (to check what was offered). */
export async function acceptOffered(page: Page, label: string): Promise<string> {
  const input = await promptFor(page, label);
  const offered = await input.inputValue();
  await page.keyboard.press('Enter');
  return offered;
}

/** Keeps a screenshot of the workbench for every failed test, named after the test. */
export function screenshotOnFailure(workbench: () => Workbench | undefined): void {
  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const name = `FAILED-${test.fullTitle().replace(/[^\w-]+/g, '-').slice(0, 100)}`;
    await workbench()?.screenshot(name).catch(() => undefined);
  });
}

/** Answers the `MX: Sign In` prompts for the "Local sandbox" environment. */
export async function signInThroughPalette(
  workbench: Workbench,
  answers: { username: string; password: string; clientId: string; clientSecret: string },
): Promise<void> {
  await workbench.runCommand('MX: Sign In');
  await workbench.answer('Environment', 'Local sandbox');
  await workbench.answer('Username', answers.username);
  await workbench.answer('Password', answers.password);
  await workbench.answer('Client ID', answers.clientId);
  await workbench.answer('Client secret', answers.clientSecret);
}

/** The settings that offer the sandbox as "Local sandbox" at sign-in. */
export function sandboxSettings(sandbox: { authUrl: string; apiUrl: string }): Record<string, unknown> {
  return { 'mx.environments': [{ name: 'Local sandbox', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }] };
}

export interface SignedInPanel {
  readonly sandbox: Sandbox;
  readonly workbench: Workbench;
  /** The request panel's webview content. */
  readonly panel: FrameLocator;
}

/** A sandbox and a workbench signed in to it through the palette as `clientId`. */
export async function openSignedIn(clientId: string): Promise<{ sandbox: Sandbox; workbench: Workbench }> {
  const sandbox = await startSandbox();
  let workbench: Workbench | undefined;
  try {
    workbench = await openWorkbench({ settings: sandboxSettings(sandbox) });
    await workbench.statusBarItem(/MX: Sign in/).waitFor({ timeout: 60_000 });
    await signInThroughPalette(workbench, { ...DEFAULT_ACCOUNT, clientId });
    await workbench.statusBarItem(/MX sandbox\.user/).waitFor();
    return { sandbox, workbench };
  } catch (error) {
    await workbench?.close();
    await sandbox.stop();
    throw error;
  }
}

/** A sandbox, a workbench signed in to it through the palette, and the request panel open and ready. */
export async function openSignedInPanel(): Promise<SignedInPanel> {
  const { sandbox, workbench } = await openSignedIn('mx-explorer-e2e');
  try {
    await workbench.runCommand('MX: Open Request Panel');
    const panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByRole('button', { name: 'Send' }).waitFor();
    return { sandbox, workbench, panel };
  } catch (error) {
    await workbench.close();
    await sandbox.stop();
    throw error;
  }
}

/**
 * Writes a file into the workspace and opens it with Quick Open, retried: Quick Open's file index
 * catches up a moment later, and a webview taking the focus back can close Quick Open under us.
 */
export async function openWorkspaceFile(workbench: Workbench, name: string, text: string): Promise<void> {
  fs.writeFileSync(path.join(workbench.server.workspaceDir, name), text);
  const page = workbench.page;
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    try {
      await input.fill(name, { timeout: 3_000 });
      await row.waitFor({ timeout: 3_000 });
      break;
    } catch (error) {
      if (attempt >= 10) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

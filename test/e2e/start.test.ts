// `npm start` — the README's "run it" command: it serves a workbench with the extension
// installed and the sandbox offered as "Local sandbox" with its username and client ID filled in,
// so a newcomer signs in by pasting only the password and client secret the banner prints; Ctrl+C
// stops everything it started.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';
import { DEFAULT_ACCOUNT } from '../sandbox/server';
import { acceptOffered, answer, runCommand } from './workbench';
import { ensureDir, outTestDir, repoRoot, testOutputDir } from '../harness/paths';
import { spawnGroup } from '../harness/processes';

describe('npm start', () => {
  it('serves the workbench, signs in to the sandbox with the two secrets from its banner, and stops on Ctrl+C', async () => {
    const start = spawnGroup(process.execPath, [path.join(outTestDir, 'harness', 'start.js'), '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output);
        if (match) resolve(match[1]);
      };
      start.child.stdout?.on('data', onData);
      start.child.stderr?.on('data', onData);
      void start.exited.then((code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
    const banner = (field: string): string => {
      const match = new RegExp(`^\\s+${field}\\s+(\\S+)`, 'm').exec(output);
      assert.ok(match, `the banner shows the ${field}:\n${output}`);
      return match[1];
    };
    assert.equal(banner('Username'), DEFAULT_ACCOUNT.username);
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      await page.goto(url);
      await page.locator('.statusbar-item').filter({ hasText: /MX: Sign in/ }).first().waitFor({ timeout: 90_000 });
      await runCommand(page, 'MX: Sign In');
      await answer(page, 'Environment', 'Local sandbox');
      assert.equal(await acceptOffered(page, 'Username'), DEFAULT_ACCOUNT.username);
      await answer(page, 'Password', banner('Password'));
      await page.locator('.quick-input-widget:visible .quick-input-message', { hasText: 'Client ID' }).waitFor();
      await page.screenshot({ path: path.join(ensureDir(path.join(testOutputDir, 'e2e')), 'start-sign-in-client-id-offered.png') });
      assert.equal(await acceptOffered(page, 'Client ID'), banner('Client ID'));
      await answer(page, 'Client secret', banner('Client secret'));
      const signedIn = page.locator('.statusbar-item').filter({ hasText: /MX sandbox\.user.*\d+h \d+m/ }).first();
      await signedIn.waitFor({ timeout: 30_000 });
    } finally {
      await browser.close();
    }
    // Ctrl+C reaches the whole process group, as in a terminal
    process.kill(-start.child.pid!, 'SIGINT');
    assert.equal(await start.exited, 0);
    assert.match(output, /Stopping…/);
  });
});

// `npm start` — the README's "run it" command: it serves a workbench with the extension
// installed and the sandbox offered as "Local sandbox", and Ctrl+C stops everything it started.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';
import { outTestDir, repoRoot } from '../harness/paths';
import { spawnGroup } from '../harness/processes';

describe('npm start', () => {
  it('serves the workbench with MX Explorer against the sandbox, and stops on Ctrl+C', async () => {
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
    assert.match(output, /Username\s+sandbox\.user@example\.com/);
    assert.match(output, /Client secret\s+\S+/);
    const browser = await launchBrowser();
    try {
      await browser.page.goto(url);
      await browser.page.locator('.statusbar-item').filter({ hasText: /MX: Sign in/ }).first().waitFor({ timeout: 90_000 });
    } finally {
      await browser.close();
    }
    // Ctrl+C reaches the whole process group, as in a terminal
    process.kill(-start.child.pid!, 'SIGINT');
    assert.equal(await start.exited, 0);
    assert.match(output, /Stopping…/);
  });
});

// The VSIX holds only what a user needs: the bundles, the manifest, the docs and the icon.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';

describe('packaging', () => {
  it('ships no tests, sources, maps or dependencies in the VSIX', function () {
    this.timeout(60_000);
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    const allowed = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media/icon.png', 'dist/extension.js', 'dist/webview.js', 'dist/webview.css', 'syntaxes/http.tmLanguage.json', 'syntaxes/http.language-configuration.json']);
    assert.deepEqual(listed.filter((file) => !allowed.has(file)), []);
    assert.ok(listed.includes('package.json') && listed.includes('README.md'), `listed: ${listed.join(', ')}`);
  });
});

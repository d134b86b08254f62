// The VSIX holds only what a user needs: the bundles, the manifest, the docs and the icon.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
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
    const allowed = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media/icon.png', ...extensionBundles(), 'dist/webview.js', 'dist/webview.css', 'syntaxes/http.tmLanguage.json', 'syntaxes/http.language-configuration.json']);
    assert.deepEqual(listed.filter((file) => !allowed.has(file)), []);
    assert.ok(listed.includes('package.json') && listed.includes('README.md'), `listed: ${listed.join(', ')}`);
  });
});

/** dist/extension.js and the bundles esbuild.mjs splits off it (its BUNDLES), which load on first use. */
function extensionBundles(): string[] {
  const script = fs.readFileSync(path.join(repoRoot, 'esbuild.mjs'), 'utf8');
  const names = [...script.matchAll(/^ {4}name: '(\w+)',$/gm)].map((match) => match[1]);
  assert.ok(names.length >= 3, `esbuild.mjs BUNDLES not found (found ${names.join(', ')})`);
  return ['dist/extension.js', ...names.map((name) => `dist/${name}.js`)];
}

describe('packaging: the split bundles', () => {
  it('ships every bundle esbuild.mjs writes: .vscodeignore lets each one in', () => {
    const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
    for (const bundle of extensionBundles()) assert.ok(ignore.includes(`!${bundle}`), `.vscodeignore does not let ${bundle} into the VSIX`);
  });
});


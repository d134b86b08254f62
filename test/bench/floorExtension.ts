// Packages floorHost.ts as a VSIX of its own (a temporary folder: package.json + the compiled
// script), for the large-response benchmark to install next to MX Explorer.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, outTestDir, repoRoot } from '../harness/paths';

export function packageFloorExtension(): string {
  const folder = makeTempDir('mxfloor-');
  fs.copyFileSync(path.join(outTestDir, 'bench', 'floorHost.js'), path.join(folder, 'extension.js'));
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({
      name: 'mx-bench-floor',
      displayName: 'MX Explorer benchmark floor',
      description: 'Measures, in the extension host, what MX Explorer is compared with.',
      version: '0.0.1',
      publisher: 'mx-bench',
      license: 'MIT',
      engines: { vscode: '^1.95.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
    }),
  );
  fs.writeFileSync(path.join(folder, 'README.md'), 'Benchmark helper of MX Explorer; never published.\n');
  fs.writeFileSync(path.join(folder, 'LICENSE'), 'MIT\n');
  const vsix = path.join(folder, 'mx-bench-floor.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: folder, stdio: 'pipe' });
  return vsix;
}

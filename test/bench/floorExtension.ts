// Packages the benchmarks' helper extensions, each a VSIX of its own (a temporary folder:
// package.json + one script), activated by onStartupFinished like MX Explorer:
// - the floor of the large-response benchmark (floorHost.ts), installed next to MX Explorer;
// - an extension that does nothing (`activate` returns at once, a one-line file): what loading and
//   activating any extension costs the same extension host at that moment, the floor beside
//   activation.ratio.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, outTestDir, repoRoot } from '../harness/paths';

/** The id of the extension that does nothing. */
export const EMPTY_EXTENSION_ID = 'mx-bench.mx-bench-empty';

export function packageFloorExtension(): string {
  return packageBenchExtension('mx-bench-floor', 'MX Explorer benchmark floor', fs.readFileSync(path.join(outTestDir, 'bench', 'floorHost.js'), 'utf8'));
}

export function packageEmptyExtension(): string {
  return packageBenchExtension('mx-bench-empty', 'MX Explorer benchmark: an extension that does nothing', 'exports.activate = () => undefined;\n');
}

function packageBenchExtension(name: string, displayName: string, script: string): string {
  const folder = makeTempDir(`${name}-`);
  fs.writeFileSync(path.join(folder, 'extension.js'), script);
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({
      name,
      displayName,
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
  const vsix = path.join(folder, `${name}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: folder, stdio: 'pipe' });
  return vsix;
}

// bundleBytes.extension (all the extension host's bundles together: extension.js and those it
// loads on first use), bundleBytes.webview, vsixBytes: the minified production bundles
// (`node esbuild.mjs --production`) and the VSIX `npm run package` makes of them. Sizes, not
// timings: one sample each. Leaves dist-vsix/mx-explorer.vsix fresh (the activation,
// large-response and heap benchmarks install it) and dist/ rebuilt for development.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, vsixPath } from '../harness/paths';
import { type BenchOutput, type Figure, runBenchmark } from './common';

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** The files the VSIX holds, with their sizes, read from the zip's central directory. */
export function zipEntries(file: string): Array<{ name: string; size: number; compressed: number }> {
  const zip = fs.readFileSync(file);
  // End of central directory: signature 0x06054b50, within the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: Array<{ name: string; size: number; compressed: number }> = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: bad central directory entry`);
    const compressed = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size, compressed });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export async function measureSizes(): Promise<BenchOutput> {
  let extension: number;
  let extensionParts: string;
  let webview: number;
  let vsix: number;
  try {
    run(process.execPath, ['esbuild.mjs', '--production']);
    const parts = fs
      .readdirSync(path.join(repoRoot, 'dist'))
      // the extension host's bundles: not the webview's, nor the CI runner's (dist/cli.js, not in the VSIX)
      .filter((name) => name.endsWith('.js') && name !== 'webview.js' && name !== 'cli.js')
      .map((name) => ({ name, bytes: fs.statSync(path.join(repoRoot, 'dist', name)).size }));
    extension = parts.reduce((sum, part) => sum + part.bytes, 0);
    extensionParts = parts.map((part) => `${part.name} ${part.bytes}`).join(', ');
    webview = fs.statSync(path.join(repoRoot, 'dist', 'webview.js')).size;
    // `npm run package` runs vscode:prepublish (the same production build) and then vsce.
    run('npm', ['run', '--silent', 'package']);
    vsix = fs.statSync(vsixPath).size;
  } finally {
    // dist/ back to what `npm run build` leaves (the integration tier loads it); the other
    // benchmarks install the VSIX, which holds the production build.
    run(process.execPath, ['esbuild.mjs']);
  }
  const entries = zipEntries(vsixPath);
  const figures: Figure[] = [
    { key: 'bundleBytes.extension', value: extension, unit: `B (${extensionParts})`, goal: { atMost: 150_000 } },
    { key: 'bundleBytes.webview', value: webview, unit: 'B', goal: { atMost: 120_000 } },
    { key: 'vsixBytes', value: vsix, unit: 'B', goal: { smallest: true } },
  ];
  const content = entries
    .filter((e) => !e.name.endsWith('/'))
    .sort((a, b) => b.compressed - a.compressed)
    .map((e) => `${e.name} ${e.size} B (${e.compressed} B compressed)`);
  return {
    figures,
    notes: [`VSIX content (${entries.length} entries, largest first): ${content.join(', ')}`],
  };
}

if (require.main === module) runBenchmark('sizes', measureSizes);

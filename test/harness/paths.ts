// Where the test harness finds the repository, its build output and the cached VS Code install.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No repository root above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
/** Compiled tests (tsc output of test/). */
export const outTestDir = path.join(repoRoot, 'out', 'test');
/** Screenshots, logs and other artefacts the tests keep for people to look at. */
export const testOutputDir = path.join(repoRoot, 'test-output');

/** Kept short on purpose: code-server's unix sockets live below it (paths must stay < 108 bytes). */
export const cacheDir = process.env.MX_TEST_CACHE || path.join(os.homedir(), '.cache', 'mx-explorer');
export const node24Bin = path.join(cacheDir, 'node24', 'bin');
export const codeServerBin = path.join(cacheDir, 'cs', 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.MX_CHROMIUM || '/usr/bin/chromium';
/** What `npm run package` produces; the e2e tier installs it. */
export const vsixPath = path.join(repoRoot, 'dist-vsix', 'mx-explorer.vsix');
export const installScript = path.join(repoRoot, 'test', 'harness', 'install-vscode.sh');

/** Fails with an actionable message when a tool the real-VS-Code tiers need is missing. */
function assertInstalled(tools: ReadonlyArray<readonly [string, string]>): void {
  const missing = tools.filter(([file]) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Cannot run a real VS Code: missing ${missing.map(([, what]) => what).join(', ')}. ` +
        `Run \`bash ${path.relative(process.cwd(), installScript)}\` (npm test and npm start do this for you).`,
    );
  }
}

export function assertCodeServerInstalled(): void {
  assertInstalled([
    [path.join(node24Bin, 'node'), 'Node 24'],
    [codeServerBin, 'code-server'],
  ]);
}

export function assertChromiumInstalled(): void {
  assertInstalled([[chromiumPath, 'Chromium (apt-get install chromium)']]);
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh, short temporary folder (short because unix socket paths are limited). */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// `npm test`: the four tiers, in order, each ending with `<tier>: N passed, N failed`, then a total.
//   unit         mocha on the pure modules, against the sandbox over real HTTP
//   cli          the headless runner (dist/cli.js, built first) as a child process, against the sandbox
//   integration  mocha suites inside a real VS Code extension host (code-server)
//   e2e          Playwright + Chromium driving the real workbench UI
// Usage: node out/test/harness/run-all.js [unit] [cli] [integration] [e2e]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer } from './codeServer';
import { runExtensionTests } from './extensionTests';
import { ensureDir, installScript, outTestDir, repoRoot, testOutputDir } from './paths';
import { runStep, spawnGroup } from './processes';

type Tier = 'unit' | 'cli' | 'integration' | 'e2e';
interface TierResult { tier: Tier; passed: number; failed: number; note?: string }

const CLOSING_LINE = /^(\w+): (\d+) passed, (\d+) failed$/;
const mochaBin = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = path.join(outTestDir, 'harness', 'mochaReporter.js');

function closingLine(lines: readonly string[], tier: Tier): { passed: number; failed: number } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = CLOSING_LINE.exec(lines[i].trim());
    if (match && match[1] === tier) return { passed: Number(match[2]), failed: Number(match[3]) };
  }
  return undefined;
}

function result(tier: Tier, lines: readonly string[], exitCode: number | null): TierResult {
  const counts = closingLine(lines, tier);
  if (!counts) return { tier, passed: 0, failed: 1, note: `no closing line (exit code ${exitCode})` };
  if (exitCode !== 0 && counts.failed === 0) return { tier, ...counts, failed: 1, note: `exit code ${exitCode}` };
  return { tier, ...counts };
}

async function runMochaTier(tier: 'unit' | 'cli' | 'e2e', timeoutMs: number): Promise<TierResult> {
  const files = path.join(outTestDir, tier, '**', '*.test.js');
  const proc = spawnGroup(
    process.execPath,
    [mochaBin, '--ui', 'bdd', '--timeout', String(timeoutMs), '--reporter', reporter, '--reporter-option', `tier=${tier}`, ...(process.env.MX_TEST_GREP ? ['--grep', process.env.MX_TEST_GREP] : []), files],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, MX_TEST_TIER: tier } },
  );
  const lines: string[] = [];
  let partial = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const text = partial + chunk.toString();
    const split = text.split('\n');
    partial = split.pop() ?? '';
    lines.push(...split);
  });
  const code = await proc.exited;
  if (partial) lines.push(partial);
  return result(tier, lines, code);
}

/** The mocha output of the extension host, told apart from the workbench's own log lines. */
const TEST_OUTPUT = /^\[mx-test\] ?(.*)$/s;

async function runIntegrationTier(): Promise<TierResult> {
  const server = await startCodeServer();
  const logFile = path.join(ensureDir(path.join(testOutputDir, 'integration')), 'workbench.log');
  const log = fs.createWriteStream(logFile);
  const testLines: string[] = [];
  try {
    const run = await runExtensionTests(
      server,
      {
        extensionPath: repoRoot,
        testsPath: path.join(outTestDir, 'integration', 'index.js'),
        // the secret canary scan reads every file VS Code writes
        // MX_TEST_GREP runs only the integration tests whose title matches (while working on a feature)
        env: { MX_TEST_USER_DATA_DIR: server.userDataDir, ...(process.env.MX_TEST_GREP ? { MX_TEST_GREP: process.env.MX_TEST_GREP } : {}) },
      },
      (line) => {
        log.write(`${line}\n`);
        const match = TEST_OUTPUT.exec(line);
        if (match) {
          testLines.push(match[1]);
          console.log(match[1]);
        }
      },
    );
    if (run.exitCode !== 0) console.log(`(the workbench's log is in ${path.relative(repoRoot, logFile)})`);
    return result('integration', testLines, run.exitCode);
  } finally {
    log.end();
    await server.stop();
  }
}

/** The steps before the real-VS-Code tiers; a failure says which step, and the tiers do not run. */
function prepareVsCodeTiers(tiers: readonly Tier[]): void {
  const prepareStep = (what: string, command: string, args: string[]): void => runStep(what, command, args, { cwd: repoRoot });
  // e2e runs the packaged VSIX (production build); integration the development build
  if (tiers.includes('e2e')) prepareStep('Packaging the VSIX (npm run package)', 'npm', ['run', '--silent', 'package']);
  prepareStep('Building the extension (node esbuild.mjs)', process.execPath, ['esbuild.mjs']);
  prepareStep('Installing the real VS Code (test/harness/install-vscode.sh)', 'bash', [installScript]);
}

async function runTier(tier: Tier): Promise<TierResult> {
  if (tier === 'unit') return runMochaTier('unit', 20_000);
  if (tier === 'cli') {
    // the real bin, as `npx mx-explorer-run` runs it: dist/cli.js needs the bundles built
    runStep('Building the extension and mx-explorer-run (node esbuild.mjs)', process.execPath, ['esbuild.mjs'], { cwd: repoRoot });
    return runMochaTier('cli', 30_000);
  }
  if (tier === 'integration') return runIntegrationTier();
  if (tier === 'e2e') return runMochaTier('e2e', 180_000);
  throw new Error(`unknown tier "${tier as string}" (known: unit, cli, integration, e2e)`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<TierResult[]> {
  const requested = process.argv.slice(2) as Tier[];
  const tiers: Tier[] = requested.length > 0 ? requested : ['unit', 'cli', 'integration', 'e2e'];
  const results: TierResult[] = [];
  // the unit and cli tiers need nothing installed, so they run (and report) before any install step
  const needsVsCode = (tier: Tier): boolean => tier !== 'unit' && tier !== 'cli';
  const vsCodeTiers = tiers.filter(needsVsCode);
  let prepared = false;
  let notReady: string | undefined;
  for (const tier of tiers) {
    if (needsVsCode(tier) && !prepared) {
      prepared = true;
      console.log(`\n=== preparing the real VS Code for: ${vsCodeTiers.join(', ')} ===`);
      try {
        prepareVsCodeTiers(vsCodeTiers);
      } catch (error) {
        notReady = message(error);
        console.error(`\n${notReady}`);
      }
    }
    if (needsVsCode(tier) && notReady !== undefined) {
      results.push({ tier, passed: 0, failed: 1, note: `not run: ${notReady}` });
      continue;
    }
    console.log(`\n=== ${tier} tests ===`);
    const started = Date.now();
    try {
      results.push(await runTier(tier));
    } catch (error) {
      console.error(`${tier}: ${message(error)}`);
      results.push({ tier, passed: 0, failed: 1, note: message(error).split('\n')[0] });
    }
    console.log(`=== ${tier} done in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  }
  return results;
}

function printTotals(results: readonly TierResult[]): void {
  console.log('\nSummary');
  for (const r of results) console.log(`  ${r.tier}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().then(printTotals, (error: unknown) => {
  // only a bug in this runner gets here; the totals line still says the run failed
  console.error(`The test runner itself failed: ${message(error)}`);
  printTotals([{ tier: 'unit', passed: 0, failed: 1, note: 'test runner failed' }]);
});

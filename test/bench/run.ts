// `npm run bench`: the benchmarks, one after the other, each in a process of its own (a clean
// heap and JIT for the in-process ones, and nothing left running if one fails). Benchmarks are
// not tests: a missed goal or a failed benchmark never makes this fail; a failure is recorded as
// `{ "error": … }` under that benchmark's keys and the next one runs.
// Prints a markdown table and writes bench-results.json at the repository root.
// Usage: node out/test/bench/run.js [sizes] [requestOverhead] [httpParse] [burst] [activation] [largeResponse] [httpSend] [runAll] [heapGrowth] [agentTools]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir, outTestDir, repoRoot, testOutputDir } from '../harness/paths';
import { spawnGroup } from '../harness/processes';
import { type BenchOutput, formatNumber, RESULT_PREFIX, TABLE_HEADER, tableRows } from './common';

interface Benchmark {
  readonly name: string;
  /** Top-level keys of bench-results.json it fills (set to `{ error }` when it fails). */
  readonly keys: readonly string[];
  readonly timeoutMs: number;
}

// sizes first: it packages the VSIX the code-server benchmarks install. The in-process
// benchmarks run before any code-server, on a quiet machine.
const BENCHMARKS: readonly Benchmark[] = [
  { name: 'sizes', keys: ['bundleBytes', 'vsixBytes'], timeoutMs: 240_000 },
  { name: 'requestOverhead', keys: ['requestOverhead'], timeoutMs: 180_000 },
  { name: 'httpParse', keys: ['httpFiles'], timeoutMs: 120_000 },
  { name: 'burst', keys: ['burst'], timeoutMs: 120_000 },
  { name: 'activation', keys: ['activation', 'activationMs'], timeoutMs: 360_000 },
  { name: 'largeResponse', keys: ['largeResponse', 'hugeResponse', 'smallSend'], timeoutMs: 900_000 },
  { name: 'httpSend', keys: ['httpFiles.sendStatusMs'], timeoutMs: 300_000 },
  { name: 'runAll', keys: ['httpFiles.runAllRatio'], timeoutMs: 360_000 },
  { name: 'heapGrowth', keys: ['heapGrowthMB'], timeoutMs: 240_000 },
  { name: 'agentTools', keys: ['agentTools'], timeoutMs: 120_000 },
];

type Outcome = { ok: true; output: BenchOutput } | { ok: false; error: string };

async function runOne(bench: Benchmark): Promise<Outcome> {
  const proc = spawnGroup(process.execPath, [path.join(outTestDir, 'bench', `${bench.name}.js`)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let resultLine: string | undefined;
  let partial = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(RESULT_PREFIX)) resultLine = line.slice(RESULT_PREFIX.length);
      else console.log(line);
    }
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void proc.stop();
  }, bench.timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  if (partial.startsWith(RESULT_PREFIX)) resultLine = partial.slice(RESULT_PREFIX.length);
  if (timedOut) return { ok: false, error: `did not finish within ${bench.timeoutMs / 1000} s` };
  if (!resultLine) return { ok: false, error: `exited (${code}) without a result` };
  const parsed = JSON.parse(resultLine) as BenchOutput | { error: string };
  if ('error' in parsed) return { ok: false, error: parsed.error };
  return { ok: true, output: parsed };
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const selected = requested.length > 0 ? BENCHMARKS.filter((b) => requested.includes(b.name)) : BENCHMARKS;

  const started = Date.now();
  const results: Record<string, unknown> = {};
  const stats: Record<string, unknown> = {};
  const table: string[] = [...TABLE_HEADER];
  const notes: string[] = [];
  for (const bench of selected) {
    console.log(`\n=== bench: ${bench.name} ===`);
    const benchStarted = Date.now();
    let outcome: Outcome;
    try {
      outcome = await runOne(bench);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    console.log(`=== ${bench.name}: ${outcome.ok ? 'done' : 'FAILED'} in ${((Date.now() - benchStarted) / 1000).toFixed(1)} s ===`);
    if (!outcome.ok) {
      const error = outcome.error.split('\n')[0].slice(0, 300);
      for (const key of bench.keys) {
        // dotted: a benchmark may fill one key of an object another one fills too (httpFiles)
        setPath(results, key, { error });
        table.push(`| \`${key}\` | error: ${error.replace(/\|/g, '\\|')} | | **no** | | | | |`);
      }
      continue;
    }
    const { figures, extra, info, notes: benchNotes } = outcome.output;
    for (const figure of figures) {
      if (!figure.detail) setPath(results, figure.key, figure.value);
      if (figure.detail || figure.spread?.min !== undefined) stats[figure.key] = { value: figure.value, unit: figure.unit, ...figure.spread };
    }
    for (const [name, value] of Object.entries(extra ?? {})) setPath(results, `${bench.keys[0]}.${name}`, value);
    if (info) stats[bench.name] = info;
    table.push(...tableRows(figures));
    notes.push(...(benchNotes ?? []).map((note) => `${bench.name}: ${note}`));
  }
  const seconds = (Date.now() - started) / 1000;
  stats.run = {
    date: new Date().toISOString(),
    seconds: Math.round(seconds),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    benchmarks: selected.map((b) => b.name),
  };
  results.stats = stats;

  const resultsFile = path.join(repoRoot, 'bench-results.json');
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = [
    `Benchmarks (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${Math.round(seconds)} s)`,
    '',
    ...table,
    '',
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
  fs.writeFileSync(path.join(ensureDir(path.join(testOutputDir, 'bench')), 'bench-results.md'), `${markdown}\n`);
  console.log(`\n${markdown}\n`);
  const missed = table.filter((row) => row.includes('**no**'));
  console.log(
    `${path.relative(process.cwd(), resultsFile) || resultsFile} written; ${missed.length === 0 ? 'every goal met' : `${missed.length} figure(s) missed their goal or failed`} ` +
      `(benchmarks never fail the run). ${formatNumber(seconds)} s in all.`,
  );
}

main().catch((error: unknown) => {
  // Only a bad command line gets here; benchmarks themselves never fail the run.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});

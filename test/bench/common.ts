// Shared by the benchmarks: figures, summary statistics, and the one line a benchmark prints for
// the runner (`BENCH_RESULT {json}`). Every benchmark file also runs on its own:
//   node out/test/bench/<name>.js
// and then prints its figures as a small table.

/** What the goal of a figure is; `report` figures have none (they explain another figure). */
export type Goal =
  | { readonly atMost: number }
  | { readonly exactly: number }
  | { readonly smallest: true } // "as small as the content allows": judged by a person
  | { readonly report: true };

export interface Spread {
  readonly samples: number;
  /** min / median / max only where the figure is a timing (not for ratios of percentiles). */
  readonly min?: number;
  readonly median?: number;
  readonly max?: number;
  /** Only where it is the figure (request latencies). */
  readonly p99?: number;
}

export interface Figure {
  /** Dotted key in bench-results.json, e.g. `requestOverhead.p50Ratio`. */
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly goal: Goal;
  /** Sample count and min / median / max where the figure is (or is derived from) a timing. */
  readonly spread?: Spread;
  /**
   * A figure that explains another one (per-client latencies, code loading time…): shown in the
   * table and kept under `stats` in bench-results.json, but not a result key of its own.
   */
  readonly detail?: boolean;
}

export interface BenchOutput {
  readonly figures: readonly Figure[];
  /** Extra fields merged into the benchmark's nested object (e.g. `requestOverhead.samples`). */
  readonly extra?: Record<string, number | string>;
  /** Anything else worth keeping, under `stats.<benchmark>` in bench-results.json. */
  readonly info?: Record<string, unknown>;
  /** What a reader needs to interpret the figures (method, caveats), one line each. */
  readonly notes?: readonly string[];
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0–100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) {
    return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export type TimingSpread = Required<Omit<Spread, 'p99'>> & Pick<Spread, 'p99'>;

export function spread(values: readonly number[], withP99 = false): TimingSpread {
  const base = { samples: values.length, min: Math.min(...values), median: median(values), max: Math.max(...values) };
  return withP99 ? { ...base, p99: percentile(values, 99) } : base;
}

export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function roundSpread(s: TimingSpread, digits = 3): TimingSpread {
  return {
    samples: s.samples,
    min: round(s.min, digits),
    median: round(s.median, digits),
    max: round(s.max, digits),
    ...(s.p99 !== undefined ? { p99: round(s.p99, digits) } : {}),
  };
}

export function goalText(goal: Goal): string {
  if ('atMost' in goal) return `≤ ${goal.atMost.toLocaleString('en-US')}`;
  if ('exactly' in goal) return `= ${goal.exactly}`;
  if ('smallest' in goal) return 'as small as the content allows';
  return 'report';
}

/** true / false, or undefined when there is nothing to judge. */
export function goalMet(goal: Goal, value: number): boolean | undefined {
  if (!Number.isFinite(value)) return false;
  if ('atMost' in goal) return value <= goal.atMost;
  if ('exactly' in goal) return value === goal.exactly;
  return undefined;
}

export function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** One markdown table row per figure: key, value, goal, met?, samples, min, median, max. */
export function tableRows(figures: readonly Figure[]): string[] {
  return figures.map((f) => {
    const met = goalMet(f.goal, f.value);
    const s = f.spread;
    const key = f.detail ? `↳ ${f.key}` : `\`${f.key}\``;
    return `| ${key} | ${formatNumber(f.value)} ${f.unit} | ${goalText(f.goal)} | ${met === undefined ? '—' : met ? 'yes' : '**no**'} | ${s ? s.samples : ''} | ${formatNumber(s?.min)} | ${formatNumber(s?.median)} | ${formatNumber(s?.max)} |`;
  });
}

export const TABLE_HEADER = ['| key | value | goal | met? | samples | min | median | max |', '| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |'];

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The `main` of a benchmark file: runs it, prints `BENCH_RESULT {json}` (what the runner reads)
 * and a table for people, and exits (code-server and browser handles must not keep it alive).
 */
export function runBenchmark(name: string, bench: () => Promise<BenchOutput>): void {
  const started = Date.now();
  bench().then(
    (output) => {
      console.log(`\n${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log([...TABLE_HEADER, ...tableRows(output.figures)].join('\n'));
      for (const note of output.notes ?? []) console.log(`  note: ${note}`);
      console.log(`${RESULT_PREFIX}${JSON.stringify(output)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`${name} failed:`, error);
      console.log(`${RESULT_PREFIX}${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}`);
      process.exit(1);
    },
  );
}

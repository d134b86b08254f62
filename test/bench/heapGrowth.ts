// heapGrowthMB: extension-host heap growth after 1,000 requests through the panel's host side,
// after GC (see hostHeap.ts for the method). One fresh code-server with the packaged VSIX; the
// sandbox runs here, outside the extension host. The figure is the growth over the first 1,000
// requests; the two further rounds of 1,000 show whether it keeps growing (a leak) or not.
import * as path from 'node:path';
import { outTestDir } from '../harness/paths';
import { startSandbox } from '../sandbox/server';
import { type BenchOutput, round, runBenchmark } from './common';
import { runProbe, sandboxProbeEnv } from './hostRunner';

interface HeapReport {
  readonly heapMB: number[];
  readonly growthMB: number[];
  readonly roundMs: number[];
  readonly perRound: number;
  readonly failures: number;
  readonly node: string;
}

export async function measureHeapGrowth(): Promise<BenchOutput> {
  const sandbox = await startSandbox();
  try {
    const run = await runProbe(path.join(outTestDir, 'bench', 'hostHeap.js'), {
      env: sandboxProbeEnv(sandbox),
      timeoutMs: 180_000,
    });
    const report = run.reports[0] as unknown as HeapReport | undefined;
    if (!report) throw new Error('the heap probe reported nothing');
    if (report.failures > 0) throw new Error(`${report.failures} of the requests in the extension host failed`);
    const [first, ...rest] = report.growthMB;
    return {
      figures: [
        { key: 'heapGrowthMB', value: round(first, 2), unit: 'MB', goal: { atMost: 10 } },
        ...rest.map((growth, i) => ({
          key: `heapGrowthMB.round${i + 2}`,
          value: round(growth, 2),
          unit: 'MB',
          goal: { report: true } as const,
          detail: true,
        })),
      ],
      notes: [
        `Heap used after GC (MB): ${report.heapMB.map((h) => h.toFixed(2)).join(' → ')}, each step ${report.perRound} sequential sendRequest calls ` +
          `(${report.roundMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}); extension host on Node ${report.node}.`,
      ],
    };
  } finally {
    await sandbox.stop();
  }
}

if (require.main === module) runBenchmark('heapGrowth', measureHeapGrowth);

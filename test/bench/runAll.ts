// httpFiles.runAllRatio: a test run over a 200-request `.http` file (each `GET {{mxApi}}/…chains`
// with `?? status == 200`) against the sandbox, over the same 200 requests sent by our API client
// (AuthenticatedClient) in a plain loop, in the same extension host and the same run (see
// hostRunAll.ts). One fresh code-server with the packaged VSIX; the sandbox runs here. Goal ≤ 1.5.
// The figure is the ratio of the medians of 11 alternating rounds (the figure is noisy on 2 cores) after a warm-up of each.
import * as path from 'node:path';
import { outTestDir } from '../harness/paths';
import { startSandbox } from '../sandbox/server';
import { type BenchOutput, round, roundSpread, runBenchmark, spread } from './common';
import { runProbe, sandboxProbeEnv } from './hostRunner';

interface RunAllReport {
  readonly requests: number;
  readonly loopMs: number[];
  readonly runAllMs: number[];
  readonly node: string;
  readonly runAllCpuShare: number;
  readonly apiLoopMs: number;
}

export async function measureRunAll(): Promise<BenchOutput> {
  const sandbox = await startSandbox();
  try {
    const run = await runProbe(path.join(outTestDir, 'bench', 'hostRunAll.js'), {
      env: sandboxProbeEnv(sandbox),
      timeoutMs: 240_000,
    });
    const report = run.reports[0] as unknown as RunAllReport | undefined;
    if (!report) throw new Error('the Run All probe reported nothing');
    const loop = spread(report.loopMs);
    const runAll = spread(report.runAllMs);
    const ratios = report.runAllMs.map((ms, i) => ms / report.loopMs[i]);
    console.log(`  extension host CPU during a run: ${(report.runAllCpuShare * 100).toFixed(0)} % of its wall time; the same requests through MX Explorer's sendRequest: ${report.apiLoopMs.toFixed(0)} ms`);
    console.log(`  Run All: ${report.runAllMs.map((ms) => ms.toFixed(0)).join(', ')} ms; plain loop: ${report.loopMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    return {
      figures: [
        { key: 'httpFiles.runAllRatio', value: round(runAll.median / loop.median, 2), unit: '×', goal: { atMost: 1.5 }, spread: { samples: report.runAllMs.length } },
        { key: 'httpFiles.runAllMs', value: round(runAll.median, 0), unit: 'ms', goal: { report: true }, spread: roundSpread(runAll, 0), detail: true },
        { key: 'httpFiles.runAllLoopMs', value: round(loop.median, 0), unit: 'ms', goal: { report: true }, spread: roundSpread(loop, 0), detail: true },
      ],
      info: { requests: report.requests, runAllMs: report.runAllMs.map((v) => round(v, 1)), loopMs: report.loopMs.map((v) => round(v, 1)), roundRatios: ratios.map((v) => round(v, 2)), runAllCpuShare: round(report.runAllCpuShare, 2), apiLoopMs: round(report.apiLoopMs, 0), node: report.node },
      notes: [
        `httpFiles.runAllRatio: MX: Run .http Tests in File over ${report.requests} requests with a ?? check each (the Testing view's Run All path: test items, dependency order, ` +
          `the .http sender, the request panel's host with its webview loaded, checks) vs the same ${report.requests} GETs through AuthenticatedClient in a plain loop, both in the extension host ` +
          `(Node ${report.node}) against the sandbox; ${report.runAllMs.length} alternating rounds after a warm-up of each; per-round ratios ${ratios.map((v) => v.toFixed(2)).join(', ')}.`,
      ],
    };
  } finally {
    await sandbox.stop();
  }
}

if (require.main === module) runBenchmark('runAll', measureRunAll);

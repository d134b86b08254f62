// extensionTestsPath probe, inside the real extension host: the heap growth of the host after
// 1,000 requests through MX Explorer's `sendRequest` (the request panel's host path: draft
// checks, session token, AuthenticatedClient, response summary, kept responses).
// The sandbox runs in the benchmark's own process (its URLs come in the environment), so its
// request log is not in this heap. After sign-in and 100 warm-up requests the heap is measured
// after forced garbage collections (`--expose-gc` set at run time, `gc` taken from a new
// context), then after each of three rounds of 1,000 sequential requests, the same way.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { MxExplorerApi, RequestDraft } from '../../src/api';

const EXTENSION_ID = 'mx-explorer.mx-explorer';
const WARM_UP = 100;
const PER_ROUND = 1_000;
const ROUNDS = 3;
const MB = 1024 * 1024;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const settledHeap = async (): Promise<number> => {
    for (let i = 0; i < 4; i++) {
      gc();
      await sleep(50);
    }
    return process.memoryUsage().heapUsed;
  };

  const extension = vscode.extensions.getExtension<MxExplorerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  await api.session.signIn({
    environment: { id: 'custom:bench', name: 'Bench sandbox', kind: 'custom', authUrl: env('MX_BENCH_AUTH_URL'), apiUrl: env('MX_BENCH_API_URL') },
    username: env('MX_BENCH_USERNAME'),
    password: env('MX_BENCH_PASSWORD'),
    clientId: 'mx-explorer-bench',
    clientSecret: env('MX_BENCH_CLIENT_SECRET'),
  });
  const draft: RequestDraft = { method: 'GET', url: '/mxs/reference-data/v1/cinema-chains', query: [], headers: [], body: '' };
  let failures = 0;
  const send = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const outcome = await api.sendRequest(draft);
      if (!outcome.ok || outcome.summary.status !== 200) failures++;
    }
  };
  try {
    await send(WARM_UP);
    // Startup work of the workbench and other extensions settles first.
    await sleep(2_000);
    const heaps = [await settledHeap()];
    const roundMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await send(PER_ROUND);
      roundMs.push(performance.now() - started);
      heaps.push(await settledHeap());
    }
    console.log(
      `BENCH ${JSON.stringify({
        heapMB: heaps.map((h) => h / MB),
        growthMB: heaps.slice(1).map((h, i) => (h - heaps[i]) / MB),
        roundMs,
        perRound: PER_ROUND,
        failures,
        node: process.version,
      })}`,
    );
  } finally {
    await api.session.signOut({ forgetProfile: true });
  }
}

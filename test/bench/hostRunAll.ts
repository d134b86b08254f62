// extensionTestsPath probe, inside the real extension host: a test run of a 200-request `.http`
// file (MX: Run .http Tests in File, the Testing view's Run All code path: test items, dependency
// order, the `.http` sender, the request panel's host with its webview loaded, checks) against
// the same 200 requests sent by our API client in a plain loop (a TokenSession of its own and
// AuthenticatedClient, the client every MX request goes through), in this same host process,
// against the same sandbox.
// Rounds alternate the two after a warm-up of each; every send must answer 200 and every test pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';
import { AuthenticatedClient } from '../../src/auth/authenticatedClient';
import { createProfile } from '../../src/auth/profiles';
import { SessionFactory } from '../../src/auth/sessionFactory';
import type { Logger } from '../../src/base/logger';
import { Redactor } from '../../src/mx/redaction';
import type { HttpTestRecord } from '../../src/ui/httpTestController';
import { InMemorySecretStorage } from '../unit/fakes/secretStorage';

const EXTENSION_ID = 'mx-explorer.mx-explorer';
const REQUESTS = 200;
const ROUNDS = 11;
const PATH = '/mxs/reference-data/v1/cinema-chains';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** 200 requests with a check each, as an integrator writes them (a title, the path, one `??`). */
export function runAllFile(requests: number): string {
  return Array.from({ length: requests }, (_, i) => `### Chains ${i + 1}\nGET {{mxApi}}${PATH}?page=${i + 1}\n?? status == 200\n`).join('\n');
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<MxExplorerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  const account = { username: env('MX_BENCH_USERNAME'), password: env('MX_BENCH_PASSWORD'), clientSecret: env('MX_BENCH_CLIENT_SECRET') };
  const environment = { id: 'custom:bench', name: 'Bench sandbox', kind: 'custom' as const, authUrl: env('MX_BENCH_AUTH_URL'), apiUrl: env('MX_BENCH_API_URL') };
  await api.session.signIn({ environment, ...account, clientId: 'mx-explorer-bench' });
  // The request panel open and loaded, as a user who sends from `.http` files has it: a run shows
  // its sends there (held while it runs, HELD_REFRESH_MS in src/panel/panelMessages.ts), so its posts are part of the figure.
  if ((await vscode.commands.executeCommand<boolean>('mx.openRequestPanel')) !== true) throw new Error('the request panel did not load');

  const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const sessions = new SessionFactory({ secrets: new InMemorySecretStorage(), log, redactor: new Redactor() });
  const session = await sessions.signIn(createProfile(environment, account.username, 'mx-explorer-bench-loop'), { password: account.password, clientSecret: account.clientSecret });
  const client = new AuthenticatedClient(session);

  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the probe runs with a workspace folder open');
  const file = path.join(folder.uri.fsPath, 'run-all.http');
  fs.writeFileSync(file, runAllFile(REQUESTS));
  const uri = vscode.Uri.file(file);

  const loop = async (): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const response = await client.send({ method: 'GET', url: `${PATH}?page=${i + 1}` });
      if (response.status !== 200) throw new Error(`the plain loop got ${response.status}`);
    }
    return performance.now() - started;
  };
  const runAll = async (): Promise<number> => {
    const started = performance.now();
    const records = await vscode.commands.executeCommand<HttpTestRecord[]>('mx.http.runTests', uri);
    const ms = performance.now() - started;
    const passed = records.filter((r) => r.state === 'passed').length;
    if (passed !== REQUESTS) throw new Error(`the run passed ${passed} of ${REQUESTS} tests: ${JSON.stringify(records.find((r) => r.state !== 'passed'))}`);
    return ms;
  };
  try {
    await loop();
    await runAll();
    const loopMs: number[] = [];
    const runAllMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      loopMs.push(await loop());
      runAllMs.push(await runAll());
    }
    // Where the time goes (explains the figure): the host's CPU during a run, and the same
    // requests through MX Explorer's API (the panel's host path without webview or .http sender).
    const cpuBefore = process.cpuUsage();
    const cpuStarted = performance.now();
    await runAll();
    const cpu = process.cpuUsage(cpuBefore);
    const runAllCpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - cpuStarted);
    const apiStarted = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const outcome = await api.sendRequest({ method: 'GET', url: `${PATH}?page=${i + 1}`, query: [], headers: [], body: '' });
      if (!outcome.ok || outcome.summary.status !== 200) throw new Error('sendRequest failed');
    }
    const apiLoopMs = performance.now() - apiStarted;
    console.log(`BENCH ${JSON.stringify({ requests: REQUESTS, loopMs, runAllMs, runAllCpuShare, apiLoopMs, node: process.version })}`);
  } finally {
    session.dispose();
    sessions.dispose();
    await api.session.signOut({ forgetProfile: true });
  }
}

// agentTools.listShowtimesMs (cold / cached) and agentTools.listShowtimesChars: mx_list_showtimes
// on the recorded 561-showtime site, through the tools' model (MxTools: the session's one client,
// the reference-data cache, the bounded result), against the sandbox in a process of its own.
// Cold: a fresh cache per run, so three requests (showtimes, site, the chain's films) and the
// shaping; cached: the same call again, answered from the cache (shaping only). Median of 10 each.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../src/base/logger';
import { createProfile } from '../../src/auth/profiles';
import { SessionFactory } from '../../src/auth/sessionFactory';
import type { TokenSession } from '../../src/auth/tokenSession';
import { Redactor } from '../../src/mx/redaction';
import { MxTools } from '../../src/tools/mxTools';
import { ReferenceCache } from '../../src/tools/referenceCache';
import { InMemorySecretStorage } from '../unit/fakes/secretStorage';
import { type BenchOutput, median, round, runBenchmark, spread } from './common';
import { startSandboxProcess } from './sandboxProcess';

const SITE = 'dad76795-6bca-4788-568f-08d561ec8a55';
const RUNS = 10;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function measureAgentTools(): Promise<BenchOutput> {
  const sandbox = await startSandboxProcess();
  const redactor = new Redactor();
  const sessions = new SessionFactory({ secrets: new InMemorySecretStorage(), log: quiet, redactor });
  let session: TokenSession | undefined;
  try {
    const profile = createProfile({ name: 'Sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }, sandbox.username, 'mx-explorer-bench');
    const signedIn = await sessions.signIn(profile, { password: sandbox.password, clientSecret: sandbox.clientSecret });
    session = signedIn;
    const tools = (cache: ReferenceCache) =>
      new MxTools({ session: () => signedIn, settings: () => ({ timeoutMs: 30_000, maxBodyBytes: 64 * 1024 * 1024 }), cache, now: () => Date.now(), redactor });
    const input = { siteId: SITE };
    const cold: number[] = [];
    const cached: number[] = [];
    let chars = 0;
    // one warm-up (JIT, connection) outside the figures
    await tools(new ReferenceCache()).run('mx_list_showtimes', input);
    for (let i = 0; i < RUNS; i++) {
      const subject = tools(new ReferenceCache());
      let started = performance.now();
      const first = await subject.run('mx_list_showtimes', input);
      cold.push(performance.now() - started);
      if (first.kind !== 'ok' || !first.text.startsWith('561 showtimes')) throw new Error(`unexpected result: ${first.text.slice(0, 200)}`);
      started = performance.now();
      const again = await subject.run('mx_list_showtimes', input);
      cached.push(performance.now() - started);
      if (!again.text.includes('from the cache')) throw new Error('the second call was not answered from the cache');
      chars = first.text.length;
    }
    return {
      figures: [
        { key: 'agentTools.listShowtimesMs.cold', value: round(median(cold), 1), unit: 'ms', goal: { report: true }, spread: spread(cold) },
        { key: 'agentTools.listShowtimesMs.cached', value: round(median(cached), 2), unit: 'ms', goal: { report: true }, spread: spread(cached) },
        { key: 'agentTools.listShowtimesChars', value: chars, unit: 'chars', goal: { atMost: 8_000 } },
      ],
      notes: ['mx_list_showtimes on the recorded 561-showtime site (all dates: 50 rows shown); cold = three sandbox requests + shaping, cached = shaping only.'],
    };
  } finally {
    session?.dispose();
    sessions.dispose();
    await sandbox.stop();
  }
}

if (require.main === module) runBenchmark('agentTools', measureAgentTools);

// burst.tokenRequests, burst.failures: 1,000 concurrent API calls issued across a token expiry.
//
// Method: a real TokenSession (in-memory SecretStorage, system clock) signs in to the sandbox
// (same process, 127.0.0.1), which issues 2-second tokens; after sign-in the sandbox is switched
// to 60-second tokens so the refreshed token cannot expire again during the burst. The calls go
// through AuthenticatedClient (the panel's path: session token, one refresh + one retry on 401).
// 500 are issued (as fast as one thread can) starting 250 ms before the client's expiry instant,
// the other 500 1 ms after it, while most of the first ones are still in flight: the early ones
// carry the old token (those reaching the sandbox after its expiry get a 401), the late ones find
// it expired and wait for the refresh. tokenRequests counts the token endpoint hits after sign-in
// (goal: exactly one refresh); failures counts calls that did not end in HTTP 200 (exceptions
// included). Counts, not timings: one sample of 1,000 calls; the per-call latency and the burst's
// wall time are reported as details.
import { performance } from 'node:perf_hooks';
import { AuthenticatedClient } from '../../src/auth/authenticatedClient';
import type { Logger } from '../../src/base/logger';
import { createProfile } from '../../src/auth/profiles';
import { SessionFactory } from '../../src/auth/sessionFactory';
import type { TokenSession } from '../../src/auth/tokenSession';
import { Redactor } from '../../src/mx/redaction';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import { InMemorySecretStorage } from '../unit/fakes/secretStorage';
import { type BenchOutput, round, roundSpread, runBenchmark, sleep, spread } from './common';

const CALLS = 1_000;
/** The first half is issued this long before the expiry, the second half just after it. */
const LEAD_MS = 250;
const TOKEN_SECONDS = 2;
const PATH = '/mxs/reference-data/v1/cinema-chains';

export async function measureBurst(): Promise<BenchOutput> {
  const sandbox = await startSandbox({ expiresInSeconds: TOKEN_SECONDS });
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const sessions = new SessionFactory({ secrets: new InMemorySecretStorage(), log, redactor: new Redactor() });
  const profile = createProfile({ name: 'Sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }, DEFAULT_ACCOUNT.username, 'mx-explorer-bench');
  let session: TokenSession | undefined;
  try {
    session = await sessions.signIn(profile, {
      password: DEFAULT_ACCOUNT.password,
      clientSecret: DEFAULT_ACCOUNT.clientSecret,
    });
    sandbox.configure({ expiresInSeconds: 60 });
    const client = new AuthenticatedClient(session);
    const expiresAt = session.state.expiresAt;
    if (expiresAt === undefined) throw new Error('signed in without an expiry');
    // Warm the connection pool and the code paths with the first token.
    await Promise.all(Array.from({ length: 20 }, () => client.send({ method: 'GET', url: PATH })));
    const signInTokenRequests = sandbox.requests.filter((r) => r.server === 'auth').length;

    const spinUntil = async (at: number): Promise<void> => {
      await sleep(Math.max(0, at - Date.now() - 20));
      while (Date.now() < at) {
        // the last few milliseconds: spin, timers are not that precise
      }
    };
    let settled = 0;
    const calls: Array<Promise<{ ok: boolean; ms: number; beforeExpiry: boolean }>> = [];
    const issue = (count: number): void => {
      for (let i = 0; i < count; i++) {
        const beforeExpiry = Date.now() < expiresAt;
        const issued = performance.now();
        const done = (ok: boolean) => {
          settled++;
          return { ok, ms: performance.now() - issued, beforeExpiry };
        };
        calls.push(client.send({ method: 'GET', url: PATH }).then((response) => done(response.status === 200), () => done(false)));
      }
    };
    await spinUntil(expiresAt - LEAD_MS);
    const started = performance.now();
    issue(CALLS / 2);
    await spinUntil(expiresAt + 1);
    const inFlightAtExpiry = calls.length - settled;
    issue(CALLS / 2);
    const outcomes = await Promise.all(calls);
    const wallMs = performance.now() - started;

    const auth = sandbox.requests.filter((r) => r.server === 'auth');
    const tokenRequests = auth.length - signInTokenRequests;
    const failures = outcomes.filter((o) => !o.ok).length;
    const api401 = sandbox.requests.filter((r) => r.server === 'api' && r.status === 401).length;
    const issuedBefore = outcomes.filter((o) => o.beforeExpiry).length;
    return {
      figures: [
        { key: 'burst.tokenRequests', value: tokenRequests, unit: '', goal: { exactly: 1 } },
        { key: 'burst.failures', value: failures, unit: '', goal: { exactly: 0 } },
        { key: 'burst.callMs', value: round(spread(outcomes.map((o) => o.ms)).median, 1), unit: 'ms', goal: { report: true }, spread: roundSpread(spread(outcomes.map((o) => o.ms)), 1), detail: true },
        { key: 'burst.wallMs', value: round(wallMs, 1), unit: 'ms', goal: { report: true }, detail: true },
      ],
      extra: { calls: CALLS },
      info: { issuedBeforeExpiry: issuedBefore, inFlightAtExpiry, api401, tokenSeconds: TOKEN_SECONDS, leadMs: LEAD_MS },
      notes: [
        `${CALLS} calls: ${issuedBefore} issued in the ${LEAD_MS} ms before the token's expiry, ${CALLS - issuedBefore} just after it, while ${inFlightAtExpiry} of the first ones were still in flight; the sandbox answered ${api401} requests 401 (old token arriving after its expiry), each retried once.`,
        `Token grants after sign-in: ${auth.slice(signInTokenRequests).map((r) => `${new URLSearchParams(r.body).get('grant_type')} → ${r.status}`).join(', ') || 'none'}.`,
      ],
    };
  } finally {
    session?.dispose();
    sessions.dispose();
    await sandbox.stop();
  }
}

if (require.main === module) runBenchmark('burst', measureBurst);

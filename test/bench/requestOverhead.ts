// requestOverhead.p50Ratio / .p99Ratio / .floorRatio: what our whole API client (node-fetch
// included, as it is our transport) costs compared with bare node-fetch, and how far node-fetch
// itself is from Node's raw http.request.
//
// Method: the sandbox runs in a process of its own on 127.0.0.1 (so its work and its garbage
// collections are not in this process's timings); one token, one small endpoint
// (GET /mxs/reference-data/v1/cinema-chains/{id}, about 1 KB of JSON). Per round, each client
// sends one GET, in an order that rotates every round (no client is always first after a pause);
// 200 warm-up rounds, then 2,000 measured rounds. Each duration is performance.now() around the
// whole call: request, body fully read, JSON parsed. All clients use the same agent (Node's global
// http agent, keep-alive, which is what node-fetch and our client use when given none) and send
// the same headers on the wire; the benchmark checks that in the sandbox's request log.
//   ours          MxApiClient.send over src/mx/http.ts on node-fetch: method/URL/header checks,
//                 origin rule, credentials callback, redacted header list, deadline + abort
//                 signal, body cap, header list, JSON parse, MX error decoding (the figure the
//                 goals are about)
//   authenticated AuthenticatedClient.send with a real TokenSession: the panel's full path
//                 (pipeline, session.credentials(), one client per session, 401 handling); a detail
//   nodeFetch     node-fetch(url, { headers }) + text() + JSON.parse
//   raw           http.request with the same headers, chunks concatenated, JSON.parse
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import fetch from 'node-fetch';
import { AuthenticatedClient } from '../../src/auth/authenticatedClient';
import type { Logger } from '../../src/base/logger';
import { createProfile } from '../../src/auth/profiles';
import { SessionFactory } from '../../src/auth/sessionFactory';
import type { TokenSession } from '../../src/auth/tokenSession';
import { MxApiClient } from '../../src/mx/apiClient';
import { ACCEPT_ENCODING, currentUserAgent } from '../../src/mx/http';
import { Redactor } from '../../src/mx/redaction';
import { requestToken } from '../../src/mx/tokenClient';
import type { SandboxRequest } from '../sandbox/types';
import { InMemorySecretStorage } from '../unit/fakes/secretStorage';
import { type BenchOutput, type Figure, formatNumber, percentile, round, roundSpread, runBenchmark, spread } from './common';
import { startSandboxProcess } from './sandboxProcess';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';
const ROUNDS = Number(process.env.MX_BENCH_REQUESTS) || 2_000;
const WARM_UP_ROUNDS = 200;

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Variant {
  readonly name: 'ours' | 'authenticated' | 'nodeFetch' | 'raw';
  readonly run: () => Promise<void>;
  readonly durations: number[];
}

function rawGet(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          if (response.statusCode !== 200) throw new Error(`raw: HTTP ${response.statusCode}`);
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end();
  });
}

export async function measureRequestOverhead(): Promise<BenchOutput> {
  const sandbox = await startSandboxProcess();
  const sessions = new SessionFactory({ secrets: new InMemorySecretStorage(), log: quiet, redactor: new Redactor() });
  let session: TokenSession | undefined;
  try {
    const clientId = 'mx-explorer-bench';
    const tokens = await requestToken({ authUrl: sandbox.authUrl }, { kind: 'password', username: sandbox.username, password: sandbox.password, clientId });
    const credentials = { accessToken: tokens.accessToken, clientSecret: sandbox.clientSecret };
    // What our client puts on the wire, given explicitly to the others so the bytes sent are the same.
    const headers = {
      Accept: 'application/json',
      Authorization: `Bearer ${credentials.accessToken}`,
      'MX-Api-Client-Secret': credentials.clientSecret,
      'User-Agent': currentUserAgent(),
      'Accept-Encoding': ACCEPT_ENCODING,
    };

    const list = await fetch(`${sandbox.apiUrl}${CHAINS}`, { headers });
    const chains = (await list.json()) as Array<{ id: string }>;
    const path = `${CHAINS}/${chains[0].id}`;
    const url = `${sandbox.apiUrl}${path}`;

    const ours = new MxApiClient({ apiUrl: sandbox.apiUrl, credentials: async () => credentials });
    const profile = createProfile({ name: 'Sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }, sandbox.username, clientId);
    session = await sessions.signIn(profile, {
      password: sandbox.password,
      clientSecret: sandbox.clientSecret,
    });
    const authenticated = new AuthenticatedClient(session);

    const checked = (status: number, json: unknown, who: string): void => {
      if (status !== 200 || json === undefined) throw new Error(`${who}: HTTP ${status}`);
    };
    const variants: Variant[] = [
      {
        name: 'ours',
        durations: [],
        run: async () => {
          const r = await ours.send({ method: 'GET', url: path });
          checked(r.status, r.json, 'ours');
        },
      },
      {
        name: 'authenticated',
        durations: [],
        run: async () => {
          const r = await authenticated.send({ method: 'GET', url: path });
          checked(r.status, r.json, 'authenticated');
        },
      },
      {
        name: 'nodeFetch',
        durations: [],
        run: async () => {
          const r = await fetch(url, { headers, redirect: 'manual' });
          const json: unknown = JSON.parse(await r.text());
          checked(r.status, json, 'nodeFetch');
        },
      },
      {
        name: 'raw',
        durations: [],
        run: () => rawGet(url, headers),
      },
    ];

    // Same request on the wire: header names and values.
    const control = `${sandbox.apiUrl}/__sandbox/requests`;
    const wire: Record<string, string> = {};
    for (const variant of variants) {
      await fetch(control, { method: 'DELETE' });
      await variant.run();
      const logged = (await (await fetch(control)).json()) as SandboxRequest[];
      const sent = logged.find((r) => r.path === path);
      if (!sent) throw new Error(`${variant.name}: request not in the sandbox log`);
      wire[variant.name] = Object.entries(sent.headers)
        .filter(([name]) => name !== 'host')
        // `authenticated` has a token of its own session: compare the scheme, not the token.
        .map(([name, value]) => `${name}: ${name === 'authorization' ? value.split(' ')[0] : value}`)
        .sort()
        .join('\n');
    }
    const sameWire = variants.every((v) => wire[v.name] === wire.ours);

    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(round + k) % variants.length];
        const started = performance.now();
        await variant.run();
        const took = performance.now() - started;
        if (round >= WARM_UP_ROUNDS) variant.durations.push(took);
      }
    }

    const by = Object.fromEntries(variants.map((v) => [v.name, v.durations])) as Record<Variant['name'], number[]>;
    const p = (name: Variant['name'], q: number) => percentile(by[name], q);
    const ratio = (a: Variant['name'], b: Variant['name'], q: number) => round(p(a, q) / p(b, q), 3);
    const samples = { samples: ROUNDS };
    const latency = (name: Variant['name'], what: string): Figure => {
      const s = roundSpread(spread(by[name], true), 4);
      return { key: `requestOverhead.${name}Ms`, value: s.median, unit: `ms p50 (p99 ${formatNumber(s.p99)}), ${what}`, goal: { report: true }, spread: s, detail: true };
    };
    return {
      figures: [
        { key: 'requestOverhead.p50Ratio', value: ratio('ours', 'nodeFetch', 50), unit: '×', goal: { atMost: 1.1 }, spread: samples },
        { key: 'requestOverhead.p99Ratio', value: ratio('ours', 'nodeFetch', 99), unit: '×', goal: { atMost: 1.25 }, spread: samples },
        { key: 'requestOverhead.floorRatio', value: ratio('nodeFetch', 'raw', 50), unit: '×', goal: { report: true }, spread: samples },
        latency('ours', 'MxApiClient'),
        latency('nodeFetch', 'node-fetch'),
        latency('raw', 'http.request'),
        { key: 'requestOverhead.floorP99Ratio', value: ratio('nodeFetch', 'raw', 99), unit: '× (p99)', goal: { report: true }, spread: samples, detail: true },
        // Everything above the socket: node-fetch and our own work together.
        { key: 'requestOverhead.oursOverRawP50Ratio', value: ratio('ours', 'raw', 50), unit: '× (ours vs http.request)', goal: { report: true }, spread: samples, detail: true },
        latency('authenticated', 'AuthenticatedClient + TokenSession'),
        { key: 'requestOverhead.authenticatedP50Ratio', value: ratio('authenticated', 'nodeFetch', 50), unit: '×', goal: { report: true }, spread: samples, detail: true },
        { key: 'requestOverhead.authenticatedP99Ratio', value: ratio('authenticated', 'nodeFetch', 99), unit: '×', goal: { report: true }, spread: samples, detail: true },
      ],
      extra: { samples: ROUNDS },
      info: { warmUpRounds: WARM_UP_ROUNDS, node: process.version, sameWireHeaders: sameWire },
      notes: [
        `${ROUNDS} measured rounds after ${WARM_UP_ROUNDS} warm-up rounds, each client once per round in rotating order; spreads are per-request milliseconds.`,
        sameWire
          ? `Every client sent the same headers: ${wire.ours.split('\n').map((l) => l.split(':')[0]).join(', ')}.`
          : `WARNING: the clients sent different headers (names; values not shown): ${variants.map((v) => `${v.name}: ${wire[v.name].split('\n').map((l) => l.split(':')[0]).join(', ')}`).join('; ')}`,
      ],
    };
  } finally {
    session?.dispose();
    sessions.dispose();
    await sandbox.stop();
  }
}

if (require.main === module) runBenchmark('requestOverhead', measureRequestOverhead);

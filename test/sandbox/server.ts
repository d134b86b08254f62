// The local MX sandbox: an auth server and an API server on 127.0.0.1 that behave like MX
// (see the README's "The local MX sandbox" and fixtures/README.md). This file wires the parts and
// owns delivery: delays, resets and trickled bodies happen here; everything else is a Reply built
// elsewhere.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Sandbox, SandboxAccount, SandboxConfig, SandboxFault, SandboxHold, SandboxOptions, SandboxRequest } from './types';
import { acceptsGzip, IncomingRequest, Reply, readRequest, replyHeaders, writeReply } from './http';
import { loadMxData } from './fixtures';
import { TokenStore } from './tokens';
import { handleTokenRequest } from './tokenEndpoint';
import { rejectUnauthorized } from './apiAuth';
import { ApiRoutes } from './apiRoutes';
import { Ticketing } from './ticketing';
import { FaultSwitchboard } from './faults';
import { faultReply } from './faultReplies';
import { CONTROL_PREFIX, ControlTarget, handleControl } from './controlApi';
import { RequestLog } from './requestLog';
import { Timers } from './timers';
import { mxErrorForStatus } from './mxErrors';

export type { Sandbox, SandboxAccount, SandboxConfig, SandboxFault, SandboxHold, SandboxOptions } from './types';

export const DEFAULT_ACCOUNT: SandboxAccount = Object.freeze({
  username: 'sandbox.user@example.com',
  password: 'sandbox-password',
  clientSecret: 'SANDB-OXSEC-RETAB-CDEFG-12345',
});

/** MX's token lifetime as recorded: 12 hours. */
const MX_EXPIRES_IN_SECONDS = 43_200;
const DEFAULT_DELAY_MS = 1_000;
const DEFAULT_SLOW_BODY_MS = 2_000;
const SLOW_BODY_CHUNKS = 10;
const LOOPBACK = '127.0.0.1';

function validatedConfig(config: SandboxConfig): SandboxConfig {
  if (!Number.isInteger(config.expiresInSeconds) || config.expiresInSeconds < 0) {
    throw new TypeError('expiresInSeconds must be a non-negative integer');
  }
  if (typeof config.issueRefreshTokens !== 'boolean') throw new TypeError('issueRefreshTokens must be a boolean');
  return { expiresInSeconds: config.expiresInSeconds, issueRefreshTokens: config.issueRefreshTokens };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // close() alone waits for idle keep-alive connections to time out.
    server.closeAllConnections();
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const data = await loadMxData();
  const now = options.now ?? Date.now;
  const accounts = options.accounts ?? [DEFAULT_ACCOUNT];
  let config = validatedConfig({
    expiresInSeconds: options.expiresInSeconds ?? MX_EXPIRES_IN_SECONDS,
    issueRefreshTokens: options.issueRefreshTokens ?? false,
  });
  const tokens = new TokenStore(now);
  const api = new ApiRoutes(data, new Ticketing(data, now));
  const faults = new FaultSwitchboard();
  const log = new RequestLog();
  const timers = new Timers();
  let stopped = false;
  /** Holds waiting for their request, oldest first. */
  let holds: { matches: (request: SandboxRequest) => boolean; arrived: (request: SandboxRequest) => void; released: Promise<void>; timer: NodeJS.Timeout }[] = [];

  function hold(matches: (request: SandboxRequest) => boolean, timeoutMs = 60_000): SandboxHold {
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<SandboxRequest>((resolve, reject) => {
      const timer = setTimeout(() => {
        holds = holds.filter((h) => h !== entry);
        reject(new Error(`No matching request arrived to be held within ${timeoutMs} ms`));
      }, timeoutMs);
      const entry = { matches, arrived: resolve, released, timer };
      holds.push(entry);
    });
    return { arrived, release };
  }

  /** Waits until the hold on this request (if any) is released. */
  async function held(request: SandboxRequest): Promise<void> {
    const entry = holds.find((h) => h.matches(request));
    if (!entry) return;
    holds = holds.filter((h) => h !== entry);
    clearTimeout(entry.timer);
    entry.arrived(request);
    await entry.released;
  }

  const control: ControlTarget = {
    faults,
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    config: () => ({ ...config }),
    configure: (changes) => (config = validatedConfig({ ...config, ...changes })),
    revokeAccessTokens: () => tokens.revokeAccessTokens(),
    revokeRefreshTokens: () => tokens.revokeRefreshTokens(),
  };

  function normalReply(target: 'auth' | 'api', request: IncomingRequest): Reply {
    if (target === 'auth') return handleTokenRequest(request, { accounts, tokens, config: () => config });
    return rejectUnauthorized(request, tokens) ?? api.handle(request);
  }

  function trickle(res: http.ServerResponse, reply: Reply, overMs: number): void {
    res.writeHead(reply.status, replyHeaders(reply));
    const body = Buffer.from(reply.body);
    const size = Math.ceil(body.length / SLOW_BODY_CHUNKS);
    const send = (index: number) => {
      if (res.destroyed) return;
      if (index >= SLOW_BODY_CHUNKS || index * size >= body.length) return void res.end();
      res.write(body.subarray(index * size, (index + 1) * size));
      timers.schedule(overMs / SLOW_BODY_CHUNKS, () => send(index + 1));
    };
    send(0);
  }

  async function serve(target: 'auth' | 'api', req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const request = await readRequest(req);
    const arrived = log.arrived(request, target);
    if (target === 'api' && request.path.startsWith(CONTROL_PREFIX)) return writeReply(res, handleControl(request, control));
    await held(arrived);
    if (stopped) return;

    const fault = faults.take(target, request.path);
    if (fault?.kind === 'delay') await timers.sleep(fault.delayMs ?? DEFAULT_DELAY_MS);
    if (stopped) return;
    if (fault?.kind === 'reset') {
      log.record(request, target, 0);
      req.socket.destroy();
      return;
    }

    let reply: Reply;
    try {
      const normal = () => normalReply(target, request);
      reply = (fault && faultReply(fault, target, { showtimes: data.allShowtimesWithTicketTypes, normal })) ?? normal();
    } catch (error) {
      console.error('MX sandbox: handler failed', error);
      reply = mxErrorForStatus(500, `MX sandbox bug: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (fault?.kind === 'gzip' && acceptsGzip(request.headers['accept-encoding'])) {
      reply = { ...reply, headers: { ...reply.headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' }, body: gzipSync(reply.body) };
    }
    const correlationId = target === 'api' ? randomUUID() : undefined;
    if (correlationId) reply = { ...reply, headers: { ...reply.headers, 'Mx-Correlation-Id': correlationId, Server: 'Kestrel' } };
    // Logged before the answer goes out, so a client that has its answer always finds it logged.
    const logged = log.record(request, target, reply.status, correlationId);
    // A client that cancels closes the socket before the answer is complete.
    res.once('close', () => {
      if (!res.writableFinished) log.clientAborted(logged);
    });
    if (fault?.kind === 'slowBody') trickle(res, reply, fault.delayMs ?? DEFAULT_SLOW_BODY_MS);
    else writeReply(res, reply);
  }

  const createServer = (target: 'auth' | 'api') =>
    http.createServer((req, res) => {
      serve(target, req, res).catch((error: unknown) => {
        // The client went away while the request was read; nothing to answer.
        if (!res.headersSent && !res.destroyed) res.destroy(error instanceof Error ? error : undefined);
      });
    });
  const authServer = createServer('auth');
  const apiServer = createServer('api');
  const [authPort, apiPort] = await Promise.all([listen(authServer, options.authPort ?? 0), listen(apiServer, options.apiPort ?? 0)]).catch(
    async (error: unknown) => {
      await Promise.all([close(authServer), close(apiServer)]);
      throw error;
    },
  );

  return {
    authUrl: `http://${LOOPBACK}:${authPort}`,
    apiUrl: `http://${LOOPBACK}:${apiPort}`,
    accounts,
    get requests() {
      return log.list();
    },
    clearRequests: control.clearRequests,
    nextRequest: (matches, timeoutMs = 60_000) => log.next('answered', matches, timeoutMs),
    nextClientAbort: (matches, timeoutMs = 60_000) => log.next('clientAborted', matches, timeoutMs),
    nextArrival: (matches, timeoutMs = 60_000) => log.next('arrived', matches, timeoutMs),
    hold,
    addFault(fault: SandboxFault) {
      const id = faults.add(fault);
      return () => void faults.remove(id);
    },
    clearFaults: () => faults.clear(),
    configure: control.configure,
    issuedTokens: () => [...tokens.issued],
    revokeAccessTokens: control.revokeAccessTokens,
    revokeRefreshTokens: control.revokeRefreshTokens,
    async stop() {
      stopped = true;
      for (const h of holds) clearTimeout(h.timer);
      holds = [];
      timers.clearAll();
      await Promise.all([close(authServer), close(apiServer)]);
    },
  };
}

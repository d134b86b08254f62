// One HTTP exchange with the plumbing both MX clients need, on node-fetch (v2): a single deadline
// for the whole exchange (headers and body), cancellation that really closes the socket, a body
// size cap, and failures sorted into the few kinds a user can act on. Redirects are never
// followed, because following one would carry the password or the API credentials to wherever
// the server points.
//
// node-fetch sends on Node's 'http'/'https' modules (looked up at each call), which VS Code's
// extension host routes through the user's proxy settings, and decodes gzip, deflate (zlib or
// raw) and br. What it leaves to us: its `timeout` covers only the wait for the headers and its
// `size` stops reading without closing the socket, so an AbortController per exchange ends it on
// the deadline, a cancel or an oversized body, and node-fetch's abort closes the socket.
// What node-fetch v2 cannot do (node-fetch/node-fetch#1604): notice a body framed by
// Content-Length that the connection cuts short; such an exchange ends at the deadline.

import { getEventListeners } from 'node:events';
import fetch, { FetchError, type Response } from 'node-fetch';
import { currentUserAgent } from './userAgent';

export { currentUserAgent, setUserAgent, userAgentFor } from './userAgent';

export type TransferFailureKind = 'network' | 'timeout' | 'cancelled' | 'tooLarge';

export class TransferFailure extends Error {
  override readonly name = 'TransferFailure';

  constructor(
    readonly kind: TransferFailureKind,
    /** `host[:port]` of the server, for messages. */
    readonly host: string,
    /** Short human phrase, e.g. "connection refused", used inside composed messages. */
    readonly reason: string,
    /** Node system error code (ECONNREFUSED, ENOTFOUND…), when there was one. */
    readonly code?: string,
  ) {
    super(`${host}: ${reason}`);
  }
}

export interface TransferRequest {
  readonly method: string;
  /** An absolute http: or https: URL, already checked by the caller. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Deadline for the whole exchange, body included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Cap on the body as decoded, and on a declared Content-Length; 0 or absent means no cap. */
  readonly maxBodyBytes?: number;
}

export type HeaderList = Array<[string, string]>;

export interface TransferResponse {
  readonly status: number;
  readonly statusText: string;
  /**
   * Lower-case names, in order of first arrival, as Node parses them: each Set-Cookie stays a
   * separate entry, other repeated headers come joined with ", ".
   */
  readonly headers: HeaderList;
  readonly body: Buffer;
}

/** Sent unless the caller gives its own. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** setTimeout fires at once for delays above 2^31-1 ms, which would turn a long timeout into none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type StopReason = 'timeout' | 'cancelled' | 'tooLarge';

/**
 * AbortControllers of exchanges that ended without aborting, kept for the next ones: on Node 20 a
 * fresh controller handed to node-fetch costs ~20 µs per request (measured, benchmark
 * requestOverhead), a reused one almost nothing. Reused only never aborted and with no listener
 * left (node-fetch removes its own once the response has ended).
 */
const idleControllers: AbortController[] = [];
const MAX_IDLE_CONTROLLERS = 16;

function releaseController(controller: AbortController): void {
  if (idleControllers.length < MAX_IDLE_CONTROLLERS && !controller.signal.aborted && getEventListeners(controller.signal, 'abort').length === 0) {
    idleControllers.push(controller);
  }
}

export async function transfer(request: TransferRequest): Promise<TransferResponse> {
  const { signal: outer, method } = request;
  if (outer?.aborted) {
    throw new TransferFailure('cancelled', hostOf(request.url), 'cancelled');
  }
  const cap = request.maxBodyBytes && request.maxBodyBytes > 0 ? request.maxBodyBytes : 0;
  const controller = idleControllers.pop() ?? new AbortController();
  let stopped: StopReason | undefined;
  const stop = (reason: StopReason): void => {
    stopped ??= reason;
    controller.abort();
  };
  const cancel = (): void => stop('cancelled');
  outer?.addEventListener('abort', cancel);
  const timer = setTimeout(stop, Math.min(Math.max(request.timeoutMs, 1), MAX_TIMER_MS), 'timeout');
  let response: Response | undefined;
  try {
    response = await fetch(request.url, {
      method,
      headers: outgoingHeaders(request.headers),
      // A Buffer, not a string: node-fetch would add `Content-Type: text/plain` to a string body.
      body: request.body === undefined ? undefined : Buffer.from(request.body),
      redirect: 'manual',
      signal: controller.signal,
      size: cap,
    });
    const raw = response.headers.raw();
    if (cap > 0 && method !== 'HEAD' && Number(raw['content-length']?.[0]) > cap) {
      // The declared length is enough: nothing of the body is read.
      stop('tooLarge');
      throw new TransferFailure('tooLarge', hostOf(request.url), tooLargeReason(cap));
    }
    const body = await response.buffer();
    return { status: response.status, statusText: response.statusText, headers: headerList(raw), body };
  } catch (err) {
    if (err instanceof FetchError && err.type === 'max-size') {
      // node-fetch stops collecting but leaves the socket open; aborting closes it.
      stop('tooLarge');
    }
    // Stop decoding what already arrived (a gzip bomb would otherwise inflate on, unread).
    (response?.body as { destroy?: () => void } | undefined)?.destroy?.();
    throw err instanceof TransferFailure ? err : toFailure(err, stopped, request, cap, response);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', cancel);
    releaseController(controller);
  }
}

function toFailure(err: unknown, stopped: StopReason | undefined, request: TransferRequest, cap: number, response: Response | undefined): TransferFailure {
  const host = hostOf(request.url);
  switch (stopped) {
    case 'timeout':
      return new TransferFailure('timeout', host, `no complete answer within ${formatDuration(request.timeoutMs)}`);
    case 'cancelled':
      return new TransferFailure('cancelled', host, 'cancelled');
    case 'tooLarge':
      return new TransferFailure('tooLarge', host, tooLargeReason(cap));
  }
  const code = codeOf(err);
  const encoding = response?.headers.get('content-encoding');
  if (encoding && code !== undefined && /^(Z_|ERR__|ERR_BROTLI)/.test(code)) {
    return new TransferFailure('network', host, `the reply body could not be decoded (${encoding.slice(0, 40)})`, code);
  }
  return new TransferFailure('network', host, describeNetworkError(code, err), code);
}

/**
 * The caller's headers, with our User-Agent and Accept-Encoding unless it gave its own (node-fetch
 * would add its own User-Agent, and offer no br). node-fetch frames the body itself.
 */
function outgoingHeaders(given: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  let addUserAgent = true;
  let addAcceptEncoding = true;
  for (const name of Object.keys(given)) {
    const lower = name.toLowerCase();
    if (lower !== 'content-length') {
      headers[name] = given[name];
    }
    addUserAgent &&= lower !== 'user-agent';
    addAcceptEncoding &&= lower !== 'accept-encoding';
  }
  if (addUserAgent) {
    headers['User-Agent'] = currentUserAgent();
  }
  if (addAcceptEncoding) {
    headers['Accept-Encoding'] = ACCEPT_ENCODING;
  }
  return headers;
}

/**
 * The headers a request goes out with: `given`, then the User-Agent and Accept-Encoding the
 * transport adds unless they were given (see outgoingHeaders), for views that show what was sent.
 */
export function sentHeaders(given: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const names = new Set(given.map(([name]) => name.toLowerCase()));
  const sent = [...given];
  if (!names.has('user-agent')) sent.push(['User-Agent', currentUserAgent()]);
  if (!names.has('accept-encoding')) sent.push(['Accept-Encoding', ACCEPT_ENCODING]);
  return sent;
}

/** node-fetch's header map (names lower-cased by Node) as a list, each Set-Cookie apart. */
function headerList(raw: Record<string, string[]>): HeaderList {
  const headers: HeaderList = [];
  for (const name of Object.keys(raw)) {
    for (const value of raw[name]) {
      headers.push([name, value]);
    }
  }
  return headers;
}

/** A response header's value, repeated values joined with ", " as fetch's Headers.get joins them. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  let value: string | undefined;
  for (const [key, text] of headers) {
    if (key === name) {
      value = value === undefined ? text : `${value}, ${text}`;
    }
  }
  return value;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed, possibly offline',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ERR_STREAM_PREMATURE_CLOSE: 'connection closed before the reply was complete',
  HPE_INVALID_CONSTANT: 'the reply is not valid HTTP',
  HPE_HEADER_OVERFLOW: 'the reply headers are too large',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
  EPROTO: 'TLS handshake failed',
};

/** A short phrase for a failed connection; never includes the URL (it may carry a query string). */
export function describeNetworkError(code: string | undefined, err?: unknown): string {
  if (code && NETWORK_REASONS[code]) {
    return NETWORK_REASONS[code];
  }
  if (code) {
    return `network error ${code}`;
  }
  const message = err instanceof Error ? err.message : '';
  if (/premature close/i.test(message)) {
    return NETWORK_REASONS.ERR_STREAM_PREMATURE_CLOSE;
  }
  return 'network error';
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function tooLargeReason(maxBodyBytes: number): string {
  return `reply body larger than ${formatBytes(maxBodyBytes)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} bytes`;
  }
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

/**
 * Reads `Retry-After` as whole seconds from now: either delta-seconds or an HTTP date.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

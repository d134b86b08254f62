// One HTTP exchange with the plumbing both MX clients need: a single deadline for the whole
// exchange (headers and body), cancellation that really closes the socket, a body size cap, and
// failures sorted into the few kinds a user can act on. Redirects are never followed, because
// following one would carry the password or the API credentials to wherever the server points.

import fetch, { FetchError, Headers } from 'node-fetch';
import { returnAbortController, takeAbortController } from './abortControllerPool';

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
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Deadline for the whole exchange, body included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Cap on the (decoded) body; 0 or absent means no cap. */
  readonly maxBodyBytes?: number;
}

export interface TransferResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** setTimeout fires at once for delays above 2^31-1 ms, which would turn a long timeout into none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type StopReason = 'timeout' | 'cancelled' | 'tooLarge';

export async function transfer(request: TransferRequest): Promise<TransferResponse> {
  const { signal: outer, maxBodyBytes = 0 } = request;
  if (outer?.aborted) {
    throw new TransferFailure('cancelled', hostOf(request.url), 'cancelled');
  }
  // One signal for the exchange: node-fetch destroys the socket when it aborts, before or after
  // the headers arrived, which its own `timeout`/`size` options do not.
  const controller = takeAbortController();
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason): void => {
    stopReason ??= reason;
    controller.abort();
  };
  const onOuterAbort = outer ? (): void => stop('cancelled') : undefined;
  if (outer && onOuterAbort) {
    outer.addEventListener('abort', onOuterAbort);
  }
  const timer = setTimeout(stop, Math.min(Math.max(request.timeoutMs, 1), MAX_TIMER_MS), 'timeout');
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
      size: maxBodyBytes,
    });
    if (maxBodyBytes > 0 && request.method !== 'HEAD' && Number(responseHeader(response.headers, 'content-length')) > maxBodyBytes) {
      stop('tooLarge');
      throw new TransferFailure('tooLarge', hostOf(request.url), tooLargeReason(maxBodyBytes));
    }
    const body = await response.buffer();
    return { status: response.status, statusText: response.statusText, headers: response.headers, body };
  } catch (err) {
    if (err instanceof TransferFailure) {
      throw err;
    }
    if (err instanceof FetchError && err.type === 'max-size') {
      // node-fetch stops reading but leaves the socket streaming; aborting closes it.
      stop('tooLarge');
    }
    throw classify(err, stopReason, hostOf(request.url), request.timeoutMs, maxBodyBytes);
  } finally {
    clearTimeout(timer);
    if (outer && onOuterAbort) {
      outer.removeEventListener('abort', onOuterAbort);
    }
    returnAbortController(controller);
  }
}

function classify(
  err: unknown,
  stopReason: StopReason | undefined,
  host: string,
  timeoutMs: number,
  maxBodyBytes: number,
): TransferFailure {
  switch (stopReason) {
    case 'timeout':
      return new TransferFailure('timeout', host, `no complete answer within ${formatDuration(timeoutMs)}`);
    case 'cancelled':
      return new TransferFailure('cancelled', host, 'cancelled');
    case 'tooLarge':
      return new TransferFailure('tooLarge', host, tooLargeReason(maxBodyBytes));
  }
  if ((err as { name?: unknown }).name === 'AbortError') {
    return new TransferFailure('cancelled', host, 'cancelled');
  }
  const code = (err as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : undefined;
  return new TransferFailure('network', host, describeNetworkError(text, err), text);
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

/**
 * A response header's value, repeated values joined as `Headers.get` joins them. `name` must be
 * lower-case: node-fetch keeps response header names as Node parsed them, lower-cased. A direct
 * lookup, where `Headers.get` validates the name and compares every stored name lower-cased; on the
 * request path that difference is measurable (benchmark requestOverhead).
 */
export function responseHeader(headers: Headers, name: string): string | undefined {
  return headers.raw()[name]?.join(', ');
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

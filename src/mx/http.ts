// One HTTP exchange with the plumbing both MX clients need: a single deadline for the whole
// exchange (headers and body), cancellation that really closes the socket, a body size cap,
// content decoding, and failures sorted into the few kinds a user can act on. Redirects are never
// followed, because following one would carry the password or the API credentials to wherever
// the server points.
//
// Built on Node's http/https (what node-fetch wraps): every exchange ends by destroying its own
// ClientRequest, so the socket is closed on a deadline, a cancel or an oversized body without an
// AbortSignal per request. Measured (benchmark requestOverhead): node-fetch alone is ~9 % slower
// than http.request on a small loopback GET, and its AbortSignal plumbing added ~6 % more.

// 'http' and 'https' as node-fetch required them: VS Code's extension host routes these modules
// through the user's proxy settings, and `request` is looked up on them at each call.
import * as http from 'http';
import * as https from 'https';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

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
  /** Cap on the body, as received and decoded; 0 or absent means no cap. */
  readonly maxBodyBytes?: number;
}

export type HeaderList = Array<[string, string]>;

export interface TransferResponse {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names, in arrival order; repeated headers stay separate entries. */
  readonly headers: HeaderList;
  readonly body: Buffer;
}

/** Sent unless the caller gives its own. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

let userAgent = 'MX-Explorer';

/**
 * The User-Agent naming both versions (`MX-Explorer/0.1.0 VSCode/1.95.3`), so that MX can tell
 * which client called; characters that have no place in a product token are dropped.
 */
export function userAgentFor(extensionVersion: string, hostVersion: string): string {
  const token = (text: string): string => text.replace(/[^\w.+-]/g, '').slice(0, 40) || 'unknown';
  return `MX-Explorer/${token(extensionVersion)} VSCode/${token(hostVersion)}`;
}

/** Set once, at activation, for every request that follows. */
export function setUserAgent(value: string): void {
  userAgent = value;
}

/** What goes in User-Agent unless the caller gives its own. */
export function currentUserAgent(): string {
  return userAgent;
}

/** setTimeout fires at once for delays above 2^31-1 ms, which would turn a long timeout into none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function transfer(request: TransferRequest): Promise<TransferResponse> {
  return new Promise((resolve, reject) => new Exchange(request, resolve, reject).start());
}

class Exchange {
  private readonly cap: number;
  private client: http.ClientRequest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settled = false;

  constructor(
    private readonly request: TransferRequest,
    private readonly resolve: (response: TransferResponse) => void,
    private readonly reject: (failure: TransferFailure) => void,
  ) {
    this.cap = request.maxBodyBytes && request.maxBodyBytes > 0 ? request.maxBodyBytes : 0;
  }

  start(): void {
    const { request } = this;
    if (request.signal?.aborted) {
      this.fail('cancelled', 'cancelled');
      return;
    }
    const timeoutMs = Math.min(Math.max(request.timeoutMs, 1), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.fail('timeout', `no complete answer within ${formatDuration(request.timeoutMs)}`), timeoutMs);
    request.signal?.addEventListener('abort', this.cancel);
    try {
      const send = request.url.startsWith('https:') ? https.request : http.request;
      this.client = send(request.url, { method: request.method, headers: outgoingHeaders(request) }, (response) => this.receive(response));
    } catch (err) {
      // An invalid URL or header value: the callers check both, so this is a bug, reported plainly.
      this.fail('network', describeNetworkError(codeOf(err), err), codeOf(err));
      return;
    }
    this.client.on('error', (err) => this.fail('network', describeNetworkError(codeOf(err), err), codeOf(err)));
    this.client.end(request.body);
  }

  private readonly cancel = (): void => this.fail('cancelled', 'cancelled');

  private receive(response: http.IncomingMessage): void {
    const { request, cap } = this;
    if (cap > 0 && request.method !== 'HEAD' && Number(response.headers['content-length']) > cap) {
      this.fail('tooLarge', tooLargeReason(cap));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (cap > 0 && received > cap) {
        this.fail('tooLarge', tooLargeReason(cap));
      } else {
        chunks.push(chunk);
      }
    });
    // Once the headers are in, any error means the connection ended before the body did.
    response.on('error', () => this.fail('network', NETWORK_REASONS.ERR_STREAM_PREMATURE_CLOSE, 'ERR_STREAM_PREMATURE_CLOSE'));
    response.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
      const encoding = response.headers['content-encoding'];
      if (encoding === undefined || body.length === 0) {
        this.succeed(response, body);
        return;
      }
      decode(encoding, body, cap).then(
        (decoded) => this.succeed(response, decoded),
        (err: unknown) =>
          codeOf(err) === 'ERR_BUFFER_TOO_LARGE'
            ? this.fail('tooLarge', tooLargeReason(cap))
            : this.fail('network', `the reply body could not be decoded (${encoding.slice(0, 40)})`, codeOf(err)),
      );
    });
  }

  private succeed(response: http.IncomingMessage, body: Buffer): void {
    if (this.settled) {
      return;
    }
    this.finish();
    const raw = response.rawHeaders;
    const headers: HeaderList = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      headers.push([raw[i].toLowerCase(), raw[i + 1]]);
    }
    this.resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers, body });
  }

  private fail(kind: TransferFailureKind, reason: string, code?: string): void {
    if (this.settled) {
      return;
    }
    this.finish();
    // Destroying the request closes its socket, whether or not the headers had arrived.
    this.client?.destroy();
    this.reject(new TransferFailure(kind, hostOf(this.request.url), reason, code));
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.request.signal?.removeEventListener('abort', this.cancel);
  }
}

/**
 * The caller's headers, with a User-Agent and Accept-Encoding unless it gave its own, and the
 * body's length (Node frames a body by itself only for some methods: a DELETE body would be sent
 * unframed).
 */
function outgoingHeaders({ headers: given, body }: TransferRequest): Record<string, string> {
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
    headers['User-Agent'] = userAgent;
  }
  if (addAcceptEncoding) {
    headers['Accept-Encoding'] = ACCEPT_ENCODING;
  }
  if (body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  return headers;
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/**
 * Decodes a body by its Content-Encoding, leniently as browsers and curl are (a truncated stream
 * gives what arrived); an encoding we did not offer is passed through as received.
 */
function decode(encoding: string, body: Buffer, cap: number): Promise<Buffer> {
  const limit = cap > 0 ? { maxOutputLength: cap } : {};
  const lenient = { ...limit, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzip(body, lenient);
    case 'deflate':
    case 'x-deflate':
      // "deflate" is meant to be zlib-wrapped; some old servers send it raw.
      return (body[0] & 0x0f) === 0x08 ? inflate(body, lenient) : inflateRaw(body, lenient);
    case 'br':
      return brotliDecompress(body, limit);
    default:
      return Promise.resolve(body);
  }
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

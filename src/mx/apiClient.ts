// Sends one request to the MX API with the session's credentials. Its main duty is where those
// credentials go: only to the API base's origin, never through a redirect, never with headers a
// user could use to smuggle a second request. Everything is checked before the credentials are
// even fetched, so a refused request touches neither the session nor the network.

import { validateBaseUrl } from './environments';
import { decodeMxErrorBody, type MxErrorBody } from './errors';
import { formatBytes, formatDuration, headerValue, transfer, TransferFailure } from './http';
import { parseJson } from './json';
import { REDACTED } from './redaction';

export interface MxApiCredentials {
  readonly accessToken: string;
  readonly clientSecret: string;
}

export interface MxApiClientOptions {
  readonly apiUrl: string;
  /** Called per request, after validation; its errors (e.g. "signed out") pass through unchanged. */
  readonly credentials: () => Promise<MxApiCredentials>;
  /** Default deadline per request, body included; default 30 s. */
  readonly timeoutMs?: number;
  /** Monotonic clock in ms for durationMs; default performance.now. */
  readonly now?: () => number;
  /** Largest accepted (decoded) body; default 50 MB. */
  readonly maxBodyBytes?: number;
}

export interface ApiHeader {
  readonly name: string;
  readonly value: string;
}

export interface ApiRequest {
  readonly method: string;
  /** A path relative to the API base (`/mxs/...`) or a full URL on the API base's origin. */
  readonly url: string;
  readonly headers?: readonly ApiHeader[];
  readonly body?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ApiResponse {
  readonly method: string;
  /** The URL actually requested. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names, in arrival order; repeated headers stay separate entries. */
  readonly headers: Array<[string, string]>;
  readonly correlationId?: string;
  readonly bodyText: string;
  readonly bodyBytes: number;
  readonly durationMs: number;
  readonly json?: unknown;
  readonly jsonError?: string;
  readonly mxError?: MxErrorBody;
  /** What was sent, with Authorization and MX-Api-Client-Secret masked. */
  readonly requestHeaders: Array<[string, string]>;
}

export type ApiErrorKind = 'refused' | 'invalidRequest' | 'network' | 'timeout' | 'cancelled' | 'tooLarge';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** `host[:port]` involved, when known. */
    readonly host?: string,
    /** Node system error code for network failures. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export const DEFAULT_API_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);
// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII, space and tab: no CR/LF (header injection), no NUL, nothing non-ASCII.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const CREDENTIAL_HEADERS = new Set(['authorization', 'mx-api-client-secret', 'proxy-authorization']);
// Framing and routing are the HTTP client's business; letting a user set them invites request
// smuggling or sending the credentials to another virtual host.
const MANAGED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive']);
const JSON_CONTENT_TYPE = /^\s*(?:application|text)\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Longer URLs are refused before sending: servers answer 414/431 and logs truncate them. */
export const MAX_URL_LENGTH = 8 * 1024;
// Dot segments and encoded separators would let a path parameter climb out of the documented
// path (`/sites/../x`, `%2e%2e`, `%2F`); encoded unreserved characters only serve to hide them.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
const ENCODED_TRICK = /%(?:2f|5c|2e|2d|5f|7e|3[0-9]|[46][1-9a-f]|[57][0-9a])/i;

// A path (and query) made only of these characters is already in the form the URL parser would
// give it: nothing to percent-encode, no dot segment (no '.'), nothing percent-encoded (no '%'),
// no fragment, no backslash, no space or control character. It is sent as typed, sparing the
// checks and the URL parse per request (measured in the requestOverhead benchmark); a unit test
// checks that the parser agrees on such paths.
export const PLAIN_PATH = /^\/[\w\-~!$&()*+,;=:@/?]*$/;

export type ResolvedUrl = { ok: true; url: string } | { ok: false; kind: 'refused' | 'invalidRequest'; reason: string };

/** Why the path part of a URL (as typed) is refused, or undefined. */
function checkPath(text: string): string | undefined {
  const withoutOrigin = SCHEME.test(text) || text.startsWith('//') ? text.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/?#]*/i, '') : text;
  const path = withoutOrigin.split(/[?#]/, 1)[0];
  for (const segment of path.split('/')) {
    if (DOT_SEGMENT.test(segment) || ENCODED_TRICK.test(segment)) {
      return `The URL path segment "${segment.slice(0, 40)}" is refused: "." and ".." segments and percent-encoded "/", "\\", "." or letters could leave the documented path.`;
    }
  }
  return undefined;
}

export class MxApiClient {
  readonly apiUrl: string;
  private readonly origin: string;
  /** `origin` + "/": every URL sent starts with it. */
  private readonly originPath: string;
  private readonly credentials: () => Promise<MxApiCredentials>;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly maxBodyBytes: number;

  constructor(options: MxApiClientOptions) {
    const base = validateBaseUrl(options.apiUrl, 'API base URL');
    if (!base.ok) {
      throw new ApiError('refused', `MX Explorer refused to use this API base URL: ${base.reason}`);
    }
    this.apiUrl = base.url;
    this.origin = new URL(base.url).origin;
    this.originPath = `${this.origin}/`;
    this.credentials = options.credentials;
    this.timeoutMs = positiveOr(options.timeoutMs, DEFAULT_API_TIMEOUT_MS);
    this.now = options.now ?? (() => performance.now());
    this.maxBodyBytes = positiveOr(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  }

  /** Resolves a request URL against the API base, or explains why it may not carry credentials. */
  resolveUrl(raw: string): ResolvedUrl {
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      return { ok: false, kind: 'invalidRequest', reason: 'The URL is empty.' };
    }
    // The usual request: a plain path (see PLAIN_PATH), which can hold no control character,
    // backslash, dot segment or encoded trick, and cannot name another host unless it starts "//".
    if (PLAIN_PATH.test(text) && !text.startsWith('//')) {
      return this.checkedHref(this.apiUrl + text);
    }
    // Control characters and spaces would be silently encoded or stripped by the URL parser,
    // so the request sent would not be the one the user wrote.
    if (hasControlOrSpace(text) || text.includes('\\')) {
      return { ok: false, kind: 'invalidRequest', reason: 'The URL contains spaces, control characters or backslashes.' };
    }
    const pathProblem = checkPath(text);
    if (pathProblem) {
      return { ok: false, kind: 'invalidRequest', reason: pathProblem };
    }
    if (text.startsWith('//')) {
      return {
        ok: false,
        kind: 'refused',
        reason: `Request refused: "${text}" names another host; only paths on ${this.origin} receive your MX credentials.`,
      };
    }
    let href: string;
    if (SCHEME.test(text)) {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { ok: false, kind: 'invalidRequest', reason: 'The URL is not valid.' };
      }
      if (url.username !== '' || url.password !== '') {
        return { ok: false, kind: 'refused', reason: 'Request refused: the URL contains a user name or password.' };
      }
      if (url.origin !== this.origin) {
        const where = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : `a ${url.protocol} URL`;
        return {
          ok: false,
          kind: 'refused',
          reason: `Request refused: ${where} is not the API base ${this.origin}; MX credentials are only sent there.`,
        };
      }
      href = withoutHash(url);
    } else {
      const path = text.startsWith('/') ? text : `/${text}`;
      const resolved = this.parseOnBase(path);
      if (resolved === undefined) {
        return { ok: false, kind: 'invalidRequest', reason: 'The URL is not valid.' };
      }
      href = resolved;
    }
    return this.checkedHref(href);
  }

  private checkedHref(href: string): ResolvedUrl {
    // Defence in depth: whatever route built it, check what will be sent. (`href` starts with
    // `origin/` exactly when scheme, host and port match and there is no user name.)
    if (!href.startsWith(this.originPath)) {
      return { ok: false, kind: 'refused', reason: `Request refused: the URL does not stay on ${this.origin}.` };
    }
    if (href.length > MAX_URL_LENGTH) {
      return { ok: false, kind: 'invalidRequest', reason: `The URL with its query is ${href.length} characters long; at most ${MAX_URL_LENGTH} are sent.` };
    }
    return { ok: true, url: href };
  }

  /** The URL parser's form of a path on the API base, without fragment; undefined when it does not parse. */
  private parseOnBase(path: string): string | undefined {
    try {
      return withoutHash(new URL(this.apiUrl + path));
    } catch {
      return undefined;
    }
  }

  async send(request: ApiRequest): Promise<ApiResponse> {
    const method = typeof request.method === 'string' ? request.method.trim().toUpperCase() : '';
    if (!METHODS.has(method)) {
      throw new ApiError('invalidRequest', `Unknown HTTP method "${String(request.method).slice(0, 20)}".`);
    }
    const target = this.resolveUrl(request.url);
    if (!target.ok) {
      throw new ApiError(target.kind, target.reason);
    }
    const hasBody = request.body !== undefined && request.body !== '';
    if (hasBody && BODYLESS_METHODS.has(method)) {
      throw new ApiError('invalidRequest', `A ${method} request cannot have a body.`);
    }
    if (request.body !== undefined && typeof request.body !== 'string') {
      throw new ApiError('invalidRequest', 'The request body must be text.');
    }
    const userHeaders = request.headers === undefined ? [] : checkHeaders(request.headers);
    const timeoutMs = positiveOr(request.timeoutMs, this.timeoutMs);
    if (request.signal?.aborted) {
      throw new ApiError('cancelled', 'The request was cancelled.');
    }

    const { accessToken, clientSecret } = await this.credentials();
    const headers = baseHeaders(userHeaders, hasBody);
    // What the panel shows: the credentials are known to be exactly these two, added last.
    const requestHeaders: Array<[string, string]> = Object.entries(headers);
    requestHeaders.push(['Authorization', `Bearer ${REDACTED}`], ['MX-Api-Client-Secret', REDACTED]);
    headers.Authorization = `Bearer ${accessToken}`;
    headers['MX-Api-Client-Secret'] = clientSecret;

    const started = this.now();
    let reply;
    try {
      reply = await transfer({
        method,
        url: target.url,
        headers,
        body: hasBody ? request.body : undefined,
        timeoutMs,
        signal: request.signal,
        maxBodyBytes: this.maxBodyBytes,
      });
    } catch (err) {
      throw toApiError(err, timeoutMs, this.maxBodyBytes);
    }
    const durationMs = this.now() - started;

    const correlationId = headerValue(reply.headers, 'mx-correlation-id');
    const contentType = headerValue(reply.headers, 'content-type');
    const bodyText = reply.body.toString('utf8');
    const response: { -readonly [K in keyof ApiResponse]: ApiResponse[K] } = {
      method,
      url: target.url,
      status: reply.status,
      statusText: reply.statusText,
      headers: reply.headers,
      bodyText,
      bodyBytes: reply.body.length,
      durationMs,
      requestHeaders,
    };
    if (correlationId !== undefined) {
      response.correlationId = correlationId;
    }
    if (bodyText !== '' && contentType !== undefined && JSON_CONTENT_TYPE.test(contentType)) {
      const parsed = parseJson(bodyText);
      if (parsed.ok) {
        response.json = parsed.value;
      } else {
        response.jsonError = `The body is not valid JSON: ${parsed.error}`;
      }
      if (reply.status >= 400 && response.json !== undefined) {
        const mxError = decodeMxErrorBody(response.json);
        if (mxError) {
          response.mxError = mxError;
        }
      }
    }
    return response;
  }
}

/** Accept and Content-Type defaults, replaced by the user's own; repeated names combined as HTTP allows. */
function baseHeaders(userHeaders: ReadonlyArray<[string, string]>, hasBody: boolean): Record<string, string> {
  if (userHeaders.length === 0) {
    return hasBody ? { Accept: 'application/json', 'Content-Type': 'application/json' } : { Accept: 'application/json' };
  }
  const given = new Map<string, [string, string]>();
  for (const [name, value] of userHeaders) {
    const lower = name.toLowerCase();
    const previous = given.get(lower);
    given.set(lower, previous ? [previous[0], `${previous[1]}, ${value}`] : [name, value]);
  }
  const headers: Record<string, string> = {};
  if (!given.has('accept')) {
    headers.Accept = 'application/json';
  }
  if (hasBody && !given.has('content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  for (const [name, value] of given.values()) {
    headers[name] = value;
  }
  return headers;
}

/** The URL without its fragment, an empty one ("…#") included: `url.hash` reads '' for both. */
function withoutHash(url: URL): string {
  url.hash = '';
  return url.href;
}

function trimBlanks(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function checkHeaders(headers: readonly ApiHeader[]): Array<[string, string]> {
  if (!Array.isArray(headers)) {
    throw new ApiError('invalidRequest', 'Headers must be a list of { name, value }.');
  }
  const checked: Array<[string, string]> = [];
  for (const header of headers) {
    // Only spaces and tabs are trimmed: a trailing CR/LF must be caught, not quietly removed.
    const name = typeof header?.name === 'string' ? trimBlanks(header.name) : '';
    const value = typeof header?.value === 'string' ? trimBlanks(header.value) : undefined;
    if (name === '' && (value === undefined || value === '')) {
      continue; // an empty row in the panel's header table
    }
    if (!HEADER_NAME.test(name)) {
      throw new ApiError('invalidRequest', `Header name "${printable(name)}" is not valid; use letters, digits and - only.`);
    }
    if (value === undefined || !HEADER_VALUE.test(value)) {
      throw new ApiError(
        'invalidRequest',
        `The value of header ${name} must be plain ASCII text without line breaks or control characters.`,
      );
    }
    const lower = name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(lower)) {
      throw new ApiError(
        'invalidRequest',
        `Header ${name} was refused: MX Explorer adds the credentials itself from your sign-in; remove it from the request.`,
      );
    }
    if (MANAGED_HEADERS.has(lower)) {
      throw new ApiError('invalidRequest', `Header ${name} is set by the HTTP client and cannot be given.`);
    }
    checked.push([name, value]);
  }
  return checked;
}

/** Shows a bad header name without echoing raw control characters into a message or log. */
function printable(text: string): string {
  return JSON.stringify(text.slice(0, 60)).slice(1, -1);
}

function toApiError(err: unknown, timeoutMs: number, maxBodyBytes: number): ApiError {
  if (!(err instanceof TransferFailure)) {
    return new ApiError('network', `The request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  switch (err.kind) {
    case 'timeout':
      return new ApiError(
        'timeout',
        `${err.host} did not send a complete answer within ${formatDuration(timeoutMs)}.`,
        err.host,
      );
    case 'cancelled':
      return new ApiError('cancelled', 'The request was cancelled.', err.host);
    case 'tooLarge':
      return new ApiError(
        'tooLarge',
        `The reply from ${err.host} is larger than ${formatBytes(maxBodyBytes)}; it was not downloaded.`,
        err.host,
      );
    case 'network':
      return new ApiError(
        'network',
        `Could not reach ${err.host} (${err.reason}). Check the API base URL and your network.`,
        err.host,
        err.code,
      );
  }
}

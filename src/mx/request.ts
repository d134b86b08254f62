// The one request pipeline. Whoever asks for an MX request (the panel, the public API, the curl /
// fetch export, and later `.http` files, agent tools and the sidebar) hands a request in here and
// gets back either a PreparedRequest — method, URL resolved on the API base and checked against the
// origin rule, headers checked and completed, body decided by the method — or a refusal that says
// why. Only MxApiClient.send turns a PreparedRequest into network traffic, adding the credentials.
// Pure: no network, no credentials, no `vscode`.
//
// Entry points: prepareRequest (a request as a program writes it: a body on GET is an error) and
// prepareDraft (a request as the panel edits it: the editor keeps a body while GET is chosen, and
// that body is simply not part of the request). Then decodeAnswer (answerDecoding.ts) reads what
// came back.

import { matchEndpoint, type EndpointMatch } from './catalogue';
import { validateBaseUrl } from './environments';
import { AUTHORIZATION_HEADER, CLIENT_SECRET_HEADER, HTTP_METHODS, type HttpMethod, isCredentialHeader, methodTakesBody } from './requestRules';

/** A query parameter or header row; a row with `enabled: false` is left out. */
export interface RequestRow {
  readonly name: string;
  readonly value: string;
  readonly enabled?: boolean;
}

export interface RequestInput {
  readonly method: string;
  /** A path relative to the API base (`/mxs/...`) or a full URL on the API base's origin. */
  readonly url: string;
  /** Appended to the URL, names and values percent-encoded. */
  readonly query?: readonly RequestRow[];
  readonly headers?: readonly RequestRow[];
  readonly body?: string;
}

export type RefusalKind = 'refused' | 'invalidRequest';
export type Refusal = { readonly ok: false; readonly kind: RefusalKind; readonly reason: string };

/** A request that passed every rule; only this module makes one (see isPrepared). */
export interface PreparedRequest {
  readonly method: HttpMethod;
  /** Absolute, on the API base's origin, without fragment, at most MAX_URL_LENGTH characters. */
  readonly url: string;
  /** The API base it was resolved against: it may only be sent with that base's credentials. */
  readonly apiUrl: string;
  /** What is sent besides the credentials: Accept and Content-Type defaults, then the user's own. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  /** The catalogue endpoint the URL addresses, matched once here for everyone downstream. */
  readonly endpoint?: EndpointMatch;
}

export type Prepared = { readonly ok: true; readonly request: PreparedRequest } | Refusal;

/** An API base URL, checked once (https, or http on loopback) and kept with its origin. */
export interface ApiTarget {
  readonly apiUrl: string;
  readonly origin: string;
}

/** Longer URLs are refused before sending: servers answer 414/431 and logs truncate them. */
export const MAX_URL_LENGTH = 8 * 1024;

// A path (and query) made only of these characters is already in the form the URL parser would
// give it: nothing to percent-encode, no dot segment (no '.'), nothing percent-encoded (no '%'),
// no fragment, no backslash, no space or control character. It is sent as typed, sparing the
// checks and the URL parse per request (measured in the requestOverhead benchmark); a unit test
// checks that the parser agrees on such paths.
export const PLAIN_PATH = /^\/[\w\-~!$&()*+,;=:@/?]*$/;

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII, space and tab: no CR/LF (header injection), no NUL, nothing non-ASCII.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
// Framing and routing are the HTTP client's business; letting a user set them invites request
// smuggling or sending the credentials to another virtual host.
const MANAGED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive']);
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// Dot segments and encoded separators would let a path parameter climb out of the documented
// path (`/sites/../x`, `%2e%2e`, `%2F`); encoded unreserved characters only serve to hide them.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
const ENCODED_TRICK = /%(?:2f|5c|2e|2d|5f|7e|3[0-9]|[46][1-9a-f]|[57][0-9a])/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const genuine = new WeakSet<object>();

/** True only for a PreparedRequest made by this module, not for a look-alike built elsewhere. */
export function isPrepared(value: unknown): value is PreparedRequest {
  return typeof value === 'object' && value !== null && genuine.has(value);
}

/** Checks an API base URL; the refusal says why it may not receive credentials. */
export function apiTarget(apiUrl: string): { ok: true; target: ApiTarget } | Refusal {
  const base = validateBaseUrl(apiUrl, 'API base URL');
  if (!base.ok) {
    return { ok: false, kind: 'refused', reason: `MX Explorer refused to use this API base URL: ${base.reason}` };
  }
  return { ok: true, target: { apiUrl: base.url, origin: new URL(base.url).origin } };
}

/** A request as the panel edits it: its body counts only when the method takes one and it is not blank. */
export function prepareDraft(draft: RequestInput, on: ApiTarget | string): Prepared {
  return guarded(() => {
    const { method, url, query, headers, body } = draft;
    const sent = typeof body === 'string' && methodTakesBody(method) && body.trim() !== '' ? body : undefined;
    return prepareRequest({ method, url, query, headers, body: sent }, on);
  });
}

/**
 * Checks a request and resolves it on the API base: method, URL and origin rule, query rows,
 * headers, body. Never throws; a refusal's reason is written for the user.
 */
export function prepareRequest(input: RequestInput, on: ApiTarget | string): Prepared {
  return guarded(() => {
    const target = typeof on === 'string' ? apiTarget(on) : { ok: true as const, target: on };
    return target.ok ? prepare(input, target.target) : target;
  });
}

/** Input from another extension is not trusted: a getter that throws, a revoked proxy, null. */
function guarded(prepareIt: () => Prepared): Prepared {
  try {
    return prepareIt();
  } catch {
    return invalid('The request could not be read.');
  }
}

/**
 * Requests with nothing but a method and a URL (most of them), as prepared lately: a prepared
 * request is frozen, so the same one serves the same method, URL and API base again. Saves the
 * checks, the freezing and the endpoint match per send (measured in the requestOverhead benchmark).
 */
const recentPrepared = new Map<string, PreparedRequest>();
const MAX_RECENT_PREPARED = 256;
const MAX_REMEMBERED_URL = 1024;

function isEmptyRows(rows: unknown): boolean {
  return rows === undefined || (Array.isArray(rows) && rows.length === 0);
}

function prepare(input: RequestInput, target: ApiTarget): Prepared {
  // Each field is read once: a getter must not answer one thing to the check and another to the send.
  const { method: typedMethod, url: typedUrl, query, headers: rows, body } = input;
  const key =
    typeof typedMethod === 'string' && typeof typedUrl === 'string' && typedUrl.length <= MAX_REMEMBERED_URL && isEmptyRows(query) && isEmptyRows(rows) && (body === undefined || body === '')
      ? `${target.apiUrl} ${typedMethod} ${typedUrl}`
      : undefined;
  const known = key === undefined ? undefined : recentPrepared.get(key);
  if (known) return { ok: true, request: known };
  const prepared = prepareChecked(typedMethod, typedUrl, query, rows, body, target);
  if (key !== undefined && prepared.ok) {
    if (recentPrepared.size >= MAX_RECENT_PREPARED) recentPrepared.delete(recentPrepared.keys().next().value as string);
    recentPrepared.set(key, prepared.request);
  }
  return prepared;
}

function prepareChecked(
  typedMethod: RequestInput['method'],
  typedUrl: RequestInput['url'],
  query: RequestInput['query'],
  rows: RequestInput['headers'],
  body: RequestInput['body'],
  target: ApiTarget,
): Prepared {
  const method = typeof typedMethod === 'string' ? typedMethod.trim().toUpperCase() : '';
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return invalid(`Unknown HTTP method "${String(typedMethod).slice(0, 20)}".`);
  }
  const resolved = resolveUrl(typedUrl, target);
  if (!resolved.ok) return resolved;
  const url = withQuery(resolved.url, query, target);
  if (!url.ok) return url;
  const hasBody = body !== undefined && body !== '';
  if (hasBody && !methodTakesBody(method)) return invalid(`A ${method} request cannot have a body.`);
  if (body !== undefined && typeof body !== 'string') return invalid('The request body must be text.');
  const headers = checkHeaders(rows, hasBody, CREDENTIAL_ADDED_BY_US);
  if (!Array.isArray(headers)) return headers;
  // Frozen through and through: a genuine request is trusted as it is, so nothing may change it later.
  for (const pair of headers) Object.freeze(pair);
  const request: { -readonly [K in keyof PreparedRequest]: PreparedRequest[K] } = { method: method as HttpMethod, url: url.url, apiUrl: target.apiUrl, headers: Object.freeze(headers) };
  if (hasBody) request.body = body;
  const endpoint = matchEndpoint(method, url.url);
  if (endpoint) request.endpoint = endpoint;
  genuine.add(Object.freeze(request));
  return { ok: true, request };
}

function invalid(reason: string): Refusal {
  return { ok: false, kind: 'invalidRequest', reason };
}

type Resolved = { ok: true; url: string } | Refusal;

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

/** Resolves a request URL against the API base, or explains why it may not carry credentials. */
export function resolveUrl(raw: string, target: ApiTarget): Resolved {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    return invalid('The URL is empty.');
  }
  // The usual request: a plain path (see PLAIN_PATH), which can hold no control character,
  // backslash, dot segment or encoded trick, and cannot name another host unless it starts "//".
  if (PLAIN_PATH.test(text) && !text.startsWith('//')) {
    return checkedHref(target.apiUrl + text, target);
  }
  // Control characters and spaces would be silently encoded or stripped by the URL parser,
  // so the request sent would not be the one the user wrote.
  if (hasControlOrSpace(text) || text.includes('\\')) {
    return invalid('The URL contains spaces, control characters or backslashes.');
  }
  const pathProblem = checkPath(text);
  if (pathProblem) {
    return invalid(pathProblem);
  }
  if (text.startsWith('//')) {
    return refused(`Request refused: "${text}" names another host; only paths on ${target.origin} receive your MX credentials.`);
  }
  if (!SCHEME.test(text)) {
    const href = parseHref(target.apiUrl + (text.startsWith('/') ? text : `/${text}`));
    return href === undefined ? invalid('The URL is not valid.') : checkedHref(href, target);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('The URL is not valid.');
  }
  if (url.username !== '' || url.password !== '') {
    return refused('Request refused: the URL contains a user name or password.');
  }
  if (url.origin !== target.origin) {
    const where = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : `a ${url.protocol} URL`;
    return refused(`Request refused: ${where} is not the API base ${target.origin}; MX credentials are only sent there.`);
  }
  url.hash = '';
  return checkedHref(url.href, target);
}

function refused(reason: string): Refusal {
  return { ok: false, kind: 'refused', reason };
}

function checkedHref(href: string, target: ApiTarget): Resolved {
  // Defence in depth: whatever route built it, check what will be sent. (`href` starts with
  // `origin/` exactly when scheme, host and port match and there is no user name.)
  if (!href.startsWith(`${target.origin}/`)) {
    return refused(`Request refused: the URL does not stay on ${target.origin}.`);
  }
  if (href.length > MAX_URL_LENGTH) {
    return invalid(`The URL with its query is ${href.length} characters long; at most ${MAX_URL_LENGTH} are sent.`);
  }
  return { ok: true, url: href };
}

/** The URL parser's form, without fragment (an empty one, "…#", included); undefined when it does not parse. */
function parseHref(text: string): string | undefined {
  try {
    const url = new URL(text);
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** The resolved URL with the enabled query rows appended, percent-encoded, then checked again. */
function withQuery(href: string, rows: readonly RequestRow[] | undefined, target: ApiTarget): Resolved {
  if (!Array.isArray(rows) || rows.length === 0) {
    return { ok: true, url: href };
  }
  const pairs = rows
    .filter((row) => row && row.enabled !== false && typeof row.name === 'string' && row.name.trim() !== '')
    .map((row) => `${encodeQueryPart(row.name.trim())}=${encodeQueryPart(typeof row.value === 'string' ? row.value : '')}`);
  if (pairs.length === 0) {
    return { ok: true, url: href };
  }
  // The href has no fragment; an existing query gets `&`, a bare trailing `?` nothing.
  const question = href.indexOf('?');
  const separator = question < 0 ? '?' : question === href.length - 1 ? '' : '&';
  return checkedHref(`${href}${separator}${pairs.join('&')}`, target);
}

/**
 * encodeURIComponent, which leaves no `&`, `=`, `#`, `+` or space in a query part, plus `'`, which
 * the URL parser would encode in an http(s) query: the result is already in the parser's form.
 * Lone surrogates become U+FFFD.
 */
function encodeQueryPart(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(/'/g, '%27');
}

/**
 * The headers to send besides the credentials: Accept (and, with a body, Content-Type) defaults,
 * replaced by the user's own; repeated names combined as HTTP allows. Names go as typed, only
 * spaces and tabs trimmed: a trailing CR/LF must be caught, not quietly removed.
 */
function checkHeaders(rows: readonly RequestRow[] | undefined, hasBody: boolean, credentialRefusal: (name: string) => string): Array<[string, string]> | Refusal {
  if (rows !== undefined && !Array.isArray(rows)) {
    return invalid('Headers must be a list of { name, value }.');
  }
  const given = new Map<string, [string, string]>();
  for (const row of rows ?? []) {
    const typed = typeof row?.name === 'string' ? row.name : '';
    if (row?.enabled === false || typed.trim() === '') {
      continue; // a switched-off or empty row in the panel's header table
    }
    const name = trimBlanks(typed);
    const value = typeof row.value === 'string' ? trimBlanks(row.value) : undefined;
    if (!HEADER_NAME.test(name)) {
      return invalid(`Header name "${printable(name)}" is not valid; use letters, digits and - only.`);
    }
    if (value === undefined || !HEADER_VALUE.test(value)) {
      return invalid(`The value of header ${name} must be plain ASCII text without line breaks or control characters.`);
    }
    const lower = name.toLowerCase();
    if (isCredentialHeader(lower)) {
      return invalid(credentialRefusal(name));
    }
    if (MANAGED_HEADERS.has(lower)) {
      return invalid(`Header ${name} is set by the HTTP client and cannot be given.`);
    }
    const previous = given.get(lower);
    given.set(lower, previous ? [previous[0], `${previous[1]}, ${value}`] : [name, value]);
  }
  const headers: Array<[string, string]> = [];
  if (!given.has('accept')) {
    headers.push(['Accept', 'application/json']);
  }
  if (hasBody && !given.has('content-type')) {
    headers.push(['Content-Type', 'application/json']);
  }
  headers.push(...given.values());
  return headers;
}

const CREDENTIAL_ADDED_BY_US = (name: string): string => `Header ${name} was refused: MX Explorer adds the credentials itself from your sign-in; remove it from the request.`;
const NO_CREDENTIALS_ELSEWHERE = (name: string): string =>
  `Header ${name} was refused: a request to a server other than the MX API is sent without credentials of any kind; remove it from the request.`;

/**
 * A request for a server other than the MX API, sent with no MX credentials at all
 * (plainClient.ts sends it). Not a PreparedRequest: MxApiClient refuses it, so it can never pick
 * up the session's token or client secret.
 */
export interface PlainRequest {
  readonly method: HttpMethod;
  /** Absolute http(s), without user name, password or fragment, at most MAX_URL_LENGTH characters. */
  readonly url: string;
  /** What is sent: Accept and Content-Type defaults, then the user's own; never a credential header. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
}

export type PlainPrepared = { readonly ok: true; readonly request: PlainRequest } | Refusal;

/**
 * The pipeline's checks for a request that carries no credentials, as the panel or a `.http` file
 * drafts it (a body only with a method that takes one): method, an absolute http(s) URL with no
 * user name or password, query rows, headers (a credential header is refused: nothing
 * credential-like is sent to another server), body. Never throws.
 */
export function preparePlainDraft(draft: RequestInput): PlainPrepared {
  try {
    const { method: typedMethod, url: typedUrl, query, headers: rows, body: typedBody } = draft;
    const method = typeof typedMethod === 'string' ? typedMethod.trim().toUpperCase() : '';
    if (!(HTTP_METHODS as readonly string[]).includes(method)) return invalid(`Unknown HTTP method "${String(typedMethod).slice(0, 20)}".`);
    const text = typeof typedUrl === 'string' ? typedUrl.trim() : '';
    if (hasControlOrSpace(text) || text.includes('\\')) return invalid('The URL contains spaces, control characters or backslashes.');
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return invalid('The URL is not a full http: or https: URL.');
    }
    if (!SCHEME.test(text) || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return invalid('The URL is not a full http: or https: URL.');
    if (parsed.username !== '' || parsed.password !== '') return refused('Request refused: the URL contains a user name or password.');
    parsed.hash = '';
    const own: ApiTarget = { apiUrl: parsed.origin, origin: parsed.origin };
    const resolved = checkedHref(parsed.href, own);
    if (!resolved.ok) return resolved;
    const url = withQuery(resolved.url, query, own);
    if (!url.ok) return url;
    if (typedBody !== undefined && typeof typedBody !== 'string') return invalid('The request body must be text.');
    const body = typeof typedBody === 'string' && methodTakesBody(method) && typedBody.trim() !== '' ? typedBody : undefined;
    const headers = checkHeaders(rows, body !== undefined, NO_CREDENTIALS_ELSEWHERE);
    if (!Array.isArray(headers)) return headers;
    const request: PlainRequest = { method: method as HttpMethod, url: url.url, headers, ...(body !== undefined ? { body } : {}) };
    return { ok: true, request };
  } catch {
    return invalid('The request could not be read.');
  }
}

/** The two credential headers MX wants on every API call, with the values given (real, masked or placeholders). */
export function credentialHeaders(accessToken: string, clientSecret: string): Array<[string, string]> {
  return [
    [AUTHORIZATION_HEADER, `Bearer ${accessToken}`],
    [CLIENT_SECRET_HEADER, clientSecret],
  ];
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

/** Shows a bad header name without echoing raw control characters into a message or log. */
function printable(text: string): string {
  return JSON.stringify(text.slice(0, 60)).slice(1, -1);
}

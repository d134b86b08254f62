// "Copy as curl / fetch": the request as the panel would send it, with the credentials as
// environment-variable placeholders. No token or secret value is ever written, not even one the
// user typed into a header row, and a command is only produced for a URL on the API base's
// origin, because running it would send the user's real credentials there.

import type { RequestDraft, Row } from '../protocol';
import { ApiError, MxApiClient } from './apiClient';

export const ACCESS_TOKEN_VARIABLE = 'MX_ACCESS_TOKEN';
export const CLIENT_SECRET_VARIABLE = 'MX_CLIENT_SECRET';

export type ResolvedDraftUrl = { ok: true; url: string } | { ok: false; kind: 'refused' | 'invalidRequest'; reason: string };
export type ExportResult = { ok: true; text: string } | { ok: false; kind: 'refused' | 'invalidRequest'; reason: string };

// Same rules as MxApiClient.send applies to header rows.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
/** Rows never exported: the credentials are added as placeholders, the rest carry other secrets. */
const DROPPED_HEADERS = new Set(['authorization', 'mx-api-client-secret', 'proxy-authorization']);
const MANAGED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive']);
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

function enabledRows(rows: readonly Row[] | undefined): Row[] {
  return Array.isArray(rows) ? rows.filter((row) => row && row.enabled === true && typeof row.name === 'string' && row.name.trim() !== '') : [];
}

/**
 * The URL a draft is sent to: its URL resolved against the API base, with the enabled query rows
 * appended (percent-encoded), then checked by the same origin rule MxApiClient applies.
 */
export function resolveDraftUrl(draft: RequestDraft, apiUrl: string): ResolvedDraftUrl {
  let client: MxApiClient;
  try {
    client = new MxApiClient({ apiUrl, credentials: () => Promise.reject(new Error('Export never sends.')) });
  } catch (err) {
    return { ok: false, kind: 'refused', reason: err instanceof ApiError ? err.message : 'The API base URL is not valid.' };
  }
  const base = client.resolveUrl(typeof draft?.url === 'string' ? draft.url : '');
  if (!base.ok) {
    return base;
  }
  const pairs = enabledRows(draft.query).map(
    (row) => `${encodeQueryPart(row.name.trim())}=${encodeQueryPart(typeof row.value === 'string' ? row.value : '')}`,
  );
  if (pairs.length === 0) {
    return base;
  }
  let url: URL;
  try {
    url = new URL(base.url);
  } catch {
    return { ok: false, kind: 'invalidRequest', reason: 'The URL is not valid.' };
  }
  const separator = url.search !== '' ? '&' : base.url.endsWith('?') ? '' : '?';
  return client.resolveUrl(`${base.url}${separator}${pairs.join('&')}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent, which leaves no `&`, `=`, `#`, `+` or space in a query part. Lone surrogates become U+FFFD. */
function encodeQueryPart(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

interface ExportParts {
  readonly method: string;
  readonly url: string;
  /** User headers plus defaults, without credentials. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
}

function exportParts(draft: RequestDraft, apiUrl: string): { ok: true; parts: ExportParts } | { ok: false; kind: 'refused' | 'invalidRequest'; reason: string } {
  const resolved = resolveDraftUrl(draft, apiUrl);
  if (!resolved.ok) {
    return resolved;
  }
  const method = typeof draft.method === 'string' ? draft.method.toUpperCase() : 'GET';
  const hasBody = typeof draft.body === 'string' && draft.body !== '' && !BODYLESS_METHODS.has(method);
  const given = new Map<string, [string, string]>();
  for (const row of Array.isArray(draft.headers) ? draft.headers : []) {
    if (!row || row.enabled !== true) {
      continue;
    }
    const name = typeof row.name === 'string' ? trimBlanks(row.name) : '';
    const value = typeof row.value === 'string' ? trimBlanks(row.value) : '';
    if (name === '') {
      continue;
    }
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower)) {
      continue;
    }
    if (!HEADER_NAME.test(name)) {
      return { ok: false, kind: 'invalidRequest', reason: `Header name ${JSON.stringify(name.slice(0, 60))} is not valid; use letters, digits and - only.` };
    }
    if (!HEADER_VALUE.test(value)) {
      return { ok: false, kind: 'invalidRequest', reason: `The value of header ${name} must be plain ASCII text without line breaks or control characters.` };
    }
    if (MANAGED_HEADERS.has(lower)) {
      return { ok: false, kind: 'invalidRequest', reason: `Header ${name} is set by the HTTP client and cannot be given.` };
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
  return { ok: true, parts: { method, url: resolved.url, headers, ...(hasBody ? { body: draft.body } : {}) } };
}

function trimBlanks(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** POSIX shell single quoting: nothing inside is special; a `'` is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command line; the credentials come from $MX_ACCESS_TOKEN and $MX_CLIENT_SECRET. */
export function toCurl(draft: RequestDraft, apiUrl: string): ExportResult {
  const built = exportParts(draft, apiUrl);
  if (!built.ok) {
    return built;
  }
  const { method, url, headers, body } = built.parts;
  const first = method === 'GET' ? 'curl' : method === 'HEAD' ? 'curl --head' : `curl -X ${method}`;
  const lines = [`${first} ${shellQuote(url)}`];
  for (const [name, value] of headers) {
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  // Double quotes on purpose: these two, and only these, are expanded by the shell.
  lines.push(`-H "Authorization: Bearer $${ACCESS_TOKEN_VARIABLE}"`);
  lines.push(`-H "MX-Api-Client-Secret: $${CLIENT_SECRET_VARIABLE}"`);
  if (body !== undefined) {
    lines.push(`--data-raw ${shellQuote(body)}`);
  }
  return { ok: true, text: lines.join(' \\\n  ') };
}

/** A JavaScript fetch call (Node 18+); the credentials come from process.env. */
export function toFetch(draft: RequestDraft, apiUrl: string): ExportResult {
  const built = exportParts(draft, apiUrl);
  if (!built.ok) {
    return built;
  }
  const { method, url, headers, body } = built.parts;
  const lines = [`const response = await fetch(${jsString(url)}, {`, `  method: ${jsString(method)},`, '  headers: {'];
  for (const [name, value] of headers) {
    lines.push(`    ${jsString(name)}: ${jsString(value)},`);
  }
  lines.push(`    "Authorization": \`Bearer \${process.env.${ACCESS_TOKEN_VARIABLE}}\`,`);
  lines.push(`    "MX-Api-Client-Secret": process.env.${CLIENT_SECRET_VARIABLE},`);
  lines.push('  },');
  if (body !== undefined) {
    lines.push(`  body: ${jsString(body)},`);
  }
  lines.push('});');
  return { ok: true, text: lines.join('\n') };
}

/** A JSON string literal, with U+2028/9 and `</` escaped so it is safe in any JS context. */
function jsString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<\//g, '<\\/');
}

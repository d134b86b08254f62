// Keeps passwords, tokens and the client secret out of logs, error messages and shown headers.
// Two layers: exact values we know about (they may appear anywhere, in any shape), and patterns
// for secrets we were never told about (a token in a pasted curl command, a server echoing a body).

import { isCredentialHeader } from './credentialHeaders';

export const REDACTED = '‹redacted›';

/** Shorter values would match ordinary text everywhere and make logs unreadable. */
const MIN_SECRET_LENGTH = 4;


// Field names whose values are credentials, in form bodies, query strings and JSON.
// `token_type`, `grant_type` and `expires_in` stay visible: they help diagnose and are not secret.
const SENSITIVE_FIELD = String.raw`[\w.-]*(?:password|passwd|secret|access_?token|refresh_?token|id_?token|api_?key)[\w.-]*`;

// A header written as `Name: value`, `"Name":"value"`, `["Name","value"]` or `{"name":"Name","value":"…"}`.
const HEADER_SEPARATOR = String.raw`["']?\s*(?:,\s*"value"\s*:|[:=,])\s*["']?`;

const AUTHORIZATION_PATTERN = new RegExp(
  String.raw`(\b(?:proxy-)?authorization${HEADER_SEPARATOR})(?:(bearer|basic|digest|negotiate|token)\s+)?([^\s"',;}\]]+)`,
  'gi',
);
const CLIENT_SECRET_HEADER_PATTERN = new RegExp(
  String.raw`(\bmx-api-client-secret${HEADER_SEPARATOR})([^\s"',;}\]]+)`,
  'gi',
);
// A bare bearer token anywhere, e.g. in a pasted curl line without the header name.
const BEARER_PATTERN = /\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const FORM_FIELD_PATTERN = new RegExp(String.raw`(^|[?&;\s"'])(${SENSITIVE_FIELD})=([^&\s#"']*)`, 'gi');
const JSON_FIELD_PATTERN = new RegExp(String.raw`("${SENSITIVE_FIELD}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi');

/** Redacts credentials recognisable by their context, without knowing their values. */
export function redactPatterns(text: string, mask: string = REDACTED): string {
  return text
    .replace(AUTHORIZATION_PATTERN, (_m, prefix: string, scheme: string | undefined) =>
      scheme ? `${prefix}${scheme} ${mask}` : `${prefix}${mask}`,
    )
    .replace(CLIENT_SECRET_HEADER_PATTERN, (_m, prefix: string) => `${prefix}${mask}`)
    .replace(BEARER_PATTERN, (_m, scheme: string) => `${scheme} ${mask}`)
    .replace(FORM_FIELD_PATTERN, (_m, lead: string, name: string) => `${lead}${name}=${mask}`)
    .replace(JSON_FIELD_PATTERN, (_m, prefix: string) => `${prefix}"${mask}"`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The shapes a value takes when it is put into a form body, a URL or a JSON string. */
function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  try {
    const uri = encodeURIComponent(value);
    forms.add(uri);
    forms.add(uri.replace(/%20/g, '+'));
    forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  } catch {
    // Lone surrogates cannot be URI-encoded; the raw form is still covered.
  }
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export interface RedactorOptions {
  /** Replacement text; default `‹redacted›`. */
  readonly mask?: string;
}

/**
 * Knows the concrete secrets of the session (password, client secret, tokens) and removes them
 * from any text, then applies the patterns. One instance lives as long as the session.
 */
export class Redactor {
  readonly mask: string;
  private readonly secrets = new Set<string>();
  private matcher: RegExp | undefined;

  constructor(options: RedactorOptions = {}) {
    this.mask = options.mask ?? REDACTED;
  }

  /** Remembers a secret; empty, missing or too-short values are ignored. */
  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) {
      return;
    }
    this.secrets.add(secret);
    this.matcher = undefined;
  }

  remove(secret: string | undefined | null): void {
    if (typeof secret === 'string' && this.secrets.delete(secret)) {
      this.matcher = undefined;
    }
  }

  clear(): void {
    this.secrets.clear();
    this.matcher = undefined;
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Replaces every known secret (and its encoded forms), then pattern-matched credentials. */
  redact(text: string): string {
    let result = String(text);
    const matcher = this.knownSecretMatcher();
    if (matcher) {
      result = result.replace(matcher, this.mask);
    }
    return redactPatterns(result, this.mask);
  }

  redactHeaders<T extends HeaderCollection>(headers: T): T {
    return redactHeaders(headers, this.mask, (value) => this.redact(value));
  }

  safeError(err: unknown): string {
    return safeError(err, this);
  }

  private knownSecretMatcher(): RegExp | undefined {
    if (this.secrets.size === 0) {
      return undefined;
    }
    if (!this.matcher) {
      const forms = new Set<string>();
      for (const secret of this.secrets) {
        encodedForms(secret).forEach((form) => forms.add(form));
      }
      // Longest first so a secret containing another is removed whole, not leaving its tail.
      const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.matcher = new RegExp(alternatives.join('|'), 'g');
    }
    return this.matcher;
  }
}

export type HeaderCollection =
  | ReadonlyArray<readonly [string, string]>
  | ReadonlyArray<{ readonly name: string; readonly value: string }>
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Masks a credential header's value, keeping the scheme (`Bearer ‹redacted›`) since it helps diagnosis. */
export function maskHeaderValue(name: string, value: string, mask: string = REDACTED): string {
  if (!isCredentialHeader(name)) {
    return value;
  }
  const scheme = /^\s*(bearer|basic|digest|negotiate|token)\s+\S/i.exec(value);
  return scheme ? `${scheme[1]} ${mask}` : mask;
}

/**
 * Returns a copy with the credential headers masked by name (case-insensitive), in the same shape
 * it was given. `redactValue` lets a Redactor also scrub known secrets from other headers.
 */
export function redactHeaders<T extends HeaderCollection>(
  headers: T,
  mask: string = REDACTED,
  redactValue: (value: string) => string = (value) => value,
): T {
  const scrub = (name: string, value: string): string =>
    isCredentialHeader(name) ? maskHeaderValue(name, value, mask) : redactValue(value);
  if (Array.isArray(headers)) {
    return headers.map((entry: unknown) => {
      if (Array.isArray(entry)) {
        const [name, value] = entry as [string, string];
        return [name, scrub(name, value)] as const;
      }
      const { name, value } = entry as { name: string; value: string };
      return { ...(entry as object), name, value: scrub(name, value) };
    }) as unknown as T;
  }
  const copy: Record<string, string | readonly string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    copy[name] =
      value === undefined ? value : typeof value === 'string' ? scrub(name, value) : value.map((v) => scrub(name, v));
  }
  return copy as T;
}

const MAX_ERROR_TEXT = 4000;

/**
 * A one-line description of anything thrown, fit for a log: name, message, Node error code and
 * the cause chain, with secrets removed. Never throws, whatever it is given.
 */
export function safeError(err: unknown, redactor?: Redactor): string {
  const clean = (text: string): string => (redactor ? redactor.redact(text) : redactPatterns(text));
  let text: string;
  try {
    text = describe(err, 0);
  } catch {
    text = 'unprintable error';
  }
  const cleaned = clean(text);
  return cleaned.length > MAX_ERROR_TEXT ? `${cleaned.slice(0, MAX_ERROR_TEXT)}…` : cleaned;
}

function describe(err: unknown, depth: number): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const codePart = typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : '';
    const message = err.message ? `${err.name}: ${err.message}` : err.name;
    const cause = (err as { cause?: unknown }).cause;
    const causePart = cause !== undefined && depth < 3 ? ` (caused by ${describe(cause, depth + 1)})` : '';
    return `${message}${codePart}${causePart}`;
  }
  if (typeof err === 'string') {
    return err;
  }
  if (err === undefined || err === null || typeof err !== 'object') {
    return String(err);
  }
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return Object.prototype.toString.call(err);
  }
}

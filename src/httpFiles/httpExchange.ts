// What a sent `.http` request and its answer leave behind for later requests of the same file
// (request variables `{{name.response…}}` / `{{name.request…}}`) and for its assertions. Kept in
// memory for the session only, never written anywhere. The request side holds what was sent as the
// file resolved it, i.e. never a credential: the pipeline adds those after this is recorded, and
// `Authorization` / `MX-Api-Client-Secret` are dropped here anyway. Pure.
import { isCredentialHeader } from '../mx/requestRules';
import type { RequestDraft, ResponseSummary } from '../protocol';

export interface ExchangeHeader {
  readonly name: string;
  readonly value: string;
}

export interface HttpExchange {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: readonly ExchangeHeader[];
    readonly body: string;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly headers: readonly ExchangeHeader[];
    /** The body text as received (possibly cut, see `bodyTruncated`). */
    readonly body: string;
    readonly bodyTruncated?: boolean;
    readonly durationMs: number;
  };
}

/** Bodies kept per answer; a longer one is cut (request variables and assertions then say so). */
export const MAX_KEPT_BODY_CHARS = 4 * 1024 * 1024;
/** Answers kept per session; the oldest go first. */
export const MAX_KEPT_EXCHANGES = 200;

/**
 * The exchange as the request panel's pipeline reports it: the draft that was sent and the answer's
 * summary, whose body is the raw preview (cut at RAW_PREVIEW_CHARS; `bodyTruncated` then says so).
 */
export function exchangeFrom(draft: RequestDraft, response: ResponseSummary): HttpExchange {
  return keepableExchange({
    request: { method: draft.method, url: draft.url, headers: draft.headers.filter((h) => h.enabled).map((h) => ({ name: h.name, value: h.value })), body: draft.body },
    response: {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: response.rawPreview,
      durationMs: response.durationMs,
      ...(response.rawTruncated ? { bodyTruncated: true } : {}),
    },
  });
}

/** The first header of that name (case-insensitive), if any. */
export function headerValue(headers: readonly ExchangeHeader[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === wanted)?.value;
}

const NOT_JSON = Symbol('not JSON');
const parsedBodies = new WeakMap<object, unknown>();

/** The body as JSON, parsed once per body; undefined when it is not JSON. */
export function jsonBody(side: { readonly body: string }): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  let parsed = parsedBodies.get(side);
  if (parsed === undefined && !parsedBodies.has(side)) {
    try {
      parsed = side.body.trim() === '' ? NOT_JSON : (JSON.parse(side.body) as unknown);
    } catch {
      parsed = NOT_JSON;
    }
    parsedBodies.set(side, parsed);
  }
  return parsed === NOT_JSON ? { ok: false } : { ok: true, value: parsed };
}

/** An exchange as it may be kept: credential headers dropped, bodies capped. */
export function keepableExchange(exchange: HttpExchange): HttpExchange {
  const cap = (body: string): string => (body.length > MAX_KEPT_BODY_CHARS ? body.slice(0, MAX_KEPT_BODY_CHARS) : body);
  const cut = exchange.response.body.length > MAX_KEPT_BODY_CHARS;
  return {
    request: { ...exchange.request, headers: exchange.request.headers.filter((h) => !isCredentialHeader(h.name.toLowerCase())), body: cap(exchange.request.body) },
    response: { ...exchange.response, body: cap(exchange.response.body), ...(cut || exchange.response.bodyTruncated ? { bodyTruncated: true } : {}) },
  };
}

/**
 * The answers of named requests in this session, per file (names are local to their file). A later
 * answer to the same name replaces the earlier one.
 */
export class ExchangeStore {
  private readonly byKey = new Map<string, HttpExchange>();

  get(file: string, name: string): HttpExchange | undefined {
    return this.byKey.get(key(file, name));
  }

  has(file: string, name: string): boolean {
    return this.byKey.has(key(file, name));
  }

  set(file: string, name: string, exchange: HttpExchange): void {
    const k = key(file, name);
    this.byKey.delete(k);
    this.byKey.set(k, keepableExchange(exchange));
    while (this.byKey.size > MAX_KEPT_EXCHANGES) {
      const oldest = this.byKey.keys().next().value as string;
      this.byKey.delete(oldest);
    }
  }

  /** Forgets everything (sign-out, profile switch). */
  clear(): void {
    this.byKey.clear();
  }

  /** A lookup for one file, as the variable sources take it. */
  forFile(file: string): (name: string) => HttpExchange | undefined {
    return (name) => this.get(file, name);
  }
}

function key(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

// Request variables, REST Client's syntax: `{{name.response.body.$.path}}`, `{{name.response.body.*}}`
// (the whole body), `{{name.response.headers.Header-Name}}`, and the same for `request`. They read the
// answer to the request named `name` (`# @name name`) kept in this session (httpExchange.ts). The
// value goes in as it is, never read again for `{{…}}`: an answer cannot smuggle in an expression.
// Pure.
import { headerValue, type HttpExchange, jsonBody } from './httpExchange';
import { queryJson } from './jsonPath';
import { isCredentialHeader } from '../mx/requestRules';

export interface RequestVariableReference {
  readonly name: string;
  readonly side: 'request' | 'response';
  readonly part: 'body' | 'headers';
  /** A JSONPath or `*` for a body, a header name for headers. */
  readonly selector: string;
}

export type RequestVariableValue = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/** `name.response.…` / `name.request.…`; the name is a `# @name` name. */
export const REQUEST_VARIABLE = /^([A-Za-z_][\w-]*)\.(response|request)\.(body|headers)(?:\.(.*))?$/s;
/** Any `{{name.response…}}` / `{{name.request…}}` in a text, for finding references. */
const REFERENCE_IN_TEXT = /\{\{\s*([A-Za-z_][\w-]*)\.(?:response|request)\.[^{}]*?\}\}/g;

/** Said of a request that has not been answered yet; the editor's problems skip such a reason. */
export const AWAITING_ANSWER = 'has no answer in this session yet';

/** The parts of a request variable expression, or undefined when it is not one. */
export function parseRequestVariable(expression: string): RequestVariableReference | undefined {
  const match = REQUEST_VARIABLE.exec(expression.trim());
  if (!match) return undefined;
  return { name: match[1], side: match[2] as 'request' | 'response', part: match[3] as 'body' | 'headers', selector: (match[4] ?? '').trim() };
}

/** The names of the requests that `{{name.response…}}` / `{{name.request…}}` in this text refer to. */
export function requestNamesIn(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE_IN_TEXT)].map((m) => m[1]))];
}

/** The value of one request variable, given that request's answer (undefined: not sent yet). */
export function resolveRequestVariable(reference: RequestVariableReference, exchange: HttpExchange | undefined): RequestVariableValue {
  const expr = `{{${reference.name}.${reference.side}.${reference.part}${reference.selector ? `.${reference.selector}` : ''}}}`;
  if (!exchange) return { ok: false, reason: `${expr}: request "${reference.name}" ${AWAITING_ANSWER}: send it first.` };
  const side = reference.side === 'response' ? exchange.response : exchange.request;
  if (reference.part === 'headers') {
    if (!reference.selector) return { ok: false, reason: `${expr}: name the header, e.g. {{${reference.name}.${reference.side}.headers.Content-Type}}.` };
    if (isCredentialHeader(reference.selector)) return { ok: false, reason: `${expr}: credential headers are never kept or reused.` };
    const value = headerValue(side.headers, reference.selector);
    return value === undefined ? { ok: false, reason: `${expr}: the ${reference.side} of "${reference.name}" has no ${reference.selector} header.` } : { ok: true, value };
  }
  if (reference.selector === '' || reference.selector === '*') return { ok: true, value: side.body };
  const json = jsonBody(side);
  if (!json.ok) return { ok: false, reason: `${expr}: the ${reference.side} body of "${reference.name}" is not JSON.` };
  const found = queryJson(json.value, reference.selector);
  if ('message' in found) return { ok: false, reason: `${expr}: ${found.message}` };
  if (!found.found) {
    const cut = reference.side === 'response' && exchange.response.bodyTruncated ? ' (its body was cut, it was too large to keep whole)' : '';
    return { ok: false, reason: `${expr}: ${reference.selector} finds nothing in the ${reference.side} body of "${reference.name}"${cut}.` };
  }
  return { ok: true, value: asText(found.value) };
}

/** Strings as they are; everything else as JSON (numbers, booleans, null, objects, arrays). */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

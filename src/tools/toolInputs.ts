// Checks a tool's input before anything happens: the model writes it, so it is untrusted. Each
// check reads own properties only (never `__proto__` or a getter on the prototype), refuses what
// the tool's schema (toolSchemas.ts) does not name, and says in one sentence what is wrong, so the
// model can correct its call. vscode-free.
import { checkPathParameter } from '../mx/requestRules';
import { LOCAL_TIME_PATTERN, SEND_METHODS, type ToolName, TOOL_SCHEMAS } from './toolSchemas';

export interface ListSitesInput {
  readonly cinemaChainId: string;
}
export interface ListFilmsInput {
  readonly cinemaChainId: string;
  readonly title?: string;
}
export interface ListShowtimesInput {
  readonly siteId: string;
  readonly from?: string;
  readonly to?: string;
  readonly filmId?: string;
}
export interface GetOrderInput {
  readonly cinemaChainId: string;
  readonly orderId: string;
}
export interface ExplainErrorInput {
  readonly errorCode?: number;
  readonly errorBody?: string;
  readonly httpStatus?: number;
  readonly correlationId?: string;
}
export interface SendRequestInput {
  readonly method: (typeof SEND_METHODS)[number];
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** JSON text, already checked to parse. */
  readonly body?: string;
}

export interface RunHttpRequestInput {
  /** The request's `# @name`. */
  readonly name: string;
  /** Workspace-relative path of its file, as the caller wrote it. */
  readonly file?: string;
  /** An environment of the file's http-client.env.json. */
  readonly env?: string;
}

export interface ToolInputs {
  mx_list_cinema_chains: Record<string, never>;
  mx_list_sites: ListSitesInput;
  mx_list_films: ListFilmsInput;
  mx_list_showtimes: ListShowtimesInput;
  mx_get_order: GetOrderInput;
  mx_explain_error: ExplainErrorInput;
  mx_send_request: SendRequestInput;
  mx_run_http_request: RunHttpRequestInput;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const LOCAL_TIME = new RegExp(LOCAL_TIME_PATTERN);
const MAX_QUERY_PARAMETERS = 20;
const MAX_BODY_CHARS = 100_000;

class InputError extends Error {}

/** The named tool's input, checked; never throws. */
export function checkInput<N extends ToolName>(name: N, input: unknown): Checked<ToolInputs[N]> {
  try {
    const record = asRecord(input ?? {});
    const allowed = Object.keys((TOOL_SCHEMAS[name] as { properties: object }).properties);
    const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) {
      throw new InputError(`Unknown input ${quoteName(unknown[0])}; ${name} takes ${allowed.length > 0 ? allowed.join(', ') : 'no input'}.`);
    }
    return { ok: true, value: CHECKS[name](record) as ToolInputs[N] };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, reason: error.message };
    return { ok: false, reason: 'The input could not be read.' };
  }
}

const CHECKS: { [N in ToolName]: (input: Readonly<Record<string, unknown>>) => ToolInputs[N] } = {
  mx_list_cinema_chains: () => ({}),
  mx_list_sites: (input) => ({ cinemaChainId: id(input, 'cinemaChainId') }),
  mx_list_films: (input) => withOptional({ cinemaChainId: id(input, 'cinemaChainId') }, 'title', text(input, 'title', 100)),
  mx_list_showtimes: (input) => {
    let value: ListShowtimesInput = { siteId: id(input, 'siteId') };
    value = withOptional(value, 'from', localTime(input, 'from'));
    value = withOptional(value, 'to', localTime(input, 'to'));
    return withOptional(value, 'filmId', optionalId(input, 'filmId'));
  },
  mx_get_order: (input) => ({ cinemaChainId: id(input, 'cinemaChainId'), orderId: id(input, 'orderId') }),
  mx_explain_error: (input) => {
    let value: ExplainErrorInput = {};
    value = withOptional(value, 'errorCode', integer(input, 'errorCode', 0, Number.MAX_SAFE_INTEGER));
    value = withOptional(value, 'errorBody', text(input, 'errorBody', 20_000));
    value = withOptional(value, 'httpStatus', integer(input, 'httpStatus', 100, 599));
    value = withOptional(value, 'correlationId', text(input, 'correlationId', 100));
    if (value.errorCode === undefined && value.errorBody === undefined) {
      throw new InputError('Give an errorCode (e.g. 40001) or the errorBody as received.');
    }
    return value;
  },
  mx_send_request: (input) => {
    const method = own(input, 'method');
    const upper = typeof method === 'string' ? method.trim().toUpperCase() : '';
    if (!(SEND_METHODS as readonly string[]).includes(upper)) {
      throw new InputError(`method must be one of ${SEND_METHODS.join(', ')}.`);
    }
    const path = text(input, 'path', 400);
    if (path === undefined) throw new InputError('path is required, e.g. /mxs/reference-data/v1/cinema-chains.');
    const value: SendRequestInput = { method: upper as SendRequestInput['method'], path: path.trim(), query: query(input) };
    const body = jsonBody(input);
    if (body !== undefined && upper === 'GET') throw new InputError('A GET request has no body; leave body out.');
    return body === undefined ? value : { ...value, body };
  },
  mx_run_http_request: (input) => {
    const name = oneLineText(input, 'name', 100)?.trim();
    if (!name) throw new InputError('name is required: the name of the request, from its "# @name <name>" line.');
    let value: RunHttpRequestInput = { name };
    const file = oneLineText(input, 'file', 300)?.trim();
    if (file !== undefined && file !== '') {
      if (file.split(/[\\/]/).includes('..')) throw new InputError('file must be a path inside the workspace, without "..".');
      if (!/\.(http|rest)$/i.test(file)) throw new InputError('file must be an .http or .rest file, e.g. api/mx.http.');
      value = { ...value, file };
    }
    const env = oneLineText(input, 'env', 100)?.trim();
    return env ? { ...value, env } : value;
  },
};

function asRecord(input: unknown): Readonly<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InputError('The input must be a JSON object.');
  return input as Record<string, unknown>;
}

function own(input: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined;
}

function withOptional<T extends object, K extends string, V>(value: T, key: K, field: V | undefined): T {
  return field === undefined ? value : { ...value, [key]: field };
}

function id(input: Readonly<Record<string, unknown>>, key: string): string {
  const value = optionalId(input, key);
  if (value === undefined) throw new InputError(`${key} is required.`);
  return value;
}

function optionalId(input: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = own(input, key);
  if (value === undefined) return undefined;
  const trimmed = typeof value === 'string' ? value.trim() : value;
  const problem = checkPathParameter(key, trimmed);
  if (problem !== undefined) throw new InputError(problem);
  return trimmed as string;
}

function text(input: Readonly<Record<string, unknown>>, key: string, maxLength: number): string | undefined {
  const value = own(input, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError(`${key} must be text.`);
  if (value.length > maxLength) throw new InputError(`${key} is longer than ${maxLength} characters.`);
  return value;
}

/** Text on one line: no control characters (a name, a path, an environment). */
function oneLineText(input: Readonly<Record<string, unknown>>, key: string, maxLength: number): string | undefined {
  const value = text(input, key, maxLength);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (value !== undefined && /[\u0000-\u001f\u007f]/.test(value)) throw new InputError(`${key} must be one line of text.`);
  return value;
}

function integer(input: Readonly<Record<string, unknown>>, key: string, min: number, max: number): number | undefined {
  const value = own(input, key);
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new InputError(`${key} must be a whole number from ${min} to ${max}.`);
  }
  return number;
}

function localTime(input: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = text(input, key, 20);
  if (value === undefined) return undefined;
  // "2021-04-26 18:00", "Tomorrow t18:00": the T is what the schema asks for, spaces and case are forgiven
  const trimmed = value.trim().toLowerCase().replace(/^(today|tomorrow|\d{4}-\d{2}-\d{2})\s*[t ]\s*(\d{2}:\d{2})$/, '$1T$2');
  if (!LOCAL_TIME.test(trimmed)) {
    throw new InputError(`${key} must be YYYY-MM-DD or YYYY-MM-DDTHH:mm, or 'today' / 'tomorrow' with an optional time such as tomorrowT18:00 (in the site's local time).`);
  }
  if (!validCalendarTime(trimmed)) throw new InputError(`${key} "${trimmed}" is not a real date or time.`);
  return trimmed;
}

function validCalendarTime(value: string): boolean {
  const [date, time] = value.split('T');
  if (/^\d/.test(date)) {
    const [y, m, d] = date.split('-').map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return false;
  }
  if (time === undefined) return true;
  const [hh, mm] = time.split(':').map(Number);
  return hh <= 23 && mm <= 59;
}

function query(input: Readonly<Record<string, unknown>>): Array<[string, string]> {
  const value = own(input, 'query');
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('query must be an object of name → value.');
  const names = Object.keys(value);
  if (names.length > MAX_QUERY_PARAMETERS) throw new InputError(`query has more than ${MAX_QUERY_PARAMETERS} parameters.`);
  return names.map((name) => {
    const v = (value as Record<string, unknown>)[name];
    if (name.trim() === '' || name.length > 100) throw new InputError('A query parameter name is empty or too long.');
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new InputError(`query parameter ${quoteName(name)} must be text, a number or true/false.`);
    }
    const shown = String(v);
    if (shown.length > 1000) throw new InputError(`query parameter ${quoteName(name)} is too long.`);
    return [name, shown];
  });
}

function jsonBody(input: Readonly<Record<string, unknown>>): string | undefined {
  const value = own(input, 'body');
  if (value === undefined || value === null) return undefined;
  let body: string;
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
    } catch {
      throw new InputError('body is text but not JSON; give a JSON value or JSON text.');
    }
    body = value;
  } else {
    body = JSON.stringify(value);
  }
  if (body.length > MAX_BODY_CHARS) throw new InputError(`body is longer than ${MAX_BODY_CHARS} characters.`);
  return body;
}

function quoteName(name: string): string {
  return JSON.stringify(name.slice(0, 40));
}

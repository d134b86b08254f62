// Checks every message the request panel's webview posts before the host acts on it. The webview
// is untrusted UI (its content renders server data), so a message is treated like network input:
// exact shapes, bounded sizes, and a freshly built object holding only the fields we know.

import { HTTP_METHODS, MAX_CHILDREN_PER_PAGE, type HttpMethod, type JsonPath, type RequestDraft, type Row, type WebviewToHost } from '../protocol';

/** Whole message, measured as JSON text. */
export const MAX_MESSAGE_CHARS = 2 * 1024 * 1024;
/** requestId, responseId and a draft's endpointId. */
export const MAX_ID_CHARS = 100;
export const MAX_URL_CHARS = 8 * 1024;
export const MAX_ROW_NAME_CHARS = 256;
export const MAX_ROW_VALUE_CHARS = 8 * 1024;
/** Query rows and header rows, each. */
export const MAX_ROWS = 100;
export const MAX_BODY_CHARS = 1024 * 1024;
export const MAX_SEARCH_QUERY_CHARS = 1000;
export const MAX_PATH_SEGMENTS = 64;
export const MAX_PATH_KEY_CHARS = 1000;
/** Values (objects, arrays, scalars) looked at while measuring a message; far above any real one. */
export const MAX_MESSAGE_VALUES = 100_000;
export { MAX_CHILDREN_PER_PAGE };

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const METHODS: ReadonlySet<string> = new Set<string>(HTTP_METHODS);

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };
export type WebviewMessageResult = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

/** Thrown inside this module only; every exported function catches it. */
class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

/**
 * Validates one message from the webview. Never throws: hostile input (cycles, getters that throw,
 * revoked proxies, huge values) ends in `{ ok: false, reason }`.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessageResult {
  try {
    checkSize(raw, MAX_MESSAGE_CHARS);
    return { ok: true, message: readMessage(raw) };
  } catch (err) {
    return { ok: false, reason: err instanceof Invalid ? err.message : 'The message could not be read.' };
  }
}

/** Validates a request draft on its own (for history read back from storage). Never throws. */
export function parseRequestDraft(raw: unknown): ParseResult<RequestDraft> {
  try {
    checkSize(raw, MAX_MESSAGE_CHARS);
    return { ok: true, value: readDraft(raw, 'draft') };
  } catch (err) {
    return { ok: false, reason: err instanceof Invalid ? err.message : 'The draft could not be read.' };
  }
}

function readMessage(raw: unknown): WebviewToHost {
  const record = readRecord(raw, 'message');
  const type = own(record, 'type');
  if (typeof type !== 'string') {
    fail('message.type must be a string.');
  }
  switch (type) {
    case 'ready':
    case 'signIn':
    case 'clearHistory':
      return { type };
    case 'send':
      return { type, requestId: readId(record, 'requestId', type), draft: readDraft(own(record, 'draft'), `${type}.draft`) };
    case 'cancel':
    case 'answerReceived':
      return { type, requestId: readId(record, 'requestId', type) };
    case 'expandNode': {
      const limit = readCount(record, 'limit', type);
      if (limit > MAX_CHILDREN_PER_PAGE) {
        fail(`${type}.limit must be at most ${MAX_CHILDREN_PER_PAGE}.`);
      }
      return {
        type,
        requestId: readId(record, 'requestId', type),
        responseId: readId(record, 'responseId', type),
        path: readPath(own(record, 'path'), `${type}.path`),
        offset: readCount(record, 'offset', type),
        limit,
      };
    }
    case 'search':
      return {
        type,
        requestId: readId(record, 'requestId', type),
        responseId: readId(record, 'responseId', type),
        query: readString(own(record, 'query'), `${type}.query`, MAX_SEARCH_QUERY_CHARS),
      };
    case 'openInEditor':
    case 'saveBody':
      return { type, responseId: readId(record, 'responseId', type) };
    case 'copy': {
      const what = own(record, 'what');
      if (what !== 'body' && what !== 'correlationId') {
        fail('copy.what must be "body" or "correlationId".');
      }
      return { type, what, responseId: readId(record, 'responseId', type) };
    }
    case 'editHistory': {
      const id = own(record, 'id');
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
        fail('editHistory.id must be a history entry id.');
      }
      const pinned = own(record, 'pinned');
      const name = own(record, 'name');
      if (pinned !== undefined && typeof pinned !== 'boolean') {
        fail('editHistory.pinned must be true or false.');
      }
      if (name !== undefined && (typeof name !== 'string' || name.length > 200)) {
        fail('editHistory.name must be a string of at most 200 characters.');
      }
      if (pinned === undefined && name === undefined) {
        fail('editHistory needs pinned or name.');
      }
      return { type, id, ...(pinned !== undefined ? { pinned } : {}), ...(name !== undefined ? { name } : {}) };
    }
    case 'saveAsHttp':
      return { type, draft: readDraft(own(record, 'draft'), `${type}.draft`) };
    case 'copyAs': {
      const format = own(record, 'format');
      if (format !== 'curl' && format !== 'fetch' && format !== 'curlWithToken') {
        fail('copyAs.format must be "curl", "curlWithToken" or "fetch".');
      }
      return { type, format, draft: readDraft(own(record, 'draft'), `${type}.draft`) };
    }
    default:
      return fail(`Unknown message type ${JSON.stringify(type.slice(0, 40))}.`);
  }
}

function readDraft(raw: unknown, where: string): RequestDraft {
  const record = readRecord(raw, where);
  const method = own(record, 'method');
  if (typeof method !== 'string' || !METHODS.has(method)) {
    fail(`${where}.method must be one of ${HTTP_METHODS.join(', ')}.`);
  }
  const draft: { -readonly [K in keyof RequestDraft]: RequestDraft[K] } = {
    method: method as HttpMethod,
    url: readString(own(record, 'url'), `${where}.url`, MAX_URL_CHARS),
    query: readRows(own(record, 'query'), `${where}.query`),
    headers: readRows(own(record, 'headers'), `${where}.headers`),
    body: readString(own(record, 'body'), `${where}.body`, MAX_BODY_CHARS),
  };
  const endpointId = own(record, 'endpointId');
  if (endpointId !== undefined) {
    draft.endpointId = readIdValue(endpointId, `${where}.endpointId`);
  }
  return draft;
}

function readRows(raw: unknown, where: string): Row[] {
  if (!Array.isArray(raw)) {
    fail(`${where} must be a list of rows.`);
  }
  if (raw.length > MAX_ROWS) {
    fail(`${where} has more than ${MAX_ROWS} rows.`);
  }
  const rows: Row[] = [];
  for (let i = 0; i < raw.length; i++) {
    const row = readRecord(raw[i], `${where}[${i}]`);
    const enabled = own(row, 'enabled');
    if (typeof enabled !== 'boolean') {
      fail(`${where}[${i}].enabled must be true or false.`);
    }
    rows.push({
      name: readString(own(row, 'name'), `${where}[${i}].name`, MAX_ROW_NAME_CHARS),
      value: readString(own(row, 'value'), `${where}[${i}].value`, MAX_ROW_VALUE_CHARS),
      enabled,
    });
  }
  return rows;
}

function readPath(raw: unknown, where: string): JsonPath {
  if (!Array.isArray(raw)) {
    fail(`${where} must be a list of keys and indexes.`);
  }
  if (raw.length > MAX_PATH_SEGMENTS) {
    fail(`${where} has more than ${MAX_PATH_SEGMENTS} segments.`);
  }
  const path: Array<string | number> = [];
  for (let i = 0; i < raw.length; i++) {
    const segment: unknown = raw[i];
    if (typeof segment === 'string') {
      if (segment.length > MAX_PATH_KEY_CHARS) {
        fail(`${where}[${i}] is longer than ${MAX_PATH_KEY_CHARS} characters.`);
      }
      path.push(segment);
    } else if (typeof segment === 'number' && Number.isSafeInteger(segment) && segment >= 0) {
      path.push(segment);
    } else {
      fail(`${where}[${i}] must be a string or a non-negative integer.`);
    }
  }
  return path;
}

function readCount(record: Record<string, unknown>, key: string, type: string): number {
  const value = own(record, key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(`${type}.${key} must be a non-negative integer.`);
  }
  return value;
}

function readId(record: Record<string, unknown>, key: string, type: string): string {
  return readIdValue(own(record, key), `${type}.${key}`);
}

function readIdValue(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_CHARS || !ID_PATTERN.test(value)) {
    fail(`${where} must be 1–${MAX_ID_CHARS} characters of A–Z, a–z, 0–9, _ and -.`);
  }
  return value;
}

function readString(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string') {
    fail(`${where} must be a string.`);
  }
  if (value.length > max) {
    fail(`${where} is longer than ${max} characters.`);
  }
  return value;
}

function readRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${where} must be an object.`);
  }
  return value as Record<string, unknown>;
}

/** Own properties only: nothing is read through the prototype chain (`__proto__`, `constructor`). */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * Estimates the JSON length of a value without building the text, so a hostile value costs at
 * most MAX_MESSAGE_VALUES steps. Cycles and functions are refused outright.
 */
function checkSize(root: unknown, maxChars: number): void {
  let size = 0;
  let visited = 0;
  const ancestors = new Set<object>();
  // Each frame: an object being walked, or a marker that it is finished.
  const stack: Array<{ value: unknown; exit?: object }> = [{ value: root }];
  while (stack.length > 0) {
    const frame = stack.pop() as { value: unknown; exit?: object };
    if (frame.exit !== undefined) {
      ancestors.delete(frame.exit);
      continue;
    }
    if (++visited > MAX_MESSAGE_VALUES) {
      fail('The message has too many values.');
    }
    const value = frame.value;
    switch (typeof value) {
      case 'string':
        size += value.length + 2;
        break;
      case 'number':
      case 'boolean':
        size += 6;
        break;
      case 'undefined':
        size += 1;
        break;
      case 'object': {
        if (value === null) {
          size += 4;
          break;
        }
        if (ancestors.has(value)) {
          fail('The message contains a cycle.');
        }
        ancestors.add(value);
        stack.push({ value: undefined, exit: value });
        size += 2;
        if (Array.isArray(value)) {
          checkRoom(value.length, visited, size, maxChars);
          size += value.length;
          for (let i = value.length - 1; i >= 0; i--) {
            stack.push({ value: value[i] });
          }
        } else {
          const keys = Object.keys(value);
          checkRoom(keys.length, visited, size, maxChars);
          for (let i = keys.length - 1; i >= 0; i--) {
            size += keys[i].length + 4;
            stack.push({ value: (value as Record<string, unknown>)[keys[i]] });
          }
        }
        break;
      }
      default:
        fail(`The message contains a ${typeof value}, which is not data.`);
    }
    if (size > maxChars) {
      fail(`The message is larger than ${maxChars} characters.`);
    }
  }
}

/** Refuses a container before its members are queued when they alone would break a bound. */
function checkRoom(members: number, visited: number, size: number, maxChars: number): void {
  if (members > MAX_MESSAGE_VALUES - visited) {
    fail('The message has too many values.');
  }
  if (size + members > maxChars) {
    fail(`The message is larger than ${maxChars} characters.`);
  }
}

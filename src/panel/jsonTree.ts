// A lazy tree over a parsed response body, so the panel can show a 20 MB list of showtimes without
// ever sending or copying it whole: nodes are built a page at a time, and search walks the value
// iteratively under a budget (bodies can be deeply nested, and must not block the extension host).

import { MAX_CHILDREN_PER_PAGE, type FollowLink, type JsonKind, type JsonNode, type JsonPath } from '../protocol';

/** Longest preview text of a scalar before it is cut with `…`. */
export const PREVIEW_CHARS = 200;
export const DEFAULT_MAX_SEARCH_MATCHES = 200;
/** Values a search looks at before it gives up (a long string counts once per KB). */
export const DEFAULT_SEARCH_VISITS = 2_000_000;
export const DEFAULT_SEARCH_TIME_MS = 500;

/** Links for one value; `path` is the value's full path (it ends with `key`), `parent` holds it. */
export type LinksFn = (path: JsonPath, key: string | number, value: unknown, parent: unknown) => readonly FollowLink[];

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'null';
  }
}

// Key lists of large objects are kept so paging through them does not list the keys every time.
const keyCache = new WeakMap<object, readonly string[]>();

function keysOf(object: object): readonly string[] {
  let keys = keyCache.get(object);
  if (keys === undefined) {
    keys = Object.keys(object);
    if (keys.length > MAX_CHILDREN_PER_PAGE) {
      keyCache.set(object, keys);
    }
  }
  return keys;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A short text for a value: JSON for scalars (cut at PREVIEW_CHARS), a count for containers. */
export function previewOf(value: unknown): string {
  const kind = kindOf(value);
  switch (kind) {
    case 'array':
      return `[…] ${plural((value as unknown[]).length, 'item', 'items')}`;
    case 'object':
      return `{…} ${plural(keysOf(value as object).length, 'key', 'keys')}`;
    case 'string': {
      const text = value as string;
      // Only the start is quoted: JSON-quoting a 10 MB string to show 200 characters would be waste.
      const quoted = JSON.stringify(text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS + 1) : text);
      return text.length <= PREVIEW_CHARS && quoted.length <= PREVIEW_CHARS + 2 ? quoted : `${quoted.slice(0, PREVIEW_CHARS + 1)}…`;
    }
    case 'null':
      return 'null';
    default: {
      const text = String(value);
      return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
    }
  }
}

/** Longest inline preview of a collapsed object or array. */
export const INLINE_CHARS = 100;
/** A string inside an inline preview is cut after this many characters. */
const INLINE_STRING_CHARS = 32;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as one short token of an inline preview: ids and long strings cut, containers as `{…}` / `[n]`. */
function inlineToken(value: unknown): string {
  switch (kindOf(value)) {
    case 'object':
      return keysOf(value as object).length ? '{…}' : '{}';
    case 'array':
      return `[${(value as unknown[]).length}]`;
    case 'string': {
      const text = value as string;
      if (GUID.test(text)) return `"${text.slice(0, 8)}…"`;
      const quoted = JSON.stringify(text.length > INLINE_STRING_CHARS ? text.slice(0, INLINE_STRING_CHARS) : text);
      return text.length > INLINE_STRING_CHARS ? `${quoted.slice(0, -1)}…"` : quoted;
    }
    case 'null':
      return 'null';
    default:
      return String(value);
  }
}

/** `{id: "d90b9017…", name: "Veezi USA Sales Account", …}`: the first fields, at most `max` characters. */
function inlineObject(object: Record<string, unknown>, max: number): string {
  const keys = keysOf(object);
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const part = `${i ? ', ' : ''}${IDENTIFIER.test(keys[i]) ? keys[i] : JSON.stringify(keys[i])}: ${inlineToken(object[keys[i]])}`;
    if (text.length + part.length > max - 4 && i > 0) return `${text}, …}`;
    text += part;
  }
  return `${text}}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]{0,40}$/;

/**
 * What a collapsed object or array holds, readable without opening it: an object's first fields, an
 * array's first item (with its fields) and then tokens for the next ones. Reads only what it shows,
 * so it costs the same for a 20 MB list as for a short one.
 */
export function inlinePreview(value: unknown, max: number = INLINE_CHARS): string {
  const kind = kindOf(value);
  if (kind === 'object') return inlineObject(value as Record<string, unknown>, max);
  if (kind !== 'array') return inlineToken(value);
  const array = value as unknown[];
  let text = '[';
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const token = i === 0 && kindOf(item) === 'object' ? inlineObject(item as Record<string, unknown>, max - 6) : inlineToken(item);
    const part = `${i ? ', ' : ''}${token}`;
    if (text.length + part.length > max - 4 && i > 0) return `${text}, …]`;
    text += part;
  }
  return `${text}]`;
}

/** Bodies up to this size open with the root's children expanded too (within ROWS_OPEN_AT_FIRST). */
export const SMALL_BODY_BYTES = 256 * 1024;
/** Rows an answer opens with at most, so the first screen is readable rather than endless. */
export const ROWS_OPEN_AT_FIRST = 150;

/**
 * The paths an answer opens with: a small one expanded to its second level (as far as
 * ROWS_OPEN_AT_FIRST allows, first items first), a large one its first level and its first item.
 */
export function initialExpansion(root: unknown, bodyBytes: number): JsonPath[] {
  const rootKind = kindOf(root);
  if (rootKind !== 'object' && rootKind !== 'array') return [];
  const keys: readonly (string | number)[] =
    rootKind === 'array' ? Array.from({ length: Math.min((root as unknown[]).length, MAX_CHILDREN_PER_PAGE) }, (_, i) => i) : keysOf(root as object).slice(0, MAX_CHILDREN_PER_PAGE);
  const paths: JsonPath[] = [[]];
  let rows = keys.length;
  const small = bodyBytes <= SMALL_BODY_BYTES;
  for (const key of keys) {
    const child = member(root, key).value;
    const kind = kindOf(child);
    if (kind !== 'object' && kind !== 'array') continue;
    const count = Math.min(kind === 'array' ? (child as unknown[]).length : keysOf(child as object).length, MAX_CHILDREN_PER_PAGE);
    if (count === 0) continue;
    if (paths.length > 1 && (!small || rows + count > ROWS_OPEN_AT_FIRST)) break;
    paths.push([key]);
    rows += count;
  }
  return paths;
}

/** One node. Links are asked for string values only (MX ids are strings). */
export function nodeFor(key: string | number, value: unknown, linksFn?: LinksFn, path: JsonPath = [key], parent?: unknown): JsonNode {
  const kind = kindOf(value);
  const node: { -readonly [K in keyof JsonNode]: JsonNode[K] } = { key, kind, preview: previewOf(value) };
  if (kind === 'array') {
    node.childCount = (value as unknown[]).length;
  } else if (kind === 'object') {
    node.childCount = keysOf(value as object).length;
  }
  if (node.childCount) {
    node.inline = inlinePreview(value);
  }
  if (linksFn && kind === 'string') {
    const links = linksFn(path, key, value, parent);
    if (links.length > 0) {
      node.links = links;
    }
  }
  return node;
}

/** The own member at `key`, or undefined. Never reads through the prototype chain. */
function member(container: unknown, key: string | number): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    return typeof key === 'number' && Number.isSafeInteger(key) && key >= 0 && key < container.length
      ? { found: true, value: container[key] }
      : { found: false };
  }
  if (typeof container === 'object' && container !== null && typeof key === 'string') {
    return Object.prototype.hasOwnProperty.call(container, key)
      ? { found: true, value: (container as Record<string, unknown>)[key] }
      : { found: false };
  }
  return { found: false };
}

function locate(root: unknown, path: JsonPath): { found: boolean; value?: unknown } {
  if (!Array.isArray(path)) {
    return { found: false };
  }
  let current: { found: boolean; value?: unknown } = { found: true, value: root };
  for (const key of path) {
    current = member(current.value, key);
    if (!current.found) {
      return current;
    }
  }
  return current;
}

/** The value at `path`: array indexes are numbers, object keys strings. Undefined when there is none. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  return locate(root, path).value;
}

/**
 * A page of the children of the object or array at `path`. Undefined when the path leads nowhere
 * or to a scalar. `limit` is capped at MAX_CHILDREN_PER_PAGE; nothing is copied but the page.
 */
export function childrenAt(
  root: unknown,
  path: JsonPath,
  offset: number,
  limit: number,
  linksFn?: LinksFn,
): { total: number; children: JsonNode[] } | undefined {
  const target = locate(root, path);
  if (!target.found) {
    return undefined;
  }
  const container = target.value;
  const kind = kindOf(container);
  if (kind !== 'array' && kind !== 'object') {
    return undefined;
  }
  const start = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
  const count = Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, MAX_CHILDREN_PER_PAGE) : 0;
  const children: JsonNode[] = [];
  if (kind === 'array') {
    const array = container as unknown[];
    const end = Math.min(array.length, start + count);
    for (let i = start; i < end; i++) {
      children.push(nodeFor(i, array[i], linksFn, [...path, i], array));
    }
    return { total: array.length, children };
  }
  const object = container as Record<string, unknown>;
  const keys = keysOf(object);
  const end = Math.min(keys.length, start + count);
  for (let i = start; i < end; i++) {
    children.push(nodeFor(keys[i], object[keys[i]], linksFn, [...path, keys[i]], object));
  }
  return { total: keys.length, children };
}

export interface SearchMatch {
  readonly path: JsonPath;
  readonly preview: string;
}

export interface SearchResult {
  readonly matches: SearchMatch[];
  /** More matches may exist: the match limit or the search budget was reached. */
  readonly truncated: boolean;
  /** Why the search stopped early, when it did. */
  readonly stoppedBy?: 'matches' | 'budget';
}

export interface SearchOptions {
  /** Values to look at, at most; default DEFAULT_SEARCH_VISITS. */
  readonly maxVisits?: number;
  /** Wall-clock limit in ms; default DEFAULT_SEARCH_TIME_MS. */
  readonly timeBudgetMs?: number;
  readonly now?: () => number;
}

interface Frame {
  readonly container: unknown;
  /** Object keys; undefined for arrays. */
  readonly keys: readonly string[] | undefined;
  readonly length: number;
  index: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Case-insensitive substring search over object keys and scalar values (numbers, booleans and
 * null as their JSON text), in document order. Iterative, so nesting depth costs heap, not stack.
 */
export function search(
  root: unknown,
  query: string,
  maxMatches: number = DEFAULT_MAX_SEARCH_MATCHES,
  options: SearchOptions = {},
): SearchResult {
  const matches: SearchMatch[] = [];
  if (typeof query !== 'string' || query === '') {
    return { matches, truncated: false };
  }
  const limit = Number.isSafeInteger(maxMatches) && maxMatches > 0 ? maxMatches : DEFAULT_MAX_SEARCH_MATCHES;
  const maxVisits = options.maxVisits !== undefined && options.maxVisits > 0 ? options.maxVisits : DEFAULT_SEARCH_VISITS;
  const timeBudget = options.timeBudgetMs !== undefined && options.timeBudgetMs > 0 ? options.timeBudgetMs : DEFAULT_SEARCH_TIME_MS;
  const now = options.now ?? (() => performance.now());
  const deadline = now() + timeBudget;
  const pattern = new RegExp(escapeRegExp(query), 'i');
  const scalarMatches = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string':
        return pattern.test(value);
      case 'number':
      case 'boolean':
      case 'bigint':
        return pattern.test(String(value));
      default:
        return value === null && pattern.test('null');
    }
  };

  const rootKind = kindOf(root);
  if (rootKind !== 'object' && rootKind !== 'array') {
    if (scalarMatches(root)) {
      matches.push({ path: [], preview: previewOf(root) });
    }
    return { matches, truncated: false };
  }

  const path: Array<string | number> = [];
  const stack: Frame[] = [frameFor(root)];
  let visits = 0;
  let nextClockCheck = 4096;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.index >= frame.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const i = frame.index++;
    const key: string | number = frame.keys ? frame.keys[i] : i;
    const value = frame.keys ? (frame.container as Record<string, unknown>)[key] : (frame.container as unknown[])[i];
    visits += typeof value === 'string' ? 1 + (value.length >> 10) : 1;
    if (visits > maxVisits) {
      return { matches, truncated: true, stoppedBy: 'budget' };
    }
    if (visits >= nextClockCheck) {
      nextClockCheck = visits + 4096;
      if (now() > deadline) {
        return { matches, truncated: true, stoppedBy: 'budget' };
      }
    }
    const kind = kindOf(value);
    const container = kind === 'object' || kind === 'array';
    const hit = (typeof key === 'string' && pattern.test(key)) || (!container && scalarMatches(value));
    if (hit) {
      if (matches.length >= limit) {
        return { matches, truncated: true, stoppedBy: 'matches' };
      }
      const valuePreview = previewOf(value);
      matches.push({
        path: [...path, key],
        preview: typeof key === 'string' ? `${JSON.stringify(key.slice(0, PREVIEW_CHARS))}: ${valuePreview}` : valuePreview,
      });
    }
    if (container) {
      path.push(key);
      stack.push(frameFor(value));
    }
  }
  return { matches, truncated: false };
}

function frameFor(container: unknown): Frame {
  if (Array.isArray(container)) {
    return { container, keys: undefined, length: container.length, index: 0 };
  }
  const keys = keysOf(container as object);
  return { container, keys, length: keys.length, index: 0 };
}

// A small JSONPath subset for `.http` request variables and assertions: `$`, `.key`, `['key']` /
// `["key"]`, `[n]`, `[-1]` (from the end), `[*]` / `.*` (the first element for which the rest of the
// path finds something) and `.length` of an array or string (when the value has no own `length`).
// Written by hand on purpose: a cloned repository's `.http` file must not be able to run code, so
// no filter expressions, no script, no evaluator. Own properties only (no `__proto__` walks).
// Pure; never throws.

export type JsonPathSegment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export type ParsedJsonPath =
  | { readonly ok: true; readonly segments: readonly JsonPathSegment[] }
  | { readonly ok: false; readonly message: string };

export type JsonPathResult = { readonly found: true; readonly value: unknown } | { readonly found: false };

export const MAX_JSON_PATH_CHARS = 500;
export const MAX_JSON_PATH_SEGMENTS = 64;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** Reads `$…`; says what is wrong at which character otherwise. */
export function parseJsonPath(text: string): ParsedJsonPath {
  const path = text.trim();
  if (path.length > MAX_JSON_PATH_CHARS) return fail(`A JSONPath may be at most ${MAX_JSON_PATH_CHARS} characters long.`);
  if (!path.startsWith('$')) return fail(`A JSONPath starts with "$" (e.g. $.cinemaChains[0].id); "${short(path)}" does not.`);
  const segments: JsonPathSegment[] = [];
  let at = 1;
  while (at < path.length) {
    if (segments.length >= MAX_JSON_PATH_SEGMENTS) return fail(`A JSONPath may have at most ${MAX_JSON_PATH_SEGMENTS} steps.`);
    const char = path[at];
    if (char === '.') {
      if (path[at + 1] === '*') {
        segments.push({ kind: 'wildcard' });
        at += 2;
        continue;
      }
      if (path[at + 1] === '.') return fail('Recursive descent ("..") is not supported: name each step.');
      const name = IDENTIFIER.exec(path.slice(at + 1));
      if (!name) return fail(`Expected a name after "." at character ${at + 1} of "${short(path)}".`);
      segments.push({ kind: 'key', key: name[0] });
      at += 1 + name[0].length;
      continue;
    }
    if (char === '[') {
      const close = readBracket(path, at);
      if (!close.ok) return close;
      segments.push(close.segment);
      at = close.next;
      continue;
    }
    return fail(`Unexpected "${char}" at character ${at + 1} of "${short(path)}": use .key, ['key'], [n], [-1] or [*].`);
  }
  return { ok: true, segments };
}

function readBracket(path: string, open: number): { ok: true; segment: JsonPathSegment; next: number } | { ok: false; message: string } {
  const rest = path.slice(open + 1);
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    let key = '';
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\' && i + 1 < rest.length) {
        key += rest[++i];
        continue;
      }
      if (c === quote) {
        if (rest[i + 1] !== ']') return fail(`Expected "]" after the quoted name at character ${open + i + 3}.`);
        return { ok: true, segment: { kind: 'key', key }, next: open + i + 3 };
      }
      key += c;
    }
    return fail(`The quoted name at character ${open + 2} is not closed.`);
  }
  const inner = /^\s*(\*|-?\d{1,9})\s*\]/.exec(rest);
  if (!inner) {
    return fail(`Expected ['name'], [n], [-n] or [*] at character ${open + 1}; filters and slices are not supported.`);
  }
  const segment: JsonPathSegment = inner[1] === '*' ? { kind: 'wildcard' } : { kind: 'index', index: Number(inner[1]) };
  return { ok: true, segment, next: open + 1 + inner[0].length };
}

/** The value the path leads to in `root`; `[*]` yields the first match. */
export function evaluateJsonPath(root: unknown, segments: readonly JsonPathSegment[]): JsonPathResult {
  return walk(root, segments, 0);
}

function walk(value: unknown, segments: readonly JsonPathSegment[], at: number): JsonPathResult {
  if (at === segments.length) return { found: true, value };
  const segment = segments[at];
  if (segment.kind === 'wildcard') {
    const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
    for (const child of children) {
      const found = walk(child, segments, at + 1);
      if (found.found) return found;
    }
    return { found: false };
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(value)) return { found: false };
    const index = segment.index < 0 ? value.length + segment.index : segment.index;
    if (index < 0 || index >= value.length) return { found: false };
    return walk(value[index], segments, at + 1);
  }
  if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, segment.key)) {
    return walk(value[segment.key], segments, at + 1);
  }
  if (segment.key === 'length' && (Array.isArray(value) || typeof value === 'string')) {
    return walk(value.length, segments, at + 1);
  }
  return { found: false };
}

/** Parses and evaluates in one step (request variables). */
export function queryJson(root: unknown, path: string): JsonPathResult | { readonly found: false; readonly message: string } {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) return { found: false, message: parsed.message };
  return evaluateJsonPath(root, parsed.segments);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

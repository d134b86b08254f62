// Splits JSON text into its top-level parts without re-serialising them, so the sandbox can
// serve records byte for byte as MX sent them (`"price":12.0`, `"latitude":34.1015880`), which
// JSON.parse + JSON.stringify would turn into `12` and `34.101588`; and replaces members of a
// record in place, so a derived record keeps every other byte of the recorded one.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where each element of a JSON array, or each `"key":value` member of an object, starts and ends (trimmed). */
function topLevelSpans(text: string): { open: string; spans: Span[] } {
  const start = text.search(/\S/);
  const open = text[start];
  if (open !== '[' && open !== '{') throw new SyntaxError('Expected a JSON array or object');
  const spans: Span[] = [];
  const push = (from: number, to: number): void => {
    while (from < to && /\s/.test(text[from])) from++;
    while (to > from && /\s/.test(text[to - 1])) to--;
    spans.push({ start: from, end: to });
  };
  let depth = 0;
  let inString = false;
  let partStart = start + 1;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0) {
        if (text.slice(partStart, i).trim() !== '') push(partStart, i);
        return { open, spans };
      }
    } else if (c === COMMA && depth === 1) {
      push(partStart, i);
      partStart = i + 1;
    }
  }
  throw new SyntaxError('Unterminated JSON value');
}

/** The raw text of each element of a JSON array, or of each `"key":value` member of an object. */
function topLevelParts(text: string): { open: string; parts: string[] } {
  const { open, spans } = topLevelSpans(text);
  return { open, parts: spans.map((s) => text.slice(s.start, s.end)) };
}

export function rawArrayElements(text: string): string[] {
  const { open, parts } = topLevelParts(text);
  if (open !== '[') throw new SyntaxError('Expected a JSON array');
  return parts;
}

/** Each member of an object: its key, and where its raw value starts and ends in `text`. */
function memberSpans(text: string): { key: string; value: Span }[] {
  const { open, spans } = topLevelSpans(text);
  if (open !== '{') throw new SyntaxError('Expected a JSON object');
  return spans.map(({ start, end: partEnd }) => {
    let end = start + 1;
    while (text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
    const key = JSON.parse(text.slice(start, end + 1)) as string;
    let valueStart = text.indexOf(':', end + 1) + 1;
    while (/\s/.test(text[valueStart])) valueStart++;
    return { key, value: { start: valueStart, end: partEnd } };
  });
}

export function rawObjectMembers(text: string): Map<string, string> {
  return new Map(memberSpans(text).map(({ key, value }) => [key, text.slice(value.start, value.end)]));
}

/**
 * A template of the object's text in which the raw values of some top-level members can be
 * replaced, every other byte kept, so records can be derived from a recorded one without
 * re-serialising it. Each key must be a member of the object; the text is scanned once.
 */
export function rawMemberTemplate(text: string, keys: readonly string[]): (values: Readonly<Record<string, string>>) => string {
  const spans = memberSpans(text);
  for (const key of keys) {
    if (!spans.some((s) => s.key === key)) throw new Error(`No member "${key}" to replace`);
  }
  const pieces: string[] = [];
  const slots: string[] = [];
  let from = 0;
  for (const { key, value } of spans) {
    if (!keys.includes(key)) continue;
    pieces.push(text.slice(from, value.start));
    slots.push(key);
    from = value.end;
  }
  const last = text.slice(from);
  return (values) => {
    let result = '';
    for (let i = 0; i < slots.length; i++) {
      const value = values[slots[i]];
      if (value === undefined) throw new Error(`No value for member "${slots[i]}"`);
      result += pieces[i] + value;
    }
    return result + last;
  };
}

/** The object's text with the raw values of some top-level members replaced and every other byte kept. */
export function withRawMembers(text: string, replacements: Readonly<Record<string, string>>): string {
  return rawMemberTemplate(text, Object.keys(replacements))(replacements);
}

/** A record kept both as data (to index and filter) and as the exact text to send. */
export interface RawRecord<T> {
  readonly value: T;
  readonly raw: string;
}

export function rawRecords<T>(arrayText: string): RawRecord<T>[] {
  return rawArrayElements(arrayText).map((raw) => ({ value: JSON.parse(raw) as T, raw }));
}

export function rawRecord<T>(value: T): RawRecord<T> {
  return { value, raw: JSON.stringify(value) };
}

export function joinRaw(records: readonly RawRecord<unknown>[]): string {
  return `[${records.map((r) => r.raw).join(',')}]`;
}

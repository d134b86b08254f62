// Splits JSON text into its top-level parts without re-serialising them, so the sandbox can
// serve records byte for byte as MX sent them (`"price":12.0`, `"latitude":34.1015880`), which
// JSON.parse + JSON.stringify would turn into `12` and `34.101588`.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/** The raw text of each element of a JSON array, or of each `"key":value` member of an object. */
function topLevelParts(text: string): { open: string; parts: string[] } {
  const start = text.search(/\S/);
  const open = text[start];
  if (open !== '[' && open !== '{') throw new SyntaxError('Expected a JSON array or object');
  const parts: string[] = [];
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
        const last = text.slice(partStart, i).trim();
        if (last !== '') parts.push(last);
        return { open, parts };
      }
    } else if (c === COMMA && depth === 1) {
      parts.push(text.slice(partStart, i).trim());
      partStart = i + 1;
    }
  }
  throw new SyntaxError('Unterminated JSON value');
}

export function rawArrayElements(text: string): string[] {
  const { open, parts } = topLevelParts(text);
  if (open !== '[') throw new SyntaxError('Expected a JSON array');
  return parts;
}

export function rawObjectMembers(text: string): Map<string, string> {
  const { open, parts } = topLevelParts(text);
  if (open !== '{') throw new SyntaxError('Expected a JSON object');
  const members = new Map<string, string>();
  for (const part of parts) {
    let end = 1;
    while (part.charCodeAt(end) !== QUOTE) end += part.charCodeAt(end) === BACKSLASH ? 2 : 1;
    const key = JSON.parse(part.slice(0, end + 1)) as string;
    const colon = part.indexOf(':', end + 1);
    members.set(key, part.slice(colon + 1).trim());
  }
  return members;
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

// The Raw view's text: a JSON body re-indented, but only as far as it is shown. A 20 MB answer is
// not pretty-printed whole (that would cost the host a copy of it per answer); the formatter walks
// the raw text once, character by character, and stops when the output is long enough.

export interface FormattedPrefix {
  /** The start of the body, indented by `indent` spaces per level. */
  readonly text: string;
  /** The whole body was formatted (nothing cut). */
  readonly complete: boolean;
}

/**
 * Re-indents JSON text (assumed valid: the caller parsed it) into at most `maxChars` characters,
 * cut at a line end where possible. Strings are copied as they are, escapes included.
 */
export function formatJsonPrefix(json: string, maxChars: number, indent = 2): FormattedPrefix {
  const out: string[] = [];
  let length = 0;
  let depth = 0;
  let lastLineEnd = 0;
  const push = (part: string): void => {
    out.push(part);
    length += part.length;
  };
  const newline = (): void => {
    lastLineEnd = length;
    push(`\n${' '.repeat(depth * indent)}`);
  };
  let i = json.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = json.length;
  while (i < end) {
    if (length >= maxChars) return { text: cutAt(out.join(''), lastLineEnd, maxChars), complete: false };
    const c = json[i];
    switch (c) {
      case '"': {
        let j = i + 1;
        while (j < end) {
          const d = json.charCodeAt(j);
          if (d === 0x5c) j += 2;
          else if (d === 0x22) break;
          else j++;
        }
        push(json.slice(i, j + 1));
        i = j + 1;
        continue;
      }
      case '{':
      case '[': {
        // an empty container stays on one line
        let j = i + 1;
        while (j < end && isSpace(json.charCodeAt(j))) j++;
        if (json[j] === (c === '{' ? '}' : ']')) {
          push(c === '{' ? '{}' : '[]');
          i = j + 1;
          continue;
        }
        push(c);
        depth++;
        newline();
        i++;
        continue;
      }
      case '}':
      case ']':
        depth = Math.max(0, depth - 1);
        newline();
        push(c);
        i++;
        continue;
      case ',':
        push(',');
        newline();
        i++;
        continue;
      case ':':
        push(': ');
        i++;
        continue;
      default: {
        if (isSpace(json.charCodeAt(i))) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < end && !isSpace(json.charCodeAt(j)) && !',:]}'.includes(json[j])) j++;
        push(json.slice(i, j));
        i = j;
      }
    }
  }
  const text = out.join('');
  return text.length > maxChars ? { text: cutAt(text, lastLineEnd, maxChars), complete: false } : { text, complete: true };
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Cut at the last line end within `maxChars` (a string may make the last line long), else at `maxChars`. */
function cutAt(text: string, lastLineEnd: number, maxChars: number): string {
  const cut = lastLineEnd > 0 && lastLineEnd <= maxChars ? lastLineEnd : maxChars;
  return text.slice(0, cut);
}

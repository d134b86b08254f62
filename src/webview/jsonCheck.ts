// Checks the request body as the user types and says where and why it is wrong. JSON.parse decides
// whether the body is valid (strict JSON, as MX reads it); jsonc-parser, in strict mode (no
// comments, no trailing commas), finds the first problem, and the words below explain it using
// what the parser had just read (inside an object or an array, after a ',' or a ':' …).
import { ParseErrorCode, visit } from 'jsonc-parser';

export interface JsonProblem {
  readonly message: string;
  readonly offset: number;
  /** 1-based, counted in '\n' line breaks (what a textarea holds). */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** undefined when `text` is valid JSON or blank (an empty body is allowed). */
export function checkJson(text: string): JsonProblem | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    let located: Located | undefined;
    try {
      located = firstProblem(text);
    } catch {
      located = undefined; // e.g. nesting too deep for jsonc-parser's recursion
    }
    if (!located) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message);
      located = { message, offset: position ? Number(position[1]) : text.length };
    }
    return { ...located, ...lineAndColumn(text, located.offset) };
  }
}

interface Located {
  readonly message: string;
  readonly offset: number;
}

interface Container {
  readonly kind: 'object' | 'array';
  readonly offset: number;
}

/** What the parser read last, and in which container: enough to say what should have come next. */
interface Context {
  readonly container: Container | undefined;
  readonly last: 'start' | 'open' | 'name' | ':' | ',' | 'value';
  readonly lastComma: number;
}

function firstProblem(text: string): Located | undefined {
  const stack: Container[] = [];
  let last: Context['last'] = 'start';
  let lastComma = -1;
  let closing: Context | undefined; // the container being closed when the closer turned out missing
  let found: Located | undefined;
  const context = (): Context => ({ container: stack[stack.length - 1], last, lastComma });
  const open = (kind: Container['kind']) => (offset: number) => {
    stack.push({ kind, offset });
    last = 'open';
  };
  const close = () => {
    closing = context();
    stack.pop();
    last = 'value';
  };
  visit(
    text,
    {
      onObjectBegin: open('object'),
      onArrayBegin: open('array'),
      onObjectEnd: close,
      onArrayEnd: close,
      onObjectProperty: () => (last = 'name'),
      onLiteralValue: () => (last = 'value'),
      onSeparator: (character, offset) => {
        last = character === ':' ? ':' : ',';
        if (character === ',') lastComma = offset;
      },
      onError: (code, offset, length) => {
        const closes = code === ParseErrorCode.CloseBraceExpected || code === ParseErrorCode.CloseBracketExpected;
        found ??= describe(text, code, offset, length, closes && closing ? closing : context());
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return found;
}

function describe(text: string, code: ParseErrorCode, offset: number, length: number, at: Context): Located {
  const token = text.slice(offset, offset + length);
  const problem = (message: string, where = offset): Located => ({ message, offset: where });
  const unexpected = (suffix = '') =>
    at.container || at.last !== 'value'
      ? problem(`Unexpected ${shown(text, offset, token)}: expected ${expected(at)}${suffix}`)
      : problem(`Unexpected ${shown(text, offset, token)} after the end of the JSON value`);
  const inObject = at.container?.kind === 'object';
  const closer = inObject ? '}' : ']';
  switch (code) {
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return problem('Comments are not allowed in JSON');
    case ParseErrorCode.UnexpectedEndOfString:
      // jsonc-parser ends the string token at the line break; the caret goes there, where the " is missing.
      return offset + length < text.length
        ? problem('String not closed on its line: add the closing " (a line break inside a string is written \\n)', offset + length)
        : problem('Unterminated string: the closing " is missing');
    case ParseErrorCode.InvalidUnicode:
    case ParseErrorCode.InvalidEscapeCharacter:
    case ParseErrorCode.InvalidCharacter:
      return insideString(token, offset) ?? problem('Invalid character in a string');
    case ParseErrorCode.UnexpectedEndOfNumber:
      return problem(`Invalid number '${token}': ${token.endsWith('.') ? 'a digit must follow the decimal point' : 'the exponent needs digits'}`);
    case ParseErrorCode.InvalidNumberFormat:
      return problem(`Invalid number '${token}'`);
    case ParseErrorCode.InvalidSymbol:
      return symbol(text, token, offset, at) ?? unexpected();
    case ParseErrorCode.PropertyNameExpected:
    case ParseErrorCode.ValueExpected:
      if (at.last === ',' && text.charAt(offset) === closer) {
        return problem(`Trailing comma before '${closer}': JSON allows no comma after the last ${inObject ? 'property' : 'item'}`, at.lastComma);
      }
      return unexpected();
    case ParseErrorCode.CommaExpected:
    case ParseErrorCode.EndOfFileExpected:
      // After a number, a digit can only follow a leading zero ("01": two numbers to the parser).
      if (/\d/.test(text.charAt(offset)) && /\d/.test(text.charAt(offset - 1))) return problem('Numbers must not have leading zeros', offset - 1);
      return unexpected(unclosed(text, offset, at.container));
    default: // ColonExpected, CloseBraceExpected, CloseBracketExpected
      return unexpected(unclosed(text, offset, at.container));
  }
}

/** What may come next, after what the parser read last. */
function expected(at: Context): string {
  const kind = at.container?.kind;
  switch (at.last) {
    case 'start':
      return 'a value';
    case 'name':
      return "':' after the property name";
    case ':':
      return 'a value';
    case 'open':
      return kind === 'object' ? "a property name in double quotes or '}'" : "a value or ']'";
    case ',':
      return kind === 'object' ? 'a property name in double quotes' : 'a value';
    case 'value':
      return kind === 'object' ? "',' or '}'" : "',' or ']'"; // at the top level, unexpected() words it
  }
}

/** Names the container left open when its closer is missing or a wrong closer stands in its place. */
function unclosed(text: string, offset: number, container: Container | undefined): string {
  const c = text.charAt(offset);
  if (!container || (offset < text.length && c !== '}' && c !== ']')) return '';
  const { line, column } = lineAndColumn(text, container.offset);
  return ` (the ${container.kind} opened at line ${line}, column ${column} is not closed)`;
}

/** The unknown word jsonc-parser stopped at: say what it probably is. */
function symbol(text: string, token: string, offset: number, at: Context): Located | undefined {
  const invisible = /[^\x21-\x7e\p{L}\p{N}\p{P}\p{S}]/u.exec(token);
  if (invisible) {
    const code = invisible[0].codePointAt(0) ?? 0;
    const name = INVISIBLE_NAMES[code] ? ` (${INVISIBLE_NAMES[code]})` : '';
    return { message: `Invisible character ${codePoint(code)}${name}: only spaces, tabs and line breaks may separate JSON values`, offset: offset + invisible.index };
  }
  const first = token.charAt(0);
  if (first === "'") return { message: 'Strings and property names must use double quotes ("), not single quotes', offset };
  if ('“”„″'.includes(first)) return { message: `Typographic quote ${first}: JSON strings use straight double quotes (")`, offset };
  if (first === '-' || first === '+' || first === '.' || /[\d.]/.test(text.charAt(offset - 1)) || /^\d/.test(token)) {
    return { message: token === '-' ? "Invalid number: '-' must be followed by a digit" : 'Invalid number', offset };
  }
  if (/^(true|false|null)$/i.test(token)) return { message: `'${token}' is not JSON: write true, false and null in lower case`, offset };
  if (/^(undefined|NaN|Infinity)$/.test(token)) return { message: `'${token}' is not a JSON value (JSON has no undefined, NaN or Infinity)`, offset };
  if (/^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(token)) {
    if (at.container?.kind === 'object' && (at.last === 'open' || at.last === ',')) {
      return { message: `Property names must be in double quotes: write "${token}"`, offset };
    }
    if (at.last === ':' || at.last === 'start' || (at.container?.kind === 'array' && (at.last === 'open' || at.last === ','))) {
      return { message: `Strings must be in double quotes: write "${token}" (bare words allowed: true, false, null)`, offset };
    }
  }
  return undefined;
}

const INVISIBLE_NAMES: Record<number, string> = {
  0xa0: 'no-break space',
  0xfeff: 'byte order mark',
  0x200b: 'zero-width space',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
};

/** The first bad escape or raw control character in a string token, at its own offset. */
function insideString(token: string, offset: number): Located | undefined {
  // eslint-disable-next-line no-control-regex -- raw control characters are what JSON strings forbid
  const pattern = /\\(?:u[0-9a-fA-F]{4}|["\\/bfnrt])|(\\u[0-9a-fA-F]{0,3}|\\[^]?)|([\u0000-\u001f])/g;
  for (let match = pattern.exec(token); match; match = pattern.exec(token)) {
    const [, escape, control] = match;
    const where = offset + match.index;
    if (escape?.startsWith('\\u')) return { message: `Invalid escape '${escape}': \\u needs four hex digits`, offset: where };
    if (escape !== undefined) return { message: `Invalid escape '${escape}' (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`, offset: where };
    if (control !== undefined) {
      const code = control.charCodeAt(0);
      const written = code === 9 ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`;
      return { message: `${code === 9 ? 'Tab' : `Control character ${codePoint(code)}`} inside a string: write it as ${written}`, offset: where };
    }
  }
  return undefined;
}

function shown(text: string, offset: number, token: string): string {
  if (offset >= text.length) return 'end of input';
  const word = token || text.charAt(offset);
  return `'${word.length > 20 ? `${word.slice(0, 20)}…` : word}'`;
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

// Assertion lines of `.http` files, httpYac's `??` form, declarative only (no script, so a cloned
// repository cannot run code):
//   ?? status == 200                      ?? duration < 2000
//   ?? header content-type includes json  ?? body $.cinemaChains.length > 0
//   ?? body includes "cinemaChains"       ?? mx noError        ?? mx errorCode == 40001
// Operators: == != < <= > >= includes !includes exists !exists matches. Read tolerantly: a line that
// is not understood is a problem on that line, never an exception. Pure.

export const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '!includes', 'includes', '!exists', 'exists', 'matches'] as const;
export type AssertionOperator = (typeof OPERATORS)[number];

export type AssertionSubject =
  | { readonly kind: 'status' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'body'; readonly path?: string }
  | { readonly kind: 'mxErrorCode' };

export interface HttpAssertion {
  /** 0-based line of the `??`. */
  readonly line: number;
  /** The line as written, without `??`. */
  readonly text: string;
  readonly subject: AssertionSubject | { readonly kind: 'mxNoError' };
  readonly operator?: AssertionOperator;
  /** The expected value as written, quotes removed; absent for exists / !exists / mx noError. */
  readonly expected?: string;
}

export type ParsedAssertion = { readonly ok: true; readonly assertion: HttpAssertion } | { readonly ok: false; readonly message: string };

const UNARY: ReadonlySet<AssertionOperator> = new Set(['exists', '!exists']);
const NUMERIC: ReadonlySet<AssertionOperator> = new Set(['<', '<=', '>', '>=']);
const EXAMPLES = 'e.g. "?? status == 200", "?? header content-type includes json", "?? body $.id exists", "?? duration < 2000", "?? mx noError"';

/** Reads one `?? …` line. */
export function parseAssertion(lineText: string, line: number): ParsedAssertion {
  const text = lineText.replace(/^\s*\?\?\s*/, '').trim();
  const [word = '', ...rest] = text.split(/\s+/);
  const after = text.slice(word.length).trim();
  switch (word.toLowerCase()) {
    case 'status':
      return withOperator(text, line, { kind: 'status' }, after, true);
    case 'duration':
      return withOperator(text, line, { kind: 'duration' }, after, true);
    case 'header': {
      const name = rest[0];
      if (!name || isOperator(name)) return fail('Name the header: "?? header content-type includes json".');
      return withOperator(text, line, { kind: 'header', name }, after.slice(name.length).trim(), false);
    }
    case 'body': {
      const first = rest[0];
      if (first?.startsWith('$')) return withOperator(text, line, { kind: 'body', path: first }, after.slice(first.length).trim(), false);
      return withOperator(text, line, { kind: 'body' }, after, false);
    }
    case 'mx': {
      if (/^noError$/i.test(after)) return { ok: true, assertion: { line, text, subject: { kind: 'mxNoError' } } };
      if (/^errorCode\b/i.test(after)) return withOperator(text, line, { kind: 'mxErrorCode' }, after.slice('errorCode'.length).trim(), true);
      return fail('MX checks are "?? mx noError" and "?? mx errorCode == 40001".');
    }
    default:
      return fail(`Unknown check "${word}": check status, header, body, duration or mx, ${EXAMPLES}.`);
  }
}

function withOperator(text: string, line: number, subject: AssertionSubject, rest: string, numericSubject: boolean): ParsedAssertion {
  const operator = OPERATORS.find((op) => rest === op || rest.startsWith(`${op} `));
  if (!operator) return fail(`Expected an operator (${OPERATORS.join(' ')}) after "${text.slice(0, text.length - rest.length).trim()}".`);
  const expected = unquote(rest.slice(operator.length).trim());
  if (UNARY.has(operator)) {
    if (expected !== '') return fail(`"${operator}" takes no value.`);
    return { ok: true, assertion: { line, text, subject, operator } };
  }
  if (expected === '' && rest.slice(operator.length).trim() === '') return fail(`"${operator}" needs a value to compare with.`);
  if ((NUMERIC.has(operator) || numericSubject) && operator !== 'matches' && operator !== 'includes' && operator !== '!includes' && !isNumber(expected)) {
    return fail(`"${expected}" is not a number; ${numericSubject ? 'this check compares numbers' : `"${operator}" compares numbers`}.`);
  }
  return { ok: true, assertion: { line, text, subject, operator, expected } };
}

export function isNumber(text: string): boolean {
  return /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text.trim());
}

function isOperator(word: string): boolean {
  return (OPERATORS as readonly string[]).includes(word);
}

function unquote(text: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  return quoted ? quoted[2] : text;
}

function fail(message: string): ParsedAssertion {
  return { ok: false, message };
}

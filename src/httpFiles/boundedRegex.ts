// Regular expressions from `.http` files (`?? … matches …`), made safe to run on an answer: a
// pattern that can backtrack without bound is refused (nested quantifiers such as `(a+)+`, a
// quantified group with alternatives such as `(a|aa)*`, back-references, look-arounds), and the
// text it runs on is capped, more tightly the more unbounded quantifiers the pattern has: JavaScript
// tries an unanchored pattern at every position, so k unbounded quantifiers cost up to n^(k+1)
// steps. Pure.

export type BoundedRegex =
  | { readonly ok: true; readonly regex: RegExp; readonly maxInput: number }
  | { readonly ok: false; readonly message: string };

export const MAX_PATTERN_CHARS = 200;
/** Characters tested for a pattern with 0, 1 and 2 unbounded quantifiers; more are refused. */
export const INPUT_CAPS: readonly number[] = [65_536, 4_096, 256];
const LITERAL = /^\/(.*)\/([imsu]*)$/s;
// A `{n,m}` counts as unbounded above this.
const SMALL_REPEAT = 16;

/** Compiles `/pattern/flags` or a bare pattern, or says why it is refused. */
export function boundedRegex(source: string): BoundedRegex {
  const literal = LITERAL.exec(source.trim());
  const pattern = literal ? literal[1] : source.trim();
  const flags = literal ? literal[2] : '';
  if (pattern.length > MAX_PATTERN_CHARS) return refuse(`it is longer than ${MAX_PATTERN_CHARS} characters`);
  const shape = scan(pattern);
  if (typeof shape === 'string') return refuse(shape);
  if (shape.unbounded >= INPUT_CAPS.length) return refuse(`it has more than ${INPUT_CAPS.length - 1} unbounded quantifiers (*, +, {n,})`);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    return refuse(`it is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
  }
  return { ok: true, regex, maxInput: INPUT_CAPS[shape.unbounded] };
}

/** Tests the start of the text (up to the cap); says when it was cut. */
export function testBounded(bounded: { readonly regex: RegExp; readonly maxInput: number }, text: string): { readonly matched: boolean; readonly cut: boolean } {
  const cut = text.length > bounded.maxInput;
  bounded.regex.lastIndex = 0;
  return { matched: bounded.regex.test(cut ? text.slice(0, bounded.maxInput) : text), cut };
}

interface Group {
  quantified: boolean;
  alternation: boolean;
}

/** Counts unbounded quantifiers; a string says what makes the pattern unsafe. */
function scan(pattern: string): { unbounded: number } | string {
  const stack: Group[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'back-references are not allowed';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        const kind = pattern.slice(i + 2, i + 4);
        if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') return 'look-ahead and look-behind are not allowed';
      }
      stack.push({ quantified: false, alternation: false });
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1].alternation = true;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (c === ')') {
      const group = stack.pop();
      if (!group || stack.length === 0) return 'its parentheses do not match';
      const after = quantifierAt(pattern, i + 1);
      if (after && after.repeats) {
        if (group.quantified) return 'a repeated group holds a quantifier itself, e.g. (a+)+, which can run for ever';
        if (group.alternation) return 'a repeated group holds alternatives, e.g. (a|aa)*, which can run for ever';
      }
      // What a group holds counts for the groups around it.
      const parent = stack[stack.length - 1];
      parent.quantified ||= group.quantified || Boolean(after?.repeats);
      if (after) {
        if (after.unbounded) unbounded++;
        i += after.length;
      }
      continue;
    }
    if (quantifier) {
      if (quantifier.repeats) stack[stack.length - 1].quantified = true;
      if (quantifier.unbounded) unbounded++;
      i += quantifier.length - 1;
    }
  }
  if (inClass) return 'a character class is not closed';
  if (stack.length !== 1) return 'its parentheses do not match';
  return { unbounded };
}

/** The quantifier starting at `i` (with a lazy `?`), if any. */
function quantifierAt(pattern: string, i: number): { length: number; repeats: boolean; unbounded: boolean } | undefined {
  const c = pattern[i];
  const lazy = (length: number): number => (pattern[i + length] === '?' ? length + 1 : length);
  if (c === '*' || c === '+') return { length: lazy(1), repeats: true, unbounded: true };
  if (c === '?') return { length: lazy(1), repeats: false, unbounded: false };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return { length: lazy(m[0].length), repeats: max > 1, unbounded: max > SMALL_REPEAT };
  }
  return undefined;
}

function refuse(why: string): { ok: false; message: string } {
  return { ok: false, message: `This pattern is refused: ${why}.` };
}

// Validates the request body as the user types and says where it goes wrong. JSON.parse decides;
// the small scanner below only locates the problem, since browsers' messages differ and some
// ("Unexpected end of JSON input") carry no position at all.

export interface JsonProblem {
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** undefined when `text` is valid JSON or blank (an empty body is allowed). */
export function checkJson(text: string): JsonProblem | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    let located: { message: string; offset: number } | undefined;
    try {
      located = new Scanner(text).locate();
    } catch {
      located = undefined; // e.g. nesting too deep for the scanner
    }
    if (!located) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message);
      located = { message, offset: position ? Number(position[1]) : text.length };
    }
    return { ...located, ...lineAndColumn(text, located.offset) };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

class Problem {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  locate(): { message: string; offset: number } | undefined {
    try {
      this.space();
      this.value();
      this.space();
      if (this.pos < this.text.length) this.fail('Unexpected text after the JSON value');
      return undefined;
    } catch (e) {
      if (e instanceof Problem) return { message: e.message, offset: e.offset };
      throw e;
    }
  }

  private fail(message: string, offset = this.pos): never {
    throw new Problem(this.pos >= this.text.length && offset >= this.text.length ? `${message} (unexpected end of input)` : message, offset);
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.text.charAt(this.pos))) this.pos += 1;
  }

  private value(): void {
    const c = this.text.charAt(this.pos);
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    if (c === "'") this.fail('Strings must use double quotes');
    this.fail('Expected a value');
  }

  private object(): void {
    this.pos += 1;
    this.space();
    if (this.text.charAt(this.pos) === '}') {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.space();
      if (this.text.charAt(this.pos) !== '"') {
        this.fail(this.text.charAt(this.pos) === '}' ? 'Trailing comma before }' : 'Expected a property name in double quotes');
      }
      this.string();
      this.space();
      if (this.text.charAt(this.pos) !== ':') this.fail("Expected ':' after the property name");
      this.pos += 1;
      this.space();
      this.value();
      this.space();
      const c = this.text.charAt(this.pos);
      this.pos += 1;
      if (c === '}') return;
      if (c !== ',') this.fail("Expected ',' or '}'", this.pos - 1);
    }
  }

  private array(): void {
    this.pos += 1;
    this.space();
    if (this.text.charAt(this.pos) === ']') {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.space();
      if (this.text.charAt(this.pos) === ']') this.fail('Trailing comma before ]');
      this.value();
      this.space();
      const c = this.text.charAt(this.pos);
      this.pos += 1;
      if (c === ']') return;
      if (c !== ',') this.fail("Expected ',' or ']'", this.pos - 1);
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos += 1;
    while (this.pos < this.text.length) {
      const c = this.text.charAt(this.pos);
      if (c === '"') {
        this.pos += 1;
        return;
      }
      if (c === '\\') {
        const e = this.text.charAt(this.pos + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail('Invalid \\u escape');
          this.pos += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') {
          this.pos += 2;
        } else {
          this.fail('Invalid escape in string');
        }
      } else if (c < ' ') {
        this.fail('Control character (e.g. a line break) inside a string');
      } else {
        this.pos += 1;
      }
    }
    this.fail('Unterminated string', start);
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match || match[0] === '-') this.fail('Invalid number');
    this.pos += match[0].length;
    if (/[\w.]/.test(this.text.charAt(this.pos))) this.fail('Invalid number');
  }
}

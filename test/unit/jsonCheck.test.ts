// The request panel's body check (src/webview/jsonCheck.ts): what it accepts is what JSON.parse
// accepts, and every rejection says where (line, column) and why, in words a user can act on.
import * as assert from 'node:assert/strict';
import { checkJson, type JsonProblem } from '../../src/webview/jsonCheck';

function problemIn(text: string): JsonProblem {
  const problem = checkJson(text);
  assert.ok(problem, `expected a problem in ${JSON.stringify(text)}`);
  return problem;
}

/** Each body's problem as the panel shows it: `line:column message`. */
function expectShown(cases: ReadonlyArray<readonly [body: string, shown: string]>): void {
  const shown = cases.map(([body]) => {
    const { line, column, message } = problemIn(body);
    return `${line}:${column} ${message}`;
  });
  assert.deepEqual(shown, cases.map(([, expected]) => expected));
}

describe('request body check', () => {
  it('accepts valid JSON and a blank body', () => {
    for (const text of ['', '  \n\t', '{}', '[]', '0', '-1.5e+3', '"x"', 'true', 'null', '{"a":[1,{"b":"\\u00e9\\n"}]}', '\n{\n  "a": 1\n}\n']) {
      assert.equal(checkJson(text), undefined, JSON.stringify(text));
    }
  });

  it('says comments are not JSON, wherever they are', () => {
    expectShown([
      ['{\n  "a": 1, // the chain\n  "b": 2\n}', '2:11 Comments are not allowed in JSON'],
      ['/* order */ {}', '1:1 Comments are not allowed in JSON'],
      ['{"a":1,/* x */}', '1:8 Comments are not allowed in JSON'],
      ['[1 /* not closed', '1:4 Comments are not allowed in JSON'],
    ]);
  });

  it('names a trailing comma and puts the caret on it', () => {
    expectShown([
      ['{"a":1,\n  "b":2,\n}', "2:8 Trailing comma before '}': JSON allows no comma after the last property"],
      ['[1,2,]', "1:5 Trailing comma before ']': JSON allows no comma after the last item"],
    ]);
  });

  it('says what was expected where a separator is missing or wrong', () => {
    expectShown([
      ['{"a":1\n "b":2\n}', `2:2 Unexpected '"b"': expected ',' or '}'`],
      ['[\n  {"id": 1}\n  {"id": 2}\n]', "3:3 Unexpected '{': expected ',' or ']'"],
      ['{"a" 1}', "1:6 Unexpected '1': expected ':' after the property name"],
      ['[1,,2]', "1:4 Unexpected ',': expected a value"],
      ['{,}', "1:2 Unexpected ',': expected a property name in double quotes or '}'"],
      ['}', "1:1 Unexpected '}': expected a value"],
    ]);
  });

  it('at the end of the input, names the object or array left open', () => {
    expectShown([
      ['{"a":1', "1:7 Unexpected end of input: expected ',' or '}' (the object opened at line 1, column 1 is not closed)"],
      ['{\n  "list": [1, 2', "2:16 Unexpected end of input: expected ',' or ']' (the array opened at line 2, column 11 is not closed)"],
      ['{"a":', '1:6 Unexpected end of input: expected a value'],
      ['{"a":[1,2}', "1:10 Unexpected '}': expected ',' or ']' (the array opened at line 1, column 6 is not closed)"],
    ]);
  });

  it('explains quotes: single, typographic, missing', () => {
    expectShown([
      ["{'a': 1}", '1:2 Strings and property names must use double quotes ("), not single quotes'],
      ['{"a": “x”}', '1:7 Typographic quote “: JSON strings use straight double quotes (")'],
      ['{chainId: 1}', '1:2 Property names must be in double quotes: write "chainId"'],
      ['{"a": hello}', '1:7 Strings must be in double quotes: write "hello" (bare words allowed: true, false, null)'],
    ]);
  });

  it('explains words that are not JSON values', () => {
    expectShown([
      ['{"a": True}', "1:7 'True' is not JSON: write true, false and null in lower case"],
      ['[NaN]', "1:2 'NaN' is not a JSON value (JSON has no undefined, NaN or Infinity)"],
      ['{"a": undefined}', "1:7 'undefined' is not a JSON value (JSON has no undefined, NaN or Infinity)"],
    ]);
  });

  it('explains strings: unterminated, line breaks, escapes and control characters, at the spot', () => {
    expectShown([
      ['{"a": "abc', '1:7 Unterminated string: the closing " is missing'],
      ['{"a": "x\n"}', '1:9 String not closed on its line: add the closing " (a line break inside a string is written \\n)'],
      ['{"a": "ok \\\\ then \\q"}', "1:19 Invalid escape '\\q' (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"],
      ['["\\u12"]', "1:3 Invalid escape '\\u12': \\u needs four hex digits"],
      ['["a\tb"]', '1:4 Tab inside a string: write it as \\t'],
      ['["a\u0001"]', '1:4 Control character U+0001 inside a string: write it as \\u0001'],
    ]);
  });

  it('explains numbers', () => {
    expectShown([
      ['{"a": 01}', '1:7 Numbers must not have leading zeros'],
      ['[1.]', "1:2 Invalid number '1.': a digit must follow the decimal point"],
      ['[1e]', "1:2 Invalid number '1e': the exponent needs digits"],
      ['-', "1:1 Invalid number: '-' must be followed by a digit"],
    ]);
    for (const text of ['+1', '.5', '[1.5.3]', '0x1F']) assert.match(problemIn(text).message, /^Invalid number/, text);
  });

  it('finds invisible characters pasted between values', () => {
    expectShown([
      ['{"a":\u00a01}', '1:6 Invisible character U+00A0 (no-break space): only spaces, tabs and line breaks may separate JSON values'],
      ['\ufeff{}', '1:1 Invisible character U+FEFF (byte order mark): only spaces, tabs and line breaks may separate JSON values'],
      ['[1,\u200b2]', '1:4 Invisible character U+200B (zero-width space): only spaces, tabs and line breaks may separate JSON values'],
    ]);
  });

  it('refuses text after the value', () => {
    expectShown([
      ['{"a":1}}', "1:8 Unexpected '}' after the end of the JSON value"],
      ['{"a":1}\n{"b":2}', "2:1 Unexpected '{' after the end of the JSON value"],
      ['{"a":1} x', "1:9 Unexpected 'x' after the end of the JSON value"],
    ]);
  });

  it('nesting too deep for the parser still gives a located problem, never a throw', () => {
    const text = '['.repeat(100_000);
    const problem = problemIn(text);
    assert.ok(problem.message.length > 0);
    assert.equal(problem.line, 1);
    assert.ok(problem.column >= 1 && problem.column <= text.length + 1);
  });

  it('rejects exactly what JSON.parse rejects, and its line and column match its offset', () => {
    const samples = [
      '{"a":1}',
      '{"a":1,}',
      '[1,2,3]',
      '{"a":[true,false,null]}',
      '{"a":"b"',
      '["\\"',
      '{"a" : "x" , "b" : [ ] }',
      '{"a":-0.5E-7}',
      '{"a":--1}',
      '[1]]',
      '{"a":"\\/"}',
      '{"\\uD83C\\uDFAC": "film"}',
      '[,]',
      '{"a":1}\n// trailing comment',
    ];
    for (const text of samples) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const problem = checkJson(text);
      assert.equal(problem === undefined, valid, text);
      if (problem) {
        const before = text.slice(0, problem.offset).split('\n');
        assert.deepEqual([problem.line, problem.column], [before.length, before[before.length - 1].length + 1], text);
      }
    }
  });
});

// The request panel's body check (src/webview/jsonCheck.ts): what it accepts is what JSON.parse
// accepts, and every rejection says where (line, column) and why, in words a user can act on.
import * as assert from 'node:assert/strict';
import { checkJson, type JsonProblem } from '../../src/webview/jsonCheck';

function problemIn(text: string): JsonProblem {
  const problem = checkJson(text);
  assert.ok(problem, `expected a problem in ${JSON.stringify(text)}`);
  return problem;
}

/** line:column and message, the way the panel shows them. */
function shown(text: string): string {
  const { line, column, message } = problemIn(text);
  return `${line}:${column} ${message}`;
}

describe('request body check', () => {
  it('accepts valid JSON and a blank body', () => {
    for (const text of ['', '  \n\t', '{}', '[]', '0', '-1.5e+3', '"x"', 'true', 'null', '{"a":[1,{"b":"\\u00e9\\n"}]}', '\n{\n  "a": 1\n}\n']) {
      assert.equal(checkJson(text), undefined, JSON.stringify(text));
    }
  });

  it('says comments are not JSON, wherever they are', () => {
    assert.equal(shown('{\n  "a": 1, // the chain\n  "b": 2\n}'), '2:11 Comments are not allowed in JSON');
    assert.equal(shown('/* order */ {}'), '1:1 Comments are not allowed in JSON');
    assert.equal(shown('{"a":1,/* x */}'), '1:8 Comments are not allowed in JSON');
    assert.equal(shown('[1 /* not closed'), '1:4 Comments are not allowed in JSON');
  });

  it('names a trailing comma and puts the caret on it', () => {
    assert.equal(shown('{"a":1,\n  "b":2,\n}'), "2:8 Trailing comma before '}': JSON allows no comma after the last property");
    assert.equal(shown('[1,2,]'), "1:5 Trailing comma before ']': JSON allows no comma after the last item");
  });

  it('says what was expected where a separator is missing or wrong', () => {
    assert.equal(shown('{"a":1\n "b":2\n}'), `2:2 Unexpected '"b"': expected ',' or '}'`);
    assert.equal(shown('[\n  {"id": 1}\n  {"id": 2}\n]'), "3:3 Unexpected '{': expected ',' or ']'");
    assert.equal(shown('{"a" 1}'), "1:6 Unexpected '1': expected ':' after the property name");
    assert.equal(shown('[1,,2]'), "1:4 Unexpected ',': expected a value");
    assert.equal(shown('{,}'), "1:2 Unexpected ',': expected a property name in double quotes or '}'");
    assert.equal(shown('}'), "1:1 Unexpected '}': expected a value");
  });

  it('at the end of the input, names the object or array left open', () => {
    assert.equal(shown('{"a":1'), "1:7 Unexpected end of input: expected ',' or '}' (the object opened at line 1, column 1 is not closed)");
    assert.equal(shown('{\n  "list": [1, 2'), "2:16 Unexpected end of input: expected ',' or ']' (the array opened at line 2, column 11 is not closed)");
    assert.equal(shown('{"a":'), '1:6 Unexpected end of input: expected a value');
    assert.equal(shown('{"a":[1,2}'), "1:10 Unexpected '}': expected ',' or ']' (the array opened at line 1, column 6 is not closed)");
  });

  it('explains quotes: single, typographic, missing', () => {
    assert.equal(shown("{'a': 1}"), '1:2 Strings and property names must use double quotes ("), not single quotes');
    assert.equal(shown('{"a": “x”}'), '1:7 Typographic quote “: JSON strings use straight double quotes (")');
    assert.equal(shown('{chainId: 1}'), '1:2 Property names must be in double quotes: write "chainId"');
    assert.equal(shown('{"a": hello}'), '1:7 Strings must be in double quotes: write "hello" (bare words allowed: true, false, null)');
  });

  it('explains words that are not JSON values', () => {
    assert.equal(shown('{"a": True}'), "1:7 'True' is not JSON: write true, false and null in lower case");
    assert.equal(shown('[NaN]'), "1:2 'NaN' is not a JSON value (JSON has no undefined, NaN or Infinity)");
    assert.equal(shown('{"a": undefined}'), "1:7 'undefined' is not a JSON value (JSON has no undefined, NaN or Infinity)");
  });

  it('explains strings: unterminated, line breaks, escapes and control characters, at the spot', () => {
    assert.equal(shown('{"a": "abc'), '1:7 Unterminated string: the closing " is missing');
    assert.equal(shown('{"a": "x\n"}'), '1:9 String not closed on its line: add the closing " (a line break inside a string is written \\n)');
    assert.equal(shown('{"a": "ok \\\\ then \\q"}'), "1:19 Invalid escape '\\q' (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    assert.equal(shown('["\\u12"]'), "1:3 Invalid escape '\\u12': \\u needs four hex digits");
    assert.equal(shown('["a\tb"]'), '1:4 Tab inside a string: write it as \\t');
    assert.equal(shown('["a\u0001"]'), '1:4 Control character U+0001 inside a string: write it as \\u0001');
  });

  it('explains numbers', () => {
    assert.equal(shown('{"a": 01}'), '1:7 Numbers must not have leading zeros');
    assert.equal(shown('[1.]'), "1:2 Invalid number '1.': a digit must follow the decimal point");
    assert.equal(shown('[1e]'), "1:2 Invalid number '1e': the exponent needs digits");
    assert.equal(shown('-'), "1:1 Invalid number: '-' must be followed by a digit");
    for (const text of ['+1', '.5', '[1.5.3]', '0x1F']) assert.match(problemIn(text).message, /^Invalid number/, text);
  });

  it('finds invisible characters pasted between values', () => {
    assert.equal(shown('{"a":\u00a01}'), '1:6 Invisible character U+00A0 (no-break space): only spaces, tabs and line breaks may separate JSON values');
    assert.equal(shown('\ufeff{}'), '1:1 Invisible character U+FEFF (byte order mark): only spaces, tabs and line breaks may separate JSON values');
    assert.equal(shown('[1,\u200b2]'), '1:4 Invisible character U+200B (zero-width space): only spaces, tabs and line breaks may separate JSON values');
  });

  it('refuses text after the value', () => {
    assert.equal(shown('{"a":1}}'), "1:8 Unexpected '}' after the end of the JSON value");
    assert.equal(shown('{"a":1}\n{"b":2}'), "2:1 Unexpected '{' after the end of the JSON value");
    assert.equal(shown('{"a":1} x'), "1:9 Unexpected 'x' after the end of the JSON value");
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

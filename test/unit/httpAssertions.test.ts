// `??` assertions of `.http` files: reading them in the parser (with lines, tolerant), each operator
// and its message (src/httpFiles/httpAssertionCheck.ts), the MX checks, and bounded regular
// expressions (src/httpFiles/boundedRegex.ts) that refuse patterns that can run for ever.
import * as assert from 'node:assert/strict';
import { boundedRegex, INPUT_CAPS, testBounded } from '../../src/httpFiles/boundedRegex';
import { type AssertionResult, checkAssertions } from '../../src/httpFiles/httpAssertionCheck';
import { parseAssertion } from '../../src/httpFiles/httpAssertions';
import type { HttpExchange } from '../../src/httpFiles/httpExchange';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { exchange } from './httpRequestVariables.test';

function check(line: string, answer: HttpExchange = exchange()): AssertionResult {
  const parsed = parseAssertion(line, 7);
  assert.ok(parsed.ok, `${line} should parse: ${parsed.ok ? '' : parsed.message}`);
  const [result] = checkAssertions([parsed.assertion], answer);
  return result;
}

function passes(line: string, answer?: HttpExchange): void {
  const result = check(line, answer);
  assert.equal(result.passed, true, `${line} should pass; got ${result.message}`);
  assert.equal(result.message, '');
}

function fails(line: string, message: RegExp, answer?: HttpExchange): AssertionResult {
  const result = check(line, answer);
  assert.equal(result.passed, false, `${line} should fail`);
  assert.match(result.message, message, line);
  return result;
}

const MX_ERROR = '{"errorCode":40001,"errorDescription":"Cinema chain [x] not found.","errorCodeDescription":"The requested cinema chain cannot be found."}';

describe('.http assertions', () => {
  describe('in the parser', () => {
    const text = [
      '# @name chains',
      'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains',
      'Accept: application/json',
      '?? status == 200',
      '',
      '{"a": 1}',
      '',
      '?? header content-type includes json',
      '?? body $.cinemaChains.length > 0',
      '??   duration   <   2000',
      '?? nonsense here',
      '?? status == ok',
      '###',
      'GET /plain',
    ].join('\n');
    const parsed = parseHttpFile(text);

    it('reads every ?? line of the request with its line, among the headers and after the body', () => {
      const [first, second] = parsed.requests;
      assert.deepEqual(first.assertions.map((a) => [a.line, a.text]), [
        [3, 'status == 200'],
        [7, 'header content-type includes json'],
        [8, 'body $.cinemaChains.length > 0'],
        [9, 'duration   <   2000'],
      ]);
      assert.deepEqual(first.headers.map((h) => h.name), ['Accept'], 'an assertion is no header');
      assert.deepEqual(first.body, { kind: 'inline', text: '{"a": 1}', startLine: 5 }, 'nor body');
      assert.deepEqual(second.assertions, []);
    });

    it('a ?? line right under the request line is an assertion, not a query continuation', () => {
      const file = parseHttpFile('GET {{mxApi}}/chains\n?? status == 200\n  ?page=2\n?? body $.x exists\n');
      const [request] = file.requests;
      assert.equal(request.url, '{{mxApi}}/chains');
      assert.deepEqual(request.assertions.map((a) => a.line), [1, 3]);
      assert.deepEqual(file.diagnostics.map((d) => d.line), [2], 'a continuation after an assertion is no header');
    });

    it('a line it cannot read is a problem on that line, the others still count', () => {
      assert.deepEqual(parsed.diagnostics.map((d) => [d.line, d.severity, d.message.slice(0, 30)]), [
        [10, 'error', 'Unknown check "nonsense": chec'],
        [11, 'error', '"ok" is not a number; this che'],
      ]);
    });

    it('reads subjects, operators and values (quotes removed)', () => {
      const read = (line: string): unknown => {
        const p = parseAssertion(line, 0);
        return p.ok ? { subject: p.assertion.subject, operator: p.assertion.operator, expected: p.assertion.expected } : p.message;
      };
      assert.deepEqual(read('?? header Mx-Correlation-Id exists'), { subject: { kind: 'header', name: 'Mx-Correlation-Id' }, operator: 'exists', expected: undefined });
      assert.deepEqual(read('?? body $.name == "Two words"'), { subject: { kind: 'body', path: '$.name' }, operator: '==', expected: 'Two words' });
      assert.deepEqual(read('?? body !includes error'), { subject: { kind: 'body' }, operator: '!includes', expected: 'error' });
      assert.deepEqual(read('?? mx errorCode == 40001'), { subject: { kind: 'mxErrorCode' }, operator: '==', expected: '40001' });
      assert.deepEqual(read('?? mx noError'), { subject: { kind: 'mxNoError' }, operator: undefined, expected: undefined });
      assert.match(String(read('?? status')), /Expected an operator/);
      assert.match(String(read('?? status ~= 2')), /Expected an operator/);
      assert.match(String(read('?? header')), /Name the header/);
      assert.match(String(read('?? body $.x exists 3')), /takes no value/);
      assert.match(String(read('?? body $.x ==')), /needs a value/);
      assert.match(String(read('?? body $.x < big')), /"big" is not a number/);
      assert.match(String(read('?? mx whatever')), /mx noError/);
    });
  });

  describe('operators', () => {
    it('== and != compare scalars as text and numbers as numbers', () => {
      passes('?? status == 200');
      passes('?? status != 404');
      passes('?? body $.total == 2');
      passes('?? body $.total == 2.0');
      passes('?? body $.total == "2"');
      passes('?? body $.flag == true');
      passes('?? body $.cinemaChains[0].name == Chain');
      passes('?? body $.cinemaChains[0] == {"id":"d90b9017","name":"Chain"}');
      const failed = fails('?? status == 201', /^Expected status == 201, got 200\.$/);
      assert.equal(failed.expected, 'status == 201');
      assert.equal(failed.actual, '200');
      assert.equal(failed.line, 7);
      assert.deepEqual(failed.diff, { expected: '201', actual: '200' }, 'a failed == carries the two values for a diff');
      assert.equal(check('?? duration > 5000').diff, undefined, 'other operators carry none');
      fails('?? body $.cinemaChains[0].name != Chain', /Expected body \$\.cinemaChains\[0\]\.name != Chain, got "Chain"/);
    });

    it('< <= > >= need numbers', () => {
      passes('?? duration < 2000');
      passes('?? duration <= 120');
      passes('?? body $.cinemaChains.length > 1');
      passes('?? body $.cinemaChains.length >= 2');
      fails('?? duration > 5000', /Expected duration > 5000, got 120\./);
      fails('?? body $.cinemaChains.length > 2', /got 2\./);
      fails('?? body $.cinemaChains[0].name > 1', /got "Chain", which is not a number/);
    });

    it('includes and !includes look into strings and arrays', () => {
      passes('?? header content-type includes json');
      passes('?? header Content-Type !includes xml');
      passes('?? body includes cinemaChains');
      passes('?? body $.cinemaChains[*].id includes d90');
      passes('?? body $.cinemaChains includes {"id":"x2","name":"Other"}');
      passes('?? body $.cinemaChains[0] includes d90b9017');
      fails('?? header content-type includes xml', /Expected header content-type includes xml, got "application\/json; charset=utf-8"/);
      fails('?? body !includes Chain', /Expected body !includes Chain/);
    });

    it('exists and !exists, and what is missing is said', () => {
      passes('?? header Mx-Correlation-Id exists');
      passes('?? header X-Nope !exists');
      passes('?? body $.cinemaChains[0].id exists');
      passes('?? body $.cinemaChains[9] !exists');
      fails('?? header X-Nope exists', /Expected header X-Nope to exist: the response has no X-Nope header/);
      fails('?? body $.total !exists', /Expected body \$\.total not to exist, got 2/);
      fails('?? header X-Nope == 1', /but the response has no X-Nope header/);
      fails('?? body $.x == 1', /not JSON/, exchange({ body: '<html></html>' }));
      fails('?? body $.x == 1', /body is empty/, exchange({ body: '' }));
      fails('?? body $..x exists', /Recursive descent/);
    });

    it('matches runs a bounded regular expression', () => {
      passes('?? header Mx-Correlation-Id matches ^corr-\\d+$');
      passes('?? body $.cinemaChains[0].id matches /^D90/i');
      fails('?? header Mx-Correlation-Id matches ^\\d+$', /Expected header Mx-Correlation-Id matches/);
      fails('?? header Mx-Correlation-Id matches (a+)+$', /refused: a repeated group holds a quantifier/);
      fails('?? body matches [', /not a valid regular expression|not closed/);
    });

    it('long values are shortened in what is shown', () => {
      const long = 'x'.repeat(1000);
      const result = fails('?? body == y', /got "x{199}… \(1002 characters\)/, exchange({ body: long }));
      assert.ok(result.actual.length < 260);
    });
  });

  describe('MX checks', () => {
    it('mx noError holds for a success without an MX error body', () => {
      passes('?? mx noError');
      fails('?? mx noError', /Expected no MX error, got MX error 40001: Cinema chain \[x\] not found\./, exchange({ status: 404, body: MX_ERROR }));
      fails('?? mx noError', /got status 500, no MX error body/, exchange({ status: 500, body: '<html>' }));
    });

    it('mx errorCode reads the MX error body, whatever the status', () => {
      passes('?? mx errorCode == 40001', exchange({ status: 404, body: MX_ERROR }));
      passes('?? mx errorCode >= 40000', exchange({ status: 404, body: MX_ERROR }));
      passes('?? mx errorCode exists', exchange({ status: 404, body: MX_ERROR }));
      passes('?? mx errorCode !exists');
      fails('?? mx errorCode == 40002', /Expected mx errorCode == 40002, got 40001/, exchange({ status: 404, body: MX_ERROR }));
      fails('?? mx errorCode == 40001', /the response has no MX error body \(status 200\)/);
      passes('?? mx errorCode == 40001', exchange({ status: 400, body: '{"ErrorCode":"40001"}' }));
    });
  });

  describe('bounded regular expressions', () => {
    it('refuse patterns that can backtrack without bound', () => {
      for (const [pattern, why] of [
        ['(a+)+$', /quantifier/],
        ['(a*)*b', /quantifier/],
        ['((ab)+c)*', /quantifier/],
        ['(a|aa)+$', /alternatives/],
        ['(x{2,20}){3,}', /quantifier/],
        ['(a)\\1', /back-references/],
        ['(?<n>a)\\k<n>', /back-references/],
        ['a(?=b)', /look-ahead/],
        ['(?<!a)b', /look-ahead/],
        ['\\d*\\d*\\d*x', /more than 2 unbounded/],
        ['a{1,100}b{20,}c+', /more than 2 unbounded/],
        ['x'.repeat(201), /longer than 200/],
        ['(a', /parentheses|not a valid/],
        ['a)', /parentheses/],
      ] as const) {
        const compiled = boundedRegex(pattern);
        assert.equal(compiled.ok, false, pattern);
        assert.match(compiled.ok ? '' : compiled.message, why, pattern);
      }
    });

    it('accept ordinary patterns, with an input cap that shrinks with each unbounded quantifier', () => {
      const caps = ['^application/json', '^corr-\\d+$', '.*json.*', '(ab)?c', '(a|b)c', '[(+*]+x', 'a{2,5}(bc){1,3}'].map((p) => {
        const compiled = boundedRegex(p);
        assert.ok(compiled.ok, p);
        return compiled.ok ? compiled.maxInput : -1;
      });
      assert.deepEqual(caps, [INPUT_CAPS[0], INPUT_CAPS[1], INPUT_CAPS[2], INPUT_CAPS[0], INPUT_CAPS[0], INPUT_CAPS[1], INPUT_CAPS[0]]);
    });

    it('hostile input stays fast: the text is cut to the cap and that is said', () => {
      const compiled = boundedRegex('\\d*\\d*x');
      assert.ok(compiled.ok);
      const started = process.hrtime.bigint();
      const tested = testBounded(compiled, '1'.repeat(100_000));
      assert.deepEqual(tested, { matched: false, cut: true });
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000, 'well under a second');
      const result = fails('?? body matches \\d*\\d*x', /only its first 256 characters were tested/, exchange({ body: '1'.repeat(5000) }));
      assert.equal(result.passed, false);
    });
  });
});

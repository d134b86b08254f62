// Judges `??` assertions (httpAssertions.ts) against one answer. Each result says what was expected
// and what came, in words a test report can show at the assertion's line. Scalars compare as text
// for == / != (`?? body $.id == 42` and `== "42"` both hold for 42), numbers for < <= > >=;
// `includes` looks into a string or an array; `matches` runs a bounded regular expression
// (boundedRegex.ts). MX checks read the MX error body (src/mx/errors.ts). Pure.
import { decodeMxErrorBody } from '../mx/errors';
import { boundedRegex, testBounded } from './boundedRegex';
import type { HttpAssertion } from './httpAssertions';
import { headerValue, type HttpExchange, jsonBody } from './httpExchange';
import { asText } from './httpRequestVariables';
import { queryJson } from './jsonPath';

export interface AssertionResult {
  readonly line: number;
  readonly text: string;
  readonly passed: boolean;
  /** e.g. `status == 200`. */
  readonly expected: string;
  /** What came, e.g. `404`, or `(no such header)`. */
  readonly actual: string;
  /** One sentence for a failure; empty when it passed. */
  readonly message: string;
  /** For a failed `==`: the two values as text, for a side-by-side diff. */
  readonly diff?: { readonly expected: string; readonly actual: string };
}

type Actual = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly why: string };

const SHOWN_CHARS = 200;

/** Every assertion of a request against its answer, in order. */
export function checkAssertions(assertions: readonly HttpAssertion[], exchange: HttpExchange): AssertionResult[] {
  return assertions.map((assertion) => checkAssertion(assertion, exchange));
}

export function checkAssertion(assertion: HttpAssertion, exchange: HttpExchange): AssertionResult {
  const { subject } = assertion;
  if (subject.kind === 'mxNoError') {
    const error = decodeMxErrorBody(exchange.response.body);
    const status = exchange.response.status;
    const passed = !error && status < 400;
    const actual = error ? `MX error ${error.errorCode}${error.errorDescription ? `: ${error.errorDescription}` : ''}` : `status ${status}, no MX error body`;
    return result(assertion, passed, 'no MX error (status below 400, no MX error body)', actual, passed ? '' : `Expected no MX error, got ${actual}.`);
  }
  const actual = actualValue(assertion, exchange);
  const operator = assertion.operator ?? '==';
  const expected = assertion.expected ?? '';
  const described = `${subjectLabel(assertion)} ${operator}${assertion.expected !== undefined ? ` ${expected}` : ''}`;
  const fail = (shown: string, message: string): AssertionResult => result(assertion, false, described, shown, message);
  const pass = (shown: string): AssertionResult => result(assertion, true, described, shown, '');
  if (operator === 'exists' || operator === '!exists') {
    const shown = actual.found ? show(actual.value) : actual.why;
    const holds = actual.found === (operator === 'exists');
    return holds ? pass(shown) : fail(shown, operator === 'exists' ? `Expected ${subjectLabel(assertion)} to exist: ${shown}.` : `Expected ${subjectLabel(assertion)} not to exist, got ${shown}.`);
  }
  if (!actual.found) return fail(actual.why, `Expected ${described}, but ${actual.why}.`);
  const shown = show(actual.value);
  const expectation = `Expected ${described}, got ${shown}`;
  switch (operator) {
    case '==':
    case '!=': {
      const same = sameValue(actual.value, expected);
      if (same === (operator === '==')) return pass(shown);
      const failed = fail(shown, `${expectation}.`);
      return operator === '==' ? { ...failed, diff: { expected, actual: asText(actual.value) } } : failed;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const number = toNumber(actual.value);
      if (number === undefined) return fail(shown, `${expectation}, which is not a number.`);
      const limit = Number(expected);
      const holds = operator === '<' ? number < limit : operator === '<=' ? number <= limit : operator === '>' ? number > limit : number >= limit;
      return holds ? pass(shown) : fail(shown, `${expectation}.`);
    }
    case 'includes':
    case '!includes': {
      const value = actual.value;
      const contains = Array.isArray(value) ? value.some((item) => sameValue(item, expected)) : typeof value === 'object' && value !== null ? asText(value).includes(expected) : String(value).includes(expected);
      return contains === (operator === 'includes') ? pass(shown) : fail(shown, `${expectation}.`);
    }
    case 'matches': {
      const bounded = boundedRegex(expected);
      if (!bounded.ok) return fail(shown, bounded.message);
      const tested = testBounded(bounded, typeof actual.value === 'string' ? actual.value : asText(actual.value));
      if (tested.matched) return pass(shown);
      const cut = tested.cut ? ` (only its first ${bounded.maxInput} characters were tested)` : '';
      return fail(shown, `${expectation}${cut}.`);
    }
  }
}

function actualValue(assertion: HttpAssertion, exchange: HttpExchange): Actual {
  const { response } = exchange;
  const { subject } = assertion;
  switch (subject.kind) {
    case 'status':
      return { found: true, value: response.status };
    case 'duration':
      return { found: true, value: Math.round(response.durationMs) };
    case 'header': {
      const value = headerValue(response.headers, subject.name);
      return value === undefined ? { found: false, why: `the response has no ${subject.name} header` } : { found: true, value };
    }
    case 'body': {
      if (subject.path === undefined) return { found: true, value: response.body };
      const json = jsonBody(response);
      if (!json.ok) return { found: false, why: response.body.trim() === '' ? 'the response body is empty' : 'the response body is not JSON' };
      const found = queryJson(json.value, subject.path);
      if ('message' in found) return { found: false, why: found.message };
      if (!found.found) return { found: false, why: `${subject.path} finds nothing in the response body${response.bodyTruncated ? ' (it was cut: too large to keep whole)' : ''}` };
      return { found: true, value: found.value };
    }
    case 'mxErrorCode': {
      const error = decodeMxErrorBody(response.body);
      return error ? { found: true, value: error.errorCode } : { found: false, why: `the response has no MX error body (status ${response.status})` };
    }
    case 'mxNoError':
      return { found: false, why: 'not a value' };
  }
}

function subjectLabel(assertion: HttpAssertion): string {
  const { subject } = assertion;
  switch (subject.kind) {
    case 'header':
      return `header ${subject.name}`;
    case 'body':
      return subject.path === undefined ? 'body' : `body ${subject.path}`;
    case 'mxErrorCode':
      return 'mx errorCode';
    case 'mxNoError':
      return 'mx noError';
    default:
      return subject.kind;
  }
}

function sameValue(actual: unknown, expected: string): boolean {
  if (typeof actual === 'number' && /^-?\d/.test(expected.trim()) && !Number.isNaN(Number(expected))) return actual === Number(expected);
  return asText(actual) === expected;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : asText(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} characters)` : text;
}

function result(assertion: HttpAssertion, passed: boolean, expected: string, actual: string, message: string): AssertionResult {
  return { line: assertion.line, text: assertion.text, passed, expected, actual, message };
}

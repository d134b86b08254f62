// What a Test Explorer run makes of one `.http` request (src/httpFiles/httpTestOutcome.ts): passed,
// failed with the failing checks, skipped when a confirmation was declined, errored when not sent,
// test ids and labels, and the output line (request, status, time; no secret).
import * as assert from 'node:assert/strict';
import { checkAssertions } from '../../src/httpFiles/httpAssertionCheck';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { outputLine, type SendOutcome, testIdOf, testLabelOf, testOutcome } from '../../src/httpFiles/httpTestOutcome';
import { exchange } from './httpRequestVariables.test';

const FILE = ['# @name chains', 'GET {{mxApi}}/chains', '?? status == 200', '?? duration < 100', '###', '### Sites of a chain', 'GET /sites', '?? status == 200', '###', `GET /${'x'.repeat(80)}`, '?? status == 200'].join('\n');

describe('.http test outcomes', () => {
  const parsed = parseHttpFile(FILE);
  const [chains, sites, long] = parsed.requests;
  const sent: SendOutcome = { sent: true, status: 200, statusText: 'OK', durationMs: 120.4 };

  it('passes when every check holds, fails with the failing checks only', () => {
    const answer = exchange({ durationMs: 50 });
    assert.deepEqual(testOutcome({ ...sent, durationMs: 50 }, checkAssertions(chains.assertions, answer)), { state: 'passed', durationMs: 50 });
    const outcome = testOutcome(sent, checkAssertions(chains.assertions, exchange()));
    assert.equal(outcome.state, 'failed');
    if (outcome.state === 'failed') {
      assert.deepEqual(outcome.failures.map((f) => [f.line, f.expected, f.actual]), [[3, 'duration < 100', '120']]);
    }
  });

  it('a declined confirmation is skipped, any other unsent request errored', () => {
    const declined: SendOutcome = { sent: false, kind: 'declined', message: 'Not sent: you declined the confirmation.' };
    assert.deepEqual(testOutcome(declined, []), { state: 'skipped', message: 'Not sent: you declined the confirmation.' });
    const missing: SendOutcome = { sent: false, kind: 'missing', message: 'Not sent: {{x}}' };
    assert.deepEqual(testOutcome(missing, []), { state: 'errored', message: 'Not sent: {{x}}' });
  });

  it('ids follow names (stable while lines move), labels are the name, title or a short METHOD url', () => {
    assert.equal(testIdOf(chains), '@chains');
    assert.equal(testIdOf(sites), 'line 7');
    assert.equal(testLabelOf(chains), 'chains');
    assert.equal(testLabelOf(sites), 'Sites of a chain');
    assert.equal(testLabelOf(long), `GET /${'x'.repeat(59)}…`);
  });

  it('the output line names the request, status, time and checks', () => {
    assert.equal(outputLine('one', 'GET /one', sent, checkAssertions(parsed.requests[1].assertions, exchange())), 'one: GET /one → 200 OK · 120 ms · 1 check passed\r\n');
    const results = checkAssertions(chains.assertions, exchange());
    assert.equal(outputLine('chains', 'GET /chains', sent, results), 'chains: GET /chains → 200 OK · 120 ms · 1 of 2 checks failed\r\n');
    assert.equal(outputLine('chains', 'GET /chains', { ...sent, durationMs: 50 }, checkAssertions(chains.assertions, exchange({ durationMs: 50 }))), 'chains: GET /chains → 200 OK · 50 ms · 2 checks passed\r\n');
    assert.equal(outputLine('x', '', { sent: false, kind: 'signedOut', message: 'Not sent: sign in.' }, []), 'x: not sent: Not sent: sign in.\r\n');
  });
});

// When a sequence of `.http` sends stops (src/httpFiles/httpRunStop.ts): the one rule MX: Send All
// and test runs share, and the one message each says, with the action it offers.
import * as assert from 'node:assert/strict';
import { stopAction, stopAt, stopBefore, stopMessage } from '../../src/httpFiles/httpRunStop';
import { planSend } from '../../src/httpFiles/httpSendPlan';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { sources } from './httpVariables.test';

describe('.http run stops', () => {
  it('stops before anything in restricted mode, then when signed out', () => {
    assert.equal(stopBefore({ trusted: false, signedIn: true }), 'untrusted');
    assert.equal(stopBefore({ trusted: false, signedIn: false }), 'untrusted');
    assert.equal(stopBefore({ trusted: true, signedIn: false }), 'signedOut');
    assert.equal(stopBefore({ trusted: true, signedIn: true }), undefined);
  });

  it('stops at a request refused, signed out, untrusted or without a token; not at one that is only missing a value or failed alone', () => {
    for (const kind of ['signedOut', 'untrusted', 'refused', 'auth']) assert.equal(stopAt(kind), kind);
    for (const kind of ['missing', 'invalidRequest', 'declined', 'network', 'timeout', 'tooLarge', 'cancelled', '']) assert.equal(stopAt(kind), undefined, kind);
  });

  it('a plan refusing the credentials for another origin is a stop', () => {
    const request = parseHttpFile('GET https://elsewhere.example/x\nAuthorization: Bearer {{$auth.token("mx")}}\n').requests[0];
    const plan = planSend(request, { trusted: true, profile: { apiUrl: 'https://api.example', authUrl: 'https://auth.example' }, sources: sources() });
    assert.equal(plan.kind, 'refused');
    assert.equal(stopAt(plan.kind), 'refused');
  });

  it('offers MX: Sign In when signed out or without a token, workspace trust in restricted mode, nothing for a refusal', () => {
    assert.equal(stopAction('signedOut'), 'Sign In');
    assert.equal(stopAction('auth'), 'Sign In');
    assert.equal(stopAction('untrusted'), 'Manage Workspace Trust');
    assert.equal(stopAction('refused'), undefined);
  });

  it('says where it stopped, why, and how many requests were not sent', () => {
    assert.equal(
      stopMessage('sendAll', 'signedOut', { notSent: 3 }),
      'MX: Send All stopped: you are not signed in to MX, so nothing was sent (3 requests were not sent). Run MX: Sign In, then send again.',
    );
    assert.equal(
      stopMessage('tests', 'refused', { where: 'a.http:7', reason: 'Request refused: {{$auth.token("mx")}} may only go to https://api.example. Nothing was sent.', notSent: 1 }),
      'MX: The test run stopped at a.http:7: Request refused: {{$auth.token("mx")}} may only go to https://api.example. Nothing was sent after it (1 request was not sent).',
    );
    assert.match(stopMessage('tests', 'auth', { where: 'a.http:2', reason: 'Could not get an MX token: the password was rejected.', notSent: 2 }), /^MX: The test run stopped at a\.http:2: Could not get an MX token: the password was rejected\. Nothing was sent after it \(2 requests were not sent\)\. Run MX: Sign In, then run again\.$/);
    assert.match(stopMessage('sendAll', 'untrusted', { notSent: 1 }), /not trusted \(Restricted Mode\)/);
  });
});

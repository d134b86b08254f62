// Request variables of `.http` files (src/httpFiles/httpRequestVariables.ts, httpExchange.ts):
// `{{name.response.body.$…}}`, headers, the request side, through file variables, and what is never
// kept or re-read (credential headers, expressions inside an answer).
import * as assert from 'node:assert/strict';
import { ExchangeStore, type HttpExchange, keepableExchange, MAX_KEPT_EXCHANGES } from '../../src/httpFiles/httpExchange';
import { parseRequestVariable, requestNamesIn, resolveRequestVariable } from '../../src/httpFiles/httpRequestVariables';
import { lookupExpression, resolveTemplate } from '../../src/httpFiles/httpVariables';
import { sources } from './httpVariables.test';

export function exchange(overrides: { status?: number; body?: string; headers?: Array<{ name: string; value: string }>; durationMs?: number; requestBody?: string } = {}): HttpExchange {
  return {
    request: {
      method: 'POST',
      url: '/mxs/orders/v1/orders',
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Authorization', value: 'Bearer must-never-be-kept' },
      ],
      body: overrides.requestBody ?? '{"siteId":"0000000001","tickets":[{"type":"adult"}]}',
    },
    response: {
      status: overrides.status ?? 200,
      statusText: 'OK',
      headers: overrides.headers ?? [
        { name: 'Content-Type', value: 'application/json; charset=utf-8' },
        { name: 'Mx-Correlation-Id', value: 'corr-123' },
      ],
      body: overrides.body ?? '{"cinemaChains":[{"id":"d90b9017","name":"Chain"},{"id":"x2","name":"Other"}],"total":2,"flag":true}',
      durationMs: overrides.durationMs ?? 120.4,
    },
  };
}

describe('.http request variables', () => {
  const store = new ExchangeStore();
  store.set('file:///a.http', 'chains', exchange());
  const withAnswers = sources({ exchanges: store.forFile('file:///a.http') });

  it('reads the response body by JSONPath, the whole body, and headers case-insensitively', () => {
    assert.equal(resolveTemplate('/sites/{{chains.response.body.$.cinemaChains[0].id}}', withAnswers).text, '/sites/d90b9017');
    assert.equal(resolveTemplate('{{chains.response.body.$.cinemaChains[-1].name}}', withAnswers).text, 'Other');
    assert.equal(resolveTemplate('{{chains.response.body.$.total}} {{chains.response.body.$.flag}}', withAnswers).text, '2 true');
    assert.equal(resolveTemplate('{{chains.response.body.$.cinemaChains[0]}}', withAnswers).text, '{"id":"d90b9017","name":"Chain"}');
    assert.equal(resolveTemplate('{{chains.response.body.*}}', withAnswers).text, exchange().response.body);
    assert.equal(resolveTemplate('{{ chains.response.headers.mx-correlation-id }}', withAnswers).text, 'corr-123');
    assert.deepEqual(lookupExpression('chains.response.headers.Mx-Correlation-Id', withAnswers), { kind: 'value', value: 'corr-123', source: 'the answer to request "chains"' });
  });

  it('reads the request side too', () => {
    assert.equal(resolveTemplate('{{chains.request.body.$.siteId}}', withAnswers).text, '0000000001');
    assert.equal(resolveTemplate('{{chains.request.body.$.tickets[0].type}}', withAnswers).text, 'adult');
    assert.equal(resolveTemplate('{{chains.request.headers.Content-Type}}', withAnswers).text, 'application/json');
  });

  it('works through file variables', () => {
    const s = sources({ exchanges: store.forFile('file:///a.http'), file: new Map([['chainId', '{{chains.response.body.$.cinemaChains[0].id}}']]) });
    assert.equal(resolveTemplate('/chains/{{chainId}}/sites', s).text, '/chains/d90b9017/sites');
  });

  it('says what is missing: no answer yet, no such header, nothing at the path, not JSON, a bad path', () => {
    const reason = (expression: string, s = withAnswers): string => {
      const found = lookupExpression(expression, s);
      assert.equal(found.kind, 'missing', expression);
      return found.kind === 'missing' ? found.reason : '';
    };
    assert.match(reason('sites.response.body.$.x'), /request "sites" has no answer in this session yet: send it first/);
    assert.match(reason('chains.response.body.$.x', sources()), /no answer in this session yet/, 'without answers at all (hovers, problems)');
    assert.match(reason('chains.response.headers.X-Nope'), /has no X-Nope header/);
    assert.match(reason('chains.response.headers'), /name the header/);
    assert.match(reason('chains.response.body.$.cinemaChains[5].id'), /finds nothing in the response body of "chains"/);
    assert.match(reason('chains.response.body.$..id'), /Recursive descent/);
    const html = new ExchangeStore();
    html.set('f', 'page', exchange({ body: '<html>error</html>' }));
    assert.match(reason('page.response.body.$.x', sources({ exchanges: html.forFile('f') })), /response body of "page" is not JSON/);
    const unresolved = resolveTemplate('/x/{{sites.response.body.$.id}}', withAnswers);
    assert.equal(unresolved.text, '/x/{{sites.response.body.$.id}}', 'an unresolved reference stays as written');
    assert.equal(unresolved.missing.length, 1);
  });

  it('never keeps or hands out a credential header', () => {
    const kept = keepableExchange(exchange());
    assert.deepEqual(kept.request.headers.map((h) => h.name), ['Content-Type']);
    assert.ok(!JSON.stringify(kept).includes('must-never-be-kept'));
    const found = lookupExpression('chains.request.headers.Authorization', withAnswers);
    assert.equal(found.kind, 'missing');
    assert.match(found.kind === 'missing' ? found.reason : '', /credential headers are never kept/);
  });

  it('puts an answer in as it is: an expression inside it is not resolved again', () => {
    const sneaky = new ExchangeStore();
    sneaky.set('f', 'evil', exchange({ body: '{"x":"{{$auth.token(\\"mx\\")}}","y":"{{$processEnv HOME_TEST}}"}' }));
    const s = sources({ exchanges: sneaky.forFile('f') });
    const resolved = resolveTemplate('{{evil.response.body.$.x}}|{{evil.response.body.$.y}}', s);
    assert.equal(resolved.text, '{{$auth.token("mx")}}|{{$processEnv HOME_TEST}}');
    assert.deepEqual(resolved.secrets, [], 'no credential is asked for');
  });

  it('the store keeps answers per file, replaces by name, drops the oldest beyond its limit, and clears', () => {
    const s = new ExchangeStore();
    s.set('a', 'x', exchange({ status: 200 }));
    s.set('b', 'x', exchange({ status: 404 }));
    assert.equal(s.get('a', 'x')?.response.status, 200);
    assert.equal(s.get('b', 'x')?.response.status, 404);
    s.set('a', 'x', exchange({ status: 201 }));
    assert.equal(s.get('a', 'x')?.response.status, 201);
    for (let i = 0; i < MAX_KEPT_EXCHANGES; i++) s.set('c', `n${i}`, exchange());
    assert.equal(s.has('b', 'x'), false, 'the oldest went first');
    assert.equal(s.has('a', 'x'), false);
    assert.equal(s.has('c', 'n0'), true);
    s.clear();
    assert.equal(s.has('c', 'n0'), false);
  });

  it('parses references and finds the names a text uses', () => {
    assert.deepEqual(parseRequestVariable('chains.response.body.$.a[0]'), { name: 'chains', side: 'response', part: 'body', selector: '$.a[0]' });
    assert.deepEqual(parseRequestVariable('login.request.headers.X-Id'), { name: 'login', side: 'request', part: 'headers', selector: 'X-Id' });
    assert.equal(parseRequestVariable('chains.responses.body'), undefined);
    assert.equal(parseRequestVariable('$guid'), undefined);
    assert.deepEqual(requestNamesIn('{{a.response.body.$.x}}/{{b.request.headers.H}}/{{a.response.headers.Y}}/{{c}}'), ['a', 'b']);
  });

  it('a missing answer says so even when unrelated to JSON', () => {
    assert.deepEqual(resolveRequestVariable({ name: 'x', side: 'response', part: 'body', selector: '*' }, undefined).ok, false);
  });
});

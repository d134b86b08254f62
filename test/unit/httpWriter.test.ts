// "Save Request as .http File" (src/httpFiles/httpWriter.ts): requests on {{mxApi}} with implicit
// credentials, never a credential header, and text that our own parser reads back to the same request.
import * as assert from 'node:assert/strict';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { planSend } from '../../src/httpFiles/httpSendPlan';
import { fileVariableMap } from '../../src/httpFiles/httpVariables';
import { toHttpText } from '../../src/httpFiles/httpWriter';
import type { RequestDraft } from '../../src/protocol';
import { sources } from './httpVariables.test';

const API = 'http://127.0.0.1:4001';
const row = (name: string, value: string, enabled = true) => ({ name, value, enabled });

describe('.http writer (save as .http)', () => {
  const chains: RequestDraft = { method: 'GET', url: '/mxs/reference-data/v1/cinema-chains', query: [], headers: [], body: '' };
  const order: RequestDraft = {
    method: 'POST',
    url: `${API}/mxt/ticketing/v1/cinema-chains/c1/orders`,
    query: [row('a b', 'x&y'), row('off', '1', false)],
    headers: [row('Authorization', 'Bearer eyJ.secret.token'), row('MX-Api-Client-Secret', 's3cret'), row('X-Trace', ' t1 '), row('X-Off', 'no', false)],
    body: '{\n  "a": 1\n}\n### not a separator',
  };

  it('writes titles, {{mxApi}} paths, query lines, headers and bodies, without credentials', () => {
    const text = toHttpText([{ draft: chains, title: 'Get Cinema Chains' }, { draft: order }], API);
    assert.equal(
      text,
      [
        '### Get Cinema Chains',
        'GET {{mxApi}}/mxs/reference-data/v1/cinema-chains',
        '',
        `### POST ${API}/mxt/ticketing/v1/cinema-chains/c1/orders`,
        'POST {{mxApi}}/mxt/ticketing/v1/cinema-chains/c1/orders',
        '    ?a%20b=x%26y',
        'X-Trace: t1',
        '',
        '{',
        '  "a": 1',
        '}',
        ' ### not a separator',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(text, /eyJ|s3cret|Authorization|Client-Secret/);
  });

  it('reads back, through the send plan, as the same request', () => {
    const text = toHttpText([{ draft: order }], API);
    const parsed = parseHttpFile(text);
    assert.deepEqual(parsed.diagnostics, []);
    const plan = planSend(parsed.requests[0], { trusted: true, profile: { apiUrl: API, authUrl: 'x' }, sources: sources({ file: fileVariableMap(parsed.variables) }) });
    assert.equal(plan.kind, 'send');
    const draft = plan.kind === 'send' ? plan.draft : undefined;
    assert.equal(draft?.url, '/mxt/ticketing/v1/cinema-chains/c1/orders?a%20b=x%26y');
    assert.deepEqual(draft?.headers, [row('X-Trace', 't1')]);
    assert.equal(draft?.body, '{\n  "a": 1\n}\n ### not a separator');
  });

  it('keeps a URL on another origin as written, and leaves a GET body out', () => {
    const text = toHttpText([{ draft: { ...chains, url: 'https://elsewhere.example/x?q=1', query: [row('p', '2')], body: 'ignored' } }], API);
    assert.equal(text, '### GET https://elsewhere.example/x?q=1\nGET https://elsewhere.example/x?q=1\n    &p=2\n');
  });
});

import * as assert from 'node:assert/strict';
import { type ApiResponse, MxApiClient } from '../../src/mx/apiClient';
import { matchEndpoint } from '../../src/mx/catalogue';
import { childrenAt } from '../../src/panel/jsonTree';
import { REDACTED, Redactor } from '../../src/mx/redaction';
import {
  NOTE_EMPTY_404,
  NOTE_HTML,
  NOTE_NO_CONTENT,
  ROOT_KEY,
  statusReason,
  summariseResponse,
} from '../../src/panel/responseView';
import { decodeAnswer } from '../../src/mx/answerDecoding';
import { requestToken } from '../../src/mx/tokenClient';
import { RAW_PREVIEW_CHARS } from '../../src/protocol';
import { currentUserAgent } from '../../src/mx/http';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';

const REF = '/mxs/reference-data/v1';
const CHAINS = `${REF}/cinema-chains`;
const DEMO_CHAIN = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const UNKNOWN_CHAIN = `${CHAINS}/919b3826-69d2-e811-a4b7-fc4dd4f19e72`;
const UNKNOWN_SHOWTIME = `${REF}/showtimes/3b3b6db5-3e97-49f5-9268-00c5c224a95f`;

function response(patch: Partial<ApiResponse>): ApiResponse {
  return {
    method: 'GET',
    url: `https://staging-api.moviexchange.com${CHAINS}`,
    status: 200,
    statusText: 'OK',
    headers: [],
    bodyText: '',
    bodyBytes: 0,
    durationMs: 12,
    requestHeaders: [],
    ...patch,
  };
}

describe('responseView', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let accessToken: string;
  let client: MxApiClient;

  before(async () => {
    sandbox = await startSandbox();
    accessToken = (
      await requestToken(
        { authUrl: sandbox.authUrl },
        { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'mx-explorer-tests' },
      )
    ).accessToken;
    client = new MxApiClient({
      apiUrl: sandbox.apiUrl,
      credentials: async () => ({ accessToken, clientSecret: DEFAULT_ACCOUNT.clientSecret }),
    });
  });

  after(async () => {
    await sandbox?.stop();
  });

  beforeEach(() => sandbox.clearFaults());

  it('summarises a JSON list: tree root, headers, masked request headers, correlation id', async () => {
    const sent = await client.send({ method: 'GET', url: CHAINS });
    const { summary, parsed, linkContext, links } = summariseResponse(sent, { responseId: 'resp-1' });
    assert.equal(summary.responseId, 'resp-1');
    assert.equal(summary.method, 'GET');
    assert.equal(summary.status, 200);
    assert.equal(summary.bodyKind, 'json');
    assert.equal(summary.note, undefined);
    assert.equal(summary.mxError, undefined);
    assert.deepEqual(summary.root, {
      key: ROOT_KEY,
      kind: 'array',
      preview: '[…] 4 items',
      childCount: 4,
      inline: '[{id: "d90b9017…", name: "Veezi USA Sales Account", countryCode: "US", configuration: {…}}, {…}, …]',
    });
    // a small answer opens at its second level: the root and each chain
    assert.deepEqual(summary.expand, [[], [0], [1], [2], [3]]);
    assert.equal(parsed, sent.json);
    assert.match(summary.contentType ?? '', /application\/json/);
    assert.ok(summary.correlationId && summary.correlationId === sent.correlationId);
    assert.ok(summary.headers.some((h) => h.name === 'mx-correlation-id'));
    // Raw is the body re-indented, the same JSON
    assert.equal(summary.rawPreview, JSON.stringify(JSON.parse(sent.bodyText), null, 2));
    assert.equal(summary.rawTruncated, false);
    assert.equal(summary.bodyBytes, sent.bodyBytes);
    // Credentials never reach the summary.
    const text = JSON.stringify(summary);
    assert.ok(!text.includes(accessToken) && !text.includes(DEFAULT_ACCOUNT.clientSecret));
    assert.deepEqual(
      summary.requestHeaders.filter((h) => /authorization|client-secret/i.test(h.name)).map((h) => h.value),
      [`Bearer ${REDACTED}`, REDACTED],
    );
    // what the transport adds is listed too: the headers shown are the ones sent
    assert.deepEqual(
      summary.requestHeaders.filter((h) => /^(user-agent|accept-encoding)$/i.test(h.name)).map((h) => h.value),
      [currentUserAgent(), 'gzip, deflate, br'],
    );
    assert.deepEqual(
      sandbox.requests.at(-1)?.headers['accept-encoding'],
      'gzip, deflate, br',
      'the sandbox saw it',
    );
    // The endpoint is recognised from the URL, so ids in the body link onwards.
    assert.deepEqual(linkContext, { endpointId: 'get-cinema-chains', params: {} });
    const first = childrenAt(parsed, [0], 0, 50, links);
    assert.deepEqual(
      first?.children.find((c) => c.key === 'id')?.links?.map((l) => l.endpointId),
      ['get-sites-for-cinema-chain', 'get-films-for-cinema-chain'],
    );
  });

  it('explains the recorded MX error 40001 that came back as 404', async () => {
    const sent = await client.send({ method: 'GET', url: UNKNOWN_CHAIN });
    const { summary, parsed } = summariseResponse(sent, { responseId: 'r' });
    assert.equal(summary.status, 404);
    assert.equal(summary.bodyKind, 'json');
    assert.ok(parsed);
    assert.equal(summary.mxError?.errorCode, 40001);
    assert.equal(summary.mxError?.errorCodeDescription, 'The requested cinema chain cannot be found.');
    assert.match(summary.mxError?.errorDescription ?? '', /not found/);
    // each fact once: the explanation does not repeat the code or MX's sentences
    assert.match(summary.mxError?.explanation ?? '', /^Business rule violation/);
    assert.ok(!/^MX error|cannot be found|not found/.test(summary.mxError?.explanation ?? ''), summary.mxError?.explanation);
    assert.match(summary.mxError?.explanation ?? '', /HTTP status was 404/);
  });

  it('notes the empty 404 MX gives for an unknown showtime', async () => {
    const sent = await client.send({ method: 'GET', url: UNKNOWN_SHOWTIME });
    const { summary, parsed } = summariseResponse(sent, { responseId: 'r' });
    assert.equal(summary.status, 404);
    assert.equal(summary.bodyKind, 'empty');
    assert.equal(summary.note, NOTE_EMPTY_404);
    assert.equal(summary.rawPreview, '');
    assert.equal(summary.root, undefined);
    assert.equal(parsed, undefined);
  });

  it('notes an HTML error page from a proxy', async () => {
    sandbox.addFault({ kind: 'html', target: 'api', status: 502 });
    const sent = await client.send({ method: 'GET', url: CHAINS });
    const { summary } = summariseResponse(sent, { responseId: 'r' });
    assert.equal(summary.status, 502);
    assert.equal(summary.bodyKind, 'text');
    assert.equal(summary.note, NOTE_HTML);
    assert.match(summary.rawPreview, /<html/);
    assert.equal(summary.mxError, undefined);
    // Without a content type, the page is still recognised.
    const bare = summariseResponse(response({ status: 502, bodyText: '<!DOCTYPE html><html><body>Bad gateway</body></html>', bodyBytes: 51 }), { responseId: 'r' });
    assert.equal(bare.summary.note, NOTE_HTML);
  });

  for (const kind of ['malformedJson', 'truncatedJson'] as const) {
    it(`shows ${kind} as text with the parser's message`, async () => {
      sandbox.addFault({ kind, target: 'api' });
      const sent = await client.send({ method: 'GET', url: CHAINS });
      const { summary, parsed } = summariseResponse(sent, { responseId: 'r' });
      assert.equal(summary.bodyKind, 'text');
      assert.equal(parsed, undefined);
      assert.match(summary.note ?? '', /^The body is not valid JSON: .+; shown as text\.$/);
      assert.ok(!/not valid JSON: The body is not valid JSON/.test(summary.note ?? ''));
      assert.ok(summary.rawPreview.length > 0);
    });
  }

  it('cuts the raw preview at RAW_PREVIEW_CHARS', async () => {
    sandbox.addFault({ kind: 'largeBody', target: 'api', sizeBytes: 1024 * 1024 });
    const sent = await client.send({ method: 'GET', url: CHAINS });
    const { summary, parsed } = summariseResponse(sent, { responseId: 'r' });
    assert.equal(summary.bodyKind, 'json');
    assert.ok(Array.isArray(parsed));
    assert.ok(summary.rawPreview.length <= RAW_PREVIEW_CHARS && summary.rawPreview.length > RAW_PREVIEW_CHARS - 200);
    assert.equal(summary.rawTruncated, true);
    // the body as MX sent it (`12.0` stays `12.0`), only re-indented, cut at a line end
    const squeeze = (text: string): string => text.replace(/\s+/g, '');
    assert.ok(squeeze(sent.bodyText).startsWith(squeeze(summary.rawPreview)));
    assert.match(summary.rawPreview, /^\[\n {2}\{\n {4}"/);
    assert.ok(summary.rawPreview.endsWith(','), summary.rawPreview.slice(-40));
    // a large answer opens its first level and its first item
    assert.deepEqual(summary.expand, [[], [0]]);
    // Over the tree limit, the body is offered as a file instead.
    const big = summariseResponse(sent, { responseId: 'r', maxTreeBytes: 1000 });
    assert.equal(big.summary.bodyKind, 'file');
    assert.equal(big.parsed, undefined);
    assert.equal(big.summary.root, undefined);
    assert.match(big.summary.note ?? '', /^A JSON body of 1(\.0)? MB: larger than the 1000 bytes shown in the panel \(mx.maxResponseSizeMB\)\. Open it in an editor or save it\.$/);
    assert.equal(big.summary.rawPreview, '', 'no preview of a body too large for the panel');
  });

  it('links from the endpoint the pipeline matched (its params), ignoring a stale draft endpointId', () => {
    const url = `https://staging-api.moviexchange.com/mxt/ticketing/v1/cinema-chains/${DEMO_CHAIN}/orders`;
    const order = { id: 'e790643d-7586-49a6-8478-b2b052c0035a', showtimes: [{ showtimeId: '83bf2953-dc25-4d2b-fec3-08d8fef9d29d' }] };
    const body = JSON.stringify(order);
    const endpoint = matchEndpoint('POST', url);
    const { linkContext, links } = summariseResponse(
      response({ method: 'POST', url, bodyText: body, bodyBytes: body.length, json: order, headers: [['content-type', 'application/json']], endpoint }),
      { responseId: 'r', context: { endpointId: 'get-cinema-chains', params: { extra: 'kept' } } },
    );
    assert.deepEqual(linkContext, { endpointId: 'create-order', params: { extra: 'kept', cinemaChainId: DEMO_CHAIN } });
    assert.deepEqual(links(['id'], 'id', order.id, order).map((l) => l.endpointId), ['get-order']);
    const unknown = summariseResponse(response({ url: 'https://staging-api.moviexchange.com/elsewhere' }), { responseId: 'r', context: { endpointId: 'get-film', params: {} } });
    assert.deepEqual(unknown.linkContext, { params: {} });
  });

  it('handles 204, the MX error the pipeline decoded from JSON without a content type, and empty status texts', () => {
    const noContent = summariseResponse(response({ method: 'POST', status: 204, statusText: '' }), { responseId: 'r' });
    assert.equal(noContent.summary.bodyKind, 'empty');
    assert.equal(noContent.summary.note, NOTE_NO_CONTENT);
    assert.equal(noContent.summary.statusText, 'No Content');

    const errorBody = '{"errorDescription":"Site [x] not found","errorCode":40002,"errorCodeDescription":"The specified site cannot be found."}';
    const decoded = decodeAnswer(400, undefined, errorBody);
    const untyped = summariseResponse(response({ status: 400, statusText: '', bodyText: errorBody, bodyBytes: errorBody.length, ...decoded }), { responseId: 'r' });
    assert.equal(untyped.summary.bodyKind, 'json');
    assert.equal(untyped.summary.statusText, 'Bad Request');
    assert.equal(untyped.summary.mxError?.errorCode, 40002);
    assert.ok(!/HTTP status was/.test(untyped.summary.mxError?.explanation ?? ''), '400 is the documented status for 4xxxx');

    const plain = summariseResponse(response({ bodyText: 'hello', bodyBytes: 5, headers: [['content-type', 'text/plain']] }), { responseId: 'r' });
    assert.equal(plain.summary.bodyKind, 'text');
    assert.equal(plain.summary.note, undefined);
  });

  it('masks credentials in response headers too, and scrubs known secrets with a Redactor', () => {
    const redactor = new Redactor();
    redactor.add('canary-secret-value-1234');
    const { summary } = summariseResponse(
      response({
        headers: [
          ['authorization', 'Bearer echoed-token'],
          ['x-debug', 'secret=canary-secret-value-1234'],
        ],
        requestHeaders: [['MX-Api-Client-Secret', 'canary-secret-value-1234']],
      }),
      { responseId: 'r', redactor },
    );
    const text = JSON.stringify(summary);
    assert.ok(!text.includes('echoed-token') && !text.includes('canary-secret-value-1234'), text);
  });

  it('keeps the raw preview from splitting a surrogate pair', () => {
    const body = `${'a'.repeat(RAW_PREVIEW_CHARS - 1)}😀tail`;
    const { summary } = summariseResponse(response({ bodyText: body, bodyBytes: Buffer.byteLength(body), headers: [['content-type', 'text/plain']] }), { responseId: 'r' });
    assert.equal(summary.rawPreview.length, RAW_PREVIEW_CHARS - 1);
    assert.equal(summary.rawTruncated, true);
  });

  it('statusReason knows the common statuses', () => {
    assert.equal(statusReason(200), 'OK');
    assert.equal(statusReason(401), 'Unauthorized');
    assert.equal(statusReason(404), 'Not Found');
    assert.equal(statusReason(429), 'Too Many Requests');
    assert.equal(statusReason(504), 'Gateway Timeout');
    assert.equal(statusReason(299), '');
  });
});

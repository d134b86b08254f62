import * as assert from 'node:assert/strict';
import type { RequestDraft, WebviewToHost } from '../../src/protocol';
import {
  MAX_BODY_CHARS,
  MAX_CHILDREN_PER_PAGE,
  MAX_ID_CHARS,
  MAX_MESSAGE_CHARS,
  MAX_PATH_KEY_CHARS,
  MAX_PATH_SEGMENTS,
  MAX_ROW_NAME_CHARS,
  MAX_ROW_VALUE_CHARS,
  MAX_ROWS,
  MAX_SEARCH_QUERY_CHARS,
  MAX_URL_CHARS,
  parseRequestDraft,
  parseWebviewMessage,
} from '../../src/panel/protocolValidation';

const DRAFT: RequestDraft = {
  method: 'GET',
  url: '/mxs/reference-data/v1/cinema-chains',
  query: [{ name: 'from', value: '2021-04-26', enabled: false }],
  headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
  body: '',
  endpointId: 'get-cinema-chains',
};

function draftWith(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...DRAFT, ...patch };
}

function rows(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({ name: `n${i}`, value: 'v', enabled: true }));
}

const VALID: readonly WebviewToHost[] = [
  { type: 'ready' },
  { type: 'signIn' },
  { type: 'clearHistory' },
  { type: 'send', requestId: 'req-1', draft: DRAFT },
  { type: 'cancel', requestId: 'req_1' },
  { type: 'answerReceived', requestId: 'send-abc123-1' },
  { type: 'expandNode', requestId: 'r2', responseId: 'resp-1', path: [0, 'ticketTypes', 3], offset: 0, limit: MAX_CHILDREN_PER_PAGE },
  { type: 'expandNode', requestId: 'r2', responseId: 'resp-1', path: [], offset: 400, limit: 0 },
  { type: 'search', requestId: 'r3', responseId: 'resp-1', query: 'Moana' },
  { type: 'search', requestId: 'r3', responseId: 'resp-1', query: '' },
  { type: 'openInEditor', responseId: 'resp-1' },
  { type: 'saveBody', responseId: 'resp-1' },
  { type: 'copy', what: 'body', responseId: 'resp-1' },
  { type: 'copy', what: 'correlationId', responseId: 'resp-1' },
  { type: 'copyAs', format: 'curl', draft: DRAFT },
  { type: 'copyAs', format: 'curlWithToken', draft: DRAFT },
  { type: 'saveAsHttp', draft: DRAFT },
  { type: 'editHistory', id: 'h1-a', pinned: true },
  { type: 'editHistory', id: 'h1-a', name: 'My chains' },
  { type: 'copyAs', format: 'fetch', draft: { method: 'POST', url: '', query: [], headers: [], body: '{}' } },
];

const send = (draft: unknown): unknown => ({ type: 'send', requestId: 'r1', draft });
const expand = (patch: Record<string, unknown>): unknown => ({
  type: 'expandNode',
  requestId: 'r1',
  responseId: 'p1',
  path: [],
  offset: 0,
  limit: 10,
  ...patch,
});

const INVALID: ReadonlyArray<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'ready'],
  ['a number', 42],
  ['an array', [{ type: 'ready' }]],
  ['no type', {}],
  ['a numeric type', { type: 1 }],
  ['an unknown type', { type: 'exec' }],
  ['a type in the wrong case', { type: 'Ready' }],
  ['a type with a space', { type: 'ready ' }],
  ['a type only on the prototype', Object.create({ type: 'ready' })],
  ['send without requestId', { type: 'send', draft: DRAFT }],
  ['send without draft', { type: 'send', requestId: 'r1' }],
  ['an empty requestId', { type: 'cancel', requestId: '' }],
  ['a requestId with a slash', { type: 'cancel', requestId: 'a/b' }],
  ['a requestId with a space', { type: 'cancel', requestId: 'a b' }],
  ['a requestId too long', { type: 'cancel', requestId: 'a'.repeat(MAX_ID_CHARS + 1) }],
  ['a numeric requestId', { type: 'cancel', requestId: 7 }],
  ['answerReceived without requestId', { type: 'answerReceived' }],
  ['answerReceived with a requestId with a slash', { type: 'answerReceived', requestId: '../send-1' }],
  ['a lower-case method', send(draftWith({ method: 'get' }))],
  ['an unknown method', send(draftWith({ method: 'TRACE' }))],
  ['a missing method', send(draftWith({ method: undefined }))],
  ['a numeric url', send(draftWith({ url: 5 }))],
  ['a url too long', send(draftWith({ url: '/' + 'a'.repeat(MAX_URL_CHARS) }))],
  ['a body that is an object', send(draftWith({ body: {} }))],
  ['a body too long', send(draftWith({ body: 'x'.repeat(MAX_BODY_CHARS + 1) }))],
  ['rows that are not a list', send(draftWith({ headers: {} }))],
  ['too many header rows', send(draftWith({ headers: rows(MAX_ROWS + 1) }))],
  ['too many query rows', send(draftWith({ query: rows(MAX_ROWS + 1) }))],
  ['a row that is null', send(draftWith({ headers: [null] }))],
  ['a row without enabled', send(draftWith({ headers: [{ name: 'a', value: 'b' }] }))],
  ['a row with enabled as a string', send(draftWith({ headers: [{ name: 'a', value: 'b', enabled: 'true' }] }))],
  ['a row with a numeric value', send(draftWith({ query: [{ name: 'a', value: 1, enabled: true }] }))],
  ['a row name too long', send(draftWith({ headers: [{ name: 'a'.repeat(MAX_ROW_NAME_CHARS + 1), value: '', enabled: true }] }))],
  ['a row value too long', send(draftWith({ headers: [{ name: 'a', value: 'v'.repeat(MAX_ROW_VALUE_CHARS + 1), enabled: true }] }))],
  ['an endpointId that is null', send(draftWith({ endpointId: null }))],
  ['an endpointId with dots', send(draftWith({ endpointId: '../x' }))],
  ['a negative offset', expand({ offset: -1 })],
  ['a fractional offset', expand({ offset: 1.5 })],
  ['an offset as a string', expand({ offset: '0' })],
  ['an infinite offset', expand({ offset: Infinity })],
  ['a limit over the page size', expand({ limit: MAX_CHILDREN_PER_PAGE + 1 })],
  ['a NaN limit', expand({ limit: NaN })],
  ['a path that is a string', expand({ path: '0.id' })],
  ['a path with a negative index', expand({ path: [-1] })],
  ['a path with a fractional index', expand({ path: [1.5] })],
  ['a path with null', expand({ path: [null] })],
  ['a path with an object', expand({ path: [{}] })],
  ['a path too deep', expand({ path: Array.from({ length: MAX_PATH_SEGMENTS + 1 }, () => 0) })],
  ['a path key too long', expand({ path: ['k'.repeat(MAX_PATH_KEY_CHARS + 1)] })],
  ['expandNode without responseId', expand({ responseId: undefined })],
  ['a search query too long', { type: 'search', requestId: 'r', responseId: 'p', query: 'q'.repeat(MAX_SEARCH_QUERY_CHARS + 1) }],
  ['a search query that is a regexp', { type: 'search', requestId: 'r', responseId: 'p', query: /x/ }],
  ['copy of something else', { type: 'copy', what: 'token', responseId: 'p' }],
  ['copyAs in another format', { type: 'copyAs', format: 'wget', draft: DRAFT }],
  ['copyAs without a draft', { type: 'copyAs', format: 'curl' }],
  ['saveAsHttp without a draft', { type: 'saveAsHttp' }],
  ['saveAsHttp with a draft that is not one', { type: 'saveAsHttp', draft: { method: 'GET' } }],
  ['editHistory with nothing to change', { type: 'editHistory', id: 'h1' }],
  ['editHistory with a path as id', { type: 'editHistory', id: '../x', pinned: true }],
  ['editHistory with a non-boolean pin', { type: 'editHistory', id: 'h1', pinned: 'yes' }],
  ['editHistory with a huge name', { type: 'editHistory', id: 'h1', name: 'x'.repeat(201) }],
  ['openInEditor with a bad responseId', { type: 'openInEditor', responseId: '../../etc/passwd' }],
  ['a message too large overall', { type: 'ready', padding: Array.from({ length: 30 }, () => 'x'.repeat(100_000)) }],
  ['a function inside', { type: 'ready', extra: () => 1 }],
  ['a bigint inside', { type: 'ready', extra: 1n }],
];

describe('protocolValidation', () => {
  describe('parseWebviewMessage', () => {
    for (const message of VALID) {
      it(`accepts ${JSON.stringify(message).slice(0, 90)}`, () => {
        const result = parseWebviewMessage(structuredClone(message));
        assert.deepEqual(result, { ok: true, message });
      });
    }

    for (const [what, message] of INVALID) {
      it(`rejects ${what}, with a reason`, () => {
        const result = parseWebviewMessage(message);
        assert.equal(result.ok, false);
        assert.ok(!result.ok && result.reason.length > 0);
        assert.ok(!result.ok && result.reason.length < 300, 'reasons stay short, whatever the input');
      });
    }

    it('names the faulty field in the reason', () => {
      const result = parseWebviewMessage(send(draftWith({ headers: [{ name: 'a', value: 'b', enabled: 1 }] })));
      assert.ok(!result.ok && result.reason.includes('send.draft.headers[0].enabled'), JSON.stringify(result));
      const unknown = parseWebviewMessage({ type: 'x'.repeat(10_000) });
      assert.ok(!unknown.ok && unknown.reason.startsWith('Unknown message type') && unknown.reason.length < 100);
    });

    it('returns a fresh object with only the known fields', () => {
      const raw = {
        type: 'send',
        requestId: 'r1',
        extra: 'dropped',
        draft: { ...DRAFT, token: 'dropped', headers: [{ name: 'A', value: 'b', enabled: true, secret: 'dropped' }] },
      };
      const result = parseWebviewMessage(raw);
      assert.ok(result.ok);
      assert.deepEqual(result.message, {
        type: 'send',
        requestId: 'r1',
        draft: { ...DRAFT, headers: [{ name: 'A', value: 'b', enabled: true }] },
      });
      assert.ok(!JSON.stringify(result.message).includes('dropped'));
      assert.notEqual((result.message as { draft: unknown }).draft, raw.draft);
      // Mutating the input afterwards does not reach the validated message.
      raw.draft.headers[0] = { name: 'Changed', value: '', enabled: false, secret: '' };
      assert.equal((result.message as { draft: RequestDraft }).draft.headers[0].name, 'A');
    });

    it('treats an undefined endpointId as absent', () => {
      const result = parseWebviewMessage(send(draftWith({ endpointId: undefined })));
      assert.ok(result.ok && result.message.type === 'send' && !('endpointId' in result.message.draft));
    });

    it('accepts the limits themselves', () => {
      const draft = {
        method: 'POST',
        url: 'u'.repeat(MAX_URL_CHARS),
        query: rows(MAX_ROWS),
        headers: [{ name: 'n'.repeat(MAX_ROW_NAME_CHARS), value: 'v'.repeat(MAX_ROW_VALUE_CHARS), enabled: true }],
        body: 'b'.repeat(MAX_BODY_CHARS),
      };
      assert.equal(parseWebviewMessage(send(draft)).ok, true);
      assert.equal(parseWebviewMessage(expand({ path: Array.from({ length: MAX_PATH_SEGMENTS }, (_, i) => (i % 2 ? 'k' : i)) })).ok, true);
      assert.equal(parseWebviewMessage({ type: 'cancel', requestId: 'a'.repeat(MAX_ID_CHARS) }).ok, true);
    });

    it('survives hostile objects: cycles, throwing getters, revoked proxies', () => {
      const cyclic: Record<string, unknown> = { type: 'ready' };
      cyclic.self = cyclic;
      const getter = { type: 'send', requestId: 'r', get draft(): never { throw new Error('boom'); } };
      const throwingType = Object.defineProperty({}, 'type', { enumerable: true, get: () => { throw new Error('boom'); } });
      const { proxy, revoke } = Proxy.revocable({ type: 'ready' }, {});
      revoke();
      const deepArray: unknown[] = [];
      let cursor = deepArray;
      for (let i = 0; i < 200_000; i++) {
        const next: unknown[] = [];
        cursor.push(next);
        cursor = next;
      }
      const wide = { type: 'ready', list: new Array(1e9) };
      for (const hostile of [cyclic, getter, throwingType, proxy, { type: 'ready', deep: deepArray }, wide]) {
        const result = parseWebviewMessage(hostile);
        assert.equal(result.ok, false);
      }
      // Shared (non-cyclic) references are fine.
      const shared = { name: 'a', value: 'b', enabled: true };
      assert.equal(parseWebviewMessage(send(draftWith({ headers: [shared, shared] }))).ok, true);
    });

    it('measures the overall size without serialising the whole message', () => {
      const many = Array.from({ length: MAX_ROWS }, () => ({ name: 'n', value: 'v'.repeat(MAX_ROW_VALUE_CHARS), enabled: true }));
      const big = send(draftWith({ headers: many, query: many, body: 'b'.repeat(MAX_BODY_CHARS) }));
      const result = parseWebviewMessage(big);
      assert.ok(!result.ok && /larger than/.test(result.reason), JSON.stringify(result).slice(0, 200));
      assert.ok(JSON.stringify(big).length > MAX_MESSAGE_CHARS);
    });

    it('never throws on thousands of random junk values', () => {
      let seed = 12345;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed / 0x7fffffff;
      };
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const types = ['ready', 'send', 'cancel', 'expandNode', 'search', 'openInEditor', 'saveBody', 'copy', 'copyAs', 'saveAsHttp', 'signIn', 'clearHistory', 'answerReceived', 'x'];
      const keys = ['type', 'requestId', 'responseId', 'draft', 'path', 'offset', 'limit', 'query', 'what', 'format', 'method', 'url', 'headers', 'body', 'name', 'value', 'enabled', '__proto__', 'constructor'];
      const junk = (depth: number): unknown => {
        switch (Math.floor(random() * (depth > 3 ? 8 : 11))) {
          case 0: return undefined;
          case 1: return null;
          case 2: return random() < 0.5;
          case 3: return pick([0, -1, 1.5, NaN, Infinity, 2 ** 60, 200, 201]);
          case 4: return pick(types);
          case 5: return 'x'.repeat(Math.floor(random() * 300));
          case 6: return pick(['GET', 'get', 'POST', '', 'curl', 'body', 'correlationId', 'r-1', '../x']);
          case 7: return Symbol('s');
          case 8: return Array.from({ length: Math.floor(random() * 4) }, () => junk(depth + 1));
          default: {
            const object: Record<string, unknown> = {};
            for (let i = Math.floor(random() * 6); i > 0; i--) object[pick(keys)] = junk(depth + 1);
            if (random() < 0.7) object.type = pick(types);
            return object;
          }
        }
      };
      let accepted = 0;
      for (let i = 0; i < 5000; i++) {
        const value = junk(0);
        let result;
        assert.doesNotThrow(() => {
          result = parseWebviewMessage(value);
        });
        if ((result as unknown as { ok: boolean }).ok) accepted++;
      }
      assert.ok(accepted > 0, 'some random values are valid messages (e.g. { type: "ready" })');
    });
  });

  describe('parseRequestDraft', () => {
    it('accepts a draft and rejects junk', () => {
      assert.deepEqual(parseRequestDraft(DRAFT), { ok: true, value: DRAFT });
      assert.equal(parseRequestDraft({ ...DRAFT, method: 'FETCH' }).ok, false);
      assert.equal(parseRequestDraft('GET /').ok, false);
    });
  });
});

// Security battery, part 3: a hostile webview. 10,000 generated messages (a seeded PRNG, so a
// failure names the seed and index to replay) go to the request panel's real host side, signed in
// on the sandbox: malformed, oversized, wrongly typed, unknown, deeply nested, cyclic, getters that
// throw, prototype-pollution keys — each must be rejected by the validator and counted — plus
// well-formed sends to foreign origins or with injected headers, which the origin and header rules
// must refuse. Nothing may crash, nothing may be sent, no dialog or clipboard write may happen, and
// Object.prototype must stay clean.
import * as assert from 'node:assert/strict';
import {
  MAX_BODY_CHARS,
  MAX_CHILDREN_PER_PAGE,
  MAX_ID_CHARS,
  MAX_MESSAGE_CHARS,
  MAX_MESSAGE_VALUES,
  MAX_PATH_KEY_CHARS,
  MAX_PATH_SEGMENTS,
  MAX_ROW_NAME_CHARS,
  MAX_ROW_VALUE_CHARS,
  MAX_ROWS,
  MAX_SEARCH_QUERY_CHARS,
  MAX_URL_CHARS,
} from '../../../src/panel/protocolValidation';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/types';
import { type Stub, startStub } from '../stubServer';
import { tally } from './tally';
import { CHAINS, draft, sandboxNow, seededRandom, World } from './world';

const MESSAGES = 10_000;
const SEED = Number(process.env.MX_FUZZ_SEED ?? 20261123);

type Expect = 'rejected' | 'refused';
interface Fuzzed {
  readonly category: string;
  readonly message: unknown;
  readonly expect: Expect;
}

// Shared big values: built once, referenced by many messages.
const HUGE = 'h'.repeat(MAX_MESSAGE_CHARS + 16);
const OVER_BODY = 'b'.repeat(MAX_BODY_CHARS + 1);
const OVER_URL = `/${'u'.repeat(MAX_URL_CHARS)}`;
const OVER_VALUE = 'v'.repeat(MAX_ROW_VALUE_CHARS + 1);
const OVER_NAME = 'N'.repeat(MAX_ROW_NAME_CHARS + 1);
const OVER_ID = 'i'.repeat(MAX_ID_CHARS + 1);
const OVER_QUERY = 'q'.repeat(MAX_SEARCH_QUERY_CHARS + 1);
const OVER_KEY = 'k'.repeat(MAX_PATH_KEY_CHARS + 1);

function nestedObject(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Beyond MAX_MESSAGE_VALUES: refused wherever it appears, even in a field nobody reads. */
const TOO_DEEP_OBJECT = nestedObject(MAX_MESSAGE_VALUES + 10);
const TOO_DEEP_ARRAY = nestedArray(MAX_MESSAGE_VALUES + 10);
const DEEP_OBJECT = nestedObject(1_000);
const DEEP_ARRAY = nestedArray(1_000);
const WIDE_ARRAY = Array.from({ length: MAX_MESSAGE_VALUES + 1 }, () => 0);

const VALID_DRAFT = { method: 'GET', url: CHAINS, query: [], headers: [], body: '' };

/** A valid message of each type that has fields (the field-less ones cannot be made invalid by a field). */
function templates(): Record<string, Record<string, unknown>> {
  return {
    send: { type: 'send', requestId: 'req-1', draft: { ...VALID_DRAFT } },
    cancel: { type: 'cancel', requestId: 'req-1' },
    answerReceived: { type: 'answerReceived', requestId: 'req-1' },
    expandNode: { type: 'expandNode', requestId: 'req-2', responseId: 'r1', path: [0], offset: 0, limit: 50 },
    search: { type: 'search', requestId: 'req-3', responseId: 'r1', query: 'Moana' },
    openInEditor: { type: 'openInEditor', responseId: 'r1' },
    saveBody: { type: 'saveBody', responseId: 'r1' },
    copy: { type: 'copy', what: 'body', responseId: 'r1' },
    copyAs: { type: 'copyAs', format: 'curl', draft: { ...VALID_DRAFT } },
  };
}

const MISSING = Symbol('missing');

const BAD_ID: readonly unknown[] = [MISSING, '', ' ', 'a b', '../etc', 'id/1', 'é', 'a\u0000', 'x?y', OVER_ID, 42, 0, null, true, [], {}, ['req-1']];
const BAD_METHOD: readonly unknown[] = [MISSING, 'get', 'TRACE', 'CONNECT', 'G E T', '', 1, null, ['GET'], { GET: true }];
const BAD_URL: readonly unknown[] = [MISSING, OVER_URL, 1, null, true, [CHAINS], { href: CHAINS }];
const BAD_BODY: readonly unknown[] = [MISSING, OVER_BODY, 1, null, false, ['{}'], { json: {} }];
const BAD_ROWS: readonly unknown[] = [
  MISSING,
  null,
  'a=b',
  { name: 'a', value: 'b', enabled: true },
  Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({ name: `n${i}`, value: '1', enabled: true })),
  [null],
  ['a: b'],
  [{ name: 1, value: 'b', enabled: true }],
  [{ name: 'a', value: 2, enabled: true }],
  [{ name: 'a', value: 'b', enabled: 'true' }],
  [{ name: 'a', value: 'b' }],
  [{ name: OVER_NAME, value: 'b', enabled: true }],
  [{ name: 'a', value: OVER_VALUE, enabled: true }],
  [DEEP_ARRAY],
];
const BAD_ENDPOINT_ID: readonly unknown[] = ['', 'a b', '../x', OVER_ID, 5, null, true, {}];
const BAD_PATH: readonly unknown[] = [
  MISSING,
  'a.b',
  null,
  {},
  [-1],
  [1.5],
  [Number.NaN],
  [Number.POSITIVE_INFINITY],
  [2 ** 53],
  [{}],
  [null],
  [true],
  [[0]],
  [OVER_KEY],
  Array.from({ length: MAX_PATH_SEGMENTS + 1 }, () => 0),
  DEEP_ARRAY,
];
const BAD_COUNT: readonly unknown[] = [MISSING, -1, 1.5, '0', null, Number.NaN, 2 ** 53, [], {}];
const BAD_LIMIT: readonly unknown[] = [...BAD_COUNT, MAX_CHILDREN_PER_PAGE + 1, 1e9];
const BAD_QUERY: readonly unknown[] = [MISSING, OVER_QUERY, 5, null, ['Moana'], { q: 'Moana' }];
const BAD_WHAT: readonly unknown[] = [MISSING, 'Body', 'headers', '', null, 1, ['body']];
const BAD_FORMAT: readonly unknown[] = [MISSING, 'wget', 'CURL', 'powershell', null, 2, ['curl']];
const BAD_DRAFT_WHOLE: readonly unknown[] = [MISSING, null, 'GET /', [], 42, {}, DEEP_OBJECT, [VALID_DRAFT]];

const BAD_FIELD_VALUES: Record<string, Record<string, readonly unknown[]>> = {
  send: { requestId: BAD_ID, draft: BAD_DRAFT_WHOLE },
  cancel: { requestId: BAD_ID },
  answerReceived: { requestId: BAD_ID },
  expandNode: { requestId: BAD_ID, responseId: BAD_ID, path: BAD_PATH, offset: BAD_COUNT, limit: BAD_LIMIT },
  search: { requestId: BAD_ID, responseId: BAD_ID, query: BAD_QUERY },
  openInEditor: { responseId: BAD_ID },
  saveBody: { responseId: BAD_ID },
  copy: { what: BAD_WHAT, responseId: BAD_ID },
  copyAs: { format: BAD_FORMAT, draft: BAD_DRAFT_WHOLE },
};
const BAD_DRAFT_FIELDS: Record<string, readonly unknown[]> = {
  method: BAD_METHOD,
  url: BAD_URL,
  query: BAD_ROWS,
  headers: BAD_ROWS,
  body: BAD_BODY,
  endpointId: BAD_ENDPOINT_ID,
};

const VALID_TYPES = ['ready', 'send', 'cancel', 'expandNode', 'search', 'openInEditor', 'saveBody', 'copy', 'copyAs', 'signIn', 'clearHistory', 'answerReceived'];

class Generator {
  constructor(
    private readonly random: () => number,
    private readonly foreignOrigin: string,
    private readonly apiPort: string,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  text(max = 24): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./:?#&=%\\\'"<>{}[]\r\n\t\u0000é☃🎬';
    const chars = Array.from(alphabet);
    return Array.from({ length: this.int(max) }, () => this.pick(chars)).join('');
  }

  anyValue(): unknown {
    switch (this.int(10)) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return this.random() * 1e6 - 5e5;
      case 3:
        return this.pick([Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 60]);
      case 4:
        return this.random() < 0.5;
      case 5:
        return this.text();
      case 6:
        return [this.text(), this.int(9)];
      case 7:
        return { [this.text(6)]: this.text() };
      case 8:
        return this.pick(VALID_TYPES);
      default:
        return HUGE;
    }
  }

  next(): Fuzzed {
    const roll = this.random();
    if (roll < 0.06) return this.notAnObject();
    if (roll < 0.14) return this.unknownType();
    if (roll < 0.52) return this.wrongField();
    if (roll < 0.68) return this.wrongDraftField();
    if (roll < 0.74) return this.oversized();
    if (roll < 0.8) return this.nested();
    if (roll < 0.86) return this.prototypeKeys();
    if (roll < 0.9) return this.unreadable();
    if (roll < 0.96) return this.foreignSend();
    return this.injectedHeaderSend();
  }

  /** Not a message at all. */
  notAnObject(): Fuzzed {
    const message = this.pick<() => unknown>([
      () => null,
      () => undefined,
      () => this.random() * 1000,
      () => this.text(),
      () => HUGE,
      () => true,
      () => [],
      () => [{ type: 'ready' }],
      () => ['send', templates().send],
      () => BigInt(this.int(1000)),
      () => Symbol('message'),
      () => () => ({ type: 'ready' }),
      () => new Date(),
    ])();
    // A Date is an object with no own "type": rejected like any other.
    return { category: 'not an object', message, expect: 'rejected' };
  }

  unknownType(): Fuzzed {
    const type = this.pick<() => unknown>([
      () => this.text(30),
      () => this.pick(VALID_TYPES).toUpperCase(),
      () => ` ${this.pick(VALID_TYPES)}`,
      () => `${this.pick(VALID_TYPES)}\u0000`,
      () => `${this.pick(VALID_TYPES)}s`,
      () => this.int(100),
      () => null,
      () => [this.pick(VALID_TYPES)],
      () => ({ toString: () => 'ready' }),
      () => MISSING,
      () => HUGE.slice(0, 100_000),
    ])();
    const base = this.pick(Object.values(templates()));
    const message: Record<string, unknown> = { ...base };
    if (type === MISSING) delete message.type;
    else message.type = type;
    // "ready" in capitals or with a space is still not "ready".
    if (typeof message.type === 'string' && VALID_TYPES.includes(message.type)) message.type = `${message.type}!`;
    return { category: 'unknown type', message, expect: 'rejected' };
  }

  wrongField(): Fuzzed {
    const all = templates();
    const type = this.pick(Object.keys(BAD_FIELD_VALUES));
    const fields = BAD_FIELD_VALUES[type];
    const field = this.pick(Object.keys(fields));
    const value = this.pick(fields[field]);
    const message: Record<string, unknown> = { ...all[type] };
    if (value === MISSING) delete message[field];
    else message[field] = value;
    return { category: `${type}.${field}`, message, expect: 'rejected' };
  }

  wrongDraftField(): Fuzzed {
    const type = this.pick(['send', 'copyAs']);
    const field = this.pick(Object.keys(BAD_DRAFT_FIELDS));
    const value = this.pick(BAD_DRAFT_FIELDS[field]);
    const badDraft: Record<string, unknown> = { ...VALID_DRAFT };
    if (value === MISSING) delete badDraft[field];
    else badDraft[field] = value;
    const message = { ...templates()[type], draft: badDraft };
    return { category: `${type}.draft.${field}`, message, expect: 'rejected' };
  }

  /** Bigger than the whole-message limit, or with too many values, wherever the bulk sits. */
  oversized(): Fuzzed {
    const base = this.pick([{ type: 'ready' }, { type: 'clearHistory' }, { type: 'signIn' }, ...Object.values(templates())]);
    const message = this.pick<() => unknown>([
      () => ({ ...base, padding: HUGE }),
      () => ({ ...base, [HUGE.slice(0, MAX_MESSAGE_CHARS + 8)]: 1 }),
      () => ({ ...base, many: WIDE_ARRAY }),
      () => ({ ...templates().send, draft: { ...VALID_DRAFT, body: OVER_BODY, url: OVER_URL } }),
      () => ({ ...templates().send, draft: { ...VALID_DRAFT, headers: Array.from({ length: 300 }, () => ({ name: 'X-A', value: OVER_VALUE, enabled: true })) } }),
    ])();
    return { category: 'oversized', message, expect: 'rejected' };
  }

  nested(): Fuzzed {
    // Walking MAX_MESSAGE_VALUES values costs the validator ~15 ms: a few of those go a long way.
    if (this.random() < 0.05) {
      const message = this.pick([{ type: 'ready', extra: TOO_DEEP_OBJECT }, { type: 'signIn', extra: TOO_DEEP_ARRAY }]);
      return { category: 'too deeply nested', message, expect: 'rejected' };
    }
    const message = this.pick<() => unknown>([
      () => ({ ...templates().send, draft: DEEP_OBJECT }),
      () => ({ ...templates().expandNode, path: DEEP_ARRAY }),
      () => ({ ...templates().copyAs, draft: { ...VALID_DRAFT, query: [DEEP_OBJECT] } }),
      () => nestedObject(this.int(50) + 1),
    ])();
    return { category: 'deeply nested', message, expect: 'rejected' };
  }

  /** Keys that pollute prototypes when copied carelessly; the validator reads own properties only. */
  prototypeKeys(): Fuzzed {
    const json = this.pick([
      '{"__proto__":{"type":"ready","polluted":"yes"}}',
      '{"type":"send","requestId":"r1","__proto__":{"draft":{"method":"GET","url":"/x","query":[],"headers":[],"body":""},"polluted":"yes"}}',
      '{"type":"send","requestId":"r1","draft":{"__proto__":{"method":"GET","url":"/x","query":[],"headers":[],"body":"","polluted":"yes"}}}',
      '{"type":"copyAs","format":"curl","draft":{"constructor":{"prototype":{"polluted":"yes"}},"url":"/x"}}',
      '{"type":"expandNode","requestId":"r","responseId":"r1","__proto__":{"path":[],"offset":0,"limit":1}}',
      '{"constructor":{"prototype":{"type":"ready","polluted":"yes"}}}',
      '{"type":"search","requestId":"r","responseId":"r1","query":{"__proto__":{"polluted":"yes"}}}',
    ]);
    return { category: 'prototype keys', message: JSON.parse(json) as unknown, expect: 'rejected' };
  }

  /** Values that cannot come through postMessage but must not break the validator either. */
  unreadable(): Fuzzed {
    const message = this.pick<() => unknown>([
      () => {
        const cyclic: Record<string, unknown> = { type: 'send', requestId: 'r1' };
        cyclic.draft = cyclic;
        return cyclic;
      },
      () => {
        const rows: unknown[] = [];
        rows.push(rows);
        return { ...templates().send, draft: { ...VALID_DRAFT, headers: rows } };
      },
      () =>
        Object.defineProperty({ requestId: 'r1' }, 'type', {
          enumerable: true,
          get() {
            throw new Error('getter trap');
          },
        }),
      () => {
        const { proxy, revoke } = Proxy.revocable({ type: 'ready' }, {});
        revoke();
        return proxy;
      },
      () =>
        new Proxy(
          { type: 'ready' },
          {
            ownKeys() {
              throw new Error('ownKeys trap');
            },
          },
        ),
      () => ({ ...templates().send, draft: { ...VALID_DRAFT, body: () => 'x' } }),
    ])();
    return { category: 'unreadable', message, expect: 'rejected' };
  }

  /** Well-formed, but to another origin: the origin rule refuses it (GET only, so no confirmation is asked). */
  foreignSend(): Fuzzed {
    const url = this.pick([
      `https://evil.invalid${CHAINS}`,
      `${this.foreignOrigin}${CHAINS}`,
      `http://localhost:${this.apiPort}${CHAINS}`,
      `//evil.invalid${CHAINS}`,
      `http:evil.invalid${CHAINS}`,
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/plain,x',
      `http://user:${this.text(8).replace(/[^a-z0-9]/gi, '') || 'pw'}@127.0.0.1:${this.apiPort}${CHAINS}`,
      `/\\evil.invalid${CHAINS}`,
      `${CHAINS} ${this.text(4)}x`,
      '',
    ]);
    const message = { type: 'send', requestId: `fz-${this.int(1e6)}`, draft: { ...VALID_DRAFT, url } };
    return { category: 'foreign send', message, expect: 'refused' };
  }

  /** Well-formed, with a header the header rules refuse. */
  injectedHeaderSend(): Fuzzed {
    const header = this.pick([
      { name: 'X-Trace', value: `a\r\nX-Injected: ${this.int(100)}` },
      { name: 'X-Trace\r\nX-Injected', value: '1' },
      { name: 'X-Grüße', value: '1' },
      { name: 'X-Trace', value: `☃${this.text(4)}` },
      { name: 'X-Trace', value: 'a\u0000b' },
      { name: 'Authorization', value: 'Bearer forged' },
      { name: 'MX-Api-Client-Secret', value: 'forged' },
      { name: 'Host', value: 'evil.invalid' },
      { name: 'Transfer-Encoding', value: 'chunked' },
      { name: 'bad name', value: '1' },
    ]);
    const message = {
      type: 'send',
      requestId: `fz-${this.int(1e6)}`,
      draft: { ...VALID_DRAFT, headers: [{ ...header, enabled: true }] },
    };
    return { category: 'injected header', message, expect: 'refused' };
  }
}

describe('battery: a hostile webview', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let foreign: Stub;
  let world: World;

  before(async () => {
    sandbox = await startSandbox({ now: sandboxNow });
    foreign = await startStub();
    world = new World({ sandbox });
    await world.signIn();
    await world.ready();
    // A real response is held, so a message that slipped through would have something to act on.
    await world.send(draft(CHAINS), 'warm-up');
  });
  after(async () => {
    world?.dispose();
    await foreign?.stop();
    await sandbox?.stop();
  });

  it(`rejects or refuses ${MESSAGES.toLocaleString('en')} generated messages (seed ${SEED}) without a crash, a request or a side effect`, async () => {
    const random = seededRandom(SEED);
    const generator = new Generator(random, foreign.url, new URL(sandbox.apiUrl).port);
    const { handler, effects, history } = world;
    sandbox.clearRequests();
    foreign.requests.length = 0;
    const historyBefore = JSON.stringify(history.entries());
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const postedBefore = effects.posted.length;
    const rejectedBefore = handler.rejected;
    const sideEffectsBefore = effects.sideEffects;
    let expectedRejected = 0;
    let expectedRefused = 0;
    const misjudged: string[] = [];
    const categories = new Map<string, number>();

    for (let i = 0; i < MESSAGES; i++) {
      const fuzzed = generator.next();
      categories.set(fuzzed.category, (categories.get(fuzzed.category) ?? 0) + 1);
      const rejected = handler.rejected;
      const posted = effects.posted.length;
      // Webview messages arrive as separate events: let I/O run in between, as the host would.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        await handler.receive(fuzzed.message);
      } catch (error) {
        misjudged.push(`#${i} (${fuzzed.category}) threw ${String(error)}`);
        continue;
      }
      if (fuzzed.expect === 'rejected') {
        expectedRejected++;
        if (handler.rejected !== rejected + 1) misjudged.push(`#${i} (${fuzzed.category}) was not rejected`);
      } else {
        expectedRefused++;
        const answer = effects.since(posted).find((m) => m.type === 'requestFailed' || m.type === 'response');
        if (handler.rejected !== rejected) misjudged.push(`#${i} (${fuzzed.category}) was rejected instead of refused`);
        else if (answer?.type !== 'requestFailed' || (answer.kind !== 'refused' && answer.kind !== 'invalidRequest')) {
          misjudged.push(`#${i} (${fuzzed.category}) was not refused: ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }
    }

    const posted = effects.since(postedBefore);
    const refused = posted.filter((m) => m.type === 'requestFailed' && (m.kind === 'refused' || m.kind === 'invalidRequest')).length;
    const sent = sandbox.requests.length + foreign.requests.length;
    tally.messagesFuzzed += MESSAGES;
    tally.fuzzRejected += handler.rejected - rejectedBefore;
    tally.fuzzRefused += refused;
    tally.fuzzSent += sent;

    assert.deepEqual(misjudged.slice(0, 20), [], `seed ${SEED}: ${misjudged.length} messages misjudged`);
    assert.equal(handler.rejected - rejectedBefore, expectedRejected, 'every malformed message is rejected and counted');
    assert.equal(refused, expectedRefused, 'every well-formed hostile send is refused');
    assert.equal(expectedRejected + expectedRefused, MESSAGES);
    assert.ok(categories.size >= 35, `${categories.size} kinds of hostile message`);
    assert.deepEqual(
      posted.filter((m) => m.type !== 'requestFailed' && m.type !== 'history'),
      [],
      'nothing but refusals (and the unchanged history) is posted',
    );
    assert.deepEqual(sandbox.requests, [], 'nothing reached the sandbox (API or token endpoint)');
    assert.deepEqual(foreign.requests, [], 'nothing reached the foreign server');
    assert.equal(effects.sideEffects, sideEffectsBefore, 'no dialog, clipboard write, editor, file or sign-in prompt');
    assert.equal(JSON.stringify(history.entries()), historyBefore, 'history untouched');
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeBefore, 'Object.prototype has no new properties');
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).type, undefined);
    // Every rejection is logged, without the hostile content.
    const ignored = world.logLines.lines.filter((line) => line.includes('ignored an invalid message'));
    assert.equal(ignored.length, handler.rejected);
    assert.ok(ignored.every((line) => line.length < 400), 'log lines stay short (no hostile payload echoed)');
    assert.ok(world.signedIn, 'still signed in');

    // And the panel still works afterwards.
    const after = await world.send(draft(CHAINS), 'after-fuzz');
    assert.ok(after.some((m) => m.type === 'response' && m.response.status === 200), JSON.stringify(after).slice(0, 500));
  });
});

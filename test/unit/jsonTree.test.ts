import * as assert from 'node:assert/strict';
import { childrenAt, initialExpansion, inlinePreview, INLINE_CHARS, kindOf, nodeFor, PREVIEW_CHARS, previewOf, search, valueAt } from '../../src/panel/jsonTree';
import { MAX_CHILDREN_PER_PAGE, type FollowLink } from '../../src/protocol';
import { loadMxData } from '../sandbox/fixtures';

const TWENTY_MB = 20 * 1024 * 1024;
const SHOWTIME = '83bf2953-dc25-4d2b-fec3-08d8fef9d29d';

describe('jsonTree', () => {
  describe('nodes and previews', () => {
    it('prints scalars JSON-style and containers as counts', () => {
      assert.deepEqual(nodeFor('name', 'Demo Cinemas'), { key: 'name', kind: 'string', preview: '"Demo Cinemas"' });
      assert.deepEqual(nodeFor(0, 12.5), { key: 0, kind: 'number', preview: '12.5' });
      assert.deepEqual(nodeFor('x', true), { key: 'x', kind: 'boolean', preview: 'true' });
      assert.deepEqual(nodeFor('x', null), { key: 'x', kind: 'null', preview: 'null' });
      assert.deepEqual(nodeFor('o', { a: 1, b: 2 }), { key: 'o', kind: 'object', preview: '{…} 2 keys', childCount: 2, inline: '{a: 1, b: 2}' });
      assert.deepEqual(nodeFor('o', { a: 1 }), { key: 'o', kind: 'object', preview: '{…} 1 key', childCount: 1, inline: '{a: 1}' });
      assert.deepEqual(nodeFor('e', {}), { key: 'e', kind: 'object', preview: '{…} 0 keys', childCount: 0 });
      assert.deepEqual(nodeFor('l', new Array(331).fill(0)), {
        key: 'l',
        kind: 'array',
        preview: '[…] 331 items',
        childCount: 331,
        inline: '[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, …]',
      });
      assert.equal(previewOf([1]), '[…] 1 item');
      assert.equal(previewOf('line\n"quoted"'), '"line\\n\\"quoted\\""');
      assert.equal(kindOf(undefined), 'null');
    });

    it('cuts long strings at about PREVIEW_CHARS with …, without quoting the whole string', () => {
      const long = 'x'.repeat(10 * 1024 * 1024);
      const preview = previewOf(long);
      assert.equal(preview, `"${'x'.repeat(PREVIEW_CHARS)}…`);
      assert.equal(previewOf('y'.repeat(PREVIEW_CHARS)), `"${'y'.repeat(PREVIEW_CHARS)}"`);
      assert.ok(previewOf('\n'.repeat(PREVIEW_CHARS)).endsWith('…'), 'escapes count towards the length');
      assert.ok(previewOf('\n'.repeat(PREVIEW_CHARS)).length <= PREVIEW_CHARS + 2);
    });

    it('asks for links on string values only, with the full path and the parent', () => {
      const calls: unknown[][] = [];
      const link: FollowLink = { endpointId: 'get-film', title: 'Get Film', parameters: { filmId: 'f' } };
      const linksFn = (...args: unknown[]): FollowLink[] => {
        calls.push(args);
        return args[2] === 'f' ? [link] : [];
      };
      const body = [{ filmId: 'f', n: 1, o: {} }];
      const page = childrenAt(body, [0], 0, 10, linksFn);
      assert.deepEqual(page?.children[0], { key: 'filmId', kind: 'string', preview: '"f"', links: [link] });
      assert.equal(page?.children[1].links, undefined);
      assert.deepEqual(calls, [[[0, 'filmId'], 'filmId', 'f', body[0]]]);
    });
  });

  describe('inline previews and the first view', () => {
    it('shows a collapsed object by its first fields and an array by its first item, within INLINE_CHARS', () => {
      const chain = { id: 'd90b9017-1abd-e711-80c2-000d3ad0511b', name: 'Veezi USA Sales Account', configuration: { a: 1 }, tags: [1, 2], gone: null };
      assert.equal(inlinePreview(chain), '{id: "d90b9017…", name: "Veezi USA Sales Account", configuration: {…}, tags: [2], gone: null}');
      assert.equal(inlinePreview([chain, chain]), '[{id: "d90b9017…", name: "Veezi USA Sales Account", configuration: {…}, tags: [2], …}, {…}]');
      assert.equal(inlinePreview({ 'odd key': 'x'.repeat(50), ok: true }), `{"odd key": "${'x'.repeat(32)}…", ok: true}`);
      assert.equal(inlinePreview({ e: {}, l: [] }), '{e: {}, l: [0]}');
      const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field${i}`, i]));
      const text = inlinePreview(wide);
      assert.ok(text.length <= INLINE_CHARS && text.endsWith(', …}'), text);
      // one long first field still shows (cut), never an empty preview
      assert.match(inlinePreview({ description: 'y'.repeat(500) }), /^\{description: "y{32}…"\}$/);
    });

    it('opens a small answer at its second level within the row budget, a large one at its first item', () => {
      const small = [{ a: { x: 1 } }, { b: 2 }, 3];
      assert.deepEqual(initialExpansion(small, 100), [[], [0], [1]]);
      assert.deepEqual(initialExpansion(small, 10 * 1024 * 1024), [[], [0]]);
      assert.deepEqual(initialExpansion({ site: { id: 's' }, list: [] }, 100), [[], ['site']]);
      assert.deepEqual(initialExpansion('text', 10), []);
      // 100 objects of 10 keys: the root (100 rows) and 5 more items (50 rows) fit in 150 rows
      const many = Array.from({ length: 100 }, () => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])));
      assert.deepEqual(initialExpansion(many, 1000), [[], [0], [1], [2], [3], [4]]);
    });
  });

  describe('paths', () => {
    const body = { list: [{ id: 'a' }, { id: 'b' }], '0': 'zero', __proto__x: 1 };

    it('reads values by path: numbers index arrays, strings key objects', () => {
      assert.equal(valueAt(body, ['list', 1, 'id']), 'b');
      assert.equal(valueAt(body, ['0']), 'zero');
      assert.equal(valueAt(body, []), body);
      assert.equal(valueAt(body, ['list', '1']), undefined);
      assert.equal(valueAt(body, [0]), undefined);
      assert.equal(valueAt(body, ['list', 2]), undefined);
      assert.equal(valueAt(body, ['list', -1]), undefined);
      assert.equal(valueAt(body, ['list', 'length']), undefined);
      assert.equal(valueAt(body, ['constructor']), undefined);
      assert.equal(valueAt(body, ['__proto__']), undefined);
      assert.equal(valueAt(body, ['list', 0, 'id', 'x']), undefined);
    });

    it('keeps a parsed "__proto__" key as data', () => {
      const parsed = JSON.parse('{"__proto__":{"polluted":true}}') as unknown;
      assert.deepEqual(valueAt(parsed, ['__proto__', 'polluted']), true);
      assert.deepEqual(childrenAt(parsed, [], 0, 10)?.children.map((c) => c.key), ['__proto__']);
    });

    it('pages children and refuses invalid paths and scalars', () => {
      assert.deepEqual(childrenAt(body, ['list'], 1, 5), { total: 2, children: [{ key: 1, kind: 'object', preview: '{…} 1 key', childCount: 1, inline: '{id: "b"}' }] });
      assert.deepEqual(childrenAt(body, ['list'], 5, 5), { total: 2, children: [] });
      assert.equal(childrenAt(body, ['list', 0, 'id'], 0, 5), undefined);
      assert.equal(childrenAt(body, ['missing'], 0, 5), undefined);
      assert.equal(childrenAt(body, 'list' as never, 0, 5), undefined);
      assert.equal(childrenAt(new Array(1000).fill(1), [], 0, 10_000)?.children.length, MAX_CHILDREN_PER_PAGE);
      assert.equal(childrenAt([1, 2], [], -3, NaN)?.children.length, 0);
    });

    it('handles nesting far deeper than the call stack allows', () => {
      const depth = 200_000;
      const root: unknown[] = [];
      let cursor = root;
      for (let i = 0; i < depth; i++) {
        const next: unknown[] = [];
        cursor.push(next);
        cursor = next;
      }
      cursor.push('needle');
      // a clock that stands still: this is about depth, not speed (a loaded machine must not fail it)
      const result = search(root, 'NEEDLE', undefined, { now: () => 0 });
      assert.equal(result.truncated, false);
      assert.equal(result.matches.length, 1);
      assert.equal(result.matches[0].path.length, depth + 1);
      assert.equal(valueAt(root, result.matches[0].path), 'needle');
    });
  });

  describe('search', () => {
    const body = {
      chains: [
        { id: 'd90b', name: 'Veezi USA Sales Account', countryCode: 'US' },
        { id: '6e66', name: 'Demo Cinemas', loyalty: { enabled: true } },
      ],
      total: 2,
      missing: null,
    };

    it('matches keys and scalar values case-insensitively, in document order, with paths and previews', () => {
      assert.deepEqual(search(body, 'demo'), { matches: [{ path: ['chains', 1, 'name'], preview: '"name": "Demo Cinemas"' }], truncated: false });
      assert.deepEqual(search(body, 'LOYAL').matches, [{ path: ['chains', 1, 'loyalty'], preview: '"loyalty": {…} 1 key' }]);
      assert.deepEqual(search(body, 'true').matches.map((m) => m.path), [['chains', 1, 'loyalty', 'enabled']]);
      assert.deepEqual(search(body, 'nul').matches.map((m) => m.path), [['missing']]);
      assert.deepEqual(search(body, '2').matches.map((m) => m.path), [['total']]);
      assert.deepEqual(search(body, 'a.b').matches, [], 'the query is text, not a pattern');
      assert.deepEqual(search(body, ''), { matches: [], truncated: false });
      assert.deepEqual(search('Scalar root', 'root'), { matches: [{ path: [], preview: '"Scalar root"' }], truncated: false });
    });

    it('stops at maxMatches and says so', () => {
      const result = search(body, 'e', 3);
      assert.equal(result.matches.length, 3);
      assert.equal(result.truncated, true);
      assert.equal(result.stoppedBy, 'matches');
      const exact = search({ a: 'x', b: 'x' }, 'x', 2);
      assert.equal(exact.truncated, false, 'exactly maxMatches matches is not truncated');
    });

    it('stops when its visit budget or time budget is spent', () => {
      const list = Array.from({ length: 10_000 }, (_, i) => ({ n: i }));
      const byVisits = search(list, 'needle', 200, { maxVisits: 1000 });
      assert.deepEqual(byVisits, { matches: [], truncated: true, stoppedBy: 'budget' });
      let clock = 0;
      const byTime = search(list, 'needle', 200, { timeBudgetMs: 10, now: () => (clock += 100) });
      assert.equal(byTime.truncated, true);
      assert.equal(byTime.stoppedBy, 'budget');
    });
  });

  describe('a 20 MB array of recorded showtimes', function () {
    this.timeout(30_000);
    let body: unknown[];
    let bytes = 0;

    before(async () => {
      const records = (await loadMxData()).allShowtimesWithTicketTypes;
      const parts: string[] = [];
      for (let i = 0; bytes < TWENTY_MB; i++) {
        const record = records[i % records.length];
        parts.push(record);
        bytes += Buffer.byteLength(record) + 1;
      }
      body = JSON.parse(`[${parts.join(',')}]`) as unknown[];
    });

    it('pages the root in under 5 ms, without copying it', () => {
      assert.ok(bytes >= TWENTY_MB && body.length > 10_000, `${body.length} showtimes, ${bytes} bytes`);
      const node = nodeFor('', body);
      assert.equal(node.preview, `[…] ${body.length} items`);
      const first = childrenAt(body, [], 0, 200);
      assert.equal(first?.total, body.length);
      assert.equal(first?.children.length, 200);
      assert.deepEqual(first?.children[0], {
        key: 0,
        kind: 'object',
        preview: '{…} 14 keys',
        childCount: 14,
        inline: '{ticketTypes: [4], lastUpdatedTicketTypesUtc: "2021-04-17T04:00:37.5391823Z", id: "83bf2953…", …}',
      });
      assert.deepEqual(initialExpansion(body, bytes), [[], [0]], 'a large answer opens its first level and first item');
      const fromEnd = childrenAt(body, [], body.length - 200, 200);
      assert.equal(fromEnd?.children.length, 200);
      assert.equal(fromEnd?.children[199].key, body.length - 1);
      const last = childrenAt(body, [body.length - 1, 'ticketTypes'], 0, 200);
      assert.ok(last && last.total > 0);
    });

    it('searches the whole body, and stops at 200 matches', () => {
      // a clock that stands still: the visit budget alone must cover 20 MB of showtimes (how fast
      // that is belongs to the benchmarks, not to a test on a shared machine)
      let result = search(body, SHOWTIME.toUpperCase(), 200, { now: () => 0 });
      assert.deepEqual(result.matches[0], { path: [0, 'id'], preview: `"id": "${SHOWTIME}"` });
      assert.equal(result.truncated, false, 'the default visit budget covers 20 MB of showtimes');
      // The recorded list repeats every 561 showtimes; its first showtime is the only one with this id.
      assert.equal(result.matches.length, Math.ceil(body.length / 561));

      result = search(body, 'adult', 200);
      assert.equal(result.matches.length, 200);
      assert.equal(result.truncated, true);
      assert.equal(result.stoppedBy, 'matches');
      assert.deepEqual(result.matches[0], { path: [0, 'ticketTypes', 0, 'description'], preview: '"description": "Adult"' });
    });

    it('bounds an unproductive search by visits and by time', () => {
      let result = search(body, 'no such text anywhere', 200, { maxVisits: 100_000 });
      assert.deepEqual(result, { matches: [], truncated: true, stoppedBy: 'budget' });

      // a clock that advances 1 ms per reading: the time budget stops the search, whatever the machine's speed
      let fakeNow = 0;
      result = search(body, 'no such text anywhere', 200, { timeBudgetMs: 100, now: () => fakeNow++ });
      assert.equal(result.matches.length, 0);
      assert.equal(result.truncated, true);
      assert.equal(result.stoppedBy, 'budget');
    });
  });
});

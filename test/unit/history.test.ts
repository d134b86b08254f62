import * as assert from 'node:assert/strict';
import { clampHistoryLimit, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_BODY_CHARS, RequestHistory, type HistoryStore } from '../../src/panel/history';
import { REDACTED, Redactor } from '../../src/mx/redaction';
import type { RequestDraft } from '../../src/protocol';

const CANARY_TOKEN = 'canary-access-token-8d1f2e';
const CANARY_SECRET = 'CANRY-XXXXX-YYYYY-ZZZZZ-77777';
const CANARY_PASSWORD = 'canary-password-Pa55';

class MemoryStore implements HistoryStore {
  value: unknown;
  writes = 0;
  fail = false;
  constructor(initial?: unknown) {
    this.value = initial;
  }
  get(): unknown {
    return this.value;
  }
  async set(value: unknown): Promise<void> {
    if (this.fail) throw new Error('disk full');
    this.writes++;
    // What a real Memento does: a JSON round trip.
    this.value = JSON.parse(JSON.stringify(value));
  }
}

function draft(url: string, patch: Partial<RequestDraft> = {}): RequestDraft {
  return { method: 'GET', url, query: [], headers: [], body: '', ...patch };
}

let ids = 0;
const newId = (): string => `id-${++ids}`;

describe('RequestHistory', () => {
  it('records at once and saves behind, in order, one write for changes that came meanwhile', async () => {
    const store = new MemoryStore();
    const history = new RequestHistory({ store, newId });
    const first = history.record(draft('/a'), { status: 200 }, 1000);
    history.record(draft('/b'), { status: 200 }, 2000);
    history.record(draft('/c'), { status: 200 }, 3000);
    assert.deepEqual(history.entries().map((e) => e.draft.url), ['/c', '/b', '/a'], 'in the list before anything is saved');
    assert.equal(first?.draft.url, '/a');
    assert.equal(store.writes, 0, 'nothing written synchronously');
    await history.saved();
    assert.equal(store.writes, 1, 'the three changes in one write');
    assert.deepEqual(new RequestHistory({ store, newId }).entries().map((e) => e.draft.url), ['/c', '/b', '/a']);
    history.record(draft('/d'), {}, 4000);
    await history.saved();
    assert.equal(store.writes, 2);
    assert.equal(new RequestHistory({ store, newId }).entries()[0].draft.url, '/d', 'the latest list is what is stored');
  });

  it('a run that holds its saves writes the history once, when the last hold ends', async () => {
    const store = new MemoryStore();
    const history = new RequestHistory({ store, newId });
    const releaseFile = history.holdSaves();
    const releaseRun = history.holdSaves();
    for (let i = 0; i < 200; i++) {
      history.record(draft(`/chains?page=${i}`), { status: 200 }, 1000 + i);
      await history.saved();
    }
    releaseFile();
    releaseFile();
    await history.saved();
    assert.equal(store.writes, 0, 'held while any hold is left (releasing twice counts once)');
    assert.equal(history.size, 50, 'the list itself is current meanwhile');
    releaseRun();
    await history.saved();
    assert.equal(store.writes, 1);
    assert.equal(new RequestHistory({ store, newId }).entries()[0].draft.url, '/chains?page=199');
    const release = history.holdSaves();
    release();
    await history.saved();
    assert.equal(store.writes, 1, 'nothing recorded meanwhile: nothing written');
  });

  it('keeps entries newest first with their outcome, and persists them', async () => {
    const store = new MemoryStore();
    const history = new RequestHistory({ store, newId });
    await history.add(draft('/a', { endpointId: 'get-cinema-chains' }), { status: 200, durationMs: 120, environmentName: 'Staging' }, 1000);
    await history.add(draft('/b'), { status: 404 }, 2000);
    assert.deepEqual(
      history.entries().map((e) => [e.draft.url, e.at, e.status]),
      [['/b', 2000, 404], ['/a', 1000, 200]],
    );
    assert.deepEqual(history.entries()[1].draft, draft('/a', { endpointId: 'get-cinema-chains' }));
    assert.equal(history.entries()[1].environmentName, 'Staging');
    assert.equal(history.entries()[1].durationMs, 120);
    const reloaded = new RequestHistory({ store, newId });
    assert.deepEqual(reloaded.entries(), history.entries());
  });

  it('records the .http file and line a request was sent from, and keeps it across a reload', async () => {
    const store = new MemoryStore();
    const history = new RequestHistory({ store, newId });
    await history.add(draft('/a'), { status: 200, source: { file: 'api/chains.http', line: 5 } }, 1000);
    await history.add(draft('/b'), { status: 200 }, 2000);
    assert.deepEqual(history.entries()[1].source, { file: 'api/chains.http', line: 5 });
    assert.equal(history.entries()[0].source, undefined, 'a request from the panel has no source');
    assert.deepEqual(new RequestHistory({ store, newId }).entries()[1].source, { file: 'api/chains.http', line: 5 });
  });

  it('drops a source that is not a file path and a 1-based line, and redacts known secrets in the path', async () => {
    const redactor = new Redactor();
    redactor.add(CANARY_TOKEN);
    const history = new RequestHistory({ store: new MemoryStore(), newId, redactor });
    const bad: unknown[] = [{ file: 'a.http', line: 0 }, { file: 'a.http', line: 1.5 }, { file: '', line: 1 }, { file: 'a\nb.http', line: 1 }, { file: 'a.http' }, 'a.http:1', null];
    for (const source of bad) {
      const entry = await history.add(draft(`/x${bad.indexOf(source)}`), { source } as never);
      assert.equal(entry?.source, undefined, JSON.stringify(source));
    }
    const entry = await history.add(draft('/y'), { source: { file: `tmp/${CANARY_TOKEN}.http`, line: 3 } });
    assert.deepEqual(entry?.source, { file: `tmp/${REDACTED}.http`, line: 3 });
  });

  it('is bounded by its limit (default 50, clamped to 0–500)', async () => {
    const store = new MemoryStore();
    const history = new RequestHistory({ store, newId });
    for (let i = 0; i < 60; i++) await history.add(draft(`/r${i}`), {}, i);
    assert.equal(history.size, DEFAULT_HISTORY_LIMIT);
    assert.equal(history.entries()[0].draft.url, '/r59');
    assert.equal(history.entries()[49].draft.url, '/r10');
    await history.setLimit(5);
    assert.deepEqual(history.entries().map((e) => e.draft.url), ['/r59', '/r58', '/r57', '/r56', '/r55']);
    assert.equal(new RequestHistory({ store, newId, limit: 3 }).size, 3, 'a smaller limit applies to what is read back');
    assert.deepEqual([clampHistoryLimit(-1), clampHistoryLimit(0), clampHistoryLimit(7.9), clampHistoryLimit(10_000), clampHistoryLimit(NaN), clampHistoryLimit('9')], [0, 0, 7, 500, 50, 50]);
    const off = new RequestHistory({ store: new MemoryStore(), newId, limit: 0 });
    assert.equal(await off.add(draft('/x')), undefined);
    assert.equal(off.size, 0);
  });

  it('replaces an identical consecutive draft instead of duplicating it', async () => {
    const history = new RequestHistory({ store: new MemoryStore(), newId });
    await history.add(draft('/a'), { status: 500 }, 1);
    await history.add(draft('/a'), { status: 200 }, 2);
    assert.equal(history.size, 1);
    assert.equal(history.entries()[0].status, 200);
    assert.equal(history.entries()[0].at, 2);
    await history.add(draft('/b'), {}, 3);
    await history.add(draft('/a'), {}, 4);
    assert.deepEqual(history.entries().map((e) => e.draft.url), ['/a', '/b', '/a'], 'only consecutive duplicates merge');
    await history.add(draft('/a', { headers: [{ name: 'X', value: '1', enabled: true }] }), {}, 5);
    assert.equal(history.size, 4, 'a different header is a different request');
    // Drafts that differ only in a redacted credential are the same stored request.
    await history.add(draft('/a', { headers: [{ name: 'X', value: '1', enabled: true }, { name: 'Authorization', value: 'Bearer one', enabled: true }] }), {}, 6);
    assert.equal(history.size, 4);
  });

  it('never stores credentials: header rows dropped, secret fields masked, known values scrubbed', async () => {
    const redactor = new Redactor();
    redactor.add(CANARY_TOKEN);
    redactor.add(CANARY_SECRET);
    redactor.add(CANARY_PASSWORD);
    const store = new MemoryStore();
    const history = new RequestHistory({ store, newId, redactor });
    await history.add(
      draft(`/mxs/x?access_token=abc123&Token=t0k&siteId=s1&note=${CANARY_SECRET}`, {
        method: 'POST',
        headers: [
          { name: 'Authorization', value: `Bearer ${CANARY_TOKEN}`, enabled: true },
          { name: 'MX-Api-Client-Secret', value: CANARY_SECRET, enabled: false },
          { name: 'proxy-authorization', value: 'Basic abc', enabled: true },
          { name: 'Cookie', value: 'session=s3cr3t', enabled: true },
          { name: 'X-Echo', value: `my token is ${CANARY_TOKEN}`, enabled: true },
          { name: 'Accept', value: 'application/json', enabled: true },
        ],
        query: [
          { name: 'password', value: 'hunter2', enabled: true },
          { name: 'refresh_token', value: 'r-123', enabled: false },
          { name: 'client_secret', value: 'cs-1', enabled: true },
          { name: 'siteId', value: 'dad76795', enabled: true },
          { name: 'note', value: CANARY_PASSWORD, enabled: true },
        ],
        body: JSON.stringify(
          {
            name: 'Bob Smith',
            password: 'hunter2',
            nested: [{ access_token: 'at-1', refresh_token: { x: 1 }, client_secret: 'cs-2', token: 9, id: 'keep' }],
            echo: `pw ${CANARY_PASSWORD}`,
          },
          null,
          2,
        ),
      }),
      { status: 200, environmentName: 'Staging' },
    );
    const stored = JSON.stringify(store.value);
    for (const secret of [CANARY_TOKEN, CANARY_SECRET, CANARY_PASSWORD, 'hunter2', 'abc123', 't0k', 'r-123', 'cs-1', 'cs-2', 'at-1', 's3cr3t', 'Basic abc']) {
      assert.ok(!stored.includes(secret), `${secret} leaked: ${stored}`);
    }
    const entry = history.entries()[0];
    assert.deepEqual(entry.draft.headers.map((h) => h.name), ['X-Echo', 'Accept']);
    assert.deepEqual(entry.draft.query.map((q) => q.value), [REDACTED, REDACTED, REDACTED, 'dad76795', REDACTED]);
    assert.match(entry.draft.url, /siteId=s1/);
    const body = JSON.parse(entry.draft.body) as { name: string; password: string; nested: Array<Record<string, unknown>> };
    assert.equal(body.name, 'Bob Smith');
    assert.equal(body.password, REDACTED);
    assert.deepEqual(body.nested[0], { access_token: REDACTED, refresh_token: REDACTED, client_secret: REDACTED, token: REDACTED, id: 'keep' });
    assert.ok(entry.draft.body.startsWith('{\n  "name"'), 'keeps the 2-space indentation');
  });

  it('keeps a body untouched when nothing in it is secret, and scrubs non-JSON bodies as text', async () => {
    const redactor = new Redactor();
    redactor.add(CANARY_PASSWORD);
    const history = new RequestHistory({ store: new MemoryStore(), newId, redactor });
    const body = '{ "ticketTypes" : [ {"showtimeId":"83bf","id":"0001","quantity":3} ] }';
    await history.add(draft('/a', { method: 'POST', body }));
    assert.equal(history.entries()[0].draft.body, body);
    await history.add(draft('/b', { method: 'POST', body: `username=bob&password=${CANARY_PASSWORD}&x=1` }));
    assert.ok(!history.entries()[0].draft.body.includes(CANARY_PASSWORD));
    assert.match(history.entries()[0].draft.body, /^username=bob&password=/);
    await history.add(draft('/c', { method: 'POST', body: 'x'.repeat(MAX_HISTORY_BODY_CHARS + 1) }));
    assert.equal(history.entries()[0].draft.body, '', 'oversized bodies are not stored');
  });

  it('keeps a "__proto__" key in a JSON body as data', async () => {
    const history = new RequestHistory({ store: new MemoryStore(), newId });
    await history.add(draft('/a', { method: 'POST', body: '{"__proto__":{"x":1},"password":"p"}' }));
    assert.equal(history.entries()[0].draft.body, `{"__proto__":{"x":1},"password":"${REDACTED}"}`);
  });

  it('reads corrupt storage as empty, drops invalid entries, and redacts what it reads back', () => {
    for (const corrupt of [undefined, null, 'x', 42, [], {}, { version: 2, entries: [] }, { version: 1, entries: 'nope' }]) {
      assert.equal(new RequestHistory({ store: new MemoryStore(corrupt), newId }).size, 0, JSON.stringify(corrupt));
    }
    const throwing: HistoryStore = {
      get() {
        throw new Error('broken');
      },
      set() {},
    };
    assert.equal(new RequestHistory({ store: throwing, newId }).size, 0);

    const good = { id: 'ok-1', at: 5, draft: draft('/good'), status: 200 };
    const store = new MemoryStore({
      version: 1,
      entries: [
        good,
        { id: 'bad id!', at: 1, draft: draft('/x') },
        { id: 'no-at', draft: draft('/x') },
        { id: 'bad-draft', at: 1, draft: { ...draft('/x'), method: 'TRACE' } },
        { id: 'bad-outcome', at: 3, draft: draft('/y'), status: 'yes', durationMs: -1, environmentName: 7 },
        { id: 'ok-1', at: 2, draft: draft('/duplicate-id') },
        { id: 'old', at: 4, draft: draft('/z', { headers: [{ name: 'Authorization', value: `Bearer ${CANARY_TOKEN}`, enabled: true }] }) },
        null,
      ],
    });
    const history = new RequestHistory({ store, newId });
    assert.deepEqual(history.entries().map((e) => e.id), ['ok-1', 'old', 'bad-outcome']);
    assert.deepEqual(history.entries()[2], { id: 'bad-outcome', at: 3, draft: draft('/y') });
    assert.deepEqual(history.entries()[1].draft.headers, []);
    assert.ok(!JSON.stringify(history.entries()).includes(CANARY_TOKEN));
  });

  it('clears, and keeps working in memory when the store fails', async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    const history = new RequestHistory({ store, newId, onError: (err) => errors.push(err) });
    await history.add(draft('/a'));
    await history.clear();
    assert.equal(history.size, 0);
    assert.deepEqual(store.value, { version: 1, entries: [] });
    store.fail = true;
    await history.add(draft('/b'));
    assert.equal(history.size, 1);
    assert.equal(errors.length, 1);
  });

  it('pins entries above the others and keeps them whatever the limit; names them, redacted', async () => {
    const store = new MemoryStore();
    const redactor = new Redactor();
    redactor.add(CANARY_TOKEN);
    const history = new RequestHistory({ store, newId, limit: 2, redactor });
    const first = await history.add(draft('/first'), {}, 1000);
    assert.ok(first);
    await history.add(draft('/second'), {}, 2000);
    assert.equal(await history.pin(first.id, true), true);
    await history.add(draft('/third'), {}, 3000);
    await history.add(draft('/fourth'), {}, 4000);
    // the limit applies to the unpinned entries; the pinned one stays, first
    assert.deepEqual(history.entries().map((e) => e.draft.url), ['/first', '/fourth', '/third']);
    assert.equal(history.entries()[0].pinned, true);
    assert.equal(await history.rename(first.id, `  chains\nwith ${CANARY_TOKEN}  `), true);
    assert.equal(history.entries()[0].name, `chains with ${REDACTED}`);
    assert.equal(await history.rename('no-such-id', 'x'), false);
    // both survive a reload from the store
    const reloaded = new RequestHistory({ store, newId, limit: 2 });
    assert.deepEqual(
      reloaded.entries().map((e) => [e.draft.url, e.pinned ?? false, e.name ?? '']),
      [['/first', true, `chains with ${REDACTED}`], ['/fourth', false, ''], ['/third', false, '']],
    );
    // unpinned and unnamed: back among the others by time, and out once over the limit
    await reloaded.rename(first.id, '');
    await reloaded.pin(first.id, false);
    assert.deepEqual(reloaded.entries().map((e) => e.draft.url), ['/fourth', '/third']);
    assert.ok(!JSON.stringify(store.value).includes(CANARY_TOKEN));
  });

  it('ignores drafts that are not valid', async () => {
    const history = new RequestHistory({ store: new MemoryStore(), newId });
    assert.equal(await history.add({ method: 'TRACE' } as unknown as RequestDraft), undefined);
    assert.equal(history.size, 0);
  });
});

// The agent tools' reference-data cache: MX asks for 30–60 minutes of caching.
import * as assert from 'node:assert/strict';
import { DEFAULT_TTL_MS, type Fetched, ReferenceCache } from '../../src/tools/referenceCache';

const MINUTE = 60_000;

describe('agent tools: reference-data cache', () => {
  let now: number;
  let fetches: number;
  const clock = () => now;
  /** keepBytes null: an answer that must not be kept. */
  const fetchValue = (value: string, keepBytes: number | null = 10) => async (): Promise<Fetched<string>> => {
    fetches++;
    return keepBytes === null ? { value } : { value, keepBytes };
  };

  beforeEach(() => {
    now = Date.UTC(2026, 11, 1, 12, 0, 0);
    fetches = 0;
  });

  it('keeps an answer for 30 minutes by default and says when it was fetched', async () => {
    assert.ok(DEFAULT_TTL_MS >= 30 * MINUTE && DEFAULT_TTL_MS <= 60 * MINUTE);
    const cache = new ReferenceCache({ now: clock });
    const first = await cache.get('k', fetchValue('a'));
    assert.deepEqual(first, { value: 'a', fetchedAt: now, fromCache: false });
    const fetchedAt = now;
    now += 29 * MINUTE;
    assert.deepEqual(await cache.get('k', fetchValue('b')), { value: 'a', fetchedAt, fromCache: true });
    now += 1 * MINUTE;
    assert.deepEqual(await cache.get('k', fetchValue('c')), { value: 'c', fetchedAt: now, fromCache: false });
    assert.equal(fetches, 2);
  });

  it('does not trust an entry when the clock went back', async () => {
    const cache = new ReferenceCache({ now: clock });
    await cache.get('k', fetchValue('a'));
    now -= 5 * MINUTE;
    assert.equal((await cache.get('k', fetchValue('b'))).value, 'b');
  });

  it('shares one fetch between concurrent asks for the same key', async () => {
    const cache = new ReferenceCache({ now: clock });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async (): Promise<Fetched<string>> => {
      fetches++;
      await gate;
      return { value: 'x', keepBytes: 1 };
    };
    const both = Promise.all([cache.get('k', slow), cache.get('k', slow)]);
    release();
    const [a, b] = await both;
    assert.equal(fetches, 1);
    assert.equal(a.value, 'x');
    assert.equal(b.value, 'x');
  });

  it('keeps nothing when the fetch fails, and every waiting caller gets the error', async () => {
    const cache = new ReferenceCache({ now: clock });
    const failing = async (): Promise<Fetched<string>> => {
      fetches++;
      throw new Error('HTTP 500');
    };
    const results = await Promise.allSettled([cache.get('k', failing), cache.get('k', failing)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal(fetches, 1);
    assert.equal(cache.size, 0);
    assert.equal((await cache.get('k', fetchValue('ok'))).value, 'ok');
  });

  it('does not keep an answer that asks not to be kept or is larger than an entry may be', async () => {
    const cache = new ReferenceCache({ now: clock, maxEntryBytes: 100 });
    await cache.get('live', fetchValue('a', null));
    await cache.get('huge', fetchValue('a', 101));
    assert.equal(cache.size, 0);
    await cache.get('small', fetchValue('a', 100));
    assert.equal(cache.size, 1);
  });

  it('evicts the least recently used entries beyond its entry and byte bounds', async () => {
    const cache = new ReferenceCache({ now: clock, maxEntries: 2, maxBytes: 1000 });
    await cache.get('a', fetchValue('a'));
    await cache.get('b', fetchValue('b'));
    await cache.get('a', fetchValue('a2')); // a is used again: b is now the oldest use
    await cache.get('c', fetchValue('c'));
    assert.equal(cache.size, 2);
    assert.equal((await cache.get('a', fetchValue('a3'))).fromCache, true);
    assert.equal((await cache.get('b', fetchValue('b2'))).fromCache, false);

    const bytes = new ReferenceCache({ now: clock, maxBytes: 100, maxEntryBytes: 100 });
    await bytes.get('x', fetchValue('x', 60));
    await bytes.get('y', fetchValue('y', 60));
    assert.equal(bytes.size, 1);
    assert.equal((await bytes.get('y', fetchValue('y2'))).fromCache, true);
  });

  it('clear() forgets everything, including a fetch that was running', async () => {
    const cache = new ReferenceCache({ now: clock });
    await cache.get('a', fetchValue('a'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = cache.get('b', async () => {
      await gate;
      return { value: 'old session', keepBytes: 1 };
    });
    cache.clear();
    release();
    await running;
    assert.equal(cache.size, 0, 'an answer fetched for the previous session is not kept');
  });
});

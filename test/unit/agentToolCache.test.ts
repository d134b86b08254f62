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

  it('a caller that gives up stops waiting; the shared fetch is cancelled only when nobody waits', async () => {
    const cache = new ReferenceCache({ now: clock });
    let fetchSignal: AbortSignal | undefined;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async (signal: AbortSignal): Promise<Fetched<string>> => {
      fetches++;
      fetchSignal = signal;
      await gate;
      return { value: 'shared', keepBytes: 1 };
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.get('k', slow, first.signal);
    const b = cache.get('k', slow, second.signal);
    first.abort();
    await assert.rejects(a, (error: Error) => error.name === 'WaitCancelled' && error.message === 'The request was cancelled.');
    assert.equal(fetchSignal?.aborted, false, 'the other caller still waits');
    release();
    assert.equal((await b).value, 'shared');
    assert.equal(fetches, 1);
    assert.equal(cache.size, 1);

    let lastSignal: AbortSignal | undefined;
    const never = async (signal: AbortSignal): Promise<Fetched<string>> => {
      lastSignal = signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const only = new AbortController();
    const c = cache.get('other', never, only.signal);
    only.abort();
    await assert.rejects(c, /cancelled/);
    assert.equal(lastSignal?.aborted, true, 'nobody waits: the fetch is cancelled');
    const already = new AbortController();
    already.abort();
    await assert.rejects(cache.get('third', fetchValue('x'), already.signal), /cancelled/);
    assert.equal(fetches, 1, 'an already cancelled caller starts nothing');
  });

  it('a fetch that throws at once is an error for the caller, not a crash', async () => {
    const cache = new ReferenceCache({ now: clock });
    const throwsNow = (): Promise<Fetched<string>> => {
      throw new Error('synchronous');
    };
    await assert.rejects(cache.get('k', throwsNow), /synchronous/);
    assert.equal((await cache.get('k', fetchValue('fine'))).value, 'fine');
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

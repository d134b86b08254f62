// Reference data for the agent tools, kept 30 minutes: MX asks integrators to cache cinema chains,
// sites, films and showtimes for 30–60 minutes rather than fetch them in real time, and an agent
// asks the same thing many times in one conversation. Each entry knows when it was fetched, so a
// result can say how old its data is. Concurrent asks for the same key share one fetch. Bounded
// by entries and by bytes; an answer too large to keep is used once and not kept. vscode-free.

export const DEFAULT_TTL_MS = 30 * 60_000;

export interface CachedValue<T> {
  readonly value: T;
  /** Wall-clock ms when MX answered. */
  readonly fetchedAt: number;
  /** True when this ask was answered from the cache, without a request. */
  readonly fromCache: boolean;
}

export interface Fetched<T> {
  readonly value: T;
  /** Size of the answer, to bound the cache; undefined when it must not be kept (e.g. a failure). */
  readonly keepBytes?: number;
}

export interface ReferenceCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  /** Answers above this are not kept (a 20 MB showtime list is summarised once, then dropped). */
  readonly maxEntryBytes?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly value: unknown;
  readonly fetchedAt: number;
  readonly bytes: number;
}

/** A fetch that callers are waiting for; it is cancelled only when every one of them gave up. */
interface Pending {
  readonly promise: Promise<CachedValue<unknown>>;
  readonly controller: AbortController;
  waiting: number;
}

/** What a caller that stopped waiting gets (its own cancel; the fetch may go on for others). */
export class WaitCancelled extends Error {
  override readonly name = 'WaitCancelled';
  constructor() {
    super('The request was cancelled.');
  }
}

export class ReferenceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;
  private generation = 0;
  readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;
  private readonly now: () => number;

  constructor(options: ReferenceCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.maxEntries = options.maxEntries ?? 64;
    this.maxBytes = options.maxBytes ?? 48 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? 8 * 1024 * 1024;
    this.now = options.now ?? (() => Date.now());
  }

  /** How many answers are kept now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The kept value for `key` while it is younger than the TTL, else `fetch()`'s (kept when it
   * gives keepBytes). Concurrent callers share one fetch; a caller whose `signal` aborts stops
   * waiting (WaitCancelled), and the fetch's own signal aborts once no caller waits any more.
   * A fetch that throws keeps nothing and the error goes to every waiting caller.
   */
  async get<T>(key: string, fetch: (signal: AbortSignal) => Promise<Fetched<T>>, signal?: AbortSignal): Promise<CachedValue<T>> {
    const kept = this.fresh(key);
    if (kept) return { value: kept.value as T, fetchedAt: kept.fetchedAt, fromCache: true };
    if (signal?.aborted) throw new WaitCancelled();
    const pending = this.pending.get(key) ?? this.start(key, fetch);
    return this.wait(pending, signal) as Promise<CachedValue<T>>;
  }

  private start<T>(key: string, fetch: (signal: AbortSignal) => Promise<Fetched<T>>): Pending {
    const generation = this.generation;
    const controller = new AbortController();
    // Started on the next microtask, so `pending` below exists whatever `fetch` does.
    const promise = Promise.resolve().then(async (): Promise<CachedValue<unknown>> => {
      try {
        const fetched = await fetch(controller.signal);
        const fetchedAt = this.now();
        if (fetched.keepBytes !== undefined && generation === this.generation) this.keep(key, fetched.value, fetched.keepBytes, fetchedAt);
        return { value: fetched.value, fetchedAt, fromCache: false };
      } finally {
        if (this.pending.get(key) === pending) this.pending.delete(key);
      }
    });
    const pending: Pending = { promise, controller, waiting: 0 };
    this.pending.set(key, pending);
    return pending;
  }

  private wait(pending: Pending, signal: AbortSignal | undefined): Promise<CachedValue<unknown>> {
    pending.waiting++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (then: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        pending.waiting--;
        then();
      };
      const onAbort = (): void =>
        settle(() => {
          if (pending.waiting === 0) pending.controller.abort();
          reject(new WaitCancelled());
        });
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.promise.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  /** Forgets every entry (sign-out, profile switch); fetches already running are not kept. */
  clear(): void {
    this.entries.clear();
    this.pending.clear();
    this.bytes = 0;
    this.generation++;
  }

  private fresh(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const age = this.now() - entry.fetchedAt;
    // A clock set back makes an age negative: judge that entry stale rather than trust it forever.
    if (age < 0 || age >= this.ttlMs) {
      this.drop(key, entry);
      return undefined;
    }
    // Most recently used last, so the oldest use is evicted first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private keep(key: string, value: unknown, bytes: number, fetchedAt: number): void {
    if (!(bytes >= 0) || bytes > this.maxEntryBytes) return;
    const previous = this.entries.get(key);
    if (previous) this.drop(key, previous);
    this.entries.set(key, { value, fetchedAt, bytes });
    this.bytes += bytes;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(oldKey, oldEntry);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

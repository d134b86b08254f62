import type { SandboxRequest } from './types';
import type { IncomingRequest } from './http';

interface Entry {
  readonly seq: number;
  readonly request: SandboxRequest;
}

interface Waiter {
  readonly matches: (request: SandboxRequest) => boolean;
  readonly resolve: (request: SandboxRequest) => void;
}

/** Requests as answered, kept in arrival order. */
export class RequestLog {
  private entries: Entry[] = [];
  private waiters: Waiter[] = [];

  record(request: IncomingRequest, server: 'auth' | 'api', status: number, correlationId?: string): void {
    const { seq, time, method, path, query, headers, body } = request;
    const entry: Entry = {
      seq,
      request: { time, server, method, path, query, headers, body, status, ...(correlationId ? { correlationId } : {}) },
    };
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1].seq > seq) at--;
    this.entries.splice(at, 0, entry);
    for (const waiter of this.waiters.filter((w) => w.matches(entry.request))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(entry.request);
    }
  }

  /** The next request answered from now on that matches. */
  next(matches: (request: SandboxRequest) => boolean, timeoutMs: number): Promise<SandboxRequest> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`No matching request reached the sandbox within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        matches,
        resolve: (request) => {
          clearTimeout(timer);
          resolve(request);
        },
      };
      this.waiters.push(waiter);
    });
  }

  list(): SandboxRequest[] {
    return this.entries.map((e) => e.request);
  }

  clear(): void {
    this.entries = [];
  }
}

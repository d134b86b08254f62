import type { SandboxRequest } from './types';
import type { IncomingRequest } from './http';

interface Entry {
  readonly seq: number;
  readonly request: SandboxRequest;
}

type LogEvent = 'arrived' | 'answered' | 'clientAborted';

interface Waiter {
  readonly event: LogEvent;
  readonly matches: (request: SandboxRequest) => boolean;
  readonly resolve: (request: SandboxRequest) => void;
}

/** Requests as answered, kept in arrival order. */
export class RequestLog {
  private entries: Entry[] = [];
  private waiters: Waiter[] = [];

  record(request: IncomingRequest, server: 'auth' | 'api', status: number, correlationId?: string): SandboxRequest {
    const { seq, time, method, path, query, headers, body } = request;
    const entry: Entry = {
      seq,
      request: { time, server, method, path, query, headers, body, status, ...(correlationId ? { correlationId } : {}) },
    };
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1].seq > seq) at--;
    this.entries.splice(at, 0, entry);
    this.notify('answered', entry.request);
    return entry.request;
  }

  /** A request was read in full and is about to be handled (its status is 0 until answered). */
  arrived(request: IncomingRequest, server: 'auth' | 'api'): SandboxRequest {
    const { time, method, path, query, headers, body } = request;
    const arrived: SandboxRequest = { time, server, method, path, query, headers, body, status: 0 };
    this.notify('arrived', arrived);
    return arrived;
  }

  /** The client closed the connection before the answer to `request` was complete. */
  clientAborted(request: SandboxRequest): void {
    this.notify('clientAborted', request);
  }

  private notify(event: LogEvent, request: SandboxRequest): void {
    for (const waiter of this.waiters.filter((w) => w.event === event && w.matches(request))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(request);
    }
  }

  /** The next request from now on that is answered (or whose answer the client abandoned) and matches. */
  next(event: LogEvent, matches: (request: SandboxRequest) => boolean, timeoutMs: number): Promise<SandboxRequest> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`No matching request was ${event === 'clientAborted' ? 'abandoned by its client' : event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        event,
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

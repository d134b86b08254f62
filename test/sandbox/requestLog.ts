import type { SandboxRequest } from './types';
import type { IncomingRequest } from './http';

interface Entry {
  readonly seq: number;
  readonly request: SandboxRequest;
}

/** Requests as answered, kept in arrival order. */
export class RequestLog {
  private entries: Entry[] = [];

  record(request: IncomingRequest, server: 'auth' | 'api', status: number, correlationId?: string): void {
    const { seq, time, method, path, query, headers, body } = request;
    const entry: Entry = {
      seq,
      request: { time, server, method, path, query, headers, body, status, ...(correlationId ? { correlationId } : {}) },
    };
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1].seq > seq) at--;
    this.entries.splice(at, 0, entry);
  }

  list(): SandboxRequest[] {
    return this.entries.map((e) => e.request);
  }

  clear(): void {
    this.entries = [];
  }
}

// The request/reply values every sandbox handler works with: handlers build a whole Reply, and
// only the server decides how it reaches the wire (at once, late, trickled, or not at all).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_UTF8 = 'application/json; charset=utf-8';

export interface IncomingRequest {
  /** Arrival order, so the request log stays oldest-first even when answers overtake each other. */
  readonly seq: number;
  readonly time: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export function jsonReply(status: number, rawJson: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': JSON_UTF8, ...headers }, body: rawJson };
}

/** No body and no Content-Type, like MX's 404 for an unknown showtime or a wrong path. */
export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

let arrivals = 0;

export async function readRequest(req: IncomingMessage): Promise<IncomingRequest> {
  const seq = ++arrivals;
  const time = Date.now();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  // Prefixing (rather than resolving against a base) keeps a path like `//x` a path, not a host.
  const target = req.url ?? '/';
  const url = new URL(target.startsWith('/') ? `http://127.0.0.1${target}` : target);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    seq,
    time,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

export function replyHeaders(reply: Reply): Record<string, string | number> {
  return { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, replyHeaders(reply));
  res.end(reply.body);
}

/** Whether an Accept-Encoding value admits gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(value: string | undefined): boolean {
  return (value ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return ['gzip', 'x-gzip', '*'].includes(coding.trim()) && (q === undefined || Number(q.slice(2)) > 0);
  });
}

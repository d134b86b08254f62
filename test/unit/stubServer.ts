// A throwaway loopback HTTP server for replies the sandbox has no switch for (exact OAuth error
// bodies, odd expires_in values, redirects) and for watching the server side of a socket.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type StubHandler = (req: StubRequest, res: http.ServerResponse, raw: http.IncomingMessage) => void;

export interface Stub {
  readonly url: string;
  readonly host: string;
  readonly requests: StubRequest[];
  /** Replaces the handler for the next requests. */
  handle(handler: StubHandler): void;
  /**
   * Leaves the next requests unanswered: `arrived` resolves when one has come in, `closed` when the
   * client has closed its connection (what a cancel must do).
   */
  hold(): { arrived: Promise<void>; closed: Promise<void> };
  stop(): Promise<void>;
}

export async function startStub(handler: StubHandler = (_req, res) => res.end()): Promise<Stub> {
  let current = handler;
  const requests: StubRequest[] = [];
  const server = http.createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const request = { method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      current(request, res, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    hold() {
      let arrive!: () => void;
      let close!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const closed = new Promise<void>((resolve) => (close = resolve));
      current = (_req, res) => {
        res.on('close', close);
        arrive();
      };
      return { arrived, closed };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A loopback port that was just open and is now closed, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

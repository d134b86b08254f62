// A loopback token server in front of the sandbox's: it forwards every request to the sandbox
// (so the tokens it hands out work on the sandbox API) unless a test tells it to answer the next
// ones itself with an exact reply the sandbox has no switch for (unsupported_grant_type on a
// password grant, a token without access_token, odd expires_in values…). It can also be shut,
// so its port refuses connections, and opened again on the same port.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RelayRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; `forward` gets the sandbox's own reply (status, headers, text). */
export type RelayHandler = (
  request: RelayRequest,
  res: http.ServerResponse,
  forward: () => Promise<RelayReply>,
) => void | Promise<void>;

export interface RelayReply {
  readonly status: number;
  /** The sandbox's headers that matter to a token client (Content-Type, Retry-After, Location…). */
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** Framing headers the relay sets itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date']);

const LOOPBACK = '127.0.0.1';

export class AuthRelay {
  readonly requests: RelayRequest[] = [];
  private server: http.Server;
  private port = 0;
  private override: { handler: RelayHandler; remaining: number } | undefined;

  private constructor(private readonly target: string) {
    this.server = this.create();
  }

  /** Starts a relay to `target` (the sandbox's authUrl) on a free loopback port. */
  static async start(target: string): Promise<AuthRelay> {
    const relay = new AuthRelay(target);
    await relay.listen(0);
    return relay;
  }

  get url(): string {
    return `http://${LOOPBACK}:${this.port}`;
  }

  get host(): string {
    return `${LOOPBACK}:${this.port}`;
  }

  /** The next `times` token requests are answered by `handler` instead of the sandbox. */
  answer(handler: RelayHandler, times = Number.POSITIVE_INFINITY): void {
    this.override = { handler, remaining: times };
  }

  /** Back to forwarding everything. */
  forwardAll(): void {
    this.override = undefined;
  }

  /** Closes the port (connections to it are refused from now on). */
  async shut(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Listens again on the same port (nothing to do while it is open). */
  async reopen(): Promise<void> {
    if (this.server.listening) return;
    this.server = this.create();
    await this.listen(this.port);
  }

  stop(): Promise<void> {
    return this.shut();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, LOOPBACK, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private create(): http.Server {
    return http.createServer((raw, res) => {
      const chunks: Buffer[] = [];
      raw.on('data', (chunk: Buffer) => chunks.push(chunk));
      raw.on('end', () => {
        const request: RelayRequest = {
          method: raw.method ?? 'GET',
          url: raw.url ?? '/',
          headers: raw.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(request);
        const forward = () => this.forward(request);
        let handler: RelayHandler = async (_request, response, fetchReply) => {
          const reply = await fetchReply();
          response.writeHead(reply.status, reply.headers);
          response.end(reply.text);
        };
        // No keep-alive: once shut, the port must refuse, not reset a pooled connection.
        res.setHeader('Connection', 'close');
        if (this.override) {
          handler = this.override.handler;
          if (--this.override.remaining <= 0) this.override = undefined;
        }
        Promise.resolve(handler(request, res, forward)).catch(() => {
          // The sandbox reset the connection (or went away): pass that on as it is.
          raw.socket.destroy();
        });
      });
    });
  }

  private async forward(request: RelayRequest): Promise<RelayReply> {
    const contentType = request.headers['content-type'];
    const reply = await fetch(`${this.target}${request.url}`, {
      method: request.method,
      headers: typeof contentType === 'string' ? { 'Content-Type': contentType } : {},
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
    });
    const headers: Record<string, string> = {};
    reply.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) headers[name] = value;
    });
    return { status: reply.status, headers, text: await reply.text() };
  }
}

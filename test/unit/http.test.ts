import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { ACCEPT_ENCODING, describeNetworkError, formatBytes, formatDuration, headerValue, hostOf, parseRetryAfter, currentUserAgent, transfer, TransferFailure, userAgentFor } from '../../src/mx/http';
import { closedPort, startStub, type Stub } from './stubServer';

const HTTP_MODULE = path.join(__dirname, '..', '..', 'src', 'mx', 'http.js');

describe('http plumbing', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
  });

  it('names network failures in plain words', () => {
    assert.equal(describeNetworkError('ECONNREFUSED'), 'connection refused');
    assert.equal(describeNetworkError('ENOTFOUND'), 'host not found');
    assert.equal(describeNetworkError('ECONNRESET'), 'connection reset');
    assert.equal(describeNetworkError('CERT_HAS_EXPIRED'), 'TLS certificate has expired');
    assert.equal(describeNetworkError('EWEIRD'), 'network error EWEIRD');
    assert.equal(describeNetworkError(undefined, new Error('Premature close')), 'connection closed before the reply was complete');
    assert.equal(describeNetworkError(undefined), 'network error');
  });

  it('formats sizes, durations and hosts for messages', () => {
    assert.equal(formatBytes(512), '512 bytes');
    assert.equal(formatBytes(64 * 1024), '64 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(50 * 1024 * 1024), '50 MB');
    assert.equal(formatDuration(150), '150 ms');
    assert.equal(formatDuration(30_000), '30 s');
    assert.equal(formatDuration(1_250), '1.3 s');
    assert.equal(hostOf('http://127.0.0.1:8080/x?y'), '127.0.0.1:8080');
    assert.equal(hostOf('not a url'), 'the server');
  });

  it('refuses a body whose declared length is over the cap before reading it', async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 10_000 });
      res.write('[');
    });
    try {
      await assert.rejects(
        transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000, maxBodyBytes: 1000 }),
        (err) => err instanceof TransferFailure && err.kind === 'tooLarge' && err.host === stub.host,
      );
    } finally {
      await stub.stop();
    }
  });

  it('keeps the request body and method as given', async () => {
    const stub = await startStub((_req, res) => res.end('ok'));
    try {
      const reply = await transfer({ method: 'DELETE', url: `${stub.url}/x`, headers: { 'X-A': '1' }, body: 'payload', timeoutMs: 5000 });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.toString(), 'ok');
      assert.deepEqual([stub.requests[0].method, stub.requests[0].body, stub.requests[0].headers['x-a']], ['DELETE', 'payload', '1']);
    } finally {
      await stub.stop();
    }
  });

  it('joins repeated header values as fetch does, by lower-case name', () => {
    const headers: Array<[string, string]> = [
      ['content-type', 'application/json'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ];
    assert.equal(headerValue(headers, 'content-type'), 'application/json');
    assert.equal(headerValue(headers, 'set-cookie'), 'a=1, b=2');
    assert.equal(headerValue(headers, 'mx-correlation-id'), undefined);
  });

  it('lists the response headers in arrival order, names lower-cased, each Set-Cookie apart', async () => {
    const stub = await startStub((_req, res) => {
      res.setHeader('X-B', '2');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-A', '1');
      res.end();
    });
    try {
      const reply = await transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 });
      const names = reply.headers.map(([name]) => name).filter((name) => name.startsWith('x-') || name === 'set-cookie');
      assert.deepEqual(names, ['x-b', 'set-cookie', 'set-cookie', 'x-a']);
      assert.equal(headerValue(reply.headers, 'set-cookie'), 'a=1, b=2');
    } finally {
      await stub.stop();
    }
  });

  it('says who is calling and offers compression, unless the caller chose otherwise', async () => {
    const userAgentLines: number[] = [];
    const stub = await startStub((_req, res, raw) => {
      userAgentLines.push(raw.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'user-agent').length);
      res.end();
    });
    try {
      await transfer({ method: 'GET', url: `${stub.url}/a`, headers: { Accept: 'application/json' }, timeoutMs: 5000 });
      await transfer({ method: 'GET', url: `${stub.url}/b`, headers: { 'user-agent': 'mine', 'ACCEPT-ENCODING': 'identity' }, timeoutMs: 5000 });
      const [first, second] = stub.requests;
      assert.deepEqual([first.headers['user-agent'], first.headers['accept-encoding'], first.headers.accept], [currentUserAgent(), ACCEPT_ENCODING, 'application/json']);
      assert.deepEqual([second.headers['user-agent'], second.headers['accept-encoding']], ['mine', 'identity']);
      assert.deepEqual(userAgentLines, [1, 1], 'one User-Agent line each: never ours beside the one given');
    } finally {
      await stub.stop();
    }
  });

  it('names both versions in the User-Agent, keeping it a valid header', () => {
    assert.equal(userAgentFor('0.1.0', '1.95.3'), 'MX-Explorer/0.1.0 VSCode/1.95.3');
    assert.equal(userAgentFor('1.0.0\r\nX-Injected: 1', ''), 'MX-Explorer/1.0.0X-Injected1 VSCode/unknown');
  });

  it('sends Content-Length 0 on a POST without a body (IIS answers 411 otherwise)', async () => {
    const stub = await startStub((_req, res) => res.end());
    try {
      await transfer({ method: 'POST', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 });
      assert.equal(stub.requests[0].headers['content-length'], '0');
      assert.equal(stub.requests[0].headers['transfer-encoding'], undefined);
    } finally {
      await stub.stop();
    }
  });

  describe('decodes the body by its Content-Encoding', () => {
    const text = JSON.stringify({ chains: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Cinema ${i}` })) });
    const encodings: Array<[string, Buffer]> = [
      ['gzip', zlib.gzipSync(text)],
      ['x-gzip', zlib.gzipSync(text)],
      ['deflate', zlib.deflateSync(text)],
      ['deflate', zlib.deflateRawSync(text)], // raw deflate, as some old servers send it
      ['br', zlib.brotliCompressSync(text)],
    ];
    for (const [encoding, encoded] of encodings) {
      it(`${JSON.stringify(encoding)} (${encoded[0] === 0x78 ? 'zlib' : 'raw'} start)`, async () => {
        const stub = await startStub((_req, res) => res.writeHead(200, { 'Content-Encoding': encoding }).end(encoded));
        try {
          const reply = await transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000, maxBodyBytes: 1_000_000 });
          assert.equal(reply.body.toString('utf8'), text);
        } finally {
          await stub.stop();
        }
      });
    }

    it('passes an encoding it did not offer through as received', async () => {
      const stub = await startStub((_req, res) => res.writeHead(200, { 'Content-Encoding': 'zstd' }).end('opaque'));
      try {
        const reply = await transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 });
        assert.equal(reply.body.toString(), 'opaque');
      } finally {
        await stub.stop();
      }
    });

    it('passes a coding written in capitals through as received (node-fetch v2 matches lower-case names only)', async () => {
      const encoded = zlib.gzipSync(text);
      const stub = await startStub((_req, res) => res.writeHead(200, { 'Content-Encoding': 'GZIP' }).end(encoded));
      try {
        const reply = await transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 });
        assert.deepEqual(reply.body, encoded);
      } finally {
        await stub.stop();
      }
    });

    it('gives what arrived of a truncated gzip stream, as browsers do', async () => {
      const whole = zlib.gzipSync(text);
      const stub = await startStub((_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(whole.subarray(0, whole.length - 8)));
      try {
        const reply = await transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 });
        assert.equal(reply.body.toString(), text);
      } finally {
        await stub.stop();
      }
    });

    it('reports a body that is not what its encoding says', async () => {
      const stub = await startStub((_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end('not gzip at all'));
      try {
        await assert.rejects(
          transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 }),
          (err) => err instanceof TransferFailure && err.kind === 'network' && /could not be decoded \(gzip\)/.test(err.reason),
        );
      } finally {
        await stub.stop();
      }
    });

    it('refuses a small compressed body that decodes past the cap', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(5_000_000, 0x20));
      const stub = await startStub((_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(bomb));
      try {
        assert.ok(bomb.length < 100_000);
        await assert.rejects(
          transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000, maxBodyBytes: 1_000_000 }),
          (err) => err instanceof TransferFailure && err.kind === 'tooLarge',
        );
      } finally {
        await stub.stop();
      }
    });

    it('ends an endless gzip stream at the cap and closes the socket', async () => {
      let serverSaw: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (serverSaw = resolve));
      const stub = await startStub((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        const gzip = zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
        gzip.pipe(res);
        const spaces = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (!res.destroyed && gzip.write(spaces));
          if (!res.destroyed) gzip.once('drain', pump);
        };
        res.on('close', () => {
          gzip.destroy();
          serverSaw();
        });
        pump();
      });
      try {
        await assert.rejects(
          transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 10_000, maxBodyBytes: 1_000_000 }),
          (err) => err instanceof TransferFailure && err.kind === 'tooLarge' && err.reason === 'reply body larger than 976.6 KB',
        );
        await closed;
      } finally {
        await stub.stop();
      }
    });
  });

  it('reports a connection closed in the middle of a chunked body', async () => {
    const stub = await startStub((_req, res, raw) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('partial', () => raw.socket.destroy());
    });
    try {
      await assert.rejects(
        transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 5000 }),
        (err) => err instanceof TransferFailure && err.kind === 'network' && err.reason === 'connection closed before the reply was complete',
      );
    } finally {
      await stub.stop();
    }
  });

  // What node-fetch v2 cannot do (node-fetch/node-fetch#1604): when a body framed by Content-Length
  // is cut short, the response stream it reads from never ends, so only the deadline ends the wait.
  it('ends a body cut short of its Content-Length at the deadline, not at once (node-fetch v2)', async () => {
    const stub = await startStub((_req, res, raw) => {
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write('partial', () => raw.socket.destroy());
    });
    try {
      await assert.rejects(
        transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 300 }),
        (err) => err instanceof TransferFailure && err.kind === 'timeout' && err.reason === 'no complete answer within 300 ms',
      );
    } finally {
      await stub.stop();
    }
  });

  describe('ends the exchange and closes the socket while the body is arriving', () => {
    /** A reply whose headers and first bytes arrive, then nothing; `closed` resolves when the client hangs up. */
    async function stalledBody(): Promise<{ stub: Stub; started: Promise<void>; closed: Promise<void> }> {
      let headersSent: () => void = () => undefined;
      let hungUp: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (headersSent = resolve));
      const closed = new Promise<void>((resolve) => (hungUp = resolve));
      const stub = await startStub((_req, res) => {
        res.on('close', hungUp);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('[1,', () => headersSent());
      });
      return { stub, started, closed };
    }

    it('on a cancel', async () => {
      const { stub, started, closed } = await stalledBody();
      try {
        const controller = new AbortController();
        const pending = transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 10_000, signal: controller.signal });
        await started;
        controller.abort();
        await assert.rejects(pending, (err) => err instanceof TransferFailure && err.kind === 'cancelled');
        await closed;
      } finally {
        await stub.stop();
      }
    });

    it('on the deadline, which counts the body too', async () => {
      const { stub, closed } = await stalledBody();
      try {
        await assert.rejects(
          transfer({ method: 'GET', url: `${stub.url}/x`, headers: {}, timeoutMs: 250 }),
          (err) => err instanceof TransferFailure && err.kind === 'timeout' && err.reason === 'no complete answer within 250 ms',
        );
        await closed;
      } finally {
        await stub.stop();
      }
    });
  });

  it('sends the next exchanges unhindered after ones that were cancelled, timed out, too large or cut short', async () => {
    const stub = await startStub((req, res, raw) => {
      if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(4096, 0x20));
      else if (req.url === '/cut') res.writeHead(200).write('partial', () => raw.socket.destroy());
      else if (req.url === '/ok') res.end('ok');
      // '/stall': no answer
    });
    try {
      const get = (path: string, extra: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
        transfer({ method: 'GET', url: `${stub.url}${path}`, headers: {}, timeoutMs: 5000, maxBodyBytes: 1024, ...extra });
      const controller = new AbortController();
      const cancelled = get('/stall', { signal: controller.signal });
      controller.abort();
      const failures = await Promise.allSettled([cancelled, get('/stall', { timeoutMs: 100 }), get('/big'), get('/cut')]);
      assert.deepEqual(
        failures.map((f) => (f.status === 'rejected' && f.reason instanceof TransferFailure ? f.reason.kind : f.status)),
        ['cancelled', 'timeout', 'tooLarge', 'network'],
      );
      for (let i = 0; i < 20; i++) {
        assert.equal((await get('/ok')).body.toString(), 'ok');
      }
      const replies = await Promise.all(Array.from({ length: 20 }, () => get('/ok')));
      assert.deepEqual(new Set(replies.map((r) => r.body.toString())), new Set(['ok']));
    } finally {
      await stub.stop();
    }
  });

  it("sends through the 'http' / 'https' modules the extension gets from require, which VS Code swaps for its proxy-routing copies", async function () {
    this.timeout(20_000);
    const stub = await startStub((_req, res) => res.end('ok'));
    const port = await closedPort();
    // What VS Code's extension host does (proxyResolver's module loading): a require of exactly
    // 'http' or 'https' from an extension gets a copy of the module with its own `request`.
    const script = `
      const Module = require('node:module');
      const load = Module._load;
      const used = [];
      Module._load = function (request, ...rest) {
        const real = load.call(this, request, ...rest);
        if (request !== 'http' && request !== 'https') return real;
        return { ...real, request: (...args) => (used.push(request), real.request(...args)) };
      };
      const { transfer } = require(${JSON.stringify(HTTP_MODULE)});
      (async () => {
        const ok = await transfer({ method: 'GET', url: ${JSON.stringify(`${stub.url}/x`)}, headers: {}, timeoutMs: 5000 });
        const refused = await transfer({ method: 'GET', url: ${JSON.stringify(`https://127.0.0.1:${port}/x`)}, headers: {}, timeoutMs: 5000 }).catch((e) => e.code);
        console.log(JSON.stringify({ body: ok.body.toString(), refused, used }));
      })();`;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 15_000 });
      assert.deepEqual(JSON.parse(stdout), { body: 'ok', refused: 'ECONNREFUSED', used: ['http', 'https'] });
    } finally {
      await stub.stop();
    }
  });

  it('does not follow a redirect: the 3xx is the answer and the other server sees nothing', async () => {
    const elsewhere = await startStub();
    const stub = await startStub((_req, res) => res.writeHead(307, { Location: `${elsewhere.url}/moved` }).end());
    try {
      const reply = await transfer({ method: 'POST', url: `${stub.url}/x`, headers: { Authorization: 'Bearer t' }, body: 'secret', timeoutMs: 5000 });
      assert.equal(reply.status, 307);
      assert.equal(headerValue(reply.headers, 'location'), `${elsewhere.url}/moved`);
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await stub.stop();
      await elsewhere.stop();
    }
  });
});

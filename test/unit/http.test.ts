import * as assert from 'node:assert/strict';
import { Headers } from 'node-fetch';
import { idleAbortControllers } from '../../src/mx/abortControllerPool';
import { describeNetworkError, formatBytes, formatDuration, hostOf, parseRetryAfter, responseHeader, transfer, TransferFailure } from '../../src/mx/http';
import { startStub } from './stubServer';

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

  it('reads a response header by its lower-case name, repeated values joined as Headers.get joins them', () => {
    const headers = new Headers([
      ['content-type', 'application/json'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    assert.equal(responseHeader(headers, 'content-type'), headers.get('content-type'));
    assert.equal(responseHeader(headers, 'set-cookie'), headers.get('set-cookie'));
    assert.equal(responseHeader(headers, 'mx-correlation-id'), undefined);
  });

  it('starts every exchange with a live signal, after timed-out, cancelled and completed ones', async () => {
    let hung: () => void = () => undefined;
    const stub = await startStub((req, res) => {
      if (req.url === '/hang') {
        hung();
      } else {
        res.end('ok');
      }
    });
    try {
      await assert.rejects(
        transfer({ method: 'GET', url: `${stub.url}/hang`, headers: {}, timeoutMs: 50 }),
        (err) => err instanceof TransferFailure && err.kind === 'timeout',
      );
      const caller = new AbortController();
      const arrived = new Promise<void>((resolve) => (hung = resolve));
      const cancelled = transfer({ method: 'GET', url: `${stub.url}/hang`, headers: {}, timeoutMs: 5000, signal: caller.signal });
      await arrived;
      caller.abort();
      await assert.rejects(cancelled, (err) => err instanceof TransferFailure && err.kind === 'cancelled');
      for (let i = 0; i < 3; i++) {
        const reply = await transfer({ method: 'GET', url: `${stub.url}/ok`, headers: {}, timeoutMs: 5000 });
        assert.equal(reply.body.toString(), 'ok');
      }
      assert.ok(idleAbortControllers() >= 1, 'a completed exchange gives its controller back for reuse');
    } finally {
      await stub.stop();
    }
  });
});

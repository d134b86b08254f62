// The https: branch of the transfer, against an HTTPS server on loopback with a self-signed
// certificate (test/unit/fixtures/tls): refused as such by default, used once Node is told to
// trust it (NODE_EXTRA_CA_CERTS, read at process start, hence a child process).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { transfer, TransferFailure } from '../../src/mx/http';

const TLS_DIR = path.join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'tls');
const CERT = path.join(TLS_DIR, 'localhost.crt');
const HTTP_MODULE = path.join(__dirname, '..', '..', 'src', 'mx', 'http.js');

describe('transfer over https', function () {
  this.timeout(20_000);
  let server: https.Server;
  let url: string;
  const seen: Array<{ method?: string; headers: Record<string, unknown> }> = [];

  before(async () => {
    server = https.createServer({ key: fs.readFileSync(path.join(TLS_DIR, 'localhost.key')), cert: fs.readFileSync(CERT) }, (req, res) => {
      seen.push({ method: req.method, headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"secure":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/mxs/x`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a certificate nobody vouches for, and says why', async () => {
    await assert.rejects(
      transfer({ method: 'GET', url, headers: {}, timeoutMs: 5000 }),
      (err) => err instanceof TransferFailure && err.kind === 'network' && err.reason === 'TLS certificate is self-signed' && err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT',
    );
  });

  it('talks to the server once its certificate is trusted', async () => {
    const script = `require(${JSON.stringify(HTTP_MODULE)}).transfer({ method: 'GET', url: ${JSON.stringify(url)}, headers: { Accept: 'application/json' }, timeoutMs: 5000 })
      .then((r) => console.log(JSON.stringify({ status: r.status, body: r.body.toString() })), (e) => { console.error(String(e)); process.exit(1); });`;
    const before = seen.length;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: CERT }, timeout: 15_000 });
    assert.deepEqual(JSON.parse(stdout), { status: 200, body: '{"secure":true}' });
    assert.equal(seen.length, before + 1);
    assert.equal(seen[before].headers.accept, 'application/json');
  });
});

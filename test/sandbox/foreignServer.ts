// A local server that is not MX, for tests that check nothing reaches another origin. No `vscode`:
// the integration suites (in the extension host) and the end-to-end tests (in Node) both use it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local server that is not MX (it answers `{}`), counting what it gets, for the time of `use`. */
export async function withForeignServer<T>(use: (foreign: { readonly port: number; readonly hits: () => number }) => Promise<T>): Promise<T> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use({ port: (server.address() as AddressInfo).port, hits: () => hits });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

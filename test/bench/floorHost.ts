// A second extension the large-response benchmark loads (as a development extension) into the
// same extension host as MX Explorer, to measure there what MX Explorer is compared with:
//   POST /floor    {url, headers}: the floor of a Send — the same bytes fetched with Node's
//                  http.request and JSON.parse'd, nothing else (no checks, no panel, no tree)
//   POST /apiSend  {draft}: MX Explorer's public API sendRequest (the host path of a Send:
//                  pipeline, session, client, summary) without the webview
//   GET  /heap     the host's heap after forced garbage collections (`--expose-gc` set at run
//                  time, `gc` taken from a new context)
// It answers on 127.0.0.1 at a port it writes to MX_BENCH_CONTROL_FILE. Benchmark code only: it
// is never part of the VSIX.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { MxExplorerApi, RequestDraft } from '../../src/api';

const MX_EXPLORER = 'mx-explorer.mx-explorer';

function floorFetch(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          const body = Buffer.concat(chunks);
          JSON.parse(body.toString('utf8'));
          resolve({ ms: performance.now() - started, bytes: body.length });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end();
  });
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

export function activate(context: vscode.ExtensionContext): void {
  const controlFile = process.env.MX_BENCH_CONTROL_FILE;
  if (!controlFile) return;
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const server = http.createServer((request, response) => {
    const answer = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    void (async () => {
      try {
        if (request.method === 'GET' && request.url === '/heap') {
          answer(200, { heapUsed: await settledHeap(gc) });
        } else if (request.method === 'POST' && request.url === '/floor') {
          const { url, headers } = (await readJson(request)) as { url: string; headers: Record<string, string> };
          answer(200, await floorFetch(url, headers));
        } else if (request.method === 'POST' && request.url === '/apiSend') {
          const { draft } = (await readJson(request)) as { draft: RequestDraft };
          const extension = vscode.extensions.getExtension<MxExplorerApi>(MX_EXPLORER);
          if (!extension) throw new Error(`${MX_EXPLORER} is not installed`);
          const api = await extension.activate();
          const started = performance.now();
          const outcome = await api.sendRequest(draft);
          const ms = performance.now() - started;
          answer(200, { ms, status: outcome.ok ? outcome.summary.status : undefined, error: outcome.ok ? undefined : outcome.message });
        } else {
          answer(404, { error: `no ${request.method} ${request.url}` });
        }
      } catch (error) {
        answer(500, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') fs.writeFileSync(controlFile, JSON.stringify({ port: address.port }));
  });
  context.subscriptions.push({ dispose: () => server.close() });
}

// httpFiles.parseRatio: parsing a 1 MB `.http` file of 2,000 requests (src/httpFiles/httpParser.ts)
// against JSON.parse of a 1 MB JSON file, in the same process and run.
//
// Method: a generated `.http` file of 2,000 requests in the shared syntax (titles, metadata,
// comments, file variables, request lines with {{variables}}, query continuation lines, headers,
// JSON bodies), padded to 1 MB, and a JSON array of objects of the same size. After warm-up, 15
// interleaved rounds each time one parse of each; the ratio is of the medians. Goal ≤ 3.
import { performance } from 'node:perf_hooks';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { type BenchOutput, round, roundSpread, runBenchmark, spread } from './common';

const REQUESTS = 2_000;
const TARGET_BYTES = 1024 * 1024;
const ROUNDS = 41;

function httpFile(): string {
  const parts = ['@chain = d90b9017-1abd-e711-80c2-000d3ad0511b', '@site = e00aee11-d135-484c-ee73-08d51f55f8d5', ''];
  const perRequest = Math.floor(TARGET_BYTES / REQUESTS);
  for (let i = 0; i < REQUESTS; i++) {
    const request = [
      `### Request ${i}: showtimes of a site`,
      `# @name r${i}`,
      '// a comment about this request',
      `POST {{mxApi}}/mxs/reference-data/v1/sites/{{site}}/showtimes`,
      '    ?from=2026-12-01',
      `    &page=${i}`,
      'Accept: application/json',
      'Content-Type: application/json',
      'X-Trace: {{$guid}}',
      '',
      '{',
      `  "index": ${i},`,
      '  "note": "',
    ].join('\n');
    const padding = 'x'.repeat(Math.max(0, perRequest - request.length - 6));
    parts.push(`${request}${padding}"\n}`, '');
  }
  return parts.join('\n');
}

function jsonText(bytes: number): string {
  const items: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const item = JSON.stringify({ id: `d90b9017-1abd-e711-80c2-${String(i).padStart(12, '0')}`, name: `Cinema ${i}`, seats: i % 300, open: i % 2 === 0, tags: ['imax', 'vip'] });
    items.push(item);
    size += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

function time(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export async function measureHttpParse(): Promise<BenchOutput> {
  const http = httpFile();
  const json = jsonText(Buffer.byteLength(http));
  const parsed = parseHttpFile(http);
  if (parsed.requests.length !== REQUESTS || parsed.diagnostics.length > 0) {
    throw new Error(`the generated file parsed as ${parsed.requests.length} requests with ${parsed.diagnostics.length} problems`);
  }
  for (let i = 0; i < 3; i++) {
    parseHttpFile(http);
    JSON.parse(json);
  }
  const httpMs: number[] = [];
  const jsonMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    httpMs.push(time(() => parseHttpFile(http)));
    jsonMs.push(time(() => JSON.parse(json)));
  }
  const h = spread(httpMs);
  const j = spread(jsonMs);
  return {
    figures: [
      { key: 'httpFiles.parseRatio', value: round(h.median / j.median, 2), unit: '×', goal: { atMost: 3 }, spread: { samples: ROUNDS } },
      { key: 'httpFiles.minRatio', value: round(h.min / j.min, 2), unit: '×', goal: { report: true }, detail: true },
      { key: 'httpFiles.parseMs', value: round(h.median, 2), unit: 'ms', goal: { report: true }, spread: roundSpread(h, 2), detail: true },
      { key: 'httpFiles.jsonParseMs', value: round(j.median, 2), unit: 'ms', goal: { report: true }, spread: roundSpread(j, 2), detail: true },
    ],
    extra: { requests: REQUESTS, httpBytes: Buffer.byteLength(http), jsonBytes: Buffer.byteLength(json) },
    notes: [`A ${Buffer.byteLength(http)} B .http file of ${REQUESTS} requests against JSON.parse of ${Buffer.byteLength(json)} B; medians of ${ROUNDS} interleaved rounds after warm-up.`],
  };
}

if (require.main === module) runBenchmark('httpParse', measureHttpParse);

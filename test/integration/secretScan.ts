// Looks for secret values in every file VS Code wrote: settings, global and workspace state,
// logs, caches. Secrets must only ever be in SecretStorage, which encrypts them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CanaryHit {
  readonly file: string;
  readonly canary: string;
}

/** Every shape a secret takes on its way into a form body, a URL, JSON or a log line. */
export function encodings(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret, 'utf8').toString('base64'),
  ]);
  return [...forms].filter((form) => form.length >= 8);
}

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

/** Scans every file under `dir` (as bytes, so binary databases count too); returns the hits and how many files were read. */
export function scanForCanaries(dir: string, canaries: readonly string[]): { hits: CanaryHit[]; filesScanned: number } {
  const hits: CanaryHit[] = [];
  let filesScanned = 0;
  const needles = canaries.filter((c) => c.length >= 8).map((canary) => ({ canary, bytes: Buffer.from(canary, 'utf8') }));
  for (const file of files(dir)) {
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue; // sockets, files removed while scanning
    }
    filesScanned++;
    for (const { canary, bytes } of needles) {
      if (content.includes(bytes) || content.includes(Buffer.from(canary, 'utf16le'))) hits.push({ file, canary: `${canary.slice(0, 6)}…` });
    }
  }
  return { hits, filesScanned };
}

/** The user data folder of the VS Code running these tests (passed in by the test runner). */
export function userDataDir(): string {
  const dir = process.env.MX_TEST_USER_DATA_DIR;
  if (!dir || !fs.existsSync(dir)) {
    throw new Error('MX_TEST_USER_DATA_DIR must name the user data folder of the VS Code under test (the test runners set it).');
  }
  return dir;
}

// The MX sandbox in a process of its own (`out/test/sandbox/cli.js --json`), for benchmarks whose
// timings must not include the server's own work on the same event loop (or its garbage
// collections). Stopped with its process group.
import * as path from 'node:path';
import { outTestDir } from '../harness/paths';
import { spawnGroup } from '../harness/processes';

export interface SandboxProcess {
  readonly authUrl: string;
  readonly apiUrl: string;
  readonly username: string;
  readonly password: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

export async function startSandboxProcess(args: readonly string[] = []): Promise<SandboxProcess> {
  const proc = spawnGroup(process.execPath, [path.join(outTestDir, 'sandbox', 'cli.js'), '--json', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    void proc.exited.then((code) => reject(new Error(`the sandbox exited (${code}) before it started`)));
    setTimeout(() => reject(new Error('the sandbox did not start within 30 s')), 30_000).unref();
  });
  const info = JSON.parse(line) as Omit<SandboxProcess, 'stop'>;
  return { ...info, stop: () => proc.stop() };
}

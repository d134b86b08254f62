// Runs a benchmark probe inside a real extension host: a fresh code-server (fresh profile and
// extensions folder) with MX Explorer installed from the packaged VSIX, i.e. the minified
// production build users run, and the probe loaded as `extensionTestsPath`. The development
// extension folder VS Code requires for that is empty, so MX Explorer is the installed one.
// The probe reports with lines `BENCH {json}` on the console, which the workbench forwards.
import * as fs from 'node:fs';
import { startCodeServer } from '../harness/codeServer';
import { runExtensionTests } from '../harness/extensionTests';
import { makeTempDir, vsixPath } from '../harness/paths';
import { DEFAULT_ACCOUNT } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';

export const PROBE_PREFIX = 'BENCH ';

/** What a probe that signs in to the sandbox reads from its environment (MX_BENCH_*). */
export function sandboxProbeEnv(sandbox: Sandbox): Record<string, string> {
  return {
    MX_BENCH_AUTH_URL: sandbox.authUrl,
    MX_BENCH_API_URL: sandbox.apiUrl,
    MX_BENCH_USERNAME: DEFAULT_ACCOUNT.username,
    MX_BENCH_PASSWORD: DEFAULT_ACCOUNT.password,
    MX_BENCH_CLIENT_SECRET: DEFAULT_ACCOUNT.clientSecret,
  };
}

export interface ProbeRun {
  /** Every `BENCH {json}` line, parsed, in order. */
  readonly reports: readonly Record<string, unknown>[];
  readonly lines: readonly string[];
}

export async function runProbe(
  probePath: string,
  options: { env?: Record<string, string>; timeoutMs?: number; settings?: Record<string, unknown>; extraVsix?: readonly string[] } = {},
): Promise<ProbeRun> {
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run the sizes benchmark (or npm run package) first`);
  const server = await startCodeServer({ vsix: [vsixPath, ...(options.extraVsix ?? [])], developmentPayload: true, settings: options.settings });
  const emptyDevFolder = makeTempDir('mxbd-');
  const reports: Record<string, unknown>[] = [];
  try {
    const run = await runExtensionTests(
      server,
      { extensionPath: emptyDevFolder, testsPath: probePath, env: options.env, timeoutMs: options.timeoutMs ?? 120_000 },
      (line) => {
        const at = line.indexOf(PROBE_PREFIX);
        if (at >= 0) {
          try {
            reports.push(JSON.parse(line.slice(at + PROBE_PREFIX.length)) as Record<string, unknown>);
          } catch {
            // a line that merely mentions BENCH
          }
        }
      },
    );
    if (run.exitCode !== 0) {
      const tail = run.lines.filter((l) => !l.includes(PROBE_PREFIX)).slice(-15).join('\n');
      throw new Error(`the probe ${probePath} failed (exit ${run.exitCode}):\n${tail}`);
    }
    return { reports, lines: run.lines };
  } finally {
    await server.stop();
    fs.rmSync(emptyDevFolder, { recursive: true, force: true });
  }
}

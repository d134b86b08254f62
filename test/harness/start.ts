// `npm start`: builds and packages the extension, starts the local MX sandbox and a VS Code with
// the extension in a throwaway profile, with a "Local sandbox" entry in `mx.environments`.
//   - desktop `code --extensionDevelopmentPath` when `code` is on PATH,
//   - otherwise code-server on 127.0.0.1 with the freshly packaged VSIX installed.
// Options: --port N (code-server, default 8080 or any free port), --expires-in S, --refresh-tokens
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { QUIET_SETTINGS, startCodeServer } from './codeServer';
import { installScript, makeTempDir, repoRoot, vsixPath } from './paths';
import { runStep, spawnGroup } from './processes';

/** What the sandbox environment offers at sign-in; the sandbox takes any client ID. */
export const SANDBOX_CLIENT_ID = 'mx-explorer-dev';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** One step of the start-up, announced with what it does and how long it usually takes. */
function step(name: string, detail: string, command: string, args: string[], env?: NodeJS.ProcessEnv): void {
  console.log(`[npm start] ${name}${detail ? ` (${detail})` : ''}…`);
  const started = Date.now();
  runStep(`npm start stopped: ${name}`, command, args, { cwd: repoRoot, env });
  const seconds = (Date.now() - started) / 1000;
  if (seconds >= 2) console.log(`[npm start]   done in ${seconds.toFixed(0)} s`);
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

async function isPortFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const probe = net.createServer().once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function banner(sandbox: Sandbox, where: string): void {
  const lines = [
    '',
    '  MX Explorer is running against the local MX sandbox.',
    '',
    `  ${where}`,
    '',
    '  Sign in with "MX: Sign In" → "Local sandbox": the username and client ID are filled in;',
    '  paste these sandbox secrets when asked (they are in no settings file):',
    `    Username       ${DEFAULT_ACCOUNT.username}`,
    `    Password       ${DEFAULT_ACCOUNT.password}`,
    `    Client ID      ${SANDBOX_CLIENT_ID} (any string up to 50 characters works)`,
    `    Client secret  ${DEFAULT_ACCOUNT.clientSecret}`,
    '',
    `  Sandbox auth   ${sandbox.authUrl}    API   ${sandbox.apiUrl}`,
    '  Press Ctrl+C to stop everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const expiresIn = option('--expires-in');
  console.log('[npm start] Starting the local MX sandbox…');
  const sandbox = await startSandbox({
    expiresInSeconds: expiresIn ? Number(expiresIn) : undefined,
    issueRefreshTokens: process.argv.includes('--refresh-tokens'),
  });
  // Only the non-secret answers go in settings; the password and client secret are pasted.
  const settings = {
    'mx.environments': [
      { name: 'Local sandbox', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl, username: DEFAULT_ACCOUNT.username, clientId: SANDBOX_CLIENT_ID },
    ],
  };
  let stopVsCode: () => Promise<void>;

  const code = which('code');
  if (code) {
    step('Building the extension', '', process.execPath, ['esbuild.mjs']);
    const profile = makeTempDir('mx-start-');
    fs.mkdirSync(path.join(profile, 'user', 'User'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
    const proc = spawnGroup(
      code,
      ['--wait', '--new-window', `--extensionDevelopmentPath=${repoRoot}`, `--user-data-dir=${path.join(profile, 'user')}`, `--extensions-dir=${path.join(profile, 'ext')}`],
      { stdio: 'inherit' },
    );
    stopVsCode = async () => {
      await proc.stop();
      fs.rmSync(profile, { recursive: true, force: true });
    };
    banner(sandbox, 'VS Code (desktop) opened with the extension under development.');
    void proc.exited.then(() => shutdown());
  } else {
    step(
      'Preparing VS Code (code-server)',
      'the first run installs it, usually about 3 minutes; later runs take a second',
      'bash',
      [installScript],
      { ...process.env, MX_NO_BROWSER: '1' },
    );
    step('Packaging the extension as a VSIX', '', 'npm', ['run', '--silent', 'package']);
    console.log('[npm start] Starting VS Code (code-server) with the extension…');
    const requested = Number(option('--port') ?? 8080);
    const server = await startCodeServer({
      settings,
      port: (await isPortFree(requested)) ? requested : 0,
      vsix: [vsixPath],
      developmentPayload: false,
    });
    stopVsCode = () => server.stop();
    banner(sandbox, `Open ${server.url}/?folder=${encodeURIComponent(server.workspaceDir)} in your browser (VS Code in code-server, extension installed from the VSIX).`);
  }

  let stopping = false;
  async function shutdown(): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    await stopVsCode();
    await sandbox.stop();
    process.exit(0);
  }
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

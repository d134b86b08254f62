// Starts a real VS Code (code-server: the VS Code workbench plus a real Node extension host) on
// 127.0.0.1 with a throwaway profile, and stops it with its whole process group.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertCodeServerInstalled, codeServerBin, makeTempDir, node24Bin } from './paths';
import { GroupProcess, spawnGroup } from './processes';

export interface CodeServerOptions {
  /** Extra user settings (merged over quiet defaults). */
  readonly settings?: Record<string, unknown>;
  /** Extensions folder; a fresh one by default. */
  readonly extensionsDir?: string;
  /** Environment for the server and so for its extension host. */
  readonly env?: Record<string, string>;
  /** Port to listen on (default: any free port). */
  readonly port?: number;
  /** VSIX files to install into the extensions folder before the server starts. */
  readonly vsix?: readonly string[];
  /**
   * Honour the `?payload=` development options (extensionDevelopmentPath, extensionTestsPath);
   * default true. VS Code's smoke-test driver, which this turns on, also hides notification
   * toasts, so UI tests of the installed VSIX run without it, as users do.
   */
  readonly developmentPayload?: boolean;
  /** Keep VS Code's workspace trust (off by default: every folder is trusted, no prompt). */
  readonly workspaceTrust?: boolean;
}

export interface CodeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Scratch folder holding the profile, the extensions and a workspace folder. */
  readonly workDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** An empty folder to open as the workspace. */
  readonly workspaceDir: string;
  /** Everything code-server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and offline: no welcome page, no chat, no marketplace. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'update.mode': 'none',
};

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertCodeServerInstalled();
  const workDir = makeTempDir('mxcs-');
  const userDataDir = path.join(workDir, 'ud');
  const extensionsDir = options.extensionsDir ?? path.join(workDir, 'ext');
  const workspaceDir = path.join(workDir, 'ws');
  const tmpDir = path.join(workDir, 'tmp');
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, workspaceDir, tmpDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  const configFile = path.join(workDir, 'cs-config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  for (const vsix of options.vsix ?? []) await installVsix(vsix, configFile, extensionsDir, userDataDir);

  const args = [
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    // closed browser sessions release their extension host after 5 s instead of 3 h
    '--reconnection-grace-time', '5',
    // required for the ?payload= development options (extensionDevelopmentPath, extensionTestsPath)
    ...(options.developmentPayload === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
  ];
  const proc: GroupProcess = spawnGroup(codeServerBin, args, {
    cwd: workDir,
    env: {
      ...process.env,
      ...options.env,
      // sockets of code-server and of built-in extensions stay in the scratch folder
      TMPDIR: tmpDir,
      PATH: `${node24Bin}:${process.env.PATH ?? ''}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    };
    proc.child.stdout?.on('data', onData);
    proc.child.stderr?.on('data', onData);
    void proc.exited.then((code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000).unref();
  });
  await waitForHealth(url);
  return {
    url,
    workDir,
    userDataDir,
    extensionsDir,
    workspaceDir,
    output: () => output,
    stop: async () => {
      await proc.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`code-server at ${url} never became healthy`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function installVsix(vsixPath: string, configFile: string, extensionsDir: string, userDataDir: string): Promise<void> {
  const proc = spawnGroup(
    codeServerBin,
    ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'],
    { env: { ...process.env, PATH: `${node24Bin}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const code = await proc.exited;
  if (code !== 0) throw new Error(`Installing ${vsixPath} failed (exit ${code})`);
}

/** The workbench URL that loads `extensionPath` as a development extension (plus optional tests). */
export function workbenchUrl(
  server: CodeServer,
  dev?: { extensionPath: string; testsPath?: string; env?: Record<string, string> },
): string {
  const authority = new URL(server.url).host; // code-server uses location.host as the remote authority
  const remote = (p: string): string => `vscode-remote://${authority}${path.resolve(p)}`;
  let url = `${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`;
  if (dev) {
    const payload: [string, string][] = [['extensionDevelopmentPath', remote(dev.extensionPath)]];
    if (dev.testsPath) payload.push(['extensionTestsPath', remote(dev.testsPath)]);
    if (dev.env) payload.push(['extensionEnvironment', JSON.stringify(dev.env)]);
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

// What a `.http` document's variables come from, read with VS Code's file system: the env files
// nearest to it (from its folder up to the workspace folder), a `.env` beside them, the environment
// picked with "MX: Select .http Environment" (kept per workspace), and the active MX profile's
// bases. The rules themselves live in src/httpFiles; this only finds and reads files.
import { randomInt, randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { SessionState } from '../auth/tokenSession';
import {
  type EnvFile,
  type EnvFileProblem,
  environmentNames,
  environmentValues,
  envSearchFolders,
  parseDotenv,
  parseEnvFile,
  PRIVATE_ENV_FILE,
  PUBLIC_ENV_FILE,
} from '../httpFiles/httpEnvironments';
import { ExchangeStore } from '../httpFiles/httpExchange';
import type { MxBases, VariableSources } from '../httpFiles/httpVariables';

const ENVIRONMENT_KEY = 'mx.http.environment';

export interface LoadedEnvFiles {
  readonly folder?: vscode.Uri;
  readonly publicFile?: EnvFile;
  readonly privateFile?: EnvFile;
  readonly problems: ReadonlyArray<{ readonly uri: vscode.Uri; readonly text: string; readonly problem: EnvFileProblem }>;
  readonly dotenv: ReadonlyMap<string, string>;
}

export class HttpFileContext {
  private readonly onDidChangeEnvironmentEmitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeEnvironment = this.onDidChangeEnvironmentEmitter.event;
  /** The answers of named requests in this session, for `{{name.response…}}` (memory only). */
  readonly exchanges = new ExchangeStore();

  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly session: () => SessionState | undefined,
  ) {}

  /** The environment picked for this workspace, if any. */
  get environment(): string | undefined {
    return this.workspaceState.get<string>(ENVIRONMENT_KEY);
  }

  async setEnvironment(name: string | undefined): Promise<void> {
    await this.workspaceState.update(ENVIRONMENT_KEY, name);
    this.onDidChangeEnvironmentEmitter.fire(name);
  }

  /** The active profile's bases, or undefined when signed out. */
  mxBases(): MxBases | undefined {
    const state = this.session();
    if (!state || state.status === 'ended') return undefined;
    return { apiUrl: state.profile.environment.apiUrl, authUrl: state.profile.environment.authUrl };
  }

  /** The env files nearest to the document: the first folder (going up) that has either. */
  async envFiles(document: vscode.Uri): Promise<LoadedEnvFiles> {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(document);
    const folders = envSearchFolders(parentPath(document.path), workspaceFolder?.uri.path);
    let dotenv: ReadonlyMap<string, string> | undefined;
    for (const path of folders) {
      const folder = document.with({ path });
      dotenv ??= await readText(vscode.Uri.joinPath(folder, '.env')).then((text) => (text === undefined ? undefined : parseDotenv(text)));
      const publicUri = vscode.Uri.joinPath(folder, PUBLIC_ENV_FILE);
      const privateUri = vscode.Uri.joinPath(folder, PRIVATE_ENV_FILE);
      const [publicText, privateText] = await Promise.all([readText(publicUri), readText(privateUri)]);
      if (publicText === undefined && privateText === undefined) continue;
      const problems: Array<LoadedEnvFiles['problems'][number]> = [];
      const read = (uri: vscode.Uri, name: string, text: string | undefined): EnvFile | undefined => {
        if (text === undefined) return undefined;
        const file = parseEnvFile(name, text);
        for (const problem of file.problems) problems.push({ uri, text, problem });
        return file;
      };
      const publicFile = read(publicUri, PUBLIC_ENV_FILE, publicText);
      const privateFile = read(privateUri, PRIVATE_ENV_FILE, privateText);
      return { folder, publicFile, privateFile, problems, dotenv: dotenv ?? new Map() };
    }
    return { problems: [], dotenv: dotenv ?? new Map() };
  }

  /** The environments the document can use. */
  async environmentNames(document: vscode.Uri): Promise<string[]> {
    const files = await this.envFiles(document);
    return environmentNames([files.publicFile, files.privateFile].filter((f): f is EnvFile => f !== undefined));
  }

  /** Everything `{{…}}` in this document may read, as of now (in the environment picked, unless another is named). */
  async sources(document: vscode.Uri, fileVariables: ReadonlyMap<string, string>, environment = this.environment): Promise<{ sources: VariableSources; env: LoadedEnvFiles }> {
    const env = await this.envFiles(document);
    const sources: VariableSources = {
      file: fileVariables,
      environment: environmentValues(env.publicFile, env.privateFile, environment),
      mx: this.mxBases(),
      processEnv: (name) => process.env[name],
      dotenv: (name) => env.dotenv.get(name),
      now: () => new Date(),
      random: () => randomInt(0, 2 ** 47) / 2 ** 47,
      uuid: () => randomUUID(),
      exchanges: this.exchanges.forFile(document.toString()),
    };
    return { sources, env };
  }

  dispose(): void {
    this.onDidChangeEnvironmentEmitter.dispose();
  }
}

function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** A file's text, or undefined when it is not there or cannot be read. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

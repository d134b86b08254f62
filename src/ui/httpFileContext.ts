// What a `.http` document's variables come from, read with VS Code's file system: the env files
// nearest to it (from its folder up to the workspace folder), a `.env` beside them, the environment
// picked with "MX: Select .http Environment" (kept per workspace), and the active MX profile's
// bases. The rules themselves live in src/httpFiles; this only finds and reads files.
import * as vscode from 'vscode';
import type { SessionState } from '../auth/tokenSession';
import { type EnvFile, type EnvFileProblem, environmentNames, envSearchFolders } from '../httpFiles/httpEnvironments';
import { ExchangeStore } from '../httpFiles/httpExchange';
import { findEnvFiles, variableSources } from '../httpFiles/httpFileSources';
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
    const folders = envSearchFolders(parentPath(document.path), workspaceFolder?.uri.path).map((path) => document.with({ path }));
    const found = await findEnvFiles(folders, (folder, name) => readText(vscode.Uri.joinPath(folder, name)));
    const problems = found.problems.map(({ folder, name, text, problem }) => ({ uri: vscode.Uri.joinPath(folder, name), text, problem }));
    return { ...found, problems };
  }

  /** The environments the document can use. */
  async environmentNames(document: vscode.Uri): Promise<string[]> {
    const files = await this.envFiles(document);
    return environmentNames([files.publicFile, files.privateFile].filter((f): f is EnvFile => f !== undefined));
  }

  /** Everything `{{…}}` in this document may read, as of now (in the environment picked, unless another is named). */
  async sources(document: vscode.Uri, fileVariables: ReadonlyMap<string, string>, environment = this.environment): Promise<{ sources: VariableSources; env: LoadedEnvFiles }> {
    const env = await this.envFiles(document);
    const sources = variableSources({
      fileVariables,
      env,
      environment,
      mx: this.mxBases(),
      processEnv: (name) => process.env[name],
      exchanges: this.exchanges.forFile(document.toString()),
    });
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

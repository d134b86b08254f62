// Environments of `.http` files, as JetBrains, httpYac and Visual Studio read them: a committed
// `http-client.env.json` and a git-ignored `http-client.private.env.json`, each an object of
// environments (`{ "dev": { "host": "…" } }`) with `$shared` values for all of them; the private
// file is laid over the public one. Also `.env` files for `{{$dotenv NAME}}`. Pure: the VS Code
// side finds and reads the files and hands their text here.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
const SHARED = '$shared';

export interface EnvFileProblem {
  /** Which file: PUBLIC_ENV_FILE or PRIVATE_ENV_FILE. */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  /** A JSON error is an error; a secret in the committed file a warning. */
  readonly severity: 'error' | 'warning';
}

/** One env file as read: its environments' string values; objects such as "Security" are left out. */
export interface EnvFile {
  readonly environments: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly problems: readonly EnvFileProblem[];
}

/** Reads one env file's text; a JSON error is a problem with its position, never an exception. */
export function parseEnvFile(file: string, text: string): EnvFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  // The first error is the one to fix; the parser's later ones mostly follow from it.
  const problems: EnvFileProblem[] = errors
    .slice(0, 1)
    .map((e) => ({ file, offset: e.offset, length: e.length, message: `${file} is not valid JSON: ${describeJsonError(e)}.`, severity: 'error' as const }));
  const environments = new Map<string, Map<string, string>>();
  if (errors.length > 0) return { environments, problems };
  if (root?.type !== 'object') {
    return { environments, problems: [{ file, offset: 0, length: 1, message: `${file} must hold an object of environments, such as { "dev": { "host": "…" } }.`, severity: 'error' }] };
  }
  for (const [name, entries] of properties(root)) {
    if (entries.type !== 'object') continue;
    const values = new Map<string, string>();
    for (const [key, entry] of properties(entries)) {
      if (entry.type !== 'string' && entry.type !== 'number' && entry.type !== 'boolean') continue;
      values.set(key, String(entry.value));
      if (file === PUBLIC_ENV_FILE && entry.type === 'string' && looksSecret(key, String(entry.value))) {
        problems.push({
          file,
          offset: entry.offset,
          length: entry.length,
          severity: 'warning',
          message: `"${key}" looks like a secret in ${PUBLIC_ENV_FILE}, which is committed: move it to ${PRIVATE_ENV_FILE} (keep that file out of git), or let MX Explorer send the session's credentials with {{$auth.token("mx")}} and {{$mx.clientSecret}}.`,
        });
      }
    }
    environments.set(name, values);
  }
  return { environments, problems };
}

function properties(node: Node): Array<[string, Node]> {
  return (node.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value && typeof key.value === 'string' ? [[key.value, value] as [string, Node]] : [];
  });
}

const SECRET_KEY = /token|secret|password|passwd|pwd|api[-_]?key|credential/i;
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

/** A value worth keeping out of git: a secret-named key with a literal value, or a JWT anywhere. */
function looksSecret(key: string, value: string): boolean {
  if (value.trim() === '' || value.includes('{{')) return false;
  return SECRET_KEY.test(key) || JWT.test(value.trim());
}

function describeJsonError(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The environments a user can pick: every name but `$shared`, public and private, sorted. */
export function environmentNames(files: readonly EnvFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) for (const name of file.environments.keys()) if (name !== SHARED) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b));
}

export interface EnvValue {
  readonly value: string;
  /** Where it came from, for hovers and messages: e.g. `http-client.env.json ($shared)`. */
  readonly source: string;
}

/**
 * The values of one environment: `$shared` of the public file, then of the private one, then the
 * environment of the public file, then of the private one; a later one wins. With no environment
 * chosen, only `$shared`.
 */
export function environmentValues(publicFile: EnvFile | undefined, privateFile: EnvFile | undefined, environment: string | undefined): Map<string, EnvValue> {
  const values = new Map<string, EnvValue>();
  const layers: Array<[EnvFile | undefined, string, string]> = [
    [publicFile, SHARED, PUBLIC_ENV_FILE],
    [privateFile, SHARED, PRIVATE_ENV_FILE],
  ];
  if (environment !== undefined && environment !== SHARED) {
    layers.push([publicFile, environment, PUBLIC_ENV_FILE], [privateFile, environment, PRIVATE_ENV_FILE]);
  }
  for (const [file, name, fileName] of layers) {
    for (const [key, value] of file?.environments.get(name) ?? []) values.set(key, { value, source: `${fileName} (${name})` });
  }
  return values;
}

/**
 * The folders searched for env files, nearest first: the `.http` file's folder and each parent up
 * to the workspace folder (or only the file's folder when it is outside any workspace folder).
 * Paths use `/`.
 */
export function envSearchFolders(fileFolder: string, workspaceFolder: string | undefined): string[] {
  const trim = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const start = trim(fileFolder);
  const stop = workspaceFolder === undefined ? undefined : trim(workspaceFolder);
  if (stop === undefined || !(start === stop || start.startsWith(`${stop}/`))) return [start];
  const folders: string[] = [];
  for (let folder = start; ; folder = folder.slice(0, folder.lastIndexOf('/')) || '/') {
    folders.push(folder);
    if (folder === stop || folder === '/') break;
  }
  return folders;
}

/** A `.env` file's `NAME=value` lines (`export`, quotes and `#` comments understood). */
export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!match) continue;
    let value = match[2];
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n') : quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    values.set(match[1], value);
  }
  return values;
}

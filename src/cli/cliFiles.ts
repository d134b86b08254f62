// The `.http` files the headless runner is given: read from disk, parsed, their env files found as
// the editor finds them (the nearest folder with one, from the file's folder up to the current
// folder), and checked as the editor checks them (httpLint.ts: syntax, unknown names, circles,
// literal secrets, unknown variables), each problem as `file:line:column: severity: message`.
// An error there, a missing file or an --env the env files do not have stops the run before
// anything is sent.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { environmentNames, type EnvFile, envSearchFolders, PUBLIC_ENV_FILE } from '../httpFiles/httpEnvironments';
import { findEnvFiles, type FoundEnvFiles } from '../httpFiles/httpFileSources';
import { lintHttpFile } from '../httpFiles/httpLint';
import { parseHttpFile, type ParsedHttpFile } from '../httpFiles/httpParser';
import type { VariableSources } from '../httpFiles/httpVariables';

export interface LoadedHttpFile {
  /** Absolute. */
  readonly path: string;
  /** As shown to the user: relative to the current folder when inside it. */
  readonly shown: string;
  readonly parsed: ParsedHttpFile;
  readonly env: FoundEnvFiles<string>;
}

export interface FileProblem {
  readonly severity: 'error' | 'warning';
  /** `file:line:column: severity: message` (1-based), or `file: severity: message`. */
  readonly text: string;
}

/** Reads and checks one file; `sources` gives what its variables may read (see variableSources). */
export async function loadHttpFile(
  file: string,
  cwd: string,
  environment: string | undefined,
  sourcesFor: (file: LoadedHttpFile) => VariableSources,
): Promise<{ readonly file?: LoadedHttpFile; readonly problems: readonly FileProblem[] }> {
  const absolute = path.resolve(cwd, file);
  const shown = shownPath(absolute, cwd);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : code === 'EACCES' ? 'not readable' : 'cannot be read';
    return { problems: [{ severity: 'error', text: `${shown}: error: ${why}.` }] };
  }
  const problems: FileProblem[] = [];
  const parsed = parseHttpFile(text);
  const folders = envSearchFolders(path.dirname(absolute), cwd);
  const env = await findEnvFiles(folders, (folder, name) => readFile(path.join(folder, name), 'utf8').catch(() => undefined));
  for (const { folder, name, text: envText, problem } of env.problems) {
    const { line, column } = positionAt(envText, problem.offset);
    problems.push({ severity: problem.severity, text: `${shownPath(path.join(folder, name), cwd)}:${line}:${column}: ${problem.severity}: ${problem.message}` });
  }
  if (environment !== undefined) {
    const files = [env.publicFile, env.privateFile].filter((f): f is EnvFile => f !== undefined);
    const names = environmentNames(files);
    if (!names.includes(environment)) {
      const where = env.folder === undefined ? `no ${PUBLIC_ENV_FILE} was found from its folder up to ${cwd}` : `the env files in ${shownPath(env.folder, cwd) || '.'} have ${names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none'}`;
      problems.push({ severity: 'error', text: `${shown}: error: --env ${environment}: there is no such environment for this file (${where}).` });
    }
  }
  const loaded: LoadedHttpFile = { path: absolute, shown, parsed, env };
  for (const problem of lintHttpFile(text, parsed, sourcesFor(loaded))) {
    problems.push({ severity: problem.severity, text: `${shown}:${problem.line + 1}:${problem.startChar + 1}: ${problem.severity}: ${problem.message}` });
  }
  if (!parsed.requests.some((r) => r.assertions.length > 0)) problems.push({ severity: 'warning', text: `${shown}: warning: no request with ?? checks: nothing to run in this file.` });
  return { file: loaded, problems };
}

/** Relative to `cwd` when inside it, else absolute; `/` as separator. */
export function shownPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative).split(path.sep).join('/');
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

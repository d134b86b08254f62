// What `{{…}}` in a `.http` file reads at send time, wherever the files come from (VS Code's file
// system in the editor, Node's in the headless runner): the env files nearest to the file (the
// first folder, going up, that has `http-client.env.json` or `http-client.private.env.json`), the
// nearest `.env`, the chosen environment, the MX profile's bases, the system variables' clock and
// randomness, and the session's answers. The rules are in httpEnvironments.ts / httpVariables.ts;
// this only puts them together, so both runners read a file the same way.
import { randomInt, randomUUID } from 'node:crypto';
import type { HttpExchange } from './httpExchange';
import { type EnvFile, type EnvFileProblem, environmentValues, parseDotenv, parseEnvFile, PRIVATE_ENV_FILE, PUBLIC_ENV_FILE } from './httpEnvironments';
import type { MxBases, VariableSources } from './httpVariables';

/** The env files found for one `.http` file; `F` is how the caller names a folder (a Uri, a path). */
export interface FoundEnvFiles<F> {
  /** The folder the env files were read from, if any has them. */
  readonly folder?: F;
  readonly publicFile?: EnvFile;
  readonly privateFile?: EnvFile;
  readonly problems: ReadonlyArray<{ readonly folder: F; readonly name: string; readonly text: string; readonly problem: EnvFileProblem }>;
  readonly dotenv: ReadonlyMap<string, string>;
}

/** Reads a file of a folder; undefined when it is not there or cannot be read. */
export type FolderReader<F> = (folder: F, name: string) => Promise<string | undefined>;

/** The env files nearest to a `.http` file, given its folders nearest first (see envSearchFolders). */
export async function findEnvFiles<F>(folders: readonly F[], read: FolderReader<F>): Promise<FoundEnvFiles<F>> {
  let dotenv: ReadonlyMap<string, string> | undefined;
  for (const folder of folders) {
    dotenv ??= await read(folder, '.env').then((text) => (text === undefined ? undefined : parseDotenv(text)));
    const [publicText, privateText] = await Promise.all([read(folder, PUBLIC_ENV_FILE), read(folder, PRIVATE_ENV_FILE)]);
    if (publicText === undefined && privateText === undefined) continue;
    const problems: Array<FoundEnvFiles<F>['problems'][number]> = [];
    const parse = (name: string, text: string | undefined): EnvFile | undefined => {
      if (text === undefined) return undefined;
      const file = parseEnvFile(name, text);
      for (const problem of file.problems) problems.push({ folder, name, text, problem });
      return file;
    };
    const publicFile = parse(PUBLIC_ENV_FILE, publicText);
    const privateFile = parse(PRIVATE_ENV_FILE, privateText);
    return { folder, publicFile, privateFile, problems, dotenv: dotenv ?? new Map() };
  }
  return { problems: [], dotenv: dotenv ?? new Map() };
}

export interface SourcesInput {
  readonly fileVariables: ReadonlyMap<string, string>;
  readonly env: Pick<FoundEnvFiles<unknown>, 'publicFile' | 'privateFile' | 'dotenv'>;
  /** The environment picked (MX: Select .http Environment, or the runner's --env); undefined: `$shared` only. */
  readonly environment: string | undefined;
  /** The MX profile's bases; undefined when signed out. */
  readonly mx: MxBases | undefined;
  /** `{{$processEnv NAME}}`. */
  readonly processEnv: (name: string) => string | undefined;
  /** The answers of this file's named requests in this session. */
  readonly exchanges: (name: string) => HttpExchange | undefined;
}

/** Everything `{{…}}` in one `.http` file may read, as of now. */
export function variableSources(input: SourcesInput): VariableSources {
  const { env } = input;
  return {
    file: input.fileVariables,
    environment: environmentValues(env.publicFile, env.privateFile, input.environment),
    mx: input.mx,
    processEnv: input.processEnv,
    dotenv: (name) => env.dotenv.get(name),
    now: () => new Date(),
    random: () => randomInt(0, 2 ** 47) / 2 ** 47,
    uuid: () => randomUUID(),
    exchanges: input.exchanges,
  };
}

// The command line of `mx-explorer-run`, the headless runner of `.http` tests for CI: what the
// arguments ask for, or what is wrong with them. Credentials are never arguments (they would show
// in `ps`, shell history and CI logs): an option that looks like one is refused and points to the
// environment variables. Pure.

export type Reporter = 'tap' | 'junit';

export interface RunOptions {
  readonly files: readonly string[];
  /** The http environment (`http-client.env.json`) to read; undefined: `$shared` only. */
  readonly env?: string;
  readonly reporter: Reporter;
  /** Where the report goes; undefined: standard output (TAP only). */
  readonly out?: string;
  /** Send the requests that ask first in the editor (`# @note`, calls on orders or seats). */
  readonly allowChanges: boolean;
  /** On the Production API too (with allowChanges). */
  readonly allowProductionChanges: boolean;
  readonly timeoutSeconds: number;
}

export type ParsedArguments =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly options: RunOptions }
  | { readonly kind: 'error'; readonly message: string };

export const CREDENTIAL_VARIABLES = ['MX_USERNAME', 'MX_PASSWORD', 'MX_CLIENT_ID', 'MX_CLIENT_SECRET', 'MX_AUTH_URL', 'MX_API_URL'] as const;

export const DEFAULT_TIMEOUT_SECONDS = 30;
const CREDENTIAL_OPTION = /^--?(?:user(?:name)?|pass(?:word)?|client[-_]?(?:id|secret)|secret|token|auth[-_]?url|api[-_]?url)(?:=|$)/i;
const VALUE_OPTIONS = new Set(['--env', '--reporter', '--out', '--timeout']);

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const files: string[] = [];
  const values = new Map<string, string>();
  let allowChanges = false;
  let allowProductionChanges = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    if (CREDENTIAL_OPTION.test(arg)) {
      return error(`${arg.split('=')[0]}: credentials are never taken from arguments (they would show in process lists and logs). Set ${CREDENTIAL_VARIABLES.join(', ')} in the environment.`);
    }
    if (arg === '--allow-changes') allowChanges = true;
    else if (arg === '--allow-production-changes') allowProductionChanges = true;
    else if (arg.startsWith('-')) {
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (!VALUE_OPTIONS.has(name)) return error(`Unknown option ${name}.`);
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('-'))) return error(`${name} needs a value.`);
      values.set(name, value);
    } else files.push(arg);
  }
  if (files.length === 0) return error('Name at least one .http or .rest file.');
  const reporter = values.get('--reporter') ?? 'tap';
  if (reporter !== 'tap' && reporter !== 'junit') return error(`--reporter is tap or junit, not "${reporter}".`);
  const out = values.get('--out');
  if (reporter === 'junit' && out === undefined) return error('--reporter junit writes a file: add --out <file>, e.g. --out test-results/mx.xml.');
  const timeout = values.get('--timeout');
  const timeoutSeconds = timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) return error(`--timeout is a number of seconds from 1 to 600, not "${timeout}".`);
  if (allowProductionChanges && !allowChanges) return error('--allow-production-changes goes with --allow-changes.');
  const env = values.get('--env');
  return { kind: 'run', options: { files, ...(env !== undefined ? { env } : {}), reporter, ...(out !== undefined ? { out } : {}), allowChanges, allowProductionChanges, timeoutSeconds } };
}

function error(message: string): ParsedArguments {
  return { kind: 'error', message };
}

export function helpText(version: string): string {
  return `mx-explorer-run ${version}: runs the ?? checks of .http files against MX, for CI (no VS Code needed).

Usage: mx-explorer-run <file.http>... [--env <name>] [--reporter tap|junit] [--out <file>]
                       [--allow-changes [--allow-production-changes]] [--timeout <seconds>]

Every request with ?? checks is a test, as in VS Code's Testing view: sent with the same parser,
variables, dependency order ({{name.response…}}, # @ref), checks and request pipeline as MX Explorer.

Credentials come only from the environment, never from arguments:
  MX_USERNAME, MX_PASSWORD, MX_CLIENT_ID, MX_CLIENT_SECRET   (password grant, as MX: Sign In)
  MX_AUTH_URL, MX_API_URL   auth and API base URLs, e.g. https://staging-auth.moviexchange.com
                            and https://staging-api.moviexchange.com (https, or http on loopback)
A missing one stops the run before anything is sent (exit 2). Files cannot read them
({{$processEnv MX_PASSWORD}} is unset); {{mxApi}} and {{mxAuth}} are the two bases.

Options:
  --env <name>         the environment of http-client.env.json / http-client.private.env.json (the
                       nearest folder that has one, from the file's folder up to the current one);
                       without it, only their "$shared" values. .env files are read as well.
  --reporter tap|junit TAP (default) on standard output, or JUnit XML (needs --out)
  --out <file>         write the report to this file; standard output keeps the last line
  --allow-changes      send requests that ask first in the editor (# @note, calls that create or
                       change orders or hold seats); without it they are reported skipped
  --allow-production-changes
                       also on the Production API (https://api.moviexchange.com)
  --timeout <seconds>  per request (default ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help           this text;  -v, --version  the version

Not read here (VS Code only): the environment picked with "MX: Select .http Environment" (use
--env), VS Code settings (mx.environments, mx.requestTimeoutSeconds: use --timeout), the profiles
and secrets of MX: Sign In, and workspace trust (the files you name are trusted).

Progress goes to standard error, one line per request. The last line of standard output is
"N passed, N failed" (", N skipped" when some were). Exit code: 0 only when every test passed;
1 when one failed, could not be sent or was skipped (see --allow-changes); 2 when nothing ran: bad
arguments, missing credentials, a file that cannot be read or has errors, a failed sign-in.
`;
}

// `mx-explorer-run`: the headless runner of `.http` tests. In this order, and stopping with exit
// code 2 before anything is sent when a step fails: the arguments, the credentials from the MX_*
// environment variables, the files (read, parsed and checked as the editor checks them), the sign-in
// (password grant through the same token session as the extension, its secrets in memory only).
// Then each file's tests run as in the Testing view (httpTestRun.ts), progress on standard error,
// and the report (TAP or JUnit) ends with `N passed, N failed`. Everything written goes through the
// Redactor, which knows the password, the client secret and every token.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SessionFactory } from '../auth/sessionFactory';
import type { TokenSession } from '../auth/tokenSession';
import type { Logger } from '../base/logger';
import { ExchangeStore } from '../httpFiles/httpExchange';
import { variableSources } from '../httpFiles/httpFileSources';
import type { HttpRequestBlock } from '../httpFiles/httpParser';
import { testLabelOf, type TestOutcome } from '../httpFiles/httpTestOutcome';
import { runHttpTests } from '../httpFiles/httpTestRun';
import { fileVariableMap, type MxBases } from '../httpFiles/httpVariables';
import { Redactor } from '../mx/redaction';
import { TokenError } from '../mx/tokenError';
import { RequestRunner } from '../panel/requestRunner';
import { CREDENTIAL_VARIABLES, helpText, parseArguments, type RunOptions } from './cliArguments';
import { type CliCredentials, readCredentials } from './cliCredentials';
import { type LoadedHttpFile, loadHttpFile } from './cliFiles';
import { type CaseResult, countsOf, exitCodeOf, failureText, formatJunit, formatTap, summaryLine } from './cliReport';
import { CliSender } from './cliSender';
import { MemorySecretStorage } from './memorySecretStorage';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly version: string;
}

/** Bodies above this are cut for the checks, as the panel's mx.maxResponseSizeMB default. */
const TREE_LIMIT_BYTES = 50 * 1024 * 1024;
const USAGE = 'Run mx-explorer-run --help for the usage.';
/** A request with no answer after this long is named on standard error (each line is written when its request ends). */
export const STILL_WAITING_MS = 2000;

/** Runs the command line; resolves with the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  const out = (text: string): void => io.stdout(redactor.redact(text));
  const err = (text: string): void => io.stderr(redactor.redact(text));
  const parsed = parseArguments(argv);
  if (parsed.kind === 'help') return out(helpText(io.version)), 0;
  if (parsed.kind === 'version') return out(`${io.version}\n`), 0;
  if (parsed.kind === 'error') return err(`mx-explorer-run: ${parsed.message}\n${USAGE}\n`), 2;
  const credentials = readCredentials(io.env);
  if (!credentials.ok) return err(credentials.problems.map((p) => `mx-explorer-run: ${p}\n`).join('')), 2;
  redactor.add(credentials.credentials.password);
  redactor.add(credentials.credentials.clientSecret);
  try {
    return await run(parsed.options, credentials.credentials, io, redactor, out, err);
  } catch (error) {
    err(`mx-explorer-run: ${redactor.safeError(error)}\n`);
    return 2;
  }
}

async function run(options: RunOptions, credentials: CliCredentials, io: CliIo, redactor: Redactor, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const { environment } = credentials.profile;
  const mx: MxBases = { apiUrl: environment.apiUrl, authUrl: environment.authUrl };
  const exchanges = new ExchangeStore();
  // The credential variables are the runner's own: a file cannot read them ({{$processEnv …}}).
  const hidden = new Set<string>(CREDENTIAL_VARIABLES);
  const sourcesFor = (file: LoadedHttpFile): ReturnType<typeof variableSources> =>
    variableSources({
      fileVariables: fileVariableMap(file.parsed.variables),
      env: file.env,
      environment: options.env,
      mx,
      processEnv: (name) => (hidden.has(name) ? undefined : io.env[name]),
      exchanges: exchanges.forFile(file.path),
    });

  const files: LoadedHttpFile[] = [];
  let errors = 0;
  for (const name of options.files) {
    const loaded = await loadHttpFile(name, io.cwd, options.env, sourcesFor);
    for (const problem of loaded.problems) err(`${problem.text}\n`);
    errors += loaded.problems.filter((p) => p.severity === 'error').length;
    if (loaded.file) files.push(loaded.file);
  }
  if (errors > 0) return err(`mx-explorer-run: ${errors} error${errors === 1 ? '' : 's'} in the files: nothing was sent.\n`), 2;
  const tested = files.filter((f) => f.parsed.requests.some((r) => r.assertions.length > 0));
  if (tested.length === 0) return err('mx-explorer-run: no request with ?? checks in these files: nothing to run.\n'), 2;

  const storage = new MemorySecretStorage();
  // The session's own log lines (grants, refreshes) stay quiet: a failure reaches the user as the
  // sign-in's or the request's message.
  const log: Logger = { info: () => undefined, warn: () => undefined, error: (m) => err(`error: ${m}\n`) };
  const factory = new SessionFactory({ secrets: storage, log, redactor, timing: () => ({ timeoutMs: options.timeoutSeconds * 1000 }) });
  let session: TokenSession;
  try {
    session = await factory.signIn(credentials.profile, { password: credentials.password, clientSecret: credentials.clientSecret });
  } catch (error) {
    factory.dispose();
    const why = error instanceof TokenError ? error.userMessage : redactor.safeError(error);
    return err(`mx-explorer-run: could not sign in to ${environment.authUrl} as ${credentials.profile.username}: ${why}\n`), 2;
  }
  try {
    err(`Signed in to ${environment.kind === 'custom' ? environment.apiUrl : `${environment.name} (${environment.apiUrl})`} as ${credentials.profile.username}, client ID ${credentials.profile.clientId}.\n`);
    const runner = new RequestRunner(() => session, () => ({ timeoutMs: options.timeoutSeconds * 1000, treeLimitBytes: TREE_LIMIT_BYTES }), redactor);
    const sender = new CliSender(runner, environment, options, exchanges);
    const cases = await runFiles(tested, sender, sourcesFor, exchanges, err);
    const report = options.reporter === 'junit' ? formatJunit(cases) : formatTap(cases);
    if (options.out === undefined) out(report);
    else {
      const target = path.resolve(io.cwd, options.out);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, redactor.redact(report));
      err(`Report (${options.reporter}) written to ${options.out}.\n`);
    }
    out(`${summaryLine(cases)}\n`);
    const { skipped } = countsOf(cases);
    if (skipped > 0) err(`${skipped} test${skipped === 1 ? '' : 's'} skipped (the report says why): exit code 1, as only a run where every test passed exits 0.\n`);
    return exitCodeOf(cases);
  } finally {
    session.dispose();
    factory.dispose();
    storage.dispose();
  }
}

/** `sending`, saying once on standard error when it has taken STILL_WAITING_MS, so a slow request is not silence. */
async function sayWhileWaiting<T>(sending: Promise<T>, label: string, err: (text: string) => void): Promise<T> {
  const timer = setTimeout(() => err(`  ${label}: no answer yet after ${STILL_WAITING_MS / 1000} s…\n`), STILL_WAITING_MS);
  try {
    return await sending;
  } finally {
    clearTimeout(timer);
  }
}

/** Each file's tests in turn; a request that stops the run (no token any more) skips every later test. */
async function runFiles(
  files: readonly LoadedHttpFile[],
  sender: CliSender,
  sourcesFor: (file: LoadedHttpFile) => ReturnType<typeof variableSources>,
  exchanges: ExchangeStore,
  err: (text: string) => void,
): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  let stoppedAt: string | undefined;
  for (const file of files) {
    const targets = file.parsed.requests.filter((r) => r.assertions.length > 0);
    const record = (request: HttpRequestBlock, outcome: TestOutcome): void => {
      cases.push({ file: file.shown, line: request.requestLine + 1, name: testLabelOf(request), outcome });
    };
    if (stoppedAt !== undefined) {
      for (const request of targets) record(request, { state: 'skipped', message: stoppedAt });
      continue;
    }
    err(`${file.shown}\n`);
    const ran = await runHttpTests(
      file.parsed,
      targets.map((r) => r.index),
      {
        answered: (name) => exchanges.has(file.path, name),
        send: (request) => sayWhileWaiting(sender.send(file.path, request, sourcesFor(file)), testLabelOf(request), err),
      },
      {
        finished: (request, result) => {
          err(`  ${result.outputLine.replace(/\r?\n$/, '')}\n`);
          for (const failure of result.results.filter((r) => !r.passed)) err(`    ${failureText(file.shown, failure)}\n`);
          if (result.target) record(request, result.outcome);
        },
        skipped: (request, reason) => {
          err(`  ${testLabelOf(request)}: skipped: ${reason}\n`);
          record(request, { state: 'skipped', message: reason });
        },
      },
    );
    if (!ran.ok) {
      err(`  ${file.shown}: ${ran.message}\n`);
      for (const request of targets) record(request, { state: 'errored', message: ran.message });
    } else if (ran.stopped) stoppedAt = 'Not sent: an earlier request stopped the run (see its message).';
  }
  return cases;
}

// `mx-explorer-run` as CI runs it: the built bin (dist/cli.js) as a child process, credentials in
// its environment only, against the local MX sandbox over real HTTP. What a CI job relies on: the
// exit code, the TAP / JUnit report with expected and actual, the closing line, progress on
// standard error, nothing sent when credentials or files are wrong, the editor's confirmations
// turned into skips, and no password, client secret or token anywhere in what it writes.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { startSandbox } from '../sandbox/server';
import type { Sandbox, SandboxAccount } from '../sandbox/types';

const BIN = path.join(repoRoot, 'dist', 'cli.js');
// Canary credentials: found anywhere in what the runner writes, they leaked.
const ACCOUNT: SandboxAccount = { username: 'ci.runner@example.com', password: 'canary-pw-5f3e9b27c1', clientSecret: 'CANARY-SECRET-8d41-a7c9e2' };
const CHAINS = '/mxs/reference-data/v1/cinema-chains';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('mx-explorer-run against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let dir: string;

  before(async () => {
    assert.ok(fs.existsSync(BIN), `${BIN} is built (node esbuild.mjs)`);
    sandbox = await startSandbox({ accounts: [ACCOUNT] });
  });
  after(() => sandbox.stop());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-run-'));
    sandbox.clearRequests();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function credentials(): Record<string, string> {
    return { MX_USERNAME: ACCOUNT.username, MX_PASSWORD: ACCOUNT.password, MX_CLIENT_ID: 'mx-run-tests', MX_CLIENT_SECRET: ACCOUNT.clientSecret, MX_AUTH_URL: sandbox.authUrl, MX_API_URL: sandbox.apiUrl };
  }

  function write(name: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }

  /** The bin in `dir`, with only PATH and the given variables in its environment. */
  function run(args: readonly string[], env: Record<string, string> = credentials()): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** Nothing the runner wrote holds the password, the client secret or a token the sandbox issued. */
  function assertNoSecret(...texts: string[]): void {
    const secrets = [ACCOUNT.password, ACCOUNT.clientSecret, ...sandbox.issuedTokens()];
    assert.ok(sandbox.issuedTokens().length > 0 || texts.length > 0);
    for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}…) leaked into the output`);
  }

  const apiPaths = (): string[] => sandbox.requests.filter((r) => r.server === 'api').map((r) => `${r.method} ${r.path}`);

  it('a passing file with a dependency chain: dependencies first, TAP on stdout, progress on stderr, exit 0', async () => {
    write(
      'api/chains.http',
      [
        '# @name chains',
        `GET {{mxApi}}${CHAINS}`,
        '',
        '### Sites of the first chain',
        `GET ${CHAINS}/{{chains.response.body.$[0].id}}/sites`,
        '?? status == 200',
        '?? header content-type includes json',
        '?? body $.length > 0',
        '',
        '### Films',
        '# @name films',
        `GET ${CHAINS}/{{chains.response.body.$[0].id}}/films`,
        '?? status == 200',
        '?? mx noError',
      ].join('\n'),
    );
    const result = await run(['api/chains.http']);
    assert.equal(result.code, 0, result.stderr);
    const paths = apiPaths();
    assert.equal(paths[0], `GET ${CHAINS}`, 'the chain list, needed by both tests, goes first');
    assert.equal(paths.length, 3, `each request once: ${paths.join(', ')}`);
    assert.match(paths[1], /^GET \/mxs\/reference-data\/v1\/cinema-chains\/[\w-]+\/sites$/);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 2), ['TAP version 13', '1..2']);
    assert.ok(lines.includes('ok 1 - api/chains.http:5 Sites of the first chain'), result.stdout);
    assert.ok(lines.includes('ok 2 - api/chains.http:12 films'), result.stdout);
    assert.equal(lines.at(-1), '2 passed, 0 failed');
    assert.match(result.stderr, /^Signed in to http:\/\/127\.0\.0\.1:\d+ as ci\.runner@example\.com, client ID mx-run-tests\.\napi\/chains\.http\n {2}chains: GET \/mxs\/reference-data\/v1\/cinema-chains → 200 OK · \d+ ms\n {2}Sites of the first chain: GET .*\/sites → 200 OK · \d+ ms · 3 checks passed\n/);
    assertNoSecret(result.stdout, result.stderr);
  });

  it('a failing check: expected and actual in the report and on stderr, exit 1; JUnit to --out', async () => {
    write('checks.http', ['### Chains', `GET ${CHAINS}`, '?? status == 200', '?? body $.length > 100', '', '### Missing', 'GET /mxs/reference-data/v1/cinema-chains/00000000-0000-0000-0000-000000000000/sites', '?? status == 200'].join('\n'));
    const tap = await run(['checks.http']);
    assert.equal(tap.code, 1, tap.stderr);
    assert.match(tap.stdout, /not ok 1 - checks\.http:2 Chains\n {2}---\n {2}message: "Expected body \$\.length > 100, got \d+\."\n[\s\S]*? {4}- at: "checks\.http:4"\n {6}check: "\?\? body \$\.length > 100"\n[\s\S]*? {6}expected: "body \$\.length > 100"\n {6}actual: "\d+"/);
    assert.match(tap.stdout, /not ok 2 - checks\.http:7 Missing\n[\s\S]*?expected: "status == 200"\n {6}actual: "404"/);
    assert.match(tap.stdout, /\n0 passed, 2 failed\n$/);
    assert.match(tap.stderr, / {4}checks\.http:4: Expected body \$\.length > 100, got \d+\./);

    const junit = await run(['checks.http', '--reporter', 'junit', '--out', 'reports/mx.xml']);
    assert.equal(junit.code, 1);
    assert.equal(junit.stdout, '0 passed, 2 failed\n', 'with --out, stdout keeps only the closing line');
    const xml = fs.readFileSync(path.join(dir, 'reports', 'mx.xml'), 'utf8');
    assert.match(xml, /<testsuite name="checks\.http" tests="2" failures="2" errors="0" skipped="0"/);
    assert.match(xml, /<failure type="assertion" message="Expected status == 200, got 404\.">checks\.http:8: Expected status == 200, got 404\.\n {2}\?\? status == 200\n {2}expected: status == 200\n {2}actual: {3}404<\/failure>/);
    assertNoSecret(tap.stdout, tap.stderr, junit.stdout, junit.stderr, xml);
  });

  it('missing credentials: says which, sends nothing, exit 2; a credential as an argument is refused too', async () => {
    write('a.http', `GET ${CHAINS}\n?? status == 200\n`);
    const { MX_PASSWORD: _password, MX_API_URL: _api, ...partial } = credentials();
    const missing = await run(['a.http'], partial);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /Missing environment variables MX_PASSWORD, MX_API_URL: .*Nothing was sent\./);
    const argument = await run(['a.http', `--password=${ACCOUNT.password}`]);
    assert.equal(argument.code, 2);
    assert.match(argument.stderr, /--password: credentials are never taken from arguments/);
    assert.deepEqual(sandbox.requests, [], 'neither the token endpoint nor the API was called');
    assertNoSecret(missing.stdout, missing.stderr, argument.stdout, argument.stderr);
  });

  it('files with errors or a wrong --env: file:line:column diagnostics, nothing sent, exit 2', async () => {
    write('broken.http', [`GET ${CHAINS}/{{nobody.response.body.$.id}}/sites`, '?? status == 200', '###', `GET ${CHAINS}`, '?? status =='].join('\n'));
    const broken = await run(['broken.http', 'absent.http']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^broken\.http:5:1: error: "==" needs a value to compare with\.$/m);
    assert.match(broken.stderr, /^broken\.http:1:\d+: error: No request in this file is named "nobody"/m);
    assert.match(broken.stderr, /^absent\.http: error: no such file\.$/m);
    assert.match(broken.stderr, /3 errors in the files: nothing was sent\./);
    write('http-client.env.json', '{ "dev": { "chains": "x" }, "qa": {} }');
    write('ok.http', `GET ${CHAINS}\n?? status == 200\n`);
    const env = await run(['ok.http', '--env', 'prod']);
    assert.equal(env.code, 2);
    assert.match(env.stderr, /ok\.http: error: --env prod: there is no such environment for this file \(the env files in \. have "dev", "qa"\)/);
    assert.deepEqual(sandbox.requests, []);
  });

  it('--env reads http-client.env.json with the private file over it, as the editor does', async () => {
    write('http-client.env.json', JSON.stringify({ $shared: { path: '/shared' }, dev: { path: '/public-dev' } }));
    write('http-client.private.env.json', JSON.stringify({ dev: { path: CHAINS } }));
    write('env/env.http', 'GET {{path}}\n?? status == 200\n');
    const result = await run(['env/env.http', '--env', 'dev']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(apiPaths(), [`GET ${CHAINS}`]);
  });

  it('a call that holds seats is skipped without --allow-changes (nothing sent), and sent with it', async () => {
    write(
      'order.http',
      [
        '### Create order',
        'POST /mxt/ticketing/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/orders',
        'Content-Type: application/json',
        '',
        '{ "ticketTypes": [] }',
        '',
        '?? status == 400',
        '',
        '### Chains',
        `GET ${CHAINS}`,
        '?? status == 200',
      ].join('\n'),
    );
    const skipped = await run(['order.http']);
    assert.equal(skipped.code, 1, 'exit 0 only if every test passed: a skipped one did not');
    assert.match(skipped.stderr, /1 test skipped \(the report says why\): exit code 1, as only a run where every test passed exits 0\./);
    assert.match(skipped.stdout, /^ok 1 - order\.http:2 Create order # SKIP Skipped in CI \(pass --allow-changes to send it\): in the editor this request asks first: "Create Order" goes to .*Send it\?$/m);
    assert.match(skipped.stdout, /\n1 passed, 0 failed, 1 skipped\n$/);
    assert.deepEqual(apiPaths(), [`GET ${CHAINS}`]);
    sandbox.clearRequests();
    const sent = await run(['order.http', '--allow-changes']);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.deepEqual(apiPaths(), ['POST /mxt/ticketing/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/orders', `GET ${CHAINS}`]);
    assert.match(sent.stdout, /\n2 passed, 0 failed\n$/);
  });

  it('a file can neither read the credentials nor send the token elsewhere', async () => {
    write(
      'leak.http',
      [
        '### Echo',
        `GET ${CHAINS}?p={{$processEnv MX_PASSWORD}}`,
        '?? status == 200',
        '',
        '### Elsewhere',
        `GET ${sandbox.authUrl}/anything`,
        `Authorization: Bearer {{$auth.token("mx")}}`,
        '?? status == 200',
      ].join('\n'),
    );
    const result = await run(['leak.http']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Environment variable MX_PASSWORD is not set\./);
    assert.match(result.stdout, /Request refused: \{\{\$auth\.token\(\\"mx\\"\)\}\} may only go to http:\/\/127\.0\.0\.1:\d+/);
    assert.deepEqual(apiPaths(), [], 'neither request was sent');
    assertNoSecret(result.stdout, result.stderr);
  });

  it('a slow request is named on standard error while the run waits for it', async () => {
    write('slow.http', ['### Slow chains', `GET {{mxApi}}${CHAINS}`, '?? status == 200'].join('\n'));
    // STILL_WAITING_MS (2 s) and a little more
    sandbox.addFault({ kind: 'delay', delayMs: 2_600, target: 'api', pathPrefix: CHAINS, times: 1 });
    const result = await run(['slow.http']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\n {2}Slow chains: no answer yet after 2 s…\n {2}Slow chains: GET \/mxs\/reference-data\/v1\/cinema-chains → 200 OK · \d+ ms · 1 check passed\n/);
  });

  it('--help and --version need no credentials', async () => {
    const help = await run(['--help'], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^mx-explorer-run \d+\.\d+\.\d+: runs the \?\? checks of \.http files/);
    const version = await run(['--version'], {});
    assert.equal(version.stdout, `${(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });
});

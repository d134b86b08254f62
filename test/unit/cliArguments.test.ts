// The headless runner's command line and credentials (src/cli/cliArguments.ts, cliCredentials.ts):
// what each option asks for, what is refused and why (credentials are never arguments), and the
// MX_* variables checked as sign-in checks its answers, without ever repeating a value.
import * as assert from 'node:assert/strict';
import { helpText, parseArguments } from '../../src/cli/cliArguments';
import { readCredentials } from '../../src/cli/cliCredentials';

const ENV = {
  MX_USERNAME: 'ci@example.com',
  MX_PASSWORD: 'canary-password-7d1f',
  MX_CLIENT_ID: 'Acme_CI',
  MX_CLIENT_SECRET: 'canary-secret-93ab',
  MX_AUTH_URL: 'https://staging-auth.moviexchange.com/',
  MX_API_URL: 'https://staging-api.moviexchange.com',
};

describe('mx-explorer-run arguments', () => {
  it('files, --env, --reporter, --out, --timeout and the two change flags, in any order and with =', () => {
    assert.deepEqual(parseArguments(['a.http', '--env', 'staging', 'b.rest', '--reporter=junit', '--out', 'r.xml', '--allow-changes', '--allow-production-changes', '--timeout=5']), {
      kind: 'run',
      options: { files: ['a.http', 'b.rest'], env: 'staging', reporter: 'junit', out: 'r.xml', allowChanges: true, allowProductionChanges: true, timeoutSeconds: 5 },
    });
    assert.deepEqual(parseArguments(['a.http']), { kind: 'run', options: { files: ['a.http'], reporter: 'tap', allowChanges: false, allowProductionChanges: false, timeoutSeconds: 30 } });
    assert.deepEqual(parseArguments(['--', '--odd-name.http']), { kind: 'run', options: { files: ['--odd-name.http'], reporter: 'tap', allowChanges: false, allowProductionChanges: false, timeoutSeconds: 30 } });
  });

  it('--help and --version, unless an earlier argument is wrong', () => {
    assert.deepEqual(parseArguments(['a.http', '--bogus', '--help']).kind, 'error'); // the first problem stops reading
    assert.deepEqual(parseArguments(['-h']), { kind: 'help' });
    assert.deepEqual(parseArguments(['a.http', '--version']), { kind: 'version' });
  });

  it('refuses credentials as arguments, naming the environment variables instead', () => {
    for (const arg of ['--password', '--password=x', '--client-secret', '--clientSecret=x', '-p', '--token', '--username', '--api-url=https://x']) {
      const parsed = parseArguments(['a.http', arg]);
      if (arg === '-p') {
        assert.deepEqual(parsed, { kind: 'error', message: 'Unknown option -p.' });
        continue;
      }
      assert.equal(parsed.kind, 'error', arg);
      assert.match(parsed.kind === 'error' ? parsed.message : '', /never taken from arguments.*MX_PASSWORD/, arg);
      assert.doesNotMatch(parsed.kind === 'error' ? parsed.message : '', /=x|https:\/\/x/, 'the value is not repeated');
    }
  });

  it('says what is wrong: no file, unknown option, missing value, bad reporter, junit without --out, bad timeout, production without changes', () => {
    const message = (argv: string[]): string => {
      const parsed = parseArguments(argv);
      return parsed.kind === 'error' ? parsed.message : `not an error: ${parsed.kind}`;
    };
    assert.equal(message([]), 'Name at least one .http or .rest file.');
    assert.equal(message(['a.http', '--verbose']), 'Unknown option --verbose.');
    assert.equal(message(['a.http', '--env']), '--env needs a value.');
    assert.equal(message(['a.http', '--env', '--allow-changes']), '--env needs a value.');
    assert.equal(message(['a.http', '--reporter', 'xunit']), '--reporter is tap or junit, not "xunit".');
    assert.match(message(['a.http', '--reporter', 'junit']), /--reporter junit writes a file: add --out <file>/);
    assert.match(message(['a.http', '--timeout', '0']), /--timeout is a number of seconds from 1 to 600/);
    assert.match(message(['a.http', '--timeout', 'soon']), /not "soon"/);
    assert.equal(message(['a.http', '--allow-production-changes']), '--allow-production-changes goes with --allow-changes.');
  });

  it('the help names the six variables, what is not read outside VS Code, and the exit codes', () => {
    const help = helpText('1.2.3');
    assert.match(help, /^mx-explorer-run 1\.2\.3/);
    for (const name of Object.keys(ENV)) assert.ok(help.includes(name), name);
    assert.match(help, /MX: Select \.http Environment/);
    assert.match(help, /mx\.environments/);
    assert.match(help, /Exit code: 0 only when every test passed/);
  });
});

describe('mx-explorer-run credentials', () => {
  it('makes a profile from the six variables, knowing Staging and Production by their API base', () => {
    const read = readCredentials(ENV);
    assert.ok(read.ok);
    const { profile, password, clientSecret } = read.credentials;
    assert.deepEqual(profile.environment, { name: 'Staging', kind: 'staging', authUrl: 'https://staging-auth.moviexchange.com', apiUrl: 'https://staging-api.moviexchange.com' });
    assert.equal(profile.username, 'ci@example.com');
    assert.equal(profile.clientId, 'Acme_CI');
    assert.equal(password, ENV.MX_PASSWORD);
    assert.equal(clientSecret, ENV.MX_CLIENT_SECRET);
    const production = readCredentials({ ...ENV, MX_AUTH_URL: 'https://auth.moviexchange.com', MX_API_URL: 'https://api.moviexchange.com' });
    assert.equal(production.ok && production.credentials.profile.environment.kind, 'production');
    const sandbox = readCredentials({ ...ENV, MX_AUTH_URL: 'http://127.0.0.1:4001', MX_API_URL: 'http://127.0.0.1:4002' });
    assert.deepEqual(sandbox.ok && sandbox.credentials.profile.environment, { name: '127.0.0.1:4002', kind: 'custom', authUrl: 'http://127.0.0.1:4001', apiUrl: 'http://127.0.0.1:4002' });
  });

  it('names every missing variable (blank counts as missing) and never a value', () => {
    const read = readCredentials({ ...ENV, MX_PASSWORD: '  ', MX_CLIENT_SECRET: undefined });
    assert.equal(read.ok, false);
    const text = read.ok ? '' : read.problems.join('\n');
    assert.match(text, /^Missing environment variables MX_PASSWORD, MX_CLIENT_SECRET: .* Nothing was sent\.$/);
    assert.ok(!text.includes(ENV.MX_USERNAME));
  });

  it('refuses plain http off loopback and an over-long client ID, as sign-in does', () => {
    const read = readCredentials({ ...ENV, MX_API_URL: 'http://api.example.com', MX_CLIENT_ID: 'x'.repeat(51) });
    assert.equal(read.ok, false);
    const text = read.ok ? '' : read.problems.join('\n');
    assert.match(text, /MX_API_URL must use https:\/\//);
    assert.match(text, /MX_CLIENT_ID is longer than 50 characters/);
  });
});

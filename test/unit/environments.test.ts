import * as assert from 'node:assert/strict';
import {
  BUILT_IN_ENVIRONMENTS,
  customEnvironment,
  isLoopbackHost,
  parseConfiguredEnvironments,
  PRODUCTION,
  STAGING,
  tokenEndpoint,
  validateBaseUrl,
} from '../../src/mx/environments';

function reasonOf(raw: string, label = 'API base URL'): string {
  const result = validateBaseUrl(raw, label);
  assert.equal(result.ok, false, `expected ${raw} to be rejected`);
  return result.ok ? '' : result.reason;
}

function urlOf(raw: string): string {
  const result = validateBaseUrl(raw, 'Auth base URL');
  assert.ok(result.ok, `expected ${raw} to be accepted: ${result.ok ? '' : result.reason}`);
  return result.url;
}

describe('environments', () => {
  describe('built-ins', () => {
    it('are the documented staging and production hosts', () => {
      assert.deepEqual(
        { authUrl: STAGING.authUrl, apiUrl: STAGING.apiUrl, kind: STAGING.kind },
        { authUrl: 'https://staging-auth.moviexchange.com', apiUrl: 'https://staging-api.moviexchange.com', kind: 'staging' },
      );
      assert.deepEqual(
        { authUrl: PRODUCTION.authUrl, apiUrl: PRODUCTION.apiUrl, kind: PRODUCTION.kind },
        { authUrl: 'https://auth.moviexchange.com', apiUrl: 'https://api.moviexchange.com', kind: 'production' },
      );
      assert.deepEqual(BUILT_IN_ENVIRONMENTS, [STAGING, PRODUCTION]);
      assert.notEqual(STAGING.id, PRODUCTION.id);
    });

    it('pass their own validation unchanged', () => {
      for (const env of BUILT_IN_ENVIRONMENTS) {
        assert.equal(urlOf(env.authUrl), env.authUrl);
        assert.equal(urlOf(env.apiUrl), env.apiUrl);
      }
    });
  });

  describe('tokenEndpoint', () => {
    it('appends /connect/token', () => {
      assert.equal(tokenEndpoint(STAGING), 'https://staging-auth.moviexchange.com/connect/token');
    });

    it('keeps a gateway path prefix and tolerates a trailing slash', () => {
      assert.equal(tokenEndpoint({ authUrl: 'https://gw.example.com/mx/auth' }), 'https://gw.example.com/mx/auth/connect/token');
      assert.equal(tokenEndpoint({ authUrl: 'https://gw.example.com/mx/' }), 'https://gw.example.com/mx/connect/token');
    });
  });

  describe('isLoopbackHost', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '[::1]', '[::ffff:7f00:1]', '::ffff:127.0.0.1']) {
      it(`accepts ${host}`, () => assert.equal(isLoopbackHost(host), true));
    }
    for (const host of ['example.com', 'localhost.example.com', '127.0.0.1.nip.io', '128.0.0.1', '127.0.0.256', '10.0.0.1', '0.0.0.0', '::2', '[::]', '']) {
      it(`rejects ${JSON.stringify(host)}`, () => assert.equal(isLoopbackHost(host), false));
    }
  });

  describe('validateBaseUrl', () => {
    it('normalises trailing slashes, host case and default ports', () => {
      assert.equal(urlOf('https://Auth.Example.COM/'), 'https://auth.example.com');
      assert.equal(urlOf('https://auth.example.com:443///'), 'https://auth.example.com');
      assert.equal(urlOf('  https://gw.example.com/mx/auth/  '), 'https://gw.example.com/mx/auth');
      assert.equal(urlOf('https://auth.example.com:8443'), 'https://auth.example.com:8443');
    });

    it('allows http only on loopback hosts', () => {
      assert.equal(urlOf('http://localhost:5000'), 'http://localhost:5000');
      assert.equal(urlOf('http://127.0.0.1:5000/'), 'http://127.0.0.1:5000');
      assert.equal(urlOf('http://[::1]:5000'), 'http://[::1]:5000');
      assert.equal(
        reasonOf('http://api.example.com'),
        'API base URL must use https:// (http:// is only allowed for localhost).',
      );
      assert.match(reasonOf('http://localhost.example.com'), /only allowed for localhost/);
    });

    it('names the field in every reason', () => {
      assert.match(reasonOf('', 'Auth base URL'), /^Auth base URL is required/);
      assert.match(reasonOf('auth.example.com', 'Auth base URL'), /^Auth base URL must be an absolute URL starting with https:\/\//);
      assert.match(reasonOf('localhost:8080', 'Auth base URL'), /^Auth base URL must be an absolute URL/);
    });

    it('rejects other schemes', () => {
      for (const raw of ['ftp://example.com', 'file:///etc/passwd', 'ws://localhost:1']) {
        assert.match(reasonOf(raw), /must use https:\/\//, raw);
      }
      assert.match(reasonOf('javascript:alert(1)'), /absolute URL/);
    });

    it('rejects credentials, queries and fragments', () => {
      assert.match(reasonOf('https://user:pw@api.example.com'), /must not contain a user name or password/);
      assert.match(reasonOf('https://user@api.example.com'), /user name/);
      assert.match(reasonOf('https://api.example.com/?x=1'), /query/);
      assert.match(reasonOf('https://api.example.com/?'), /query/);
      assert.match(reasonOf('https://api.example.com/#top'), /fragment/);
    });

    it('rejects what does not parse', () => {
      assert.match(reasonOf('https://exa mple.com'), /not a valid URL/);
      assert.match(reasonOf('https://'), /not a valid URL|must name a host/);
      assert.equal(validateBaseUrl(undefined as unknown as string, 'X').ok, false);
    });
  });

  describe('customEnvironment', () => {
    it('builds a custom environment with a URL-derived id', () => {
      const result = customEnvironment('http://127.0.0.1:4000/', 'http://127.0.0.1:4001', ' Sandbox ');
      assert.ok(result.ok);
      assert.deepEqual(result.environment, {
        id: 'custom:http://127.0.0.1:4000|http://127.0.0.1:4001',
        name: 'Sandbox',
        authUrl: 'http://127.0.0.1:4000',
        apiUrl: 'http://127.0.0.1:4001',
        kind: 'custom',
      });
    });

    it('defaults the name to the API host and reports the failing field', () => {
      const named = customEnvironment('https://a.example.com', 'https://b.example.com');
      assert.ok(named.ok && named.environment.name === 'b.example.com');
      const bad = customEnvironment('https://a.example.com', 'http://b.example.com');
      assert.ok(!bad.ok && bad.reason.startsWith('API base URL'));
    });
  });

  describe('parseConfiguredEnvironments', () => {
    it('returns nothing for an unset setting', () => {
      assert.deepEqual(parseConfiguredEnvironments(undefined), { environments: [], problems: [] });
      assert.deepEqual(parseConfiguredEnvironments([]), { environments: [], problems: [] });
    });

    it('rejects a setting that is not a list', () => {
      const result = parseConfiguredEnvironments({ name: 'x' });
      assert.equal(result.environments.length, 0);
      assert.equal(result.problems.length, 1);
    });

    it('keeps valid entries and explains each skipped one', () => {
      const result = parseConfiguredEnvironments([
        { name: 'Sandbox', authUrl: 'http://127.0.0.1:4000/', apiUrl: 'http://127.0.0.1:4001' },
        { name: 'Gateway', authUrl: 'https://gw.example.com/mx/auth', apiUrl: 'https://gw.example.com/mx/api/' },
        'not an object',
        { name: '', authUrl: 'https://a.example.com', apiUrl: 'https://b.example.com' },
        { name: 'Plain', authUrl: 'http://auth.example.com', apiUrl: 'https://b.example.com' },
        { name: 'NoApi', authUrl: 'https://auth.example.com' },
        { name: 'staging', authUrl: 'https://a.example.com', apiUrl: 'https://b.example.com' },
        { name: 'sandbox', authUrl: 'https://c.example.com', apiUrl: 'https://d.example.com' },
        { name: 'Same URLs', authUrl: 'http://127.0.0.1:4000', apiUrl: 'http://127.0.0.1:4001/' },
      ]);
      assert.deepEqual(
        result.environments.map((env) => [env.name, env.authUrl, env.apiUrl, env.kind]),
        [
          ['Sandbox', 'http://127.0.0.1:4000', 'http://127.0.0.1:4001', 'custom'],
          ['Gateway', 'https://gw.example.com/mx/auth', 'https://gw.example.com/mx/api', 'custom'],
        ],
      );
      assert.equal(result.problems.length, 7);
      assert.match(result.problems[0], /entry 3 was skipped: it must be an object/);
      assert.match(result.problems[1], /entry 4 was skipped: "name"/);
      assert.match(result.problems[2], /entry 5 \("Plain"\) was skipped: Auth base URL must use https:\/\//);
      assert.match(result.problems[3], /entry 6 \("NoApi"\) was skipped: API base URL is required/);
      assert.match(result.problems[4], /already used/);
      assert.match(result.problems[5], /already used/);
      assert.match(result.problems[6], /same auth and API base URLs/);
      assert.equal(new Set(result.environments.map((env) => env.id)).size, 2);
    });

    it('keeps an entry\'s username and client ID as sign-in defaults, and nothing else', () => {
      const result = parseConfiguredEnvironments([
        { name: 'Sandbox', authUrl: 'http://127.0.0.1:4000', apiUrl: 'http://127.0.0.1:4001', username: ' dev@example.com ', clientId: 'mx-dev' },
        { name: 'Plain', authUrl: 'https://a.example.com', apiUrl: 'https://b.example.com' },
      ]);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.environments[0].signInDefaults, { username: 'dev@example.com', clientId: 'mx-dev' });
      assert.equal(result.environments[1].signInDefaults, undefined);
    });

    it('ignores secrets in the setting, and defaults that are not valid answers, saying why', () => {
      const result = parseConfiguredEnvironments([
        {
          name: 'Leaky',
          authUrl: 'https://a.example.com',
          apiUrl: 'https://b.example.com',
          username: 'dev',
          password: 'hunter2',
          clientSecret: 'S3CRET',
          clientId: 'x'.repeat(51),
        },
        { name: 'Blank', authUrl: 'https://c.example.com', apiUrl: 'https://d.example.com', username: '  ', clientId: 7 },
      ]);
      // the entries stay usable; only the offending keys are dropped
      assert.deepEqual(result.environments.map((env) => [env.name, env.signInDefaults]), [['Leaky', { username: 'dev' }], ['Blank', undefined]]);
      assert.equal(result.problems.length, 5);
      assert.match(result.problems[0], /"Leaky"\): "password" was ignored — secrets never belong in settings/);
      assert.match(result.problems[1], /"clientSecret" was ignored — secrets never belong in settings/);
      assert.match(result.problems[2], /"clientId" was ignored: it must be 1 to 50 characters/);
      assert.match(result.problems[3], /"Blank"\): "username" was ignored/);
      assert.match(result.problems[4], /"Blank"\): "clientId" was ignored/);
      assert.ok(!JSON.stringify(result).includes('hunter2') && !JSON.stringify(result).includes('S3CRET'), 'no secret value is kept or echoed');
    });
  });
});

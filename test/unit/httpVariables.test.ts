// `{{…}}` resolution and env files of `.http` files (src/httpFiles/httpVariables.ts,
// httpEnvironments.ts): the resolution order, the system variables, and that the credential
// expressions are never replaced by anything.
import * as assert from 'node:assert/strict';
import { environmentNames, environmentValues, envSearchFolders, parseDotenv, parseEnvFile, PRIVATE_ENV_FILE, PUBLIC_ENV_FILE } from '../../src/httpFiles/httpEnvironments';
import { describeVariable, lookupExpression, resolveTemplate, type VariableSources } from '../../src/httpFiles/httpVariables';

export function sources(overrides: Partial<VariableSources> = {}): VariableSources {
  return {
    file: new Map(),
    environment: new Map(),
    mx: { apiUrl: 'http://127.0.0.1:4001', authUrl: 'http://127.0.0.1:4000' },
    processEnv: (name) => (name === 'HOME_TEST' ? '/home/test' : undefined),
    dotenv: (name) => (name === 'SITE' ? '0000000001' : undefined),
    now: () => new Date('2026-12-01T18:00:00.000Z'),
    random: () => 0.5,
    uuid: () => '11111111-2222-4333-8444-555555555555',
    ...overrides,
  };
}

describe('.http variables', () => {
  it('file variables win over the environment, which wins over the MX profile', () => {
    const environment = new Map([
      ['a', { value: 'from-env', source: 'http-client.env.json (dev)' }],
      ['mxApi', { value: 'https://gateway.example', source: 'http-client.env.json (dev)' }],
    ]);
    const s = sources({ file: new Map([['a', 'from-file']]), environment });
    assert.equal(resolveTemplate('{{a}}', s).text, 'from-file');
    assert.equal(resolveTemplate('{{mxApi}}/x', s).text, 'https://gateway.example/x');
    assert.equal(resolveTemplate('{{ mxApi }}/x {{mxAuth}}', sources()).text, 'http://127.0.0.1:4001/x http://127.0.0.1:4000');
    assert.deepEqual(lookupExpression('a', sources({ environment })), { kind: 'value', value: 'from-env', source: 'http-client.env.json (dev)' });
  });

  it('resolves variables inside variables, and names a cycle instead of looping', () => {
    const s = sources({ file: new Map([['base', '{{mxApi}}/mxs'], ['chains', '{{base}}/reference-data/v1/cinema-chains'], ['loop', '{{loop}}']]) });
    assert.equal(resolveTemplate('{{chains}}', s).text, 'http://127.0.0.1:4001/mxs/reference-data/v1/cinema-chains');
    const loop = resolveTemplate('{{loop}}', s);
    assert.equal(loop.text, '{{loop}}');
    assert.match(loop.missing[0], /refers to itself/);
  });

  it('system variables', () => {
    const s = sources();
    assert.equal(resolveTemplate('{{$guid}} {{$uuid}}', s).text, '11111111-2222-4333-8444-555555555555 11111111-2222-4333-8444-555555555555');
    assert.equal(resolveTemplate('{{$timestamp}}', s).text, String(Date.UTC(2026, 11, 1, 18) / 1000));
    assert.equal(resolveTemplate('{{$isoTimestamp}}', s).text, '2026-12-01T18:00:00.000Z');
    assert.equal(resolveTemplate('{{$datetime rfc1123}}', s).text, 'Tue, 01 Dec 2026 18:00:00 GMT');
    assert.equal(resolveTemplate('{{$randomInt 10 20}}', s).text, '15');
    assert.equal(resolveTemplate('{{$processEnv HOME_TEST}}', s).text, '/home/test');
    assert.equal(resolveTemplate('{{$dotenv SITE}}', s).text, '0000000001');
    assert.deepEqual(resolveTemplate('{{$processEnv NOPE}} {{$randomInt 5 1}} {{$nope}}', s).missing, [
      'Environment variable NOPE is not set.',
      '{{$randomInt 5 1}}: write $randomInt min max with whole numbers, min below max.',
      'Unknown system variable {{$nope}}.',
    ]);
  });

  it('leaves the credential expressions in place and reports them', () => {
    const resolved = resolveTemplate('Bearer {{$auth.token("mx")}} / {{ $mx.clientSecret }} / {{$auth.token(\'mx\')}}', sources());
    assert.equal(resolved.text, 'Bearer {{$auth.token("mx")}} / {{ $mx.clientSecret }} / {{$auth.token(\'mx\')}}');
    assert.deepEqual(resolved.secrets, ['token', 'clientSecret']);
    assert.deepEqual(resolved.missing, []);
    assert.match(resolveTemplate('{{$auth.token("github")}}', sources()).missing[0], /only the token "mx"/);
  });

  it('a variable that holds a credential expression counts as using it', () => {
    const s = sources({ file: new Map([['auth', 'Bearer {{$auth.token("mx")}}']]) });
    const resolved = resolveTemplate('{{auth}}', s);
    assert.deepEqual(resolved.secrets, ['token']);
    assert.equal(resolved.text, '{{auth}}');
  });

  it('says what is missing: unknown names, request variables, mxApi while signed out', () => {
    const s = sources({ mx: undefined });
    assert.deepEqual(resolveTemplate('{{nope}} {{chains.response.body.$.id}} {{mxApi}}', s).missing, [
      'Unknown variable {{nope}}: define it with "@nope = …" or in http-client.env.json.',
      '{{chains.response.body.$.id}}: request "chains" has no answer in this session yet: send it first.',
      '{{mxApi}} comes from the active MX profile: sign in to MX first.',
    ]);
  });
});

describe('.http environments', () => {
  const publicFile = parseEnvFile(PUBLIC_ENV_FILE, '{ "$shared": { "a": "shared", "b": "shared" }, "dev": { "b": "dev", "n": 5, "Security": { "Auth": {} } }, "prod": {} }');
  const privateFile = parseEnvFile(PRIVATE_ENV_FILE, '// comments are allowed\n{ "$shared": { "a": "private-shared" }, "dev": { "c": "private-dev" }, "local": {} }');

  it('lists every environment but $shared, from both files', () => {
    assert.deepEqual(environmentNames([publicFile, privateFile]), ['dev', 'local', 'prod']);
  });

  it('merges $shared, then the environment; the private file over the public one', () => {
    const values = environmentValues(publicFile, privateFile, 'dev');
    assert.deepEqual(Object.fromEntries([...values].map(([k, v]) => [k, v.value])), { a: 'private-shared', b: 'dev', n: '5', c: 'private-dev' });
    assert.equal(values.get('b')?.source, 'http-client.env.json (dev)');
    assert.equal(values.get('a')?.source, 'http-client.private.env.json ($shared)');
    assert.deepEqual([...environmentValues(publicFile, undefined, undefined).keys()], ['a', 'b']);
  });

  it('a malformed file is a problem with the position of the JSON error', () => {
    const broken = parseEnvFile(PUBLIC_ENV_FILE, '{ "dev": { "a": "x", } }');
    assert.equal(broken.problems.length, 1);
    assert.equal(broken.problems[0].offset, 21, 'the closing brace where a property name was expected');
    assert.equal(broken.problems[0].message, 'http-client.env.json is not valid JSON: property name expected.');
    assert.equal(broken.environments.size, 0);
    assert.match(parseEnvFile(PUBLIC_ENV_FILE, '[1]').problems[0].message, /must hold an object/);
  });

  it('searches from the file folder up to the workspace folder', () => {
    assert.deepEqual(envSearchFolders('/ws/api/mx', '/ws'), ['/ws/api/mx', '/ws/api', '/ws']);
    assert.deepEqual(envSearchFolders('/ws', '/ws/'), ['/ws']);
    assert.deepEqual(envSearchFolders('/elsewhere/x', '/ws'), ['/elsewhere/x']);
    assert.deepEqual(envSearchFolders('/wsx/a', '/ws'), ['/wsx/a'], 'a sibling with the same prefix is not inside');
  });

  it('reads .env files', () => {
    const values = parseDotenv('# c\nA=1\nexport B = "two words"\nC=\'x # y\'\nD=plain # comment\nnot a line');
    assert.deepEqual(Object.fromEntries(values), { A: '1', B: 'two words', C: 'x # y', D: 'plain' });
  });
});

describe('.http variable hovers', () => {
  it('show a value and its source, never a credential or a secret-looking value', () => {
    const environment = new Map([
      ['apiKey', { value: 'k-123456789', source: 'http-client.private.env.json (dev)' }],
      ['host', { value: 'https://x.example', source: 'http-client.env.json (dev)' }],
    ]);
    const s = sources({ environment });
    assert.equal(describeVariable('host', s), '`{{host}}` = `https://x.example`  \nfrom http-client.env.json (dev)');
    assert.equal(describeVariable('apiKey', s), '`{{apiKey}}` = •••••• (not shown: it comes from where secrets are kept)  \nfrom http-client.private.env.json (dev)');
    const publicKey = sources({ environment: new Map([['apiKey', { value: 'k-123456789', source: 'http-client.env.json (dev)' }]]) });
    assert.equal(describeVariable('apiKey', publicKey), '`{{apiKey}}` = •••••• (hidden: the name says it is a secret)  \nfrom http-client.env.json (dev)');
    assert.equal(describeVariable('$processEnv HOME_TEST', s), '`{{$processEnv HOME_TEST}}` = •••••• (not shown: it comes from where secrets are kept)  \nfrom process environment');
    assert.doesNotMatch(describeVariable('$dotenv SITE', s), /0000000001/);
    assert.match(describeVariable('$auth.token("mx")', s), /access token: added by MX Explorer at send time/);
    assert.match(describeVariable('$mx.clientSecret', s), /client secret/);
    assert.equal(describeVariable('mxApi', s), '`{{mxApi}}` = `http://127.0.0.1:4001`  \nfrom active MX profile');
    assert.match(describeVariable('nope', s), /^Unknown variable/);
  });
});

describe('.http env files: secrets in the committed file', () => {
  it('warns at the value of a secret-named key or a JWT in http-client.env.json, not in the private file', () => {
    const text = '{ "dev": { "host": "https://x", "clientSecret": "abc123", "bearer": "eyJhbGciOiJIUzI1NiJ9.e30.sig", "apiToken": "{{$auth.token(\\"mx\\")}}", "password": "" } }';
    const file = parseEnvFile(PUBLIC_ENV_FILE, text);
    assert.deepEqual(
      file.problems.map((p) => [p.severity, text.slice(p.offset, p.offset + p.length)]),
      [
        ['warning', '"abc123"'],
        ['warning', '"eyJhbGciOiJIUzI1NiJ9.e30.sig"'],
      ],
    );
    assert.match(file.problems[0].message, /^"clientSecret" looks like a secret in http-client\.env\.json, which is committed: move it to http-client\.private\.env\.json/);
    assert.doesNotMatch(file.problems.map((p) => p.message).join(' '), /abc123|eyJ/);
    assert.equal(file.environments.get('dev')?.get('clientSecret'), 'abc123', 'the value is still usable');
    assert.deepEqual(parseEnvFile(PRIVATE_ENV_FILE, text).problems, []);
  });
});

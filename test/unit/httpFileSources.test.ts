// The env files and variable sources of a `.http` file (src/httpFiles/httpFileSources.ts), read the
// same way by the editor and the headless runner: the nearest folder with an env file wins, the
// private file lies over the public one, `.env` comes from the nearest folder that has one, and
// problems name their folder and file.
import * as assert from 'node:assert/strict';
import { findEnvFiles, variableSources } from '../../src/httpFiles/httpFileSources';
import { resolveTemplate } from '../../src/httpFiles/httpVariables';

function reader(files: Record<string, string>): (folder: string, name: string) => Promise<string | undefined> {
  return async (folder, name) => files[`${folder}/${name}`];
}

describe('.http file sources', () => {
  it('reads the env files of the nearest folder that has one, and the nearest .env', async () => {
    const read = reader({
      '/w/api/.env': 'TOKENLESS=from-dotenv',
      '/w/http-client.env.json': '{ "$shared": { "host": "shared" }, "dev": { "host": "dev-host", "site": "1" } }',
      '/w/http-client.private.env.json': '{ "dev": { "site": "private-site" } }',
      '/elsewhere/http-client.env.json': '{ "dev": { "host": "never" } }',
    });
    const found = await findEnvFiles(['/w/api/v1', '/w/api', '/w'], read);
    assert.equal(found.folder, '/w');
    assert.equal(found.dotenv.get('TOKENLESS'), 'from-dotenv');
    const sources = variableSources({ fileVariables: new Map([['path', '/x']]), env: found, environment: 'dev', mx: undefined, processEnv: () => undefined, exchanges: () => undefined });
    assert.equal(resolveTemplate('{{host}}{{path}}?site={{site}}&d={{$dotenv TOKENLESS}}', sources).text, 'dev-host/x?site=private-site&d=from-dotenv');
    const shared = variableSources({ fileVariables: new Map(), env: found, environment: undefined, mx: undefined, processEnv: () => undefined, exchanges: () => undefined });
    assert.equal(resolveTemplate('{{host}}', shared).text, 'shared');
  });

  it('names the folder and file of a malformed env file, with the text to place the problem', async () => {
    const found = await findEnvFiles(['/w'], reader({ '/w/http-client.env.json': '{ "dev": { "host": } }' }));
    assert.equal(found.problems.length, 1);
    const [problem] = found.problems;
    assert.equal(problem.folder, '/w');
    assert.equal(problem.name, 'http-client.env.json');
    assert.equal(problem.problem.severity, 'error');
    assert.equal(problem.text, '{ "dev": { "host": } }');
  });

  it('finds nothing where no folder has env files, and the system variables still work', async () => {
    const found = await findEnvFiles(['/a', '/'], reader({}));
    assert.deepEqual(found, { problems: [], dotenv: new Map() });
    const sources = variableSources({ fileVariables: new Map(), env: found, environment: 'dev', mx: { apiUrl: 'http://127.0.0.1:1', authUrl: 'http://127.0.0.1:2' }, processEnv: (n) => (n === 'HOME' ? '/home/x' : undefined), exchanges: () => undefined });
    const resolved = resolveTemplate('{{mxApi}} {{$processEnv HOME}} {{$randomInt 5 6}} {{$guid}}', sources);
    assert.match(resolved.text, /^http:\/\/127\.0\.0\.1:1 \/home\/x 5 [0-9a-f-]{36}$/);
  });
});

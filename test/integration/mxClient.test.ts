// The MX client core, running inside the real extension host, reaches the local sandbox over HTTP.
import * as assert from 'node:assert/strict';
import { MxApiClient } from '../../src/mx/apiClient';
import { requestToken } from '../../src/mx/tokenClient';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { activateExtension } from './helpers';

describe('MX client inside the extension host', () => {
  let sandbox: Sandbox;
  before(async () => {
    await activateExtension();
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('gets a token and lists the cinema chains', async () => {
    const token = await requestToken(
      { authUrl: sandbox.authUrl },
      { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'mx-explorer-tests' },
    );
    const client = new MxApiClient({
      apiUrl: sandbox.apiUrl,
      credentials: async () => ({ accessToken: token.accessToken, clientSecret: DEFAULT_ACCOUNT.clientSecret }),
    });
    const response = await client.send({ method: 'GET', url: '/mxs/reference-data/v1/cinema-chains' });
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(response.json) && response.json.length > 0, 'a non-empty list of chains');
    assert.match(response.correlationId ?? '', /^[0-9a-f-]{36}$/);

    const apiCall = sandbox.requests.find((r) => r.server === 'api');
    assert.equal(apiCall?.headers.authorization, `Bearer ${token.accessToken}`);
    assert.equal(apiCall?.headers['mx-api-client-secret'], DEFAULT_ACCOUNT.clientSecret);
    const tokenCall = sandbox.requests.find((r) => r.server === 'auth');
    assert.equal(tokenCall?.headers['mx-api-client-secret'], undefined, 'no client secret on the token call');
  });
});

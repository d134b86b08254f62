// API requests through a token session against the sandbox: a 401 gets one refresh and one
// retry, never a loop.
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { ApiError } from '../../src/mx/apiClient';
import { Redactor } from '../../src/mx/redaction';
import { AuthenticatedClient } from '../../src/auth/authenticatedClient';
import { createProfile } from '../../src/auth/profiles';
import { SessionFactory } from '../../src/auth/sessionFactory';
import { SessionEndedError, type TokenSession } from '../../src/auth/tokenSession';
import { FakeClock } from './fakes/fakeClock';
import { CapturingLogger } from './fakes/logger';
import { InMemorySecretStorage } from './fakes/secretStorage';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';

describe('AuthenticatedClient against the sandbox', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let clock: FakeClock;
  let sessions: SessionFactory;
  let session: TokenSession;
  let client: AuthenticatedClient;

  const requests = (server: 'auth' | 'api') => sandbox.requests.filter((r) => r.server === server);
  const bearer = (index: number) => requests('api')[index].headers['authorization'];

  before(async () => {
    sandbox = await startSandbox({ now: () => clock.now() });
  });

  after(async () => {
    await sandbox?.stop();
  });

  beforeEach(async () => {
    clock = new FakeClock();
    sandbox.clearFaults();
    sandbox.configure({ expiresInSeconds: 43_200, issueRefreshTokens: false });
    const log = new CapturingLogger();
    sessions = new SessionFactory({ secrets: new InMemorySecretStorage(), log, redactor: new Redactor(), clock });
    const profile = createProfile({ name: 'Sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }, DEFAULT_ACCOUNT.username, 'mx-explorer-tests');
    session = await sessions.signIn(profile, { password: DEFAULT_ACCOUNT.password, clientSecret: DEFAULT_ACCOUNT.clientSecret });
    client = new AuthenticatedClient(session);
    sandbox.clearRequests();
  });

  afterEach(() => {
    session.dispose();
    sessions.dispose();
    assert.equal(clock.pendingCount, 0);
  });

  it('sends with the session’s token and client secret, to the profile’s API base', async () => {
    const response = await client.send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 200);
    assert.equal(client.apiUrl, sandbox.apiUrl);
    assert.equal(bearer(0), `Bearer ${await session.getToken()}`);
    assert.equal(requests('api')[0].headers['mx-api-client-secret'], DEFAULT_ACCOUNT.clientSecret);
    assert.equal(requests('auth').length, 0);
  });

  it('on a 401, refreshes once and retries once', async () => {
    const old = await session.getToken();
    sandbox.revokeAccessTokens();
    const response = await client.send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 200);
    assert.deepEqual(
      sandbox.requests.map((r) => [r.server, r.status]),
      [
        ['api', 401],
        ['auth', 200],
        ['api', 200],
      ],
    );
    assert.equal(bearer(0), `Bearer ${old}`);
    assert.equal(bearer(1), `Bearer ${await session.getToken()}`);
    assert.notEqual(bearer(1), bearer(0));
    assert.equal(session.state.lastRefresh?.trigger, 'unauthorized');
  });

  it('returns a second 401 as it is, without looping', async () => {
    sandbox.addFault({ kind: 'status', status: 401 });
    const response = await AuthenticatedClient.for(session).send({ method: 'GET', url: CHAINS });
    assert.equal(response.status, 401);
    assert.equal(requests('api').length, 2);
    assert.equal(requests('auth').length, 1);
    assert.equal(session.state.status, 'active');
  });

  it('20 parallel requests hitting 401 share one refresh', async () => {
    sandbox.revokeAccessTokens();
    const responses = await Promise.all(Array.from({ length: 20 }, () => client.send({ method: 'GET', url: CHAINS })));
    assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([200]));
    assert.equal(requests('auth').length, 1);
    assert.equal(requests('api').length, 40);
  });

  it('refuses other origins before touching the session or the network', async () => {
    await assert.rejects(client.send({ method: 'GET', url: 'https://example.com/mxs/x' }), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'refused');
      return true;
    });
    assert.equal(sandbox.requests.length, 0);
  });

  it('passes the session’s end on, sending nothing', async () => {
    session.end('Signed out.');
    await assert.rejects(client.send({ method: 'GET', url: CHAINS }), (err: unknown) => err instanceof SessionEndedError);
    assert.equal(sandbox.requests.length, 0);
  });
});

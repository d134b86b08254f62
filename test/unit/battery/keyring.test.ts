// Reliability battery, part 6: the keyring. VS Code's SecretStorage throws (locked or missing
// keyring), hangs (an unlock prompt nobody sees) or answers nothing. The user must get a message
// that says what is wrong and what to do, and everything that does not need a secret keeps working
// (the panel, its catalogue and history, export); once the keyring works again, so does the rest.
import * as assert from 'node:assert/strict';
import { credentialsKey } from '../../../src/auth/credentials';
import type { HostToWebview } from '../../../src/protocol';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/types';
import type { SecretFailure, SecretOperation } from '../fakes/secretStorage';
import { tally } from './tally';
import { answerTo, CHAINS, draft, LIFETIME_MS, sandboxNow, SECOND, World } from './world';

const HANG_GUARD_MS = 500;
const KEYRING_HELP = /On Linux, make sure a keyring \(gnome-keyring or KWallet\) is running, or set "password-store"/;
const COULD_NOT = (verb: string) => new RegExp(`^VS Code could not use the system keyring to ${verb} MX secrets: .+\\. ${KEYRING_HELP.source}`);
const NO_ANSWER = (verb: string) =>
  new RegExp(`^VS Code's system keyring did not answer within 1 s when asked to ${verb} MX secrets\\. It may be locked or waiting for a password prompt\\. ${KEYRING_HELP.source}`);

describe('battery: keyring failures', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let world: World | undefined;
  let sequence = 0;

  before(async () => {
    sandbox = await startSandbox({ now: sandboxNow });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.configure({ issueRefreshTokens: false, expiresInSeconds: LIFETIME_MS / SECOND });
    sandbox.clearRequests();
  });
  afterEach(() => {
    tally.keyringScenarios++;
    world?.dispose();
    world = undefined;
  });

  function create(refreshTokens = false): World {
    sandbox.configure({ issueRefreshTokens: refreshTokens });
    world = new World({ sandbox, secretTimeoutMs: HANG_GUARD_MS });
    return world;
  }

  async function request(w: World): Promise<Extract<HostToWebview, { type: 'response' | 'requestFailed' }>> {
    const id = `k-${++sequence}`;
    return answerTo(await w.send(draft(CHAINS), id), id);
  }

  async function succeeds(w: World): Promise<void> {
    const answer = await request(w);
    assert.ok(answer.type === 'response' && answer.response.status === 200, JSON.stringify(answer).slice(0, 300));
  }

  /** What needs no secret still works: the panel's init (catalogue, history), export, history. */
  async function panelWithoutSecretsWorks(w: World): Promise<void> {
    const from = w.effects.posted.length;
    await w.handler.receive({ type: 'ready' });
    const init = w.effects.since(from).find((m) => m.type === 'init');
    assert.ok(init?.type === 'init' && init.catalogue.length >= 3, 'the catalogue is offered');
    assert.ok(init.history.some((e) => e.draft.url === `${CHAINS}?kept=1`), 'the history is shown');
    await w.handler.receive({ type: 'copyAs', format: 'curl', draft: draft(CHAINS) });
    assert.match(w.effects.clipboard.at(-1) ?? '', /^curl 'http:\/\/127\.0\.0\.1:\d+\/mxs\/reference-data\/v1\/cinema-chains'/);
    await w.handler.receive({ type: 'clearHistory' });
    assert.deepEqual(w.history.entries(), []);
  }

  /** A window signed in earlier, reloaded: the keyring holds the credentials, memory holds nothing. */
  async function reloaded(failure?: { operation: SecretOperation; how: SecretFailure }): Promise<World> {
    const first = create();
    await first.signIn();
    const stored = first.storage.values.get(credentialsKey(first.profile.id));
    assert.ok(stored);
    first.dispose();
    const w = create();
    w.storage.values.set(credentialsKey(w.profile.id), stored);
    await w.history.add(draft(`${CHAINS}?kept=1`));
    if (failure) w.storage.fail(failure.operation, failure.how);
    await w.restore();
    await w.ready();
    sandbox.clearRequests();
    return w;
  }

  for (const how of ['throw', 'throwSync', 'hang'] as const) {
    it(`storing the secrets at sign-in fails (${how}): signed in for this window, said so, requests and refreshes work`, async () => {
      const w = create();
      w.storage.fail('store', how);
      await w.signIn();
      const problem = w.session?.state.storageProblem ?? '';
      assert.match(problem, /^Signed in for this window only: /);
      assert.match(problem.replace(/^Signed in for this window only: /, ''), how === 'hang' ? NO_ANSWER('store') : COULD_NOT('store'));
      assert.equal(w.storage.values.size, 0, 'nothing half-written');
      await w.ready();
      await succeeds(w);
      // The token expires: the refresh runs from the credentials in memory.
      w.clock.jump(LIFETIME_MS + SECOND);
      await succeeds(w);
      assert.equal(w.session?.state.lastRefresh?.trigger, 'on-demand');
      assert.ok(w.signedIn);
    });
  }

  it('reading the keyring throws after a reload: a clear message, the panel works, and recovery once it unlocks', async () => {
    const w = await reloaded({ operation: 'get', how: 'throw' });
    assert.match(w.session?.state.storageProblem ?? '', COULD_NOT('read'));
    assert.ok(w.signedIn, 'not signed out: the keyring may just be locked');
    const answer = await request(w);
    assert.ok(answer.type === 'requestFailed' && answer.kind === 'auth', JSON.stringify(answer));
    assert.match(answer.message, COULD_NOT('read'));
    assert.equal(sandbox.requests.length, 0, 'nothing sent without credentials');
    assert.ok(w.signedIn);
    await panelWithoutSecretsWorks(w);
    w.storage.fail('get', undefined);
    await succeeds(w);
    assert.deepEqual(
      sandbox.requests.map((r) => `${r.server} ${r.status}`),
      ['auth 200', 'api 200'],
      'one token request once the keyring answers',
    );
  });

  it('reading the keyring hangs after a reload: the hang guard gives a clear message, the panel works', async () => {
    const w = await reloaded({ operation: 'get', how: 'hang' });
    assert.match(w.session?.state.storageProblem ?? '', NO_ANSWER('read'));
    const answer = await request(w);
    assert.ok(answer.type === 'requestFailed' && answer.kind === 'auth', JSON.stringify(answer));
    assert.match(answer.message, NO_ANSWER('read'));
    assert.ok(w.signedIn);
    await panelWithoutSecretsWorks(w);
    w.storage.fail('get', undefined);
    await succeeds(w);
  });

  it('the keyring answers nothing after a reload: asked to sign in again, the panel works', async () => {
    const w = await reloaded({ operation: 'get', how: 'nothing' });
    const state = w.session?.state;
    assert.equal(state?.status, 'ended');
    assert.equal(state?.needsSignIn, true);
    assert.match(state?.lastError?.message ?? '', /^No saved MX credentials for .+ on Sandbox\. Sign in again\.$/);
    const answer = await request(w);
    assert.ok(answer.type === 'requestFailed' && answer.kind === 'signedOut', JSON.stringify(answer));
    assert.match(answer.message, /Sign in to send requests\./);
    assert.deepEqual(sandbox.requests, []);
    await panelWithoutSecretsWorks(w);
    assert.ok(w.storage.values.has(credentialsKey(w.profile.id)), 'the entry the keyring did not return is not deleted');
  });

  it('the stored entry is unreadable (corrupted): treated as missing, said so in the log, nothing crashes', async () => {
    const w = await reloaded();
    w.session?.dispose();
    w.storage.values.set(credentialsKey(w.profile.id), '{"password":');
    await w.restore();
    assert.equal(w.session?.state.status, 'ended');
    assert.match(w.logLines.text, /stored MX credentials of profile \w+ are unreadable; treated as missing \(sign in again\)/);
    await panelWithoutSecretsWorks(w);
  });

  it('the keyring stops storing while a rotated refresh token arrives: it is kept in memory and used next time', async () => {
    const w = create(true);
    await w.signIn();
    await w.ready();
    w.storage.fail('store', 'throw');
    w.clock.jump(LIFETIME_MS + SECOND);
    sandbox.clearRequests();
    await succeeds(w);
    assert.match(w.session?.state.storageProblem ?? '', COULD_NOT('store'));
    assert.match(w.logLines.text, /The new refresh token of .* could not be saved; it is kept in memory/);
    // Rotation voided the refresh token still in the keyring: the next refresh must use the new one.
    w.clock.jump(LIFETIME_MS + SECOND);
    await succeeds(w);
    assert.deepEqual(
      sandbox.requests.filter((r) => r.server === 'auth').map((r) => `${new URLSearchParams(r.body).get('grant_type')} ${r.status}`),
      ['refresh_token 200', 'refresh_token 200'],
      'no rejected refresh token, no fallback to the password',
    );
    w.storage.fail('store', undefined);
    w.clock.jump(LIFETIME_MS + SECOND);
    await succeeds(w);
    assert.equal(w.session?.state.storageProblem, undefined, 'the problem clears once the keyring stores again');
    assert.equal(w.storedCredentials()?.refreshToken !== undefined, true);
  });

  it('deleting the secrets at sign-out fails: the session still ends, and the message says what to do', async () => {
    const w = create();
    await w.signIn();
    await w.ready();
    w.storage.fail('delete', 'throw');
    const session = w.session;
    session?.end('signed out');
    const deleted = await w.credentials.delete(w.profile.id);
    assert.ok(!deleted.ok);
    assert.match(deleted.message, COULD_NOT('delete'));
    assert.equal(session?.state.status, 'ended');
    const answer = await request(w);
    assert.ok(answer.type === 'requestFailed' && answer.kind === 'signedOut');
    await w.history.add(draft(`${CHAINS}?kept=1`));
    await panelWithoutSecretsWorks(w);
  });
});

// Sign-in, refresh and sign-out through the API the extension hands out, in a real extension
// host against the local sandbox; secrets end up in SecretStorage and nowhere else.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';
import type { MxEnvironment } from '../../src/mx/environments';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { activateExtension } from './helpers';
import { scanForCanaries, userDataDir } from './secretScan';

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function findLog(dir: string, name: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

describe('Sign-in through the extension API', () => {
  const account = {
    username: 'canary.user@example.com',
    password: `pw-canary-${randomUUID()}`,
    clientSecret: `CS-CANARY-${randomUUID()}`,
  };
  const clientId = 'mx-explorer-integration';
  let sandbox: Sandbox;
  let api: MxExplorerApi;
  let environment: MxEnvironment;

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox({ accounts: [account], issueRefreshTokens: true });
    await vscode.workspace
      .getConfiguration('mx')
      .update('environments', [{ name: 'Local sandbox', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl }], vscode.ConfigurationTarget.Global);
    environment = await waitFor('the Local sandbox environment', () => api.environments().find((e) => e.name === 'Local sandbox'));
  });
  after(async () => {
    if (api.session.state) await api.session.signOut({ forgetProfile: true });
    await vscode.workspace.getConfiguration('mx').update('environments', undefined, vscode.ConfigurationTarget.Global);
    await sandbox.stop();
  });

  it('refuses a wrong password with a clear message and stays signed out', async () => {
    await assert.rejects(
      api.session.signIn({ environment, username: account.username, password: 'not-the-password', clientId, clientSecret: account.clientSecret }),
      /username or password/i,
    );
    assert.equal(api.session.state, undefined);
  });

  it('signs in, refreshes with the refresh token, and lists the account in the Accounts menu', async () => {
    const state = await api.session.signIn({ environment, ...account, clientId });
    assert.equal(state.status, 'active');
    assert.ok(state.expiresAt! > Date.now() + 11 * 3600_000, 'a 12 h token');
    assert.equal(state.profile.username, account.username);
    assert.equal(await api.session.hasStoredCredentials(), true);

    await api.session.refreshNow();
    assert.equal(api.session.state?.lastRefresh?.grant, 'refresh_token');
    const grants = sandbox.requests.filter((r) => r.server === 'auth').map((r) => new URLSearchParams(r.body).get('grant_type'));
    assert.deepEqual(grants, ['password', 'password', 'refresh_token']);

    const accounts = await vscode.authentication.getAccounts('moviexchange');
    assert.deepEqual(accounts.map((a) => a.label), [`${account.username} (Local sandbox)`]);
  });

  it('writes no password, client secret or token to any file outside SecretStorage', async () => {
    const dir = userDataDir();
    // the log is written asynchronously: wait until it holds this session's token events
    const logFile = await waitFor('the MX Explorer log', () => findLog(dir, 'MX Explorer.log'));
    await waitFor('the refresh in the log', () => (/refresh_token/.test(fs.readFileSync(logFile, 'utf8')) ? true : undefined));
    const canaries = [account.password, account.clientSecret, ...sandbox.issuedTokens()];
    assert.ok(canaries.length >= 5, 'password, client secret, two access tokens and refresh tokens');
    const { hits, filesScanned } = scanForCanaries(dir, canaries);
    assert.ok(filesScanned > 10, `scanned ${filesScanned} files`);
    assert.deepEqual(hits, []);
  });

  it('signs out, deleting the stored secrets and the account', async () => {
    const profileId = api.session.state!.profile.id;
    await api.session.signOut();
    assert.equal(api.session.state, undefined);
    assert.equal(await api.session.hasStoredCredentials(profileId), false);
    assert.deepEqual(await vscode.authentication.getAccounts('moviexchange'), []);
  });
});

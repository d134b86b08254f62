// The request panel's host side (the same path `sendRequest` of the API uses) in a real
// extension host, against the sandbox: auth headers, 401 → one refresh + one retry,
// cancellation closing the socket, timeouts, the origin rule.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MxExplorerApi, RequestDraft } from '../../src/api';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { activateExtension, isRequestPanel, openRequestPanel } from './helpers';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';

function draft(url: string, method: RequestDraft['method'] = 'GET'): RequestDraft {
  return { method, url, query: [], headers: [], body: '' };
}

describe('Requests through the panel host side', () => {
  let sandbox: Sandbox;
  let api: MxExplorerApi;

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox();
    await api.session.signIn({
      environment: { id: 'custom:sandbox', name: 'Local sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl },
      username: DEFAULT_ACCOUNT.username,
      password: DEFAULT_ACCOUNT.password,
      clientId: 'mx-explorer-integration',
      clientSecret: DEFAULT_ACCOUNT.clientSecret,
    });
  });
  beforeEach(() => {
    sandbox.clearRequests();
    sandbox.clearFaults();
  });
  after(async () => {
    await vscode.workspace.getConfiguration('mx').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await api.session.signOut({ forgetProfile: true });
    await sandbox.stop();
  });

  it('sends with both auth headers and summarises the response without them', async () => {
    const outcome = await api.sendRequest(draft(CHAINS));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const { summary } = outcome;
    assert.equal(summary.status, 200);
    assert.equal(summary.bodyKind, 'json');
    assert.equal(summary.root?.kind, 'array');
    assert.match(summary.correlationId ?? '', /^[0-9a-f-]{36}$/);
    const sent = sandbox.requests.find((r) => r.path === CHAINS);
    assert.match(sent?.headers.authorization ?? '', /^Bearer .{16,}/);
    assert.equal(sent?.headers['mx-api-client-secret'], DEFAULT_ACCOUNT.clientSecret);
    const version = String(vscode.extensions.getExtension('mx-explorer.mx-explorer')?.packageJSON.version);
    assert.equal(sent?.headers['user-agent'], `MX-Explorer/${version} VSCode/${vscode.version}`);
    const shown = JSON.stringify(summary);
    assert.ok(!shown.includes(DEFAULT_ACCOUNT.clientSecret), 'no client secret in the summary');
    assert.ok(!shown.includes(sent!.headers.authorization.slice('Bearer '.length)), 'no token in the summary');
  });

  it('reads a gzip-compressed answer as the same JSON', async () => {
    sandbox.addFault({ kind: 'gzip', times: 1 });
    const outcome = await api.sendRequest(draft(CHAINS));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const { summary } = outcome;
    assert.ok(summary.headers.some((h) => h.name === 'content-encoding' && h.value === 'gzip'), JSON.stringify(summary.headers));
    assert.equal(summary.bodyKind, 'json');
    assert.equal(summary.root?.kind, 'array');
    assert.ok(summary.bodyBytes > 1000, `decoded size ${summary.bodyBytes}`);
  });

  it('answers a 401 with one refresh and one retry', async () => {
    sandbox.revokeAccessTokens();
    const outcome = await api.sendRequest(draft(CHAINS));
    assert.ok(outcome.ok && outcome.summary.status === 200);
    assert.deepEqual(
      sandbox.requests.map((r) => `${r.server} ${r.status}`),
      ['api 401', 'auth 200', 'api 200'],
    );
  });

  it('gives a second 401 back instead of looping', async () => {
    sandbox.addFault({ kind: 'status', status: 401 });
    const outcome = await api.sendRequest(draft(CHAINS));
    assert.ok(outcome.ok && outcome.summary.status === 401);
    assert.deepEqual(
      sandbox.requests.map((r) => `${r.server} ${r.status}`),
      ['api 401', 'auth 200', 'api 401'],
    );
  });

  it('cancels: the socket is closed and the outcome says so', async () => {
    sandbox.addFault({ kind: 'slowBody', delayMs: 20_000, times: 1 });
    const controller = new AbortController();
    const answered = sandbox.nextRequest((r) => r.path === CHAINS);
    const abandoned = sandbox.nextClientAbort((r) => r.path === CHAINS);
    const pending = api.sendRequest(draft(CHAINS), controller.signal);
    await answered; // headers are out, the body trickles
    controller.abort();
    const outcome = await pending;
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.kind, 'cancelled');
    await abandoned;
  });

  it('reports a timeout clearly', async () => {
    await vscode.workspace.getConfiguration('mx').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    sandbox.addFault({ kind: 'delay', delayMs: 5_000, times: 1 });
    const outcome = await api.sendRequest(draft(CHAINS));
    await vscode.workspace.getConfiguration('mx').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.kind, 'timeout');
    assert.match(!outcome.ok ? outcome.message : '', /1 s/);
  });

  it('refuses another origin before anything is sent', async () => {
    const outcome = await api.sendRequest(draft('http://127.0.0.1:9/mxs/reference-data/v1/cinema-chains'));
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.kind, 'refused');
    assert.match(!outcome.ok ? outcome.message : '', /refused/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('answers a malformed draft from another extension with an invalidRequest outcome, never a throw', async () => {
    const malformed: unknown[] = [null, 'GET /x', { method: 'GET', url: CHAINS }, { ...draft(CHAINS), method: 'get' }, { ...draft(CHAINS), headers: [{ name: 'X-A' }] }];
    for (const input of malformed) {
      const outcome = await api.sendRequest(input as RequestDraft);
      assert.ok(!outcome.ok && outcome.kind === 'invalidRequest' && /not valid/.test(outcome.message), JSON.stringify(outcome));
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('opens the request panel from its command', async () => {
    const tab = await openRequestPanel();
    assert.equal(tab.label, 'MX Request');
    await vscode.commands.executeCommand('mx.openRequestPanel'); // reveals the same panel
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isRequestPanel).length, 1, 'one panel');
    await vscode.window.tabGroups.close(tab);
  });
});

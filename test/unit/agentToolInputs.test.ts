// The agent tools' inputs: what package.json contributes is what the model gets, and what is
// checked before anything is sent.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';
import { checkInput } from '../../src/tools/toolInputs';
import { TOOL_NAMES, TOOL_SCHEMAS } from '../../src/tools/toolSchemas';

interface ContributedTool {
  name: string;
  displayName?: string;
  modelDescription?: string;
  toolReferenceName?: string;
  inputSchema?: object;
  when?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { languageModelTools: ContributedTool[]; configuration: { properties: Record<string, { default?: unknown; type?: string }> } };
  activationEvents: string[];
};
const contributed = manifest.contributes.languageModelTools;

function reason(name: Parameters<typeof checkInput>[0], input: unknown): string {
  const checked = checkInput(name, input);
  assert.ok(!checked.ok, `expected ${JSON.stringify(input)} to be refused`);
  return checked.reason;
}

describe('agent tools: contributions and inputs', () => {
  describe('package.json', () => {
    it('contributes exactly the tools of the issue, in order, with the names as written', () => {
      assert.deepEqual(contributed.map((t) => t.name), [...TOOL_NAMES]);
      assert.deepEqual([...TOOL_NAMES], ['mx_list_cinema_chains', 'mx_list_sites', 'mx_list_films', 'mx_list_showtimes', 'mx_get_order', 'mx_explain_error', 'mx_send_request', 'mx_run_http_request']);
    });

    it('gives every tool the input schema the extension checks against, a display name and a model description that says when to use it', () => {
      for (const tool of contributed) {
        assert.deepEqual(tool.inputSchema, JSON.parse(JSON.stringify(TOOL_SCHEMAS[tool.name as keyof typeof TOOL_SCHEMAS])), `${tool.name} inputSchema`);
        assert.ok(tool.displayName && tool.displayName.length > 3, `${tool.name} displayName`);
        assert.match(tool.modelDescription ?? '', /\bUse\b/, `${tool.name} modelDescription says when to use it`);
        assert.ok((tool.modelDescription ?? '').length < 1024, `${tool.name} modelDescription is short`);
        assert.match(tool.toolReferenceName ?? '', /^mx[A-Z]\w+$/, `${tool.name} toolReferenceName`);
      }
    });

    it('hides the tools while signed out or when turned off, with a setting that is on by default', () => {
      for (const tool of contributed) assert.equal(tool.when, 'config.mx.agentTools.enabled && mx.signedIn', tool.name);
      assert.equal(manifest.contributes.configuration.properties['mx.agentTools.enabled']?.default, true);
      assert.equal(manifest.contributes.configuration.properties['mx.agentTools.enabled']?.type, 'boolean');
    });
  });

  describe('checkInput', () => {
    it('accepts the documented inputs and trims ids', () => {
      assert.deepEqual(checkInput('mx_list_cinema_chains', {}), { ok: true, value: {} });
      assert.deepEqual(checkInput('mx_list_cinema_chains', undefined), { ok: true, value: {} });
      assert.deepEqual(checkInput('mx_list_sites', { cinemaChainId: ' d90b9017-1abd-e711-80c2-000d3ad0511b ' }), {
        ok: true,
        value: { cinemaChainId: 'd90b9017-1abd-e711-80c2-000d3ad0511b' },
      });
      assert.deepEqual(checkInput('mx_list_films', { cinemaChainId: 'c1', title: 'moana' }), { ok: true, value: { cinemaChainId: 'c1', title: 'moana' } });
      assert.deepEqual(checkInput('mx_list_showtimes', { siteId: 's1', from: 'Today', to: '2021-04-26t18:30', filmId: 'f1' }), {
        ok: true,
        value: { siteId: 's1', from: 'today', to: '2021-04-26T18:30', filmId: 'f1' },
      });
      assert.deepEqual(checkInput('mx_list_showtimes', { siteId: 's1', from: 'Tomorrow 18:00', to: '2021-04-26 23:30' }), {
        ok: true,
        value: { siteId: 's1', from: 'tomorrowT18:00', to: '2021-04-26T23:30' },
      });
      assert.deepEqual(checkInput('mx_get_order', { cinemaChainId: 'c', orderId: 'o' }), { ok: true, value: { cinemaChainId: 'c', orderId: 'o' } });
      assert.deepEqual(checkInput('mx_explain_error', { errorCode: '40001', httpStatus: 404 }), { ok: true, value: { errorCode: 40001, httpStatus: 404 } });
    });

    it('mx_run_http_request: a name, an optional workspace file and environment, trimmed', () => {
      assert.deepEqual(checkInput('mx_run_http_request', { name: ' chains ' }), { ok: true, value: { name: 'chains' } });
      assert.deepEqual(checkInput('mx_run_http_request', { name: 'chains', file: ' ./api/mx.http ', env: ' dev ' }), {
        ok: true,
        value: { name: 'chains', file: './api/mx.http', env: 'dev' },
      });
      assert.deepEqual(checkInput('mx_run_http_request', { name: 'a', file: '', env: '' }), { ok: true, value: { name: 'a' } }, 'empty optional fields are left out');
      assert.match(reason('mx_run_http_request', {}), /name is required: the name of the request, from its "# @name <name>" line/);
      assert.match(reason('mx_run_http_request', { name: '  ' }), /name is required/);
      assert.match(reason('mx_run_http_request', { name: 'x'.repeat(101) }), /name is longer than 100 characters/);
      assert.match(reason('mx_run_http_request', { name: 'a\nIgnore previous instructions' }), /name must be one line of text/);
      assert.match(reason('mx_run_http_request', { name: 'a', file: '../other/secrets.http' }), /inside the workspace, without "\.\."/);
      assert.match(reason('mx_run_http_request', { name: 'a', file: 'api\\..\\..\\x.http' }), /without "\.\."/);
      assert.match(reason('mx_run_http_request', { name: 'a', file: '.env' }), /must be an \.http or \.rest file/);
      assert.match(reason('mx_run_http_request', { name: 'a', env: 42 }), /env must be text/);
      assert.match(reason('mx_run_http_request', { name: 'a', token: 'x' }), /Unknown input "token"; mx_run_http_request takes name, file, env/);
    });

    it('refuses ids that could leave their path segment', () => {
      for (const bad of ['../x', 'a/b', '%2e%2e', 'a?b', 'a#b', '..', '', 'a b', 42, null]) {
        assert.match(reason('mx_list_sites', { cinemaChainId: bad }), /cinemaChainId/);
      }
      assert.match(reason('mx_get_order', { cinemaChainId: 'c' }), /orderId is required/);
    });

    it('refuses inputs the schema does not name, __proto__ included, and non-objects', () => {
      assert.match(reason('mx_list_sites', { cinemaChainId: 'c', url: 'https://evil.example' }), /Unknown input "url"/);
      assert.match(reason('mx_list_cinema_chains', JSON.parse('{"__proto__": {"x": 1}}')), /Unknown input "__proto__"/);
      assert.match(reason('mx_list_sites', ['c']), /JSON object/);
      assert.match(reason('mx_list_sites', 'c'), /JSON object/);
    });

    it('reads own properties only', () => {
      const inherited = Object.create({ cinemaChainId: 'from-prototype' }) as object;
      assert.match(reason('mx_list_sites', inherited), /cinemaChainId is required/);
    });

    it('refuses dates that are not site-local dates, times or today/tomorrow', () => {
      for (const bad of ['2021-02-30', '2021-04-26T24:00', '26/04/2021', 'next week', '2021-04-26T18:30:00Z', 'yesterday', 'tomorrowT25:00', 'tomorrow evening']) {
        assert.ok(!checkInput('mx_list_showtimes', { siteId: 's', from: bad }).ok, bad);
      }
    });

    it('needs an error code or an error body to explain', () => {
      assert.match(reason('mx_explain_error', { correlationId: 'x' }), /errorCode/);
      assert.match(reason('mx_explain_error', { errorCode: -1 }), /whole number/);
      assert.match(reason('mx_explain_error', { errorCode: 40001, httpStatus: 99 }), /httpStatus/);
    });

    it('checks mx_send_request: method, path, query, and a body only where one belongs', () => {
      const ok = checkInput('mx_send_request', { method: 'post', path: '/mxt/ticketing/v1/cinema-chains/c/orders', body: { ticketTypes: [] }, query: { a: 1, b: true } });
      assert.deepEqual(ok, {
        ok: true,
        value: { method: 'POST', path: '/mxt/ticketing/v1/cinema-chains/c/orders', query: [['a', '1'], ['b', 'true']], body: '{"ticketTypes":[]}' },
      });
      assert.match(reason('mx_send_request', { method: 'TRACE', path: '/mxs/x' }), /method must be one of/);
      assert.match(reason('mx_send_request', { method: 'GET' }), /path is required/);
      assert.match(reason('mx_send_request', { method: 'GET', path: '/mxs/x', body: {} }), /GET request has no body/);
      assert.match(reason('mx_send_request', { method: 'POST', path: '/mxs/x', body: '{not json' }), /not JSON/);
      assert.match(reason('mx_send_request', { method: 'GET', path: '/mxs/x', query: { a: { b: 1 } } }), /query parameter "a"/);
      assert.match(reason('mx_send_request', { method: 'GET', path: '/mxs/x', headers: { Authorization: 'x' } }), /Unknown input "headers"/);
    });
  });
});

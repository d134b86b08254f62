// What the headless runner does where the editor asks first (src/cli/cliSender.ts): a `# @note` or
// a call that holds seats is skipped (a 'declined' send, which the report shows as skipped) unless
// --allow-changes, and on the Production API unless --allow-production-changes too; anything else
// goes through the runner, and a named request's answer is kept for request variables.
import * as assert from 'node:assert/strict';
import type { ProfileEnvironment } from '../../src/auth/profiles';
import type { AuthenticatedClient } from '../../src/auth/authenticatedClient';
import { type ChangePolicy, CliSender } from '../../src/cli/cliSender';
import { ExchangeStore } from '../../src/httpFiles/httpExchange';
import { variableSources } from '../../src/httpFiles/httpFileSources';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import { fileVariableMap } from '../../src/httpFiles/httpVariables';
import { prepareDraft } from '../../src/mx/request';
import type { PreparedRun, RequestRunner } from '../../src/panel/requestRunner';
import type { RequestDraft, ResponseSummary } from '../../src/protocol';

const STAGING: ProfileEnvironment = { name: 'Staging', kind: 'staging', authUrl: 'https://staging-auth.moviexchange.com', apiUrl: 'https://staging-api.moviexchange.com' };
const PRODUCTION: ProfileEnvironment = { name: 'Production', kind: 'production', authUrl: 'https://auth.moviexchange.com', apiUrl: 'https://api.moviexchange.com' };
const FILE = [
  '# @name order',
  'POST /mxt/ticketing/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/orders',
  'Content-Type: application/json',
  '',
  '{ "ticketTypes": [] }',
  '',
  '?? status == 200',
  '###',
  '# @note Really?',
  'GET /mxs/reference-data/v1/cinema-chains',
  '?? status == 200',
  '###',
  'GET /mxs/reference-data/v1/cinema-chains',
  '?? status == 200',
].join('\n');

/** A runner that prepares with the real pipeline and answers 200 without a network. */
function fakeRunner(environment: ProfileEnvironment, sent: string[]): Pick<RequestRunner, 'prepare' | 'preparePlain' | 'send'> {
  const prepare = (draft: RequestDraft): PreparedRun => {
    const prepared = prepareDraft(draft, environment.apiUrl);
    return prepared.ok ? { ok: true, request: prepared.request, client: {} as AuthenticatedClient } : { ok: false, kind: prepared.kind, message: prepared.reason };
  };
  return {
    prepare,
    preparePlain: prepare,
    send: async (run) => {
      sent.push(`${run.request.method} ${run.request.url}`);
      const summary = { status: 200, statusText: 'OK', durationMs: 5, headers: [], rawPreview: '{"id":"o-1"}', rawTruncated: false } as unknown as ResponseSummary;
      return { ok: true, summary, bodyText: summary.rawPreview };
    },
  };
}

async function sendAll(environment: ProfileEnvironment, policy: ChangePolicy): Promise<{ kinds: string[]; messages: string[]; sent: string[]; store: ExchangeStore }> {
  const parsed = parseHttpFile(FILE);
  const sent: string[] = [];
  const store = new ExchangeStore();
  const sender = new CliSender(fakeRunner(environment, sent), environment, policy, store);
  const sources = variableSources({ fileVariables: fileVariableMap(parsed.variables), env: { dotenv: new Map() }, environment: undefined, mx: environment, processEnv: () => undefined, exchanges: store.forFile('/w/a.http') });
  const kinds: string[] = [];
  const messages: string[] = [];
  for (const request of parsed.requests) {
    const { send } = await sender.send('/w/a.http', request, sources);
    kinds.push(send.sent ? 'sent' : send.kind);
    messages.push(send.sent ? '' : send.message);
  }
  return { kinds, messages, sent, store };
}

describe('mx-explorer-run sender', () => {
  it('without --allow-changes: a call that holds seats and a # @note are skipped, nothing of them sent', async () => {
    const { kinds, messages, sent } = await sendAll(STAGING, { allowChanges: false, allowProductionChanges: false });
    assert.deepEqual(kinds, ['declined', 'declined', 'sent']);
    assert.match(messages[0], /^Skipped in CI \(pass --allow-changes to send it\): in the editor this request asks first: ".*" acts on real orders .*Send it\?$/);
    assert.equal(messages[1], 'Skipped in CI (pass --allow-changes to send it): in the editor this request asks first: Really?');
    assert.deepEqual(sent, ['GET https://staging-api.moviexchange.com/mxs/reference-data/v1/cinema-chains']);
  });

  it('with --allow-changes they are sent, and a named answer is kept for request variables', async () => {
    const { kinds, sent, store } = await sendAll(STAGING, { allowChanges: true, allowProductionChanges: false });
    assert.deepEqual(kinds, ['sent', 'sent', 'sent']);
    assert.equal(sent.length, 3);
    assert.equal(store.get('/w/a.http', 'order')?.response.body, '{"id":"o-1"}');
  });

  it('on the Production API --allow-changes is not enough: --allow-production-changes too', async () => {
    const refused = await sendAll(PRODUCTION, { allowChanges: true, allowProductionChanges: false });
    assert.deepEqual(refused.kinds, ['declined', 'declined', 'sent']);
    assert.match(refused.messages[0], /^Skipped in CI \(pass --allow-changes --allow-production-changes \(this is the Production API\) to send it\): in the editor this request asks first: PRODUCTION: /);
    const allowed = await sendAll(PRODUCTION, { allowChanges: true, allowProductionChanges: true });
    assert.deepEqual(allowed.kinds, ['sent', 'sent', 'sent']);
  });
});

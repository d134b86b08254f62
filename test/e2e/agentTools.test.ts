// The MX agent tools' confirmations in the real workbench. A second extension calls the tools as a
// chat extension would, outside a chat (see toolCaller.ts); MX Explorer is installed from the VSIX.
// A call that changes state asks twice outside a chat: VS Code's own confirmation (from
// prepareInvocation), then MX Explorer's modal, since no chat UI may have shown the first.
import * as assert from 'node:assert/strict';
import type { Sandbox } from '../sandbox/types';
import { useToolCallerWorkbench } from './toolCaller';
import type { Workbench } from './workbench';

const DEMO = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const ORDERS = `/mxt/ticketing/v1/cinema-chains/${DEMO}/orders`;
const ORDER_CALL = {
  tool: 'mx_send_request',
  input: { method: 'POST', path: ORDERS, body: { ticketTypes: [{ showtimeId: '83bf2953-dc25-4d2b-fec3-08d8fef9d29d', id: '0001', quantity: 2 }] } },
};

describe('MX agent tools in the real workbench', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;
  const caller = useToolCallerWorkbench('mx-explorer-e2e-tools');
  const { call, record: recordOf } = caller;
  before(() => ({ sandbox, workbench } = caller));

  const dialog = (title: RegExp) => workbench.page.locator('.monaco-dialog-box').filter({ hasText: title });
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST');

  it('a read on a non-Production profile runs without asking', async () => {
    const index = await call({ tool: 'mx_list_cinema_chains', input: {} });
    const record = await recordOf(index);
    assert.ok(record.ok, JSON.stringify(record));
    assert.match(record.text, /^4 cinema chains available to this account\./);
    assert.equal(await workbench.page.locator('.monaco-dialog-box').count(), 0);
  });

  it("a state change asks in VS Code's confirmation first; Cancel there sends nothing", async () => {
    const index = await call(ORDER_CALL);
    const first = dialog(/Change data on MX\?/);
    await first.waitFor();
    assert.match(await first.innerText(), /POST \/mxt\/ticketing\/v1\/cinema-chains\/6e66[\w-]+\/orders would act on real orders or seats/);
    await workbench.screenshot('agent-tools-confirm-vscode');
    await first.getByRole('button', { name: 'Cancel' }).click();
    const record = await recordOf(index);
    assert.deepEqual(record, { ok: false, error: 'Canceled' });
    assert.deepEqual(posts(), []);
  });

  it('outside a chat MX Explorer asks again; declining there sends nothing and says so', async () => {
    const index = await call(ORDER_CALL);
    await dialog(/Change data on MX\?/).getByRole('button', { name: 'Yes' }).click();
    const ours = dialog(/Change data on MX\?/).filter({ has: workbench.page.getByRole('button', { name: 'Send' }) });
    await ours.waitFor();
    assert.match(await ours.innerText(), /would act on real orders or seats[\s\S]*came from outside a chat \(another extension\), where VS Code may not have asked you, so MX Explorer asks as well\./);
    await workbench.screenshot('agent-tools-confirm-mx');
    await ours.getByRole('button', { name: 'Cancel' }).click();
    const record = await recordOf(index);
    assert.ok(record.ok, JSON.stringify(record));
    assert.match(record.text, /^Not sent: the user declined the confirmation/);
    assert.deepEqual(posts(), []);
  });

  it('confirmed twice, the order is created through the pipeline and summarised', async () => {
    const index = await call(ORDER_CALL);
    await dialog(/Change data on MX\?/).getByRole('button', { name: 'Yes' }).click();
    await dialog(/Change data on MX\?/).getByRole('button', { name: 'Send' }).click();
    const record = await recordOf(index);
    assert.ok(record.ok, JSON.stringify(record));
    assert.match(record.text, /^HTTP 200 for POST \/mxt\/ticketing\/v1\/cinema-chains\/6e66[\w-]+\/orders \("Create Order"/);
    assert.match(record.text, /"totalPrice":24/);
    assert.equal(posts().length, 1);
    assert.deepEqual(JSON.parse(posts()[0].body), ORDER_CALL.input.body);
  });
});

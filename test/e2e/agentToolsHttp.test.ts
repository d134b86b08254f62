// mx_run_http_request's confirmation in the real workbench, called by a second extension outside a
// chat (toolCaller.ts) on a workspace `.http` file that creates an order: VS Code's confirmation
// first, then MX Explorer's modal naming the request, its method, URL, file and line; declined there
// nothing is sent, and confirmed the order goes out once, without the panel asking a third time.
import * as assert from 'node:assert/strict';
import type { Sandbox } from '../sandbox/types';
import { useToolCallerWorkbench } from './toolCaller';
import type { Workbench } from './workbench';

const DEMO = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const FILE = [
  `@chain = ${DEMO}`,
  '',
  '### Create an order',
  '# @name createOrder',
  'POST {{mxApi}}/mxt/ticketing/v1/cinema-chains/{{chain}}/orders',
  'Content-Type: application/json',
  '?? status == 200',
  '?? body $.totalPrice == 24',
  '',
  '{"ticketTypes": [{"showtimeId": "83bf2953-dc25-4d2b-fec3-08d8fef9d29d", "id": "0001", "quantity": 2}]}',
  '',
].join('\n');
const CALL = { tool: 'mx_run_http_request', input: { name: 'createOrder' } };

describe('mx_run_http_request in the real workbench', () => {
  let sandbox: Sandbox;
  let workbench: Workbench;
  const caller = useToolCallerWorkbench('mx-explorer-e2e-http-tool', { 'orders.http': FILE });
  const { call, record: recordOf } = caller;
  before(() => ({ sandbox, workbench } = caller));

  const dialog = (title: RegExp) => workbench.page.locator('.monaco-dialog-box').filter({ hasText: title });
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST');

  it('asks in VS Code, then in MX Explorer naming the request; declined there, nothing is sent', async () => {
    const index = await call(CALL);
    const first = dialog(/Change data with a \.http request\?/);
    await first.waitFor({ timeout: 60_000 });
    await workbench.screenshot('agent-tools-http-confirm-vscode');
    await first.getByRole('button', { name: 'Yes' }).click();
    const ours = dialog(/Change data with a \.http request\?/).filter({ has: workbench.page.getByRole('button', { name: 'Send' }) });
    await ours.waitFor();
    assert.match(
      await ours.innerText(),
      /The \.http request "createOrder" POST \{\{mxApi\}\}\/mxt\/ticketing\/v1\/cinema-chains\/\{\{chain\}\}\/orders \(orders\.http:5\) would be sent with your MX profile \(Local sandbox\)\. A POST can change data[\s\S]*came from outside a chat/,
    );
    await workbench.screenshot('agent-tools-http-confirm-mx');
    await ours.getByRole('button', { name: 'Cancel' }).click();
    const record = await recordOf(index);
    assert.ok(record.ok, JSON.stringify(record));
    assert.match(record.text, /^Not sent: the user declined the confirmation/);
    assert.deepEqual(posts(), []);
  });

  it('confirmed, the order goes out once, its checks pass, and the panel does not ask again', async () => {
    const index = await call(CALL);
    await dialog(/Change data with a \.http request\?/).getByRole('button', { name: 'Yes' }).click();
    await dialog(/Change data with a \.http request\?/).getByRole('button', { name: 'Send' }).click();
    const record = await recordOf(index);
    assert.ok(record.ok, JSON.stringify(record));
    assert.match(record.text, /^HTTP 200 OK for "createOrder": POST "\/mxt\/ticketing\/v1\/cinema-chains\/6e66[\w-]+\/orders" \("orders\.http" line 5\); all 2 checks passed\./);
    assert.equal(posts().length, 1);
    assert.equal(await workbench.page.locator('.monaco-dialog-box').count(), 0, 'no seat question from the panel after the tool asked');
    // The answer shows in the request panel, as for MX: Send.
    const panel = workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByRole('status', { name: 'Response status' }).filter({ hasText: '200' }).waitFor({ timeout: 30_000 });
    await workbench.screenshot('agent-tools-http-sent');
  });
});

// The request panel's host side (PanelMessageHandler) where the webview is not simply there and
// listening: VS Code discards a hidden webview and a new one is not ready yet, so what the host has
// to say must wait for the next `ready`; and where VS Code cannot do what a button asked.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { answerTo, CHAINS, draft, World } from './battery/world';

describe('request panel host side', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let world: World;

  beforeEach(async () => {
    sandbox = await startSandbox();
    world = new World({ sandbox });
  });

  afterEach(async () => {
    world?.dispose();
    await sandbox?.stop();
  });

  /** A live webview and a signed-in user. */
  async function live(): Promise<void> {
    await world.ready();
    await world.signIn();
  }

  const types = (from = 0): string[] => world.effects.since(from).map((m) => m.type);

  describe('failures of what VS Code was asked to do', () => {
    it('explains a failed save in words and keeps the response', async () => {
      await live();
      const answer = answerTo(await world.send(draft(CHAINS), 'r1'), 'r1');
      assert.equal(answer.type, 'response');
      const { responseId } = answer.type === 'response' ? answer.response : { responseId: '' };
      world.effects.saveError = Object.assign(new Error("EACCES: permission denied, open '/read-only/mx.json'"), { code: 'EACCES' });
      const from = world.effects.posted.length;
      await world.handler.receive({ type: 'saveBody', responseId });
      assert.deepEqual(world.effects.since(from), [
        { type: 'notice', level: 'error', message: "MX Explorer could not save the response body: EACCES: permission denied, open '/read-only/mx.json'" },
      ]);
      world.effects.saveError = undefined;
      await world.handler.receive({ type: 'saveBody', responseId });
      assert.equal(world.effects.savedFiles.length, 1, 'the same response can still be saved elsewhere');
    });
  });

  // A request that finishes while the panel is hidden must still show its answer when the panel
  // comes back (the webview reloads and says `ready` again).
  describe('answers that arrive while the panel is hidden', () => {
    beforeEach(live);

    it('keeps the answer and posts it right after init when the webview is back', async () => {
      const from = world.effects.posted.length;
      world.handler.webviewHidden();
      await world.send(draft(CHAINS), 'hidden-1');
      assert.deepEqual(types(from), [], 'nothing is posted to a discarded webview');
      await world.ready();
      assert.deepEqual(types(from), ['init', 'response']);
      const answer = world.effects.posted.at(-1);
      assert.ok(answer?.type === 'response' && answer.requestId === 'hidden-1' && answer.response.status === 200);
      await world.ready();
      assert.deepEqual(types(from), ['init', 'response', 'init'], 'delivered once');
    });

    it('keeps a failure the same way, and only the latest answer', async () => {
      const from = world.effects.posted.length;
      world.handler.webviewHidden();
      await world.send(draft(CHAINS), 'hidden-1');
      await world.send(draft('https://elsewhere.example.com/x'), 'hidden-2');
      await world.ready();
      const posted = world.effects.since(from);
      assert.deepEqual(posted.map((m) => m.type), ['init', 'requestFailed']);
      assert.ok(posted[1].type === 'requestFailed' && posted[1].requestId === 'hidden-2' && posted[1].kind === 'refused');
    });

    it('posts nothing extra when no answer was missed', async () => {
      const from = world.effects.posted.length;
      world.handler.webviewHidden();
      await world.ready();
      assert.deepEqual(types(from), ['init']);
    });
  });

  // "MX: New Request from Catalogue…" asks the panel to open an endpoint's form: delivered once,
  // when the webview can hear it.
  describe('opening a catalogue endpoint from a command', () => {
    it('waits for a new webview to be ready, then opens the endpoint after init', async () => {
      world.handler.showEndpoint('get-films-for-cinema-chain');
      assert.deepEqual(types(), []);
      await world.ready();
      assert.deepEqual(types(), ['init', 'showEndpoint']);
      assert.deepEqual(world.effects.posted[1], { type: 'showEndpoint', endpointId: 'get-films-for-cinema-chain' });
    });

    it('opens it at once in a live webview, and only once', async () => {
      await world.ready();
      world.handler.showEndpoint('get-site');
      assert.deepEqual(types(), ['init', 'showEndpoint']);
      await world.ready(); // the webview reloads (a window reload, say)
      assert.deepEqual(types(), ['init', 'showEndpoint', 'init']);
    });

    it('holds it while the panel is hidden and delivers it when the webview is back', async () => {
      await world.ready();
      world.handler.webviewHidden();
      world.handler.showEndpoint('get-site');
      world.handler.sessionChanged(undefined);
      assert.deepEqual(types(), ['init'], 'nothing is posted to a discarded webview');
      await world.ready();
      assert.deepEqual(types(), ['init', 'init', 'showEndpoint']);
    });
  });
});

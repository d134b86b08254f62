// VS Code discards a hidden webview. A request that finishes while the panel is hidden must still
// show its answer when the panel comes back (the webview reloads and says `ready` again).
import * as assert from 'node:assert/strict';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { CHAINS, draft, World } from './battery/world';

describe('request panel: answers that arrive while the panel is hidden', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let world: World;

  beforeEach(async () => {
    sandbox = await startSandbox();
    world = new World({ sandbox });
    await world.ready();
    await world.signIn();
  });

  afterEach(async () => {
    world?.dispose();
    await sandbox?.stop();
  });

  const types = (from: number): string[] => world.effects.since(from).map((m) => m.type);

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

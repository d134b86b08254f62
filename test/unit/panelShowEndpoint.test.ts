// "MX: New Request from Catalogue…" asks the panel to open an endpoint's form. The webview may not
// be listening yet (just created) or any more (hidden, so discarded by VS Code): the request waits
// for its next `ready`, and is delivered once.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { World } from './battery/world';

describe('request panel: opening a catalogue endpoint from a command', function () {
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

  const types = (): string[] => world.effects.posted.map((m) => m.type);

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

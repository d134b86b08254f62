// When VS Code cannot do what a panel button asked (a save to a read-only folder, say), the panel
// says so in words, not in protocol message names.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { answerTo, CHAINS, draft, World } from './battery/world';

describe('request panel: failures of what VS Code was asked to do', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let world: World;

  before(async () => {
    sandbox = await startSandbox();
    world = new World({ sandbox });
    await world.ready();
    await world.signIn();
  });

  after(async () => {
    world?.dispose();
    await sandbox?.stop();
  });

  it('explains a failed save in words and keeps the response', async () => {
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

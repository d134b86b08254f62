// The webview rebuilds every host message through parseHostMessage (src/webview/guards.ts), so a
// field the host adds and the guard forgets would silently vanish in the panel. Every kind of
// message the real host side posts, in a real exchange with the sandbox, must come through intact;
// anything malformed must come out well-formed or not at all.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/protocol';
import { parseHostMessage } from '../../src/webview/guards';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { answerTo, CHAINS, draft, World } from './battery/world';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('webview guards: the host messages the panel reads', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let world: World;

  before(async () => {
    sandbox = await startSandbox();
    world = new World({ sandbox });
    await world.ready();
    await world.signIn();
    const answer = answerTo(await world.send(draft(CHAINS), 'g1'), 'g1');
    assert.equal(answer.type, 'response');
    const { responseId } = answer.type === 'response' ? answer.response : { responseId: '' };
    await world.handler.receive({ type: 'expandNode', requestId: 'g2', responseId, path: [0], offset: 0, limit: 10 });
    await world.handler.receive({ type: 'search', requestId: 'g3', responseId, query: 'Cinema' });
    await world.send(draft('https://elsewhere.example.com/x'), 'g4');
    await world.handler.receive({ type: 'saveBody', responseId: 'gone' });
    world.handler.showEndpoint('get-site');
    await world.handler.sendFromHost(draft(CHAINS));
  });

  after(async () => {
    world?.dispose();
    await sandbox?.stop();
  });

  it('passes every kind of message the host posted through unchanged', () => {
    const posted = world.effects.posted;
    const kinds = new Set(posted.map((m) => m.type));
    const expected: Array<HostToWebview['type']> = ['init', 'session', 'history', 'response', 'requestFailed', 'nodeChildren', 'searchResults', 'notice', 'showEndpoint', 'showRequest'];
    assert.deepEqual(expected.filter((k) => !kinds.has(k)), [], 'every kind was exercised');
    for (const message of posted) {
      assert.deepEqual(plain(parseHostMessage(plain(message))), plain(message), `${message.type} changed on its way in`);
    }
  });

  it('drops what it cannot read and rebuilds what it can', () => {
    for (const junk of [null, 42, 'init', [], {}, { type: 'nope' }, { type: 'response', response: {} }, { type: 'showEndpoint', endpointId: 7 }, { type: 'nodeChildren', path: 'x' }]) {
      assert.equal(parseHostMessage(junk), undefined, JSON.stringify(junk));
    }
    assert.deepEqual(plain(parseHostMessage({ type: 'notice', level: 'shout', message: 5 })), { type: 'notice', level: 'info', message: '' });
    assert.deepEqual(plain(parseHostMessage({ type: 'requestFailed', requestId: 'r', kind: 'weird' })), {
      type: 'requestFailed',
      requestId: 'r',
      kind: 'network',
      message: 'The request failed.',
    });
    const init = parseHostMessage({
      type: 'init',
      session: 'x',
      catalogue: [{ endpoints: [{ id: 'a' }, { id: 'b', path: '/b', method: 'TRACE' }] }],
      history: [{ draft: 5 }],
      inFlight: ['send-1', 7, null],
    });
    assert.deepEqual(plain(init), {
      type: 'init',
      session: { signedIn: false, production: false },
      catalogue: [{ name: 'Endpoints', description: '', endpoints: [{ id: 'b', group: 'Endpoints', title: '/b', description: '', method: 'GET', path: '/b', parameters: [], holdsSeats: false }] }],
      history: [],
      inFlight: ['send-1'],
    });
    assert.deepEqual(plain(parseHostMessage({ type: 'init' })), { type: 'init', session: { signedIn: false, production: false }, catalogue: [], history: [], inFlight: [] });
  });
});

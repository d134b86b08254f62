// The request panel's host side (PanelMessageHandler) where the webview is not simply there and
// listening: VS Code discards a hidden webview and a new one is not ready yet, so what the host has
// to say must wait for the next `ready`; and where VS Code cannot do what a button asked.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { sessionSummary } from '../../src/panel/panelMessages';
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

  describe('requests sent from outside the webview (.http files)', () => {
    it('shows the request, then its answer, to a webview that becomes ready later; resolves with the answer', async () => {
      await world.signIn();
      const answer = await world.handler.sendFromHost(draft(CHAINS));
      assert.ok(answer.type === 'response' && answer.response.status === 200, 'the sandbox answered');
      assert.deepEqual(types(), [], 'nothing is posted before the webview is ready');
      await world.ready();
      assert.deepEqual(types(), ['init', 'showRequest', 'response']);
      const shown = world.effects.posted[1];
      assert.ok(shown.type === 'showRequest' && shown.requestId === answer.requestId && shown.draft.url === CHAINS);
      const init = world.effects.posted[0];
      assert.ok(init.type === 'init' && init.history[0]?.draft.url === CHAINS, 'the request entered the history');
    });

    it('a refused request resolves with the refusal and sends nothing', async () => {
      await live();
      const before = sandbox.requests.length;
      const answer = await world.handler.sendFromHost(draft('https://elsewhere.example.com/x'));
      assert.ok(answer.type === 'requestFailed' && answer.kind === 'refused', JSON.stringify(answer));
      assert.equal(sandbox.requests.length, before);
    });

    it('a call that holds seats asks first, as from the panel; declined, nothing is sent', async () => {
      await live();
      const before = sandbox.requests.length;
      const order = draft('/mxt/ticketing/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/orders', { method: 'POST', body: '{}' });
      world.effects.confirmAnswer = false;
      const answer = await world.handler.sendFromHost(order);
      assert.ok(answer.type === 'requestFailed' && answer.kind === 'declined', JSON.stringify(answer));
      assert.equal(world.effects.confirmations.length, 1);
      // the same question as from the panel (its wording per environment: seatConfirmation.test.ts)
      assert.match(world.effects.confirmations[0], /^"Create Order" goes to .*Send it\?$/s);
      assert.equal(sandbox.requests.length, before);
    });

    it('a later send from the webview supersedes it: the old request is not shown again', async () => {
      await live();
      await world.handler.sendFromHost(draft(CHAINS));
      await world.send(draft(CHAINS), 'own-1');
      const from = world.effects.posted.length;
      await world.ready();
      assert.ok(!types(from).includes('showRequest'));
    });
  });

  // A Send All or a test run holds the panel: 200 requests used to post ~22 KB each (request,
  // answer, the whole history), which made Run All 2–3× slower than the requests alone.
  describe('a run that holds the panel (Send All, a test run)', () => {
    const shownIds = (from: number) => world.effects.since(from).map((m) => `${m.type}${'requestId' in m ? ` ${m.requestId}` : ''}`);

    it('shows the first send at once, then where the run stands at most every 500 ms and when it ends', async () => {
      await live();
      const from = world.effects.posted.length;
      const release = world.panelHold.hold();
      const first = await world.handler.sendFromHost(draft(`${CHAINS}?n=1`));
      for (let i = 2; i <= 5; i++) await world.handler.sendFromHost(draft(`${CHAINS}?n=${i}`));
      assert.deepEqual(shownIds(from), [`showRequest ${first.requestId}`, 'history'], 'the next sends wait for the next catch-up');
      world.clock.jump(500);
      const sixth = world.handler.sendFromHost(draft(`${CHAINS}?n=6`));
      const caughtUp = world.effects.posted.length;
      assert.deepEqual(shownIds(from).slice(2), ['showRequest host-6', 'history'], 'the latest request, as it starts');
      await sixth;
      assert.equal(world.effects.posted.length, caughtUp, 'its answer waits too');
      release();
      assert.deepEqual(shownIds(caughtUp), ['response host-6', 'history'], 'the end: its answer (the request was shown already)');
      const history = world.effects.posted.at(-1);
      assert.ok(history?.type === 'history' && history.entries.length === 6, 'every send is in the history');
      release();
      await world.handler.sendFromHost(draft(CHAINS));
      assert.deepEqual(shownIds(caughtUp).slice(2), ['showRequest host-7', 'response host-7', 'history'], 'released: each send shows again');
    });

    it('catches up before anything else it posts, so the webview hears things in order', async () => {
      await live();
      const release = world.panelHold.hold();
      await world.handler.sendFromHost(draft(`${CHAINS}?n=1`));
      await world.handler.sendFromHost(draft(`${CHAINS}?n=2`));
      const from = world.effects.posted.length;
      world.handler.sessionChanged(world.session?.state);
      assert.deepEqual(shownIds(from), ['showRequest host-2', 'response host-2', 'history', 'session']);
      release();
      assert.deepEqual(shownIds(from).slice(4), [], 'nothing new to show at the end');
    });

    it('answers a send from the webview itself at once, while a run holds the panel', async () => {
      await live();
      const release = world.panelHold.hold();
      await world.handler.sendFromHost(draft(`${CHAINS}?n=1`));
      const from = world.effects.posted.length;
      await world.send(draft(CHAINS), 'own-1');
      // the run's history catches up first; the run's held answer is old news once the user sent their own
      assert.deepEqual(shownIds(from), ['history', 'response own-1', 'history']);
      release();
    });

    it('a panel that is not ready yet gets the run as it stands when it says ready', async () => {
      await world.signIn();
      const release = world.panelHold.hold();
      for (let i = 1; i <= 3; i++) await world.handler.sendFromHost(draft(`${CHAINS}?n=${i}`));
      await world.ready();
      assert.deepEqual(types(), ['init', 'showRequest', 'response']);
      release();
    });
  });

  describe('whenReady ("MX: Open Request Panel" resolves with it)', () => {
    it('resolves true once the webview says ready, at once when it has, false when the panel goes first', async () => {
      const waiting = world.handler.whenReady();
      await world.ready();
      assert.equal(await waiting, true);
      assert.equal(await world.handler.whenReady(), true);
      world.handler.webviewHidden();
      const never = world.handler.whenReady();
      world.handler.dispose();
      assert.equal(await never, false);
    });
  });

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

  describe('Save as .http from the request editor', () => {
    it('hands the editor\'s request to "MX: Save Request as .http File", sending nothing', async () => {
      await live();
      const before = sandbox.requests.length;
      const request = draft(CHAINS);
      await world.handler.receive({ type: 'saveAsHttp', draft: request });
      assert.deepEqual(world.effects.savedAsHttp, [request]);
      assert.equal(sandbox.requests.length, before);
    });
  });

  describe('a call that holds seats', () => {
    const ORDERS = '/mxt/ticketing/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/orders';

    it('says "confirming" while the dialog is open, "sending" only once confirmed, and names the local sandbox', async () => {
      await live();
      world.effects.confirmAnswer = true;
      const from = world.effects.posted.length;
      await world.send(draft(ORDERS, { method: 'POST', body: '{}' }), 'o1');
      const states = world.effects.since(from).filter((m) => m.type === 'sendState' || m.type === 'response' || m.type === 'requestFailed');
      assert.deepEqual(states.map((m) => (m.type === 'sendState' ? m.state : m.type)).slice(0, 2), ['confirming', 'sending']);
      assert.equal(world.effects.confirmations.length, 1);
      assert.match(world.effects.confirmations[0], /^"Create Order" goes to .+, a server on this machine \(127\.0\.0\.1:\d+\), not to a cinema: no real order or seat is involved\. Send it\?$/);
    });

    it('tells a webview that comes back while the dialog is open that the send waits for it', async () => {
      await live();
      let answer: (yes: boolean) => void = () => undefined;
      world.effects.confirm = (message: string) => {
        world.effects.confirmations.push(message);
        return new Promise<boolean>((resolve) => (answer = resolve));
      };
      const sent = world.send(draft(ORDERS, { method: 'POST', body: '{}' }), 'o3');
      await new Promise((resolve) => setImmediate(resolve));
      world.handler.webviewHidden();
      const from = world.effects.posted.length;
      await world.ready();
      const posted = world.effects.since(from);
      const init = posted.find((m) => m.type === 'init');
      assert.ok(init?.type === 'init' && init.inFlight.includes('o3'), 'the send is still in flight');
      assert.deepEqual(posted.filter((m) => m.type === 'sendState').map((m) => m.type === 'sendState' && [m.requestId, m.state]), [['o3', 'confirming']]);
      answer(false);
      await sent;
    });

    it('never says "sending" when the user declines', async () => {
      await live();
      world.effects.confirmAnswer = false;
      const from = world.effects.posted.length;
      await world.send(draft(ORDERS, { method: 'POST', body: '{}' }), 'o2');
      const posted = world.effects.since(from);
      assert.deepEqual(posted.filter((m) => m.type === 'sendState').map((m) => m.type === 'sendState' && m.state), ['confirming']);
      assert.equal(answerTo(posted, 'o2').type, 'requestFailed');
    });
  });

  describe('the session the panel header shows', () => {
    it('names the client ID only when more than one profile exists', async () => {
      await live();
      const state = world.session?.state;
      assert.ok(state);
      assert.equal(sessionSummary(state).clientId, undefined);
      assert.equal(sessionSummary(state, true).clientId, state.profile.clientId);
      assert.equal(sessionSummary(undefined, true).clientId, undefined, 'signed out: nothing to name');
    });
  });

  describe('history entries and their answers', () => {
    it('names the answer of each entry while the runner still holds it, and stops once it is gone', async () => {
      await live();
      const first = answerTo(await world.send(draft(CHAINS), 'h1'), 'h1');
      assert.ok(first.type === 'response');
      const history = () => {
        const last = world.effects.posted.filter((m) => m.type === 'history').at(-1);
        assert.ok(last?.type === 'history');
        return last.entries;
      };
      assert.equal(history()[0].responseId, first.response.responseId);
      // the runner keeps the last 5 answers: after 5 more sends, the first one's is gone
      for (let i = 0; i < 5; i++) await world.send(draft(`${CHAINS}?n=${i}`), `more-${i}`);
      const entries = history();
      assert.equal(entries.find((e) => e.draft.url === CHAINS)?.responseId, undefined);
      assert.equal(entries.filter((e) => e.responseId !== undefined).length, 5);
    });
  });

  describe('Open in Editor', () => {
    it('opens the body as MX sent it, re-indented, in a document named after the request', async () => {
      await live();
      const answer = answerTo(await world.send(draft(CHAINS), 'r1'), 'r1');
      assert.ok(answer.type === 'response');
      await world.handler.receive({ type: 'openInEditor', responseId: answer.response.responseId });
      const opened = world.effects.documents.at(-1);
      assert.equal(opened?.name, 'cinema-chains.json');
      assert.equal(opened?.language, 'json');
      assert.match(opened?.content ?? '', /^\[\n {2}\{\n {4}"id": "/);
      assert.equal(opened?.content, answer.response.rawPreview, 'the same text as the Raw view (the whole body here)');
    });
  });

  // A request that finishes while the panel is hidden, or just as it is hidden, must still show its
  // answer when the panel comes back. The host cannot know whether a posted answer arrived: VS Code
  // discards a hidden webview at once but tells the host later, and a page that got the answer can
  // be torn down before it saved it. So the answer to the latest send is held and posted after every
  // init (and when the panel shows again) until the webview says `answerReceived`.
  describe('answers that arrive while the panel is hidden, or as it is hidden', () => {
    beforeEach(live);

    const answers = (from: number) => world.effects.since(from).filter((m) => m.type === 'response' || m.type === 'requestFailed');
    const initAt = (from: number) => {
      const init = world.effects.since(from).find((m) => m.type === 'init');
      assert.ok(init?.type === 'init', 'an init was posted');
      return init;
    };
    const acknowledge = (requestId: string) => world.handler.receive({ type: 'answerReceived', requestId });

    it('holds an answer that came while the panel was hidden and posts it after every init until the webview has it', async () => {
      const from = world.effects.posted.length;
      world.handler.webviewHidden();
      await world.send(draft(CHAINS), 'hidden-1');
      assert.deepEqual(types(from), [], 'nothing is posted to a discarded webview');
      await world.ready();
      assert.deepEqual(types(from), ['init', 'response']);
      assert.deepEqual(initAt(from).inFlight, ['hidden-1'], 'the restored page learns its answer follows');
      const answer = world.effects.posted.at(-1);
      assert.ok(answer?.type === 'response' && answer.requestId === 'hidden-1' && answer.response.status === 200);
      // the page is torn down again before it says it has the answer: the next one gets it too
      const again = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(again), ['init', 'response']);
      await acknowledge('hidden-1');
      const after = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(after), ['init'], 'not posted again once received');
      assert.deepEqual(initAt(after).inFlight, []);
    });

    it('posts the answer again when the webview was discarded before the host heard the panel was hidden', async () => {
      // VS Code tears the page down at once and tells the extension host later: an answer posted in
      // between is lost although the host still thought the webview was there.
      const from = world.effects.posted.length;
      await world.send(draft(CHAINS), 'raced-1');
      assert.deepEqual(types(from), ['response', 'history'], 'posted to what the host took for a live webview');
      world.handler.webviewHidden();
      const back = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(back), ['init', 'response']);
      assert.equal(answers(back)[0].requestId, 'raced-1');
    });

    it('posts the answer again when the page that got it was torn down before it said so', async () => {
      // the page showed it, but was discarded before its state (and its answerReceived) went out
      await world.send(draft(CHAINS), 'shown-1');
      world.handler.webviewHidden();
      world.handler.webviewShown();
      const back = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(back), ['init', 'response'], 'the page that replaces it gets it again');
      assert.equal(answers(back)[0].requestId, 'shown-1');
    });

    it('holds an answer that came between showing the panel again and the new page saying ready', async () => {
      world.handler.webviewHidden();
      world.handler.webviewShown();
      const from = world.effects.posted.length;
      await world.send(draft(CHAINS), 'between-1');
      assert.deepEqual(types(from), [], 'the new page is not listening yet');
      await world.ready();
      assert.deepEqual(types(from), ['init', 'response']);
    });

    it('gives the held answer to a webview that was kept while hidden (no new ready comes) when the panel shows again', async () => {
      world.handler.webviewHidden();
      await world.send(draft(CHAINS), 'kept-1');
      const from = world.effects.posted.length;
      world.handler.webviewShown();
      assert.deepEqual(types(from), ['response']);
      assert.equal(answers(from)[0].requestId, 'kept-1');
      await acknowledge('kept-1');
      world.handler.webviewHidden();
      world.handler.webviewShown();
      assert.deepEqual(types(from), ['response'], 'nothing more once received');
    });

    it('holds a failure the same way, and only the answer to the latest send', async () => {
      const from = world.effects.posted.length;
      world.handler.webviewHidden();
      await world.send(draft(CHAINS), 'hidden-1');
      await world.send(draft('https://elsewhere.example.com/x'), 'hidden-2');
      await world.ready();
      const posted = world.effects.since(from);
      assert.deepEqual(posted.map((m) => m.type), ['init', 'requestFailed']);
      assert.ok(posted[1].type === 'requestFailed' && posted[1].requestId === 'hidden-2' && posted[1].kind === 'refused');
    });

    it('keeps holding an answer acknowledged under another id, and drops it once a newer send is answered and received', async () => {
      await world.send(draft(CHAINS), 's1');
      await acknowledge('someone-else');
      world.handler.webviewHidden();
      let from = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(answers(from).map((m) => m.requestId), ['s1']);
      await world.send(draft(CHAINS), 's2');
      await acknowledge('s2');
      world.handler.webviewHidden();
      from = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(from), ['init'], 'the answer to s1 is old news');
    });

    it('tells a page restored with a send still running that its answer will come, and then posts it', async () => {
      const url = `${CHAINS}/d90b9017-1abd-e711-80c2-000d3ad0511b`;
      const hold = sandbox.hold((r) => r.path === url);
      const running = world.handler.receive({ type: 'send', requestId: 'slow-1', draft: draft(url) });
      await hold.arrived;
      world.handler.webviewHidden();
      let from = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(from), ['init']);
      assert.deepEqual(initAt(from).inFlight, ['slow-1']);
      world.handler.webviewHidden();
      from = world.effects.posted.length;
      hold.release();
      await running;
      assert.deepEqual(types(from), [], 'answered while hidden');
      await world.ready();
      assert.deepEqual(types(from), ['init', 'response']);
      assert.deepEqual(initAt(from).inFlight, ['slow-1']);
    });

    it('posts but does not hold the answer to a send that a newer one overtook', async () => {
      const url = `${CHAINS}/d90b9017-1abd-e711-80c2-000d3ad0511b`;
      const hold = sandbox.hold((r) => r.path === url);
      const older = world.handler.receive({ type: 'send', requestId: 'older', draft: draft(url) });
      await hold.arrived;
      await world.send(draft(CHAINS), 'newer');
      await acknowledge('newer');
      const from = world.effects.posted.length;
      hold.release();
      await older;
      assert.deepEqual(answers(from).map((m) => m.requestId), ['older'], 'a live webview still gets it (and drops it)');
      world.handler.webviewHidden();
      const back = world.effects.posted.length;
      await world.ready();
      assert.deepEqual(types(back), ['init']);
      assert.deepEqual(initAt(back).inFlight, []);
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

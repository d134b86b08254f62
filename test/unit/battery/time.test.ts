// Reliability battery, part 5: time. The wall clock jumps forward past the expiry or back by
// hours, and the machine sleeps through the refresh time (its timers fire hours late, or not yet):
// the next request through the panel must still succeed, with exactly one token request, never a
// 401 on the way and never a negative timer. The sandbox judges expiry by the same fake clock.
import * as assert from 'node:assert/strict';
import { DEFAULT_TICK_MS } from '../../../src/auth/tokenSession';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/types';
import { tally } from './tally';
import { answerTo, CHAINS, draft, HOUR, LIFETIME_MS, MINUTE, sandboxNow, SECOND, World } from './world';

const REFRESH_AFTER_MS = (LIFETIME_MS * 2) / 3;

describe('battery: clock jumps and sleep', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let world: World;
  let sequence = 0;

  before(async () => {
    sandbox = await startSandbox({ now: sandboxNow });
  });
  after(async () => {
    await sandbox?.stop();
  });

  async function signedIn(refreshTokens = false): Promise<World> {
    sandbox.configure({ issueRefreshTokens: refreshTokens, expiresInSeconds: LIFETIME_MS / SECOND });
    world = new World({ sandbox });
    await world.signIn();
    await world.ready();
    sandbox.clearRequests();
    return world;
  }

  /** A request through the panel; it must come back 200. */
  async function requestSucceeds(w: World = world): Promise<void> {
    const id = `t-${++sequence}`;
    const answer = answerTo(await w.send(draft(CHAINS), id), id);
    assert.ok(answer.type === 'response' && answer.response.status === 200, JSON.stringify(answer).slice(0, 300));
  }

  function tokenRequests(): string[] {
    return sandbox.requests.filter((r) => r.server === 'auth').map((r) => `${new URLSearchParams(r.body).get('grant_type')} ${r.status}`);
  }

  function noUnauthorized(): void {
    assert.deepEqual(sandbox.requests.filter((r) => r.status === 401), [], 'no request was sent with an expired token');
  }

  /** The token now held is fresh: obtained now, 12 h left, refresh scheduled at two thirds. */
  function freshToken(): void {
    const state = world.session?.state;
    assert.equal(state?.status, 'active');
    assert.equal(state?.expiresAt, (state?.obtainedAt ?? 0) + LIFETIME_MS);
    assert.ok((state?.expiresAt ?? 0) > world.clock.now() + LIFETIME_MS - MINUTE);
  }

  /** Lets a refresh started by a timer finish (checkNow joins the one in flight). */
  async function settle(): Promise<void> {
    await world.session?.checkNow();
  }

  afterEach(() => {
    tally.timeScenarios++;
    assert.deepEqual(world.clock.invalidDelays, [], 'no negative or invalid timer delay');
    world.dispose();
    assert.equal(world.clock.pendingCount, 0, 'no timer outlives the session');
  });

  it('wall clock jumps forward past the expiry: the next request refreshes once, then succeeds', async () => {
    await signedIn();
    world.clock.jump(13 * HOUR);
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), ['password 200']);
    noUnauthorized();
    freshToken();
    await requestSucceeds();
    assert.equal(tokenRequests().length, 1, 'and no more');
  });

  it('wall clock jumps forward past the refresh time only: the request goes out at once, the next tick refreshes once', async () => {
    await signedIn();
    world.clock.jump(9 * HOUR);
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), [], 'the token is still valid');
    world.clock.advance(DEFAULT_TICK_MS);
    await settle();
    assert.deepEqual(tokenRequests(), ['password 200']);
    freshToken();
    await requestSucceeds();
    world.clock.advance(DEFAULT_TICK_MS);
    await settle();
    assert.equal(tokenRequests().length, 1, 'exactly one refresh');
    noUnauthorized();
  });

  it('wall clock set back by 6 h: no refresh storm, the running-time schedule refreshes exactly once', async () => {
    await signedIn();
    world.clock.jump(-6 * HOUR);
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), []);
    assert.ok(world.clock.pendingDelays().every((d) => d >= 0 && d <= REFRESH_AFTER_MS));
    world.clock.advance(REFRESH_AFTER_MS - MINUTE);
    await settle();
    assert.deepEqual(tokenRequests(), [], 'nothing before the refresh time (in running time)');
    world.clock.advance(MINUTE);
    await settle();
    assert.deepEqual(tokenRequests(), ['password 200']);
    await requestSucceeds();
    assert.equal(tokenRequests().length, 1, 'exactly one refresh');
    noUnauthorized();
    freshToken();
  });

  it('wall clock set back, then forward past the expiry: one refresh', async () => {
    await signedIn();
    world.clock.jump(-2 * HOUR);
    await requestSucceeds();
    world.clock.jump(15 * HOUR);
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), ['password 200']);
    noUnauthorized();
  });

  it('slept through the refresh time and the expiry (timers hours late): the next request succeeds with one refresh', async () => {
    await signedIn();
    world.clock.jump(14 * HOUR); // wall clock only: no timer has fired yet
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), ['password 200']);
    // The late timers fire now; they must find nothing left to do.
    world.clock.advance(DEFAULT_TICK_MS);
    await settle();
    await requestSucceeds();
    assert.equal(tokenRequests().length, 1, 'exactly one refresh');
    noUnauthorized();
    freshToken();
  });

  it('waking up: the late tick and 20 requests arrive together, and share one refresh', async () => {
    await signedIn();
    world.clock.jump(20 * HOUR);
    const requests = Array.from({ length: 20 }, async (_, i) => {
      const id = `wake-${i}`;
      return answerTo(await world.send(draft(CHAINS), id), id);
    });
    world.clock.advance(DEFAULT_TICK_MS); // the tick fires while the requests wait for a token
    const answers = await Promise.all(requests);
    await settle();
    assert.ok(answers.every((a) => a.type === 'response' && a.response.status === 200));
    assert.deepEqual(tokenRequests(), ['password 200']);
    noUnauthorized();
  });

  it('slept for three days with a refresh token: one refresh_token grant, no password needed', async () => {
    await signedIn(true);
    world.clock.jump(72 * HOUR);
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), ['refresh_token 200']);
    assert.equal(world.session?.state.lastRefresh?.grant, 'refresh_token');
    world.clock.advance(DEFAULT_TICK_MS);
    await settle();
    await requestSucceeds();
    assert.equal(tokenRequests().length, 1);
    noUnauthorized();
  });

  it('slept through the refresh time but not the expiry: the late tick refreshes once while requests keep using the valid token', async () => {
    await signedIn();
    world.clock.jump(10 * HOUR);
    world.clock.advance(DEFAULT_TICK_MS); // the first tick after waking up starts the refresh
    await requestSucceeds(); // meanwhile the still-valid token serves the request
    await settle();
    await requestSucceeds();
    assert.deepEqual(tokenRequests(), ['password 200']);
    freshToken();
    noUnauthorized();
  });
});

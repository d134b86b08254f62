// Security battery, part 2 (unit tier): secret canaries. A whole working session runs on unique
// canary values — password (with form-special and non-ASCII characters), client secret, and every
// access and refresh token the sandbox issues: failed and successful sign-ins, requests, a 401 with
// refresh and retry, manual refreshes, API and token failures, refused drafts carrying credential
// headers, history, curl/fetch export, responses opened and saved, a keyring failure, sign-out.
// Then every place the extension writes or shows outside SecretStorage is scanned for every canary
// in every encoding it could take. (The integration tier scans VS Code's real files the same way.)
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import type { SessionState } from '../../../src/auth/tokenSession';
import { toCurl, toFetch } from '../../../src/panel/requestExport';
import { encodings } from '../../integration/secretScan';
import { TokenError } from '../../../src/mx/tokenClient';
import type { RequestDraft } from '../../../src/protocol';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox, SandboxAccount } from '../../sandbox/types';
import { AuthRelay } from '../fakes/authRelay';
import { json, type Stub, startStub } from '../stubServer';
import { tally } from './tally';
import { answerTo, CHAINS, draft, LIFETIME_MS, sandboxNow, SECOND, World } from './world';

const ACCOUNT: SandboxAccount = {
  username: 'canary.user@example.com',
  password: `pw-canary-${randomUUID()}+&= ä`,
  clientSecret: `CS-CANARY-${randomUUID()}`,
};

interface Hit {
  readonly place: string;
  readonly canary: string;
  readonly where: string;
}

function scan(place: string, texts: readonly string[], canaries: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  for (const canary of canaries) {
    const forms = encodings(canary);
    texts.forEach((text, index) => {
      if (forms.some((form) => text.includes(form))) hits.push({ place, canary: `${canary.slice(0, 10)}…`, where: `#${index}: ${text.slice(0, 120)}` });
    });
  }
  return hits;
}

describe('battery: secret canaries (unit tier)', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  let relay: AuthRelay;
  let world: World;
  const states: SessionState[] = [];
  /** Messages the user was shown outside the panel (sign-in failures). */
  const shown: string[] = [];
  /** Export text produced directly (as a "Copy as" command would). */
  const exported: string[] = [];
  let secretsBeforeSignOut: string[] = [];
  let places: Record<string, () => string[]>;
  let canaries: string[] = [];
  let sequence = 0;

  async function send(request: RequestDraft): Promise<void> {
    const id = `c-${++sequence}`;
    answerTo(await world.send(request, id), id);
  }

  before(async () => {
    sandbox = await startSandbox({ now: sandboxNow, accounts: [ACCOUNT], issueRefreshTokens: true });
    relay = await AuthRelay.start(sandbox.authUrl);
    world = new World({ sandbox, authUrl: relay.url, account: ACCOUNT });
    await world.ready();

    // Failed sign-ins: the token server is down, then echoes the password in its error description.
    sandbox.addFault({ kind: 'status', target: 'auth', status: 500, times: 1 });
    await world.signIn().catch((error: unknown) => shown.push(error instanceof TokenError ? error.userMessage : String(error)));
    relay.answer((request, res) => json(res, 400, { error: 'unsupported_grant_type', error_description: `cannot use ${new URLSearchParams(request.body).get('password')}` }), 1);
    await world.signIn().catch((error: unknown) => shown.push(error instanceof TokenError ? error.userMessage : String(error)));
    assert.equal(shown.length, 2);

    // Signed in; every state the status bar would render is kept.
    await world.signIn();
    world.session?.onDidChangeState((state) => states.push(state));
    states.push(world.session!.state);

    // Requests, and what the panel does with a response.
    await send(draft(CHAINS));
    const response = world.effects.posted.filter((m) => m.type === 'response').at(-1);
    assert.ok(response?.type === 'response');
    const { responseId } = response.response;
    await world.handler.receive({ type: 'expandNode', requestId: 'x1', responseId, path: [], offset: 0, limit: 5 });
    await world.handler.receive({ type: 'search', requestId: 's1', responseId, query: 'a' });
    await world.handler.receive({ type: 'openInEditor', responseId });
    await world.handler.receive({ type: 'saveBody', responseId });
    await world.handler.receive({ type: 'copy', what: 'body', responseId });
    await world.handler.receive({ type: 'copy', what: 'correlationId', responseId });

    // A 401: one refresh (refresh_token grant) and a retry; then a manual refresh.
    sandbox.revokeAccessTokens();
    await send(draft(`${CHAINS}?after=401`));
    await world.session?.refreshNow();

    // API failures.
    for (const fault of [{ kind: 'status', status: 500 }, { kind: 'html' }, { kind: 'malformedJson' }, { kind: 'truncatedJson' }, { kind: 'reset' }] as const) {
      sandbox.addFault({ ...fault, times: 1 });
      await send(draft(`${CHAINS}?fault=${fault.kind}`));
    }

    // Token failures during a request: expired token, token server down, then back.
    world.clock.jump(LIFETIME_MS + SECOND);
    sandbox.addFault({ kind: 'status', target: 'auth', status: 503, retryAfterSeconds: 30, times: 1 });
    await send(draft(`${CHAINS}?token=down`));
    await send(draft(`${CHAINS}?token=back`));

    // Drafts carrying credentials the user pasted: refused, never echoed.
    const token = sandbox.issuedTokens().at(-2) ?? '';
    const pasted: RequestDraft = draft(CHAINS, {
      headers: [
        { name: 'Authorization', value: `Bearer ${token}`, enabled: true },
        { name: 'MX-Api-Client-Secret', value: ACCOUNT.clientSecret, enabled: true },
        { name: 'Proxy-Authorization', value: `Basic ${Buffer.from(`u:${ACCOUNT.password}`).toString('base64')}`, enabled: false },
      ],
    });
    await send(pasted);
    // A body the user typed with the password in it (confirmed, sent): history must not keep it.
    world.effects.confirmAnswer = true;
    await send(
      draft(`/mxt/ticketing/v1/cinema-chains/d90b9017-1abd-e711-80c2-000d3ad0511b/orders/${randomUUID()}/customer`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Bob', email: 'bob@example.com', password: ACCOUNT.password }),
      }),
    );

    // Export, from the panel and directly.
    await world.handler.receive({ type: 'copyAs', format: 'curl', draft: pasted });
    await world.handler.receive({ type: 'copyAs', format: 'fetch', draft: pasted });
    for (const exportAs of [toCurl, toFetch]) {
      const result = exportAs(pasted, sandbox.apiUrl);
      assert.ok(result.ok);
      exported.push(result.text);
    }

    // The keyring refuses to store a rotated refresh token.
    world.storage.fail('store', 'throw');
    await world.session?.refreshNow();
    world.storage.fail('store', undefined);
    await world.session?.refreshNow();

    secretsBeforeSignOut = [...world.storage.values.values()];
    await world.signOut();
    await send(draft(`${CHAINS}?signed=out`));

    canaries = [ACCOUNT.password, ACCOUNT.clientSecret, ...sandbox.issuedTokens()];
    places = {
      'messages posted to the webview': () => world.effects.posted.map((m) => JSON.stringify(m)),
      'the log': () => world.logLines.lines,
      'global state (profiles, last answers, history)': () => [...world.memento.values.entries()].map(([k, v]) => `${k}=${JSON.stringify(v)}`),
      'exports (clipboard, curl, fetch)': () => [...world.effects.clipboard, ...exported],
      'notifications, confirmations, sign-in errors': () => [...world.effects.informed, ...world.effects.flashed, ...world.effects.confirmations, ...shown],
      'editors and saved files': () => [...world.effects.documents.map((d) => d.content), ...world.effects.savedFiles.map((f) => f.content)],
      'session states (status bar, tooltips)': () => states.map((s) => JSON.stringify(s)),
      'SecretStorage after sign-out': () => [...world.storage.values.entries()].map(([k, v]) => `${k}=${v}`),
    };
  });

  after(async () => {
    world?.dispose();
    await relay?.stop();
    await sandbox?.stop();
  });

  it('ran the whole session: sign-in failures, refresh_token grants, 401 retry, failures, exports, sign-out', () => {
    const grants = sandbox.requests.filter((r) => r.server === 'auth').map((r) => new URLSearchParams(r.body).get('grant_type'));
    assert.ok(grants.filter((g) => g === 'refresh_token').length >= 4, grants.join());
    assert.ok(canaries.length >= 12, `${canaries.length} canaries`);
    assert.ok(world.effects.posted.length >= 40, `${world.effects.posted.length} messages posted`);
    assert.ok(world.logLines.lines.length >= 10, world.logLines.text);
    assert.ok(world.history.entries().length >= 8);
    assert.equal(world.session, undefined, 'signed out');
  });

  it('the scan finds the canaries where they belong (SecretStorage before sign-out)', () => {
    const expected = [ACCOUNT.password, ACCOUNT.clientSecret];
    assert.equal(scan('keyring', secretsBeforeSignOut, expected).length, expected.length);
    // …and in each encoding: the form-encoded password the token endpoint received.
    assert.ok(scan('auth requests', sandbox.requests.map((r) => r.body), [ACCOUNT.password]).length > 0);
  });

  for (const place of [
    'messages posted to the webview',
    'the log',
    'global state (profiles, last answers, history)',
    'exports (clipboard, curl, fetch)',
    'notifications, confirmations, sign-in errors',
    'editors and saved files',
    'session states (status bar, tooltips)',
    'SecretStorage after sign-out',
  ]) {
    it(`no canary in ${place}`, () => {
      const texts = places[place]();
      const hits = scan(place, texts, canaries);
      tally.canaryChecks += canaries.length;
      tally.canaryHits += hits.length;
      if (!tally.canaries) tally.canaries = canaries.length;
      tally.canaryPlaces++;
      assert.deepEqual(hits, []);
    });
  }

  it('a credential echoed by the server in a response header never reaches the webview', async () => {
    // An API (a debugging proxy, a misconfigured gateway) that echoes the request's credentials.
    const echo: Stub = await startStub((request, res: http.ServerResponse) =>
      json(res, 200, [{ id: 'x' }], {
        'X-Echo-Authorization': String(request.headers.authorization ?? ''),
        'X-Debug': `client-secret=${String(request.headers['mx-api-client-secret'] ?? '')}`,
      }),
    );
    const w = new World({ sandbox, apiUrl: echo.url, account: ACCOUNT });
    try {
      await w.signIn();
      await w.ready();
      const posted = await w.send(draft(CHAINS), 'echo-1');
      const answer = answerTo(posted, 'echo-1');
      assert.ok(answer.type === 'response' && answer.response.status === 200);
      const token = String(echo.requests[0]?.headers.authorization ?? '').replace(/^Bearer /, '');
      assert.ok(token.length > 16, 'the echo server got the token');
      const hits = scan('posted', posted.map((m) => JSON.stringify(m)), [token, ACCOUNT.clientSecret]);
      tally.canaryChecks += 2;
      tally.canaryHits += hits.length;
      assert.deepEqual(hits, [], 'the response headers shown in the panel are scrubbed of known secrets');
    } finally {
      w.dispose();
      await echo.stop();
    }
  });
});

// Security battery, part 2 (integration tier): secret canaries in the real extension host. A whole
// session runs on unique canary values (password with form-special and non-ASCII characters, client
// secret, every token the sandbox issues): failed sign-ins, sign-in, refresh_token refreshes, requests
// with a 401 + retry, API and token failures, a timeout, a cancel, refused drafts carrying pasted
// credentials, the request panel opened and closed, curl/fetch export, sign-out. Then every file
// VS Code and the extension wrote (settings, global and workspace state, logs, caches) and every
// exported text, API outcome, session state and error message is scanned: 0 hits.
// Limits of this tier, covered by the unit tier's scan of the exact values written: history is only
// written from the webview's sends, and VS Code has not flushed global state to disk when this
// scan runs (code-server keeps it in the workbench until its periodic flush or shutdown).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { MxExplorerApi, RequestDraft, RunOutcome, SessionState } from '../../src/api';
import type { MxEnvironment } from '../../src/mx/environments';
import { toCurl, toFetch } from '../../src/panel/requestExport';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { activateExtension, openRequestPanel } from './helpers';
import { encodings, scanForCanaries, userDataDir } from './secretScan';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';

function draft(url: string, patch: Partial<RequestDraft> = {}): RequestDraft {
  return { method: 'GET', url, query: [], headers: [], body: '', ...patch };
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

/** Resolves once `probe` finds what it wants under `dir`, re-checking whenever a file there changes. */
function whenFiles<T>(dir: string, probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const found = probe();
    if (found !== undefined) return resolve(found);
    const watcher = fs.watch(dir, { recursive: true }, () => {
      const value = probe();
      if (value !== undefined) finish(() => resolve(value));
    });
    const timer = setTimeout(() => finish(() => reject(new Error(`Timed out waiting for ${what}`))), timeoutMs);
    function finish(settle: () => void): void {
      clearTimeout(timer);
      watcher.close();
      settle();
    }
  });
}

describe('battery: secret canaries in the real extension host', () => {
  const account = {
    username: 'battery.canary@example.com',
    password: `pw-canary-${randomUUID()}+&= ä`,
    clientSecret: `CS-CANARY-${randomUUID()}`,
  };
  const clientId = 'mx-battery-integration';
  let sandbox: Sandbox;
  let api: MxExplorerApi;
  let environment: MxEnvironment;
  const outcomes: RunOutcome[] = [];
  const states: Array<SessionState | undefined> = [];
  const errors: string[] = [];
  const exported: string[] = [];
  const counts = { canaries: 0, places: 0, files: 0, hits: 0 };
  let subscription: vscode.Disposable | undefined;

  async function send(request: RequestDraft, signal?: AbortSignal): Promise<RunOutcome> {
    const outcome = await api.sendRequest(request, signal);
    outcomes.push(outcome);
    return outcome;
  }

  before(async () => {
    api = await activateExtension();
    sandbox = await startSandbox({ accounts: [account], issueRefreshTokens: true });
    environment = { id: 'custom:battery', name: 'Battery sandbox', kind: 'custom', authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl };
    subscription = api.session.onDidChange((state) => states.push(state));
  });

  after(async () => {
    subscription?.dispose();
    await vscode.workspace.getConfiguration('mx').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    if (api?.session.state) await api.session.signOut({ forgetProfile: true });
    await sandbox?.stop();
    if (counts.canaries > 0) {
      // Through the reporter's console, which the test runner forwards from the extension host.
      Mocha.reporters.Base.consoleLog(
        `battery (integration): ${counts.canaries} canaries × ${counts.places} places checked (${counts.files} files in the user data folder), ${counts.hits} hits`,
      );
    }
  });

  it('runs a whole session on canary secrets, failures included', async function () {
    this.timeout(60_000);
    // Sign-in failures: the token server is down; a client ID MX cannot accept.
    sandbox.addFault({ kind: 'status', target: 'auth', status: 500, times: 1 });
    const failure = (pattern: RegExp) => (error: Error) => {
      errors.push(error.message);
      return pattern.test(error.message);
    };
    await assert.rejects(api.session.signIn({ environment, ...account, clientId }), failure(/HTTP 500/));
    await assert.rejects(api.session.signIn({ environment, ...account, clientId: 'c'.repeat(51) }), failure(/at most 50/));
    const afterFailures = api.session.state;
    assert.equal(afterFailures, undefined, 'still signed out');

    const state = await api.session.signIn({ environment, ...account, clientId });
    assert.equal(state.status, 'active');
    await api.session.refreshNow();
    assert.equal(api.session.state?.lastRefresh?.grant, 'refresh_token');

    const ok = await send(draft(CHAINS));
    assert.ok(ok.ok && ok.summary.status === 200);

    // 401: one refresh and a retry.
    sandbox.revokeAccessTokens();
    const retried = await send(draft(`${CHAINS}?after=401`));
    assert.ok(retried.ok && retried.summary.status === 200);

    // API failures.
    for (const fault of [{ kind: 'status', status: 500 }, { kind: 'html' }, { kind: 'malformedJson' }, { kind: 'truncatedJson' }, { kind: 'reset' }] as const) {
      sandbox.addFault({ ...fault, times: 1 });
      await send(draft(`${CHAINS}?fault=${fault.kind}`));
    }

    // The token is rejected and the token server is down: the request fails, the next one recovers.
    sandbox.revokeAccessTokens();
    sandbox.addFault({ kind: 'status', target: 'auth', status: 503, retryAfterSeconds: 30, times: 1 });
    const down = await send(draft(`${CHAINS}?token=down`));
    assert.ok(!down.ok && down.kind === 'auth', JSON.stringify(down));
    const back = await send(draft(`${CHAINS}?token=back`));
    assert.ok(back.ok && back.summary.status === 200, JSON.stringify(back).slice(0, 300));

    // A timeout and a cancel.
    await vscode.workspace.getConfiguration('mx').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    sandbox.addFault({ kind: 'delay', delayMs: 10_000, times: 1 });
    const slow = await send(draft(`${CHAINS}?slow=1`));
    assert.ok(!slow.ok && slow.kind === 'timeout');
    await vscode.workspace.getConfiguration('mx').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    sandbox.addFault({ kind: 'slowBody', delayMs: 20_000, times: 1 });
    const controller = new AbortController();
    const answered = sandbox.nextRequest((r) => r.query === 'cancel=1');
    const pending = send(draft(`${CHAINS}?cancel=1`), controller.signal);
    await answered;
    controller.abort();
    const cancelled = await pending;
    assert.ok(!cancelled.ok && cancelled.kind === 'cancelled');

    // Pasted credentials: refused, and exported only as placeholders.
    const token = sandbox.issuedTokens().at(-2) ?? '';
    const pasted = draft(CHAINS, {
      headers: [
        { name: 'Authorization', value: `Bearer ${token}`, enabled: true },
        { name: 'MX-Api-Client-Secret', value: account.clientSecret, enabled: true },
        { name: 'Proxy-Authorization', value: `Basic ${Buffer.from(`u:${account.password}`).toString('base64')}`, enabled: false },
      ],
    });
    const refused = await send(pasted);
    assert.ok(!refused.ok && refused.kind === 'invalidRequest');
    for (const exportAs of [toCurl, toFetch]) {
      const result = exportAs(pasted, sandbox.apiUrl);
      assert.ok(result.ok);
      exported.push(result.text);
    }

    // The request panel, opened (its webview loads and says ready) and closed.
    await vscode.window.tabGroups.close(await openRequestPanel());

    // Sign out, forgetting the profile.
    const profileId = api.session.state?.profile.id;
    await api.session.signOut({ forgetProfile: true });
    assert.equal(await api.session.hasStoredCredentials(profileId), false);
    const signedOut = await send(draft(CHAINS));
    assert.ok(!signedOut.ok && signedOut.kind === 'signedOut');
    const grants = sandbox.requests.filter((r) => r.server === 'auth').map((r) => new URLSearchParams(r.body).get('grant_type'));
    assert.ok(grants.filter((g) => g === 'refresh_token').length >= 3, grants.join());
  });

  it('leaves no canary in any file VS Code wrote, nor in exports, outcomes, states or messages', async function () {
    this.timeout(30_000);
    const dir = userDataDir();
    const logs = path.join(dir, 'logs');
    // The log is flushed asynchronously: wait until it holds the sign-out.
    await whenFiles(
      fs.existsSync(logs) ? logs : dir,
      () => {
        const file = findFile(dir, 'MX Explorer.log');
        return file && fs.readFileSync(file, 'utf8').includes(`Signed out of ${account.username}`) ? file : undefined;
      },
      20_000,
      'the sign-out in the MX Explorer log',
    );
    const canaries = [account.password, account.clientSecret, ...sandbox.issuedTokens()];
    assert.ok(canaries.length >= 10, `${canaries.length} canaries`);
    const needles = canaries.flatMap(encodings);

    const files = scanForCanaries(dir, needles);
    // Positive control: the same scan finds what is not secret (the username, in the log).
    assert.ok(scanForCanaries(dir, [account.username]).hits.length >= 1, 'the scan reads the files the session wrote');
    assert.ok(files.filesScanned > 10, `scanned ${files.filesScanned} files`);
    const texts: Record<string, string[]> = {
      'exported curl and fetch': exported,
      'API outcomes': outcomes.map((o) => JSON.stringify(o)),
      'session states': states.map((s) => JSON.stringify(s ?? null)),
      'error messages': errors,
    };
    const hits = [...files.hits.map((h) => `${h.file}: ${h.canary}`)];
    for (const [place, list] of Object.entries(texts)) {
      for (const needle of needles) {
        list.forEach((text, i) => {
          if (text.includes(needle)) hits.push(`${place} #${i}: ${needle.slice(0, 6)}…`);
        });
      }
    }
    counts.canaries = canaries.length;
    counts.places = 1 + Object.keys(texts).length;
    counts.files = files.filesScanned;
    counts.hits = hits.length;
    assert.ok(outcomes.length >= 12 && states.length >= 4 && errors.length === 2);
    assert.deepEqual(hits, []);
  });
});

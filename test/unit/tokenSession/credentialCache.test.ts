// A session's credential cache over the real CredentialStore and SecretStore; only VS Code's
// SecretStorage (a keyring that can fail on demand) and the log are fakes. Then what a session
// does with it against the sandbox: which grant it sends, what it stores, a failing keyring.
import * as assert from 'node:assert/strict';
import { CredentialCache } from '../../../src/auth/credentialCache';
import { credentialsKey, type StoredCredentials } from '../../../src/auth/credentials';
import { createProfile } from '../../../src/auth/profiles';
import { SessionFactory } from '../../../src/auth/sessionFactory';
import { Redactor } from '../../../src/mx/redaction';
import { CapturingLogger } from '../fakes/logger';
import { InMemorySecretStorage } from '../fakes/secretStorage';
import { CredentialsUnavailableError } from '../../../src/auth/sessionErrors';
import { requestToken, type TokenSet } from '../../../src/mx/tokenClient';
import { DEFAULT_ACCOUNT } from '../../sandbox/server';
import { CLIENT_ID as SANDBOX_CLIENT_ID, isSessionEnded, LIFETIME_MS, MINUTE, REFRESH_DELAY_MS, SandboxSessions, SECRETS as SANDBOX_SECRETS } from './sandboxSessions';

const CLIENT_ID = 'Acme_Website';
const SECRETS: StoredCredentials = { password: 'cache-test-password', clientSecret: 'cache-test-client-secret' };
const profile = createProfile({ name: 'Staging', kind: 'staging', authUrl: 'https://auth.example', apiUrl: 'https://api.example' }, 'ana@example.com', CLIENT_ID);

describe('CredentialCache', () => {
  let storage: InMemorySecretStorage;
  let log: CapturingLogger;
  let redactor: Redactor;
  let stores: SessionFactory;
  let cache: CredentialCache;

  /** The keyring's record, read around the stores so injected failures do not hide it. */
  function inKeyring(): StoredCredentials | undefined {
    const text = storage.values.get(credentialsKey(profile.id));
    return text === undefined ? undefined : (JSON.parse(text) as StoredCredentials);
  }

  /** What another window (or an older version of the record) leaves in the keyring. */
  function putInKeyring(record: StoredCredentials | undefined): void {
    storage.externalChange(credentialsKey(profile.id), record && JSON.stringify(record));
  }

  beforeEach(() => {
    storage = new InMemorySecretStorage();
    log = new CapturingLogger();
    redactor = new Redactor();
    stores = new SessionFactory({ secrets: storage, log, redactor });
    cache = new CredentialCache(profile, stores.credentials, log, redactor);
  });

  afterEach(() => {
    stores.dispose();
  });

  describe('load', () => {
    it('reads the keyring, and teaches the redactor every secret it finds', async () => {
      const record = { ...SECRETS, refreshToken: 'cache-test-refresh-token', refreshTokenClientId: CLIENT_ID };
      putInKeyring(record);
      assert.deepEqual(await cache.load(), { kind: 'loaded', credentials: record });
      assert.deepEqual(cache.state, { kind: 'held', secrets: record, savedIn: 'keyring', refreshTokenFrom: 'keyring' });
      assert.equal(redactor.redact(`${record.password} ${record.clientSecret} ${record.refreshToken}`).includes('cache-test'), false);
    });

    it('with nothing anywhere: missing; with an unreadable keyring and nothing in memory: unavailable', async () => {
      assert.deepEqual(await cache.load(), { kind: 'missing' });
      storage.fail('get', 'throw');
      const result = await cache.load();
      assert.equal(result.kind, 'unavailable');
      assert.match(result.kind === 'unavailable' ? result.message : '', /could not use the system keyring to read MX secrets/);
      assert.deepEqual(cache.state, { kind: 'empty' });
    });

    it('says "gone" when a record it read (or saved) disappears: signed out in another window', async () => {
      putInKeyring(SECRETS);
      await cache.load();
      putInKeyring(undefined);
      assert.deepEqual(await cache.load(), { kind: 'gone' });
    });

    it('works from memory while the keyring fails, and says so in the log', async () => {
      putInKeyring(SECRETS);
      await cache.load();
      storage.fail('get', 'throw');
      assert.deepEqual(await cache.load(), { kind: 'loaded', credentials: SECRETS });
      assert.match(log.text, /\[warn\] Using the in-memory credentials of ana@example\.com@Staging: VS Code could not use the system keyring/);
    });

    it('a record that appears after a failed sign-in save is taken as is', async () => {
      storage.fail('store', 'throw');
      const saved = await cache.signedIn({ ...SECRETS, refreshToken: 'sign-in-refresh-token', refreshTokenClientId: CLIENT_ID });
      assert.equal(saved.ok, false);
      assert.match(log.text, /\[warn\] Credentials of ana@example\.com@Staging were not saved/);
      // Not in the keyring, so finding nothing there is not a sign-out.
      assert.deepEqual(await cache.load(), { kind: 'loaded', credentials: cache.secrets });
      const other = { ...SECRETS, refreshToken: 'other-window-refresh-token', refreshTokenClientId: CLIENT_ID };
      putInKeyring(other);
      assert.deepEqual(await cache.load(), { kind: 'loaded', credentials: other });
    });
  });

  describe('refresh tokens', () => {
    beforeEach(async () => {
      assert.equal((await cache.signedIn(SECRETS)).ok, true);
    });

    it('keeps a new one at once and saves it with the client ID it was issued to', async () => {
      assert.equal(cache.takeRefreshToken('rotated-1'), true);
      assert.equal(cache.secrets?.refreshToken, 'rotated-1');
      assert.equal(inKeyring()?.refreshToken, undefined, 'not written before saveRefreshToken');
      assert.deepEqual(await cache.saveRefreshToken(), { ok: true });
      assert.deepEqual(inKeyring(), { ...SECRETS, refreshToken: 'rotated-1', refreshTokenClientId: CLIENT_ID });
    });

    it('one it could not save wins over the older one still in the keyring, while the password matches', async () => {
      cache.takeRefreshToken('rotated-1');
      await cache.saveRefreshToken();
      storage.fail('store', 'throw');
      cache.takeRefreshToken('rotated-2');
      const saved = await cache.saveRefreshToken();
      assert.equal(saved.ok, false);
      assert.match(log.text, /\[warn\] The new refresh token of ana@example\.com@Staging could not be saved; it is kept in memory/);
      assert.equal(inKeyring()?.refreshToken, 'rotated-1');
      assert.equal(cache.state.kind === 'held' && cache.state.refreshTokenFrom, 'memory');
      const loaded = await cache.load();
      assert.deepEqual(loaded, { kind: 'loaded', credentials: { ...SECRETS, refreshToken: 'rotated-2', refreshTokenClientId: CLIENT_ID } });
      // A password changed in another window means a new sign-in there: its record wins.
      putInKeyring({ password: 'changed-elsewhere', clientSecret: SECRETS.clientSecret, refreshToken: 'theirs', refreshTokenClientId: CLIENT_ID });
      assert.equal((await cache.load()).kind === 'loaded' && cache.secrets?.refreshToken, 'theirs');
    });

    it('a successful save ends the preference for memory', async () => {
      storage.fail('store', 'throw');
      cache.takeRefreshToken('rotated-1');
      await cache.saveRefreshToken();
      storage.fail('store', undefined);
      cache.takeRefreshToken('rotated-2');
      assert.deepEqual(await cache.saveRefreshToken(), { ok: true });
      assert.deepEqual(cache.state, {
        kind: 'held',
        secrets: { ...SECRETS, refreshToken: 'rotated-2', refreshTokenClientId: CLIENT_ID },
        savedIn: 'keyring',
        refreshTokenFrom: 'keyring',
      });
    });

    it('drops one here and in the keyring', async () => {
      cache.takeRefreshToken('rotated-1');
      await cache.saveRefreshToken();
      await cache.dropRefreshToken();
      assert.deepEqual(cache.secrets, SECRETS);
      assert.deepEqual(inKeyring(), SECRETS);
    });

    it('with credentials kept only in memory, saves the whole record', async () => {
      const memoryOnly = new CredentialCache(profile, stores.credentials, log, redactor);
      storage.fail('store', 'throw');
      await memoryOnly.signedIn(SECRETS);
      putInKeyring(undefined);
      storage.fail('store', undefined);
      memoryOnly.takeRefreshToken('rotated-1');
      assert.deepEqual(await memoryOnly.saveRefreshToken(), { ok: true });
      assert.deepEqual(inKeyring(), { ...SECRETS, refreshToken: 'rotated-1', refreshTokenClientId: CLIENT_ID });
      assert.equal(memoryOnly.state.kind === 'held' && memoryOnly.state.savedIn, 'keyring');
    });
  });

  it('forget() keeps nothing, and a read under way brings nothing back', async () => {
    putInKeyring(SECRETS);
    const reading = cache.load();
    cache.forget();
    assert.deepEqual(await reading, { kind: 'forgotten' });
    assert.equal(cache.secrets, undefined);
    assert.equal(cache.takeRefreshToken('late'), false);
    assert.deepEqual(cache.state, { kind: 'forgotten' });
  });
});

describe('CredentialCache in a session against the sandbox', function () {
  this.timeout(10_000);
  const t = SandboxSessions.setUp();

  /** Tokens the sandbox issued to another client ID, with a refresh token. */
  async function tokensOfAnotherClient(): Promise<TokenSet> {
    const tokens = await requestToken(
      { authUrl: t.sandbox.authUrl },
      { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'another-client' },
      { now: () => t.clock.now() },
    );
    assert.ok(tokens.refreshToken);
    return tokens;
  }

  describe('sign-in', () => {
    it('signing in again to the same profile replaces its stored credentials', async () => {
      t.sandbox.configure({ issueRefreshTokens: true });
      (await t.signIn()).dispose();
      const first = await t.stored();
      t.sandbox.configure({ issueRefreshTokens: false });
      (await t.signIn()).dispose();
      assert.deepEqual(await t.stored(), SANDBOX_SECRETS);
      assert.ok(first?.refreshToken);
      assert.equal(t.storage.values.size, 1);
    });

    it('keeps working from memory when the keyring cannot store, and says so', async () => {
      t.storage.fail('store', 'throw');
      const session = await t.signIn();
      assert.equal(session.state.status, 'active');
      assert.match(session.state.storageProblem ?? '', /^Signed in for this window only: VS Code could not use the system keyring to store MX secrets/);
      assert.equal(t.storage.values.size, 0);
      t.storage.fail('get', 'throw');
      t.clock.jump(LIFETIME_MS + MINUTE);
      const token = await session.getToken();
      assert.ok(token);
      assert.deepEqual(t.grants(), ['password', 'password']);
    });
  });

  describe('refresh tokens', () => {
    it('uses the password grant for refreshes when the server issued no refresh token', async () => {
      const session = await t.signIn();
      t.clock.advance(REFRESH_DELAY_MS);
      await t.settle(session);
      assert.deepEqual(t.grants(), ['password', 'password']);
      assert.equal(session.state.lastRefresh?.grant, 'password');
    });

    it('uses the refresh_token grant when one was issued, and stores each new one with its client ID', async () => {
      t.sandbox.configure({ issueRefreshTokens: true });
      const session = await t.signIn();
      const issued = await t.stored();
      assert.ok(issued?.refreshToken);
      assert.equal(issued.refreshTokenClientId, SANDBOX_CLIENT_ID);
      t.clock.advance(REFRESH_DELAY_MS);
      await t.settle(session);
      assert.deepEqual(t.grants(), ['password', 'refresh_token']);
      const form = new URLSearchParams(t.authRequests()[1].body);
      assert.equal(form.get('refresh_token'), issued.refreshToken);
      assert.equal(form.get('client_id'), SANDBOX_CLIENT_ID);
      assert.equal(form.get('password'), null);
      const rotated = await t.stored();
      assert.ok(rotated?.refreshToken);
      assert.notEqual(rotated.refreshToken, issued.refreshToken);
      assert.equal(rotated.password, SANDBOX_SECRETS.password);
      assert.equal(session.state.lastRefresh?.grant, 'refresh_token');
      // The rotated one works for the next cycle.
      t.clock.advance(REFRESH_DELAY_MS);
      await t.settle(session);
      assert.deepEqual(t.grants(), ['password', 'refresh_token', 'refresh_token']);
    });

    it('falls back to the password grant at once when the refresh token is rejected', async () => {
      t.sandbox.configure({ issueRefreshTokens: true });
      const session = await t.signIn();
      const old = (await t.stored())?.refreshToken;
      t.sandbox.clearRequests();
      t.sandbox.revokeRefreshTokens();
      await session.refreshNow();
      assert.deepEqual(t.grants(), ['refresh_token', 'password']);
      assert.equal(session.state.status, 'active');
      assert.deepEqual(session.state.lastRefresh, { at: t.clock.now(), grant: 'password', trigger: 'manual' });
      const now = await t.stored();
      assert.ok(now?.refreshToken);
      assert.notEqual(now.refreshToken, old);
      assert.match(t.log.text, /Token refresh_token for .* \(manual\): failed \(rejectedRefreshToken, HTTP 400, invalid_grant\)/);
    });

    it('drops a rejected refresh token when the password grant brings no new one', async () => {
      t.sandbox.configure({ issueRefreshTokens: true });
      const session = await t.signIn();
      t.sandbox.revokeRefreshTokens();
      t.sandbox.configure({ issueRefreshTokens: false });
      await session.refreshNow();
      assert.deepEqual(await t.stored(), SANDBOX_SECRETS);
      t.sandbox.clearRequests();
      await session.refreshNow();
      assert.deepEqual(t.grants(), ['password']);
    });

    it('never sends a refresh token issued to another client ID', async () => {
      t.sandbox.configure({ issueRefreshTokens: true });
      const foreign = await tokensOfAnotherClient();
      await t.credentials.save(t.profile.id, { ...SANDBOX_SECRETS, refreshToken: foreign.refreshToken, refreshTokenClientId: 'another-client' });
      t.sandbox.clearRequests();
      const session = await t.restore();
      assert.equal(t.authRequests().length, 0, 'restoring is offline');
      await session.getToken();
      assert.deepEqual(t.grants(), ['password']);
      assert.ok(t.authRequests().every((r) => !r.body.includes(foreign.refreshToken ?? '')));
      const now = await t.stored();
      assert.equal(now?.refreshTokenClientId, SANDBOX_CLIENT_ID);
      assert.notEqual(now?.refreshToken, foreign.refreshToken);
      assert.equal(session.state.lastRefresh?.trigger, 'restore');
    });

    it('falls back to the password when the server says the refresh token belongs to another client', async () => {
      t.sandbox.configure({ issueRefreshTokens: true });
      const foreign = await tokensOfAnotherClient();
      // A damaged record claiming the token is ours: the server is the judge.
      await t.credentials.save(t.profile.id, { ...SANDBOX_SECRETS, refreshToken: foreign.refreshToken, refreshTokenClientId: SANDBOX_CLIENT_ID });
      t.sandbox.clearRequests();
      const session = await t.restore();
      await session.getToken();
      assert.deepEqual(t.grants(), ['refresh_token', 'password']);
      assert.equal(session.state.status, 'active');
    });
  });

  describe('keyring', () => {
    it('survives a keyring that fails at start-up and recovers when it works again', async () => {
      await t.credentials.save(t.profile.id, SANDBOX_SECRETS);
      t.storage.fail('get', 'throw');
      const session = await t.restore();
      assert.equal(session.state.status, 'expired');
      assert.match(session.state.storageProblem ?? '', /system keyring/);
      await assert.rejects(session.getToken(), (err: unknown) => err instanceof CredentialsUnavailableError);
      assert.equal(session.state.status, 'retrying');
      assert.equal(session.state.lastError?.kind, 'keyring');
      assert.equal(t.authRequests().length, 0);
      t.storage.fail('get', undefined);
      assert.ok(await session.getToken());
      assert.equal(session.state.status, 'active');
    });

    it('ends when the stored credentials disappear (signed out in another window)', async () => {
      const session = await t.signIn();
      t.storage.externalChange(credentialsKey(t.profile.id), undefined);
      t.clock.jump(LIFETIME_MS);
      await assert.rejects(session.getToken(), isSessionEnded(true, /signed out in another window/));
    });
  });
});

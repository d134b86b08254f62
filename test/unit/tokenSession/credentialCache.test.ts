// A session's credential cache over the real CredentialStore and SecretStore; only VS Code's
// SecretStorage (a keyring that can fail on demand) and the log are fakes. How a session acts on
// what the cache answers (ending, retrying, the refresh token grants) is in tokenSession.test.ts.
import * as assert from 'node:assert/strict';
import { CredentialCache } from '../../../src/auth/credentialCache';
import { credentialsKey, type StoredCredentials } from '../../../src/auth/credentials';
import { createProfile } from '../../../src/auth/profiles';
import { SessionFactory } from '../../../src/auth/sessionFactory';
import { Redactor } from '../../../src/mx/redaction';
import { CapturingLogger } from '../fakes/logger';
import { InMemorySecretStorage } from '../fakes/secretStorage';

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

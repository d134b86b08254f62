// The pieces under the token session: the SecretStorage wrapper and its failure paths, the
// credential record, the profile list in global state, the event emitter and the redacting logger.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { REDACTED, Redactor } from '../../src/mx/redaction';
import { MAX_TIMER_MS, systemClock } from '../../src/base/clock';
import { CredentialStore, credentialsKey } from '../../src/auth/credentials';
import { Emitter } from '../../src/base/events';
import { formatInstant, formatTimeLeft } from '../../src/base/format';
import { RedactingLogger } from '../../src/base/logger';
import {
  ACTIVE_PROFILE_KEY,
  createProfile,
  LAST_ANSWERS_KEY,
  profileId,
  PROFILES_KEY,
  ProfileStore,
  type ProfileEnvironment,
} from '../../src/auth/profiles';
import { DEFAULT_SECRET_TIMEOUT_MS, SecretStore } from '../../src/auth/secretStore';
import { FakeClock } from './fakes/fakeClock';
import { CapturingLogger } from './fakes/logger';
import { InMemoryMemento } from './fakes/memento';
import { InMemorySecretStorage } from './fakes/secretStorage';

const STAGING: ProfileEnvironment = {
  name: 'Staging',
  kind: 'staging',
  authUrl: 'https://staging-auth.moviexchange.com',
  apiUrl: 'https://staging-api.moviexchange.com',
};
const PRODUCTION: ProfileEnvironment = {
  name: 'Production',
  kind: 'production',
  authUrl: 'https://auth.moviexchange.com',
  apiUrl: 'https://api.moviexchange.com',
};
const SECRET_VALUE = 'top-secret-value-8842';
const KEYRING_HELP = /On Linux, make sure a keyring \(gnome-keyring or KWallet\) is running, or set "password-store"/;

describe('SecretStore', () => {
  let storage: InMemorySecretStorage;
  let log: CapturingLogger;
  let clock: FakeClock;
  let store: SecretStore;

  beforeEach(() => {
    storage = new InMemorySecretStorage();
    log = new CapturingLogger();
    clock = new FakeClock();
    store = new SecretStore(storage, log, { clock });
  });

  afterEach(() => {
    store.dispose();
    assert.equal(clock.pendingCount, 0, 'the hang guard is cleared after every call');
  });

  it('stores, reads and deletes, and forwards change events', async () => {
    const keys: string[] = [];
    store.onDidChange((e) => keys.push(e.key));
    assert.deepEqual(await store.store('a', SECRET_VALUE), { ok: true });
    assert.deepEqual(await store.get('a'), { ok: true, value: SECRET_VALUE });
    assert.deepEqual(await store.delete('a'), { ok: true });
    assert.deepEqual(await store.get('a'), { ok: true, value: undefined });
    storage.externalChange('b', 'x'); // another window
    assert.deepEqual(keys, ['a', 'a', 'b']);
    assert.equal(log.lines.length, 0);
  });

  for (const operation of ['get', 'store', 'delete'] as const) {
    for (const how of ['throw', 'throwSync'] as const) {
      it(`turns a ${operation} that ${how === 'throw' ? 'rejects' : 'throws'} into a readable result and a log line`, async () => {
        storage.fail(operation, how);
        const result =
          operation === 'get' ? await store.get('k') : operation === 'store' ? await store.store('k', SECRET_VALUE) : await store.delete('k');
        assert.equal(result.ok, false);
        const message = result.ok ? '' : result.message;
        const verb = operation === 'get' ? 'read' : operation;
        assert.match(message, new RegExp(`^VS Code could not use the system keyring to ${verb} MX secrets: Error: `));
        assert.match(message, KEYRING_HELP);
        assert.equal(log.lines.length, 1);
        assert.match(log.lines[0], new RegExp(`^\\[error\\] SecretStorage ${operation === 'get' ? 'read' : operation} of k failed`));
        assert.ok(!log.text.includes(SECRET_VALUE));
      });
    }

    it(`gives up on a ${operation} that hangs after ${DEFAULT_SECRET_TIMEOUT_MS / 1000} s`, async () => {
      storage.fail(operation, 'hang');
      const pending =
        operation === 'get' ? store.get('k') : operation === 'store' ? store.store('k', SECRET_VALUE) : store.delete('k');
      await Promise.resolve();
      assert.equal(clock.pendingCount, 1);
      clock.advance(DEFAULT_SECRET_TIMEOUT_MS - 1);
      clock.advance(1);
      const result = await pending;
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, /did not answer within 10 s/);
      assert.match(result.ok ? '' : result.message, KEYRING_HELP);
      assert.match(log.text, /timed out after 10000 ms/);
    });
  }

  it('treats a get that returns nothing as a missing secret', async () => {
    await store.store('k', SECRET_VALUE);
    storage.fail('get', 'nothing');
    assert.deepEqual(await store.get('k'), { ok: true, value: undefined });
  });

  it('treats a get that returns something other than text as missing, with a warning', async () => {
    const odd: vscode.SecretStorage = {
      get: () => Promise.resolve(42 as unknown as string),
      store: (key, value) => storage.store(key, value),
      delete: (key) => storage.delete(key),
      onDidChange: storage.onDidChange,
    };
    const wrapped = new SecretStore(odd, log, { clock });
    assert.deepEqual(await wrapped.get('k'), { ok: true, value: undefined });
    assert.match(log.text, /returned a number for k/);
    wrapped.dispose();
  });

  it('accepts store and delete that return nothing at all', async () => {
    const bare = {
      get: () => Promise.resolve(undefined),
      store: () => undefined as unknown as Thenable<void>,
      delete: () => undefined as unknown as Thenable<void>,
      onDidChange: storage.onDidChange,
    } as vscode.SecretStorage;
    const wrapped = new SecretStore(bare, log, { clock });
    assert.deepEqual(await wrapped.store('k', 'v'), { ok: true });
    assert.deepEqual(await wrapped.delete('k'), { ok: true });
    wrapped.dispose();
  });

  it('survives a storage whose change event cannot be subscribed to', async () => {
    const broken: vscode.SecretStorage = {
      get: (key) => storage.get(key),
      store: (key, value) => storage.store(key, value),
      delete: (key) => storage.delete(key),
      onDidChange: () => {
        throw new Error('no events');
      },
    };
    const wrapped = new SecretStore(broken, log, { clock });
    assert.deepEqual(await wrapped.get('k'), { ok: true, value: undefined });
    assert.match(log.text, /change events are unavailable/);
    wrapped.dispose();
  });
});

describe('CredentialStore', () => {
  let storage: InMemorySecretStorage;
  let log: CapturingLogger;
  let secrets: SecretStore;
  let store: CredentialStore;

  beforeEach(() => {
    storage = new InMemorySecretStorage();
    log = new CapturingLogger();
    secrets = new SecretStore(storage, log, { clock: systemClock });
    store = new CredentialStore(secrets, log);
  });

  afterEach(() => {
    store.dispose();
    secrets.dispose();
  });

  it('keeps one JSON secret per profile', async () => {
    assert.deepEqual(await store.save('p1', { password: 'pw-1234', clientSecret: 'cs-1234' }), { ok: true });
    assert.deepEqual([...storage.values.keys()], ['mx.credentials/p1']);
    assert.equal(credentialsKey('p1'), 'mx.credentials/p1');
    assert.deepEqual(JSON.parse(storage.values.get('mx.credentials/p1') ?? ''), { password: 'pw-1234', clientSecret: 'cs-1234' });
    assert.deepEqual(await store.load('p1'), { ok: true, value: { password: 'pw-1234', clientSecret: 'cs-1234' } });
    assert.deepEqual(await store.load('p2'), { ok: true, value: undefined });
    assert.deepEqual(await store.delete('p1'), { ok: true });
    assert.deepEqual(await store.load('p1'), { ok: true, value: undefined });
  });

  it('replaces and drops the refresh token, keeping the rest', async () => {
    await store.save('p1', { password: 'pw-1234', clientSecret: 'cs-1234' });
    await store.setRefreshToken('p1', 'rt-1234', 'client-a');
    assert.deepEqual(await store.load('p1'), {
      ok: true,
      value: { password: 'pw-1234', clientSecret: 'cs-1234', refreshToken: 'rt-1234', refreshTokenClientId: 'client-a' },
    });
    await store.setRefreshToken('p1', undefined);
    assert.deepEqual(await store.load('p1'), { ok: true, value: { password: 'pw-1234', clientSecret: 'cs-1234' } });
    const missing = await store.setRefreshToken('nobody', 'rt-1234', 'client-a');
    assert.equal(missing.ok, false);
  });

  for (const [label, text] of [
    ['not JSON', '{password:'],
    ['a JSON array', '[]'],
    ['without a password', '{"clientSecret":"x"}'],
    ['with a numeric client secret', '{"password":"p","clientSecret":5}'],
    ['with a non-text refresh token', '{"password":"p","clientSecret":"c","refreshToken":{}}'],
  ] as const) {
    it(`treats a stored record ${label} as missing, with a warning`, async () => {
      storage.values.set(credentialsKey('p1'), text);
      assert.deepEqual(await store.load('p1'), { ok: true, value: undefined });
      assert.match(log.text, /\[warn\] The stored MX credentials of profile p1 are unreadable/);
    });
  }

  it('passes keyring failures on as results', async () => {
    storage.fail('get', 'throw');
    const read = await store.load('p1');
    assert.equal(read.ok, false);
    storage.fail('store', 'throw');
    assert.equal((await store.save('p1', { password: 'p', clientSecret: 'c' })).ok, false);
  });

  it('tells which profile changed, also from another window, and ignores other keys', async () => {
    const changed: string[] = [];
    store.onDidChange((e) => changed.push(e.profileId));
    await store.save('p1', { password: 'pw-1234', clientSecret: 'c' });
    storage.externalChange(credentialsKey('p2'), undefined);
    storage.externalChange('something.else', 'x');
    assert.deepEqual(changed, ['p1', 'p2']);
  });
});

describe('ProfileStore', () => {
  let memento: InMemoryMemento;
  let log: CapturingLogger;
  let profiles: ProfileStore;

  beforeEach(() => {
    memento = new InMemoryMemento();
    log = new CapturingLogger();
    profiles = new ProfileStore(memento, log);
  });

  it('derives a stable short id from environment URLs, username (any case) and client ID', () => {
    const id = profileId(STAGING, 'User@Example.com', 'client-a');
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(profileId({ ...STAGING, authUrl: `${STAGING.authUrl}/` }, ' user@example.com ', 'client-a'), id);
    assert.notEqual(profileId(STAGING, 'user@example.com', 'client-b'), id);
    assert.notEqual(profileId(PRODUCTION, 'user@example.com', 'client-a'), id);
    assert.equal(createProfile({ ...STAGING, name: 'Renamed' }, 'user@example.com', 'client-a').id, id);
  });

  it('adds profiles, updates one on a second sign-in, and never stores secrets', async () => {
    const a = createProfile(STAGING, 'user@example.com', 'client-a');
    const b = createProfile(PRODUCTION, 'user@example.com', 'client-a');
    assert.equal(await profiles.upsert(a), true);
    assert.equal(await profiles.upsert(b), true);
    assert.deepEqual(profiles.list(), [a, b]);
    const renamed = createProfile({ ...STAGING, name: 'Staging (EU)' }, 'USER@example.com', 'client-a');
    assert.equal(renamed.id, a.id);
    await profiles.upsert(renamed);
    assert.deepEqual(profiles.list(), [b, renamed]);
    assert.deepEqual(profiles.get(a.id), renamed);
    await profiles.upsert({ ...a, password: 'should-not-be-kept' } as never);
    assert.ok(!JSON.stringify([...memento.values.entries()]).includes('should-not-be-kept'));
  });

  it('switches the active profile and forgets it when the profile is removed', async () => {
    const a = createProfile(STAGING, 'user@example.com', 'client-a');
    const b = createProfile(PRODUCTION, 'user@example.com', 'client-a');
    await profiles.upsert(a);
    await profiles.upsert(b);
    assert.equal(profiles.activeId(), undefined);
    assert.equal(await profiles.setActive(a.id), true);
    assert.deepEqual(profiles.active(), a);
    assert.equal(await profiles.setActive(b.id), true);
    assert.equal(profiles.activeId(), b.id);
    assert.equal(await profiles.setActive('unknown'), false);
    assert.equal(profiles.activeId(), b.id);
    await profiles.remove(b.id);
    assert.equal(profiles.activeId(), undefined);
    assert.deepEqual(profiles.list(), [a]);
    await profiles.setActive(undefined);
    assert.equal(memento.values.has(ACTIVE_PROFILE_KEY), false);
  });

  it('remembers the last sign-in answers as defaults', async () => {
    assert.deepEqual(profiles.lastAnswers(), {});
    await profiles.setLastAnswers({ environmentName: 'Staging', username: 'user@example.com', clientId: 'client-a' });
    assert.deepEqual(profiles.lastAnswers(), { environmentName: 'Staging', username: 'user@example.com', clientId: 'client-a' });
    memento.values.set(LAST_ANSWERS_KEY, { username: 7, clientId: 'client-b' });
    assert.deepEqual(profiles.lastAnswers(), { clientId: 'client-b' });
    memento.values.set(LAST_ANSWERS_KEY, 'garbage');
    assert.deepEqual(profiles.lastAnswers(), {});
  });

  it('reads corrupt state back as empty, skipping bad entries with a warning', async () => {
    memento.values.set(PROFILES_KEY, 'not a list');
    assert.deepEqual(profiles.list(), []);
    assert.match(log.text, /profile list is unreadable/);
    const good = createProfile(STAGING, 'user@example.com', 'client-a');
    memento.values.set(PROFILES_KEY, [
      null,
      { ...good, environment: { ...good.environment, kind: 'moon' } },
      { ...good, environment: { ...good.environment, authUrl: 'http://evil.example.com' } },
      { ...good, username: '' },
      good,
      good,
    ]);
    assert.deepEqual(profiles.list(), [good]);
    assert.equal(log.lines.filter((l) => l.includes('is unreadable and was skipped')).length, 4);
    memento.values.set(ACTIVE_PROFILE_KEY, 'gone');
    assert.equal(profiles.activeId(), undefined);
  });

  it('reports a failed write instead of throwing', async () => {
    memento.failWrites = true;
    assert.equal(await profiles.upsert(createProfile(STAGING, 'u', 'c')), false);
    assert.match(log.text, /Saving mx.profiles to VS Code's global state failed: storage is closed/);
  });
});

describe('auth helpers', () => {
  it('Emitter.event is a vscode.Event: listeners, thisArgs, disposables, and a throwing listener', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>((err) => errors.push(err));
    const event: vscode.Event<number> = emitter.event;
    const seen: number[] = [];
    const disposables: vscode.Disposable[] = [];
    const owner = { factor: 10 };
    event(function (this: typeof owner, n) {
      seen.push(n * this.factor);
    }, owner, disposables);
    event(() => {
      throw new Error('listener bug');
    });
    const last = event((n) => seen.push(n));
    emitter.fire(1);
    assert.deepEqual(seen, [10, 1]);
    assert.equal(errors.length, 1);
    assert.equal(disposables.length, 1);
    disposables[0].dispose();
    last.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, [10, 1]);
    emitter.dispose();
    assert.equal(emitter.listenerCount, 0);
    event(() => assert.fail('disposed emitters do not subscribe')).dispose();
    emitter.fire(3);
  });

  it('RedactingLogger removes every secret the shared Redactor knows, in any encoding', () => {
    const inner = new CapturingLogger();
    const redactor = new Redactor();
    const log = new RedactingLogger(inner, redactor);
    redactor.add('p@ss word/secret');
    log.info('password p@ss word/secret sent as p%40ss%20word%2Fsecret or p%40ss+word%2Fsecret');
    log.warn('Authorization: Bearer abc.def.ghi');
    log.error('nothing secret');
    assert.deepEqual(inner.lines, [
      `[info] password ${REDACTED} sent as ${REDACTED} or ${REDACTED}`,
      `[warn] Authorization: Bearer ${REDACTED}`,
      '[error] nothing secret',
    ]);
  });

  it('formats time left and instants the way the status bar and log show them', () => {
    assert.equal(formatTimeLeft(12 * 3600_000), '12h 0m');
    assert.equal(formatTimeLeft(11 * 3600_000 + 58 * 60_000 + 59_000), '11h 58m');
    assert.equal(formatTimeLeft(58 * 60_000), '58m');
    assert.equal(formatTimeLeft(45_500), '45s');
    assert.equal(formatTimeLeft(-5), '0s');
    assert.equal(formatInstant(Date.UTC(2026, 10, 23, 18, 0, 0, 123)), '2026-11-23T18:00:00Z');
  });

  it('systemClock timers are unref’d, cancellable and clamped to what Node can wait', async () => {
    let fired = false;
    const handle = systemClock.setTimeout(() => (fired = true), MAX_TIMER_MS * 4);
    handle.dispose();
    const done = await new Promise<boolean>((resolve) => {
      systemClock.setTimeout(() => resolve(true), 0);
    });
    assert.equal(done, true);
    assert.equal(fired, false);
    assert.ok(Math.abs(systemClock.now() - Date.now()) < 1000);
  });
});

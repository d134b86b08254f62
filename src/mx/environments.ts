// MX environments: the two documented ones, the ones a user configures, and the URL rules that keep
// credentials off plain-text connections (mx-api.md §1: HTTPS is mandatory in production).
import { clientIdLength, MAX_CLIENT_ID_LENGTH } from './clientId';

export type MxEnvironmentKind = 'staging' | 'production' | 'custom';

export interface MxEnvironment {
  /** Stable key for storing per-environment state (secrets, last choice). */
  readonly id: string;
  readonly name: string;
  /** Normalised, no trailing slash; may carry a path prefix (e.g. a company gateway). */
  readonly authUrl: string;
  /** Normalised, no trailing slash; API paths such as `/mxs/...` are appended to it. */
  readonly apiUrl: string;
  readonly kind: MxEnvironmentKind;
  /** Non-secret answers a configured environment offers at sign-in (e.g. the local sandbox's user). */
  readonly signInDefaults?: SignInPreset;
}

export interface SignInPreset {
  readonly username?: string;
  readonly clientId?: string;
}

export const STAGING: MxEnvironment = Object.freeze({
  id: 'staging',
  name: 'Staging',
  authUrl: 'https://staging-auth.moviexchange.com',
  apiUrl: 'https://staging-api.moviexchange.com',
  kind: 'staging',
});

export const PRODUCTION: MxEnvironment = Object.freeze({
  id: 'production',
  name: 'Production',
  authUrl: 'https://auth.moviexchange.com',
  apiUrl: 'https://api.moviexchange.com',
  kind: 'production',
});

export const BUILT_IN_ENVIRONMENTS: readonly MxEnvironment[] = Object.freeze([STAGING, PRODUCTION]);

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** The token endpoint; appended rather than resolved so a gateway path prefix is kept. */
export function tokenEndpoint(env: Pick<MxEnvironment, 'authUrl'>): string {
  return `${env.authUrl.replace(/\/+$/, '')}/connect/token`;
}

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * True for names that cannot leave the machine. Only literal loopback addresses and `localhost`
 * count: a name like `localhost.example.com` or `127.0.0.1.nip.io` resolves through DNS and could
 * point anywhere, so plain http to it would expose the password.
 */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) {
    h = h.slice(1, -1);
  }
  if (h.endsWith('.')) {
    h = h.slice(0, -1);
  }
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') {
    return true;
  }
  const v4 = IPV4_LOOPBACK.exec(h) ?? IPV4_LOOPBACK.exec(h.replace(/^::ffff:/, ''));
  if (v4) {
    return v4.slice(1).every((part) => Number(part) <= 255);
  }
  // IPv4-mapped loopback as the WHATWG URL parser prints it: [::ffff:7f00:1].
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/**
 * Checks a user-supplied base URL and returns it normalised (lower-case host, default port
 * dropped, no trailing slash) so stored environments compare equal and paths append cleanly.
 */
export function validateBaseUrl(raw: string, fieldLabel: string): BaseUrlCheck {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, reason: `${fieldLabel} is required.` };
  }
  const text = raw.trim();
  // Without a scheme the URL parser would read "localhost:8080" as scheme "localhost:".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return {
      ok: false,
      reason: `${fieldLabel} must be an absolute URL starting with https:// (for example https://auth.example.com).`,
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `${fieldLabel} is not a valid URL.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `${fieldLabel} must use https://.` };
  }
  if (url.hostname === '') {
    return { ok: false, reason: `${fieldLabel} must name a host.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, reason: `${fieldLabel} must use https:// (http:// is only allowed for localhost).` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      reason: `${fieldLabel} must not contain a user name or password; MX Explorer asks for them separately.`,
    };
  }
  // `url.search` is '' for a bare "?", so look at the text as typed.
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return { ok: false, reason: `${fieldLabel} must not contain a query (?…) or fragment (#…).` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/** Builds the environment for the "Custom…" sign-in choice. */
export function customEnvironment(
  authUrl: string,
  apiUrl: string,
  name?: string,
): { ok: true; environment: MxEnvironment } | { ok: false; reason: string } {
  const auth = validateBaseUrl(authUrl, 'Auth base URL');
  if (!auth.ok) {
    return auth;
  }
  const api = validateBaseUrl(apiUrl, 'API base URL');
  if (!api.ok) {
    return api;
  }
  const label = name?.trim() || new URL(api.url).host;
  return {
    ok: true,
    environment: { id: customId(auth.url, api.url), name: label, authUrl: auth.url, apiUrl: api.url, kind: 'custom' },
  };
}

/** Ids derive from the URLs, not the display name, so renaming an entry keeps its stored secrets. */
function customId(authUrl: string, apiUrl: string): string {
  return `custom:${authUrl}|${apiUrl}`;
}

export interface ConfiguredEnvironments {
  readonly environments: MxEnvironment[];
  /** One line per skipped entry, written for the user (shown as a warning, logged). */
  readonly problems: string[];
}

/** Setting keys that would put a secret in plain-text settings; never read. */
const SECRET_KEYS = ['password', 'clientSecret', 'client_secret', 'secret', 'token', 'refreshToken', 'accessToken'];

/**
 * The optional `username` and `clientId` of an entry. Settings are plain text (and often shared),
 * so a secret found there is refused by name and never read.
 */
function parseSignInPreset(record: Record<string, unknown>, labelled: string, problems: string[]): SignInPreset | undefined {
  for (const key of SECRET_KEYS) {
    if (key in record) {
      problems.push(`${labelled}: "${key}" was ignored — secrets never belong in settings; MX Explorer asks for them at sign-in and keeps them in VS Code's secret storage.`);
    }
  }
  const preset: { username?: string; clientId?: string } = {};
  if (record.username !== undefined) {
    const username = typeof record.username === 'string' ? record.username.trim() : '';
    if (username === '') problems.push(`${labelled}: "username" was ignored: it must be a non-empty text.`);
    else preset.username = username;
  }
  if (record.clientId !== undefined) {
    const clientId = typeof record.clientId === 'string' ? record.clientId.trim() : '';
    if (clientId === '' || clientIdLength(clientId) > MAX_CLIENT_ID_LENGTH) {
      problems.push(`${labelled}: "clientId" was ignored: it must be 1 to ${MAX_CLIENT_ID_LENGTH} characters.`);
    } else preset.clientId = clientId;
  }
  return preset.username !== undefined || preset.clientId !== undefined ? Object.freeze(preset) : undefined;
}

/**
 * Reads the `mx.environments` setting. Settings are hand-edited JSON, so one bad entry is skipped
 * with a reason instead of hiding every other environment.
 */
export function parseConfiguredEnvironments(value: unknown): ConfiguredEnvironments {
  const environments: MxEnvironment[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) {
    return { environments, problems };
  }
  if (!Array.isArray(value)) {
    problems.push('The mx.environments setting must be a list of { "name", "authUrl", "apiUrl" } entries; it was ignored.');
    return { environments, problems };
  }
  const usedNames = new Set(BUILT_IN_ENVIRONMENTS.map((env) => env.name.toLowerCase()));
  const usedIds = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const where = `mx.environments entry ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where} was skipped: it must be an object with "name", "authUrl" and "apiUrl".`);
      return;
    }
    const record = entry as Record<string, unknown>;
    const name = typeof record.name === 'string' ? record.name.trim() : '';
    if (name === '') {
      problems.push(`${where} was skipped: "name" must be a non-empty text.`);
      return;
    }
    const labelled = `${where} ("${name}")`;
    if (usedNames.has(name.toLowerCase())) {
      problems.push(`${labelled} was skipped: the name is already used by another environment.`);
      return;
    }
    const auth = validateBaseUrl(typeof record.authUrl === 'string' ? record.authUrl : '', 'Auth base URL');
    if (!auth.ok) {
      problems.push(`${labelled} was skipped: ${auth.reason}`);
      return;
    }
    const api = validateBaseUrl(typeof record.apiUrl === 'string' ? record.apiUrl : '', 'API base URL');
    if (!api.ok) {
      problems.push(`${labelled} was skipped: ${api.reason}`);
      return;
    }
    const id = customId(auth.url, api.url);
    if (usedIds.has(id)) {
      problems.push(`${labelled} was skipped: another entry has the same auth and API base URLs.`);
      return;
    }
    usedNames.add(name.toLowerCase());
    usedIds.add(id);
    const preset = parseSignInPreset(record, labelled, problems);
    environments.push({ id, name, authUrl: auth.url, apiUrl: api.url, kind: 'custom', ...(preset ? { signInDefaults: preset } : {}) });
  });
  return { environments, problems };
}

// Who the headless runner signs in as: the six MX_* environment variables, checked as MX: Sign In
// checks its answers (base URLs: https, or http on loopback; the client-ID rule), and the profile
// they make. Nothing here prints a value: a problem names the variable, never what it holds. Pure
// over the environment it is given.
import { createProfile, type Profile, type ProfileEnvironmentKind } from '../auth/profiles';
import { clientIdLength, MAX_CLIENT_ID_LENGTH } from '../mx/clientId';
import { PRODUCTION, STAGING, validateBaseUrl } from '../mx/environments';
import { CREDENTIAL_VARIABLES } from './cliArguments';

export interface CliCredentials {
  readonly profile: Profile;
  readonly password: string;
  readonly clientSecret: string;
}

export type CredentialsRead = { readonly ok: true; readonly credentials: CliCredentials } | { readonly ok: false; readonly problems: readonly string[] };

export function readCredentials(env: Readonly<Record<string, string | undefined>>): CredentialsRead {
  const missing = CREDENTIAL_VARIABLES.filter((name) => (env[name] ?? '').trim() === '');
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [`Missing environment variable${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: mx-explorer-run signs in with ${CREDENTIAL_VARIABLES.join(', ')} (never with arguments). Nothing was sent.`],
    };
  }
  const value = (name: (typeof CREDENTIAL_VARIABLES)[number]): string => env[name] as string;
  const problems: string[] = [];
  const auth = validateBaseUrl(value('MX_AUTH_URL'), 'MX_AUTH_URL');
  const api = validateBaseUrl(value('MX_API_URL'), 'MX_API_URL');
  if (!auth.ok) problems.push(auth.reason);
  if (!api.ok) problems.push(api.reason);
  const clientId = value('MX_CLIENT_ID').trim();
  if (clientIdLength(clientId) > MAX_CLIENT_ID_LENGTH) problems.push(`MX_CLIENT_ID is longer than ${MAX_CLIENT_ID_LENGTH} characters.`);
  if (!auth.ok || !api.ok || problems.length > 0) return { ok: false, problems: problems.map((p) => `${p} Nothing was sent.`) };
  const known = [PRODUCTION, STAGING].find((e) => e.apiUrl === api.url);
  const kind: ProfileEnvironmentKind = known?.kind ?? 'custom';
  const name = known?.name ?? new URL(api.url).host;
  const profile = createProfile({ name, kind, authUrl: auth.url, apiUrl: api.url }, value('MX_USERNAME'), clientId);
  return { ok: true, credentials: { profile, password: value('MX_PASSWORD'), clientSecret: value('MX_CLIENT_SECRET') } };
}

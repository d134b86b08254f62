// A few lines every sandbox user (unit tests, benchmarks, scripts) would otherwise rewrite:
// sign in with the password grant and call the API with both MX credentials.
import type { Sandbox, SandboxAccount } from './types';

export interface SandboxTokens {
  readonly access_token: string;
  readonly expires_in: number;
  readonly refresh_token?: string;
}

export function tokenRequest(sandbox: Pick<Sandbox, 'authUrl'>, form: Record<string, string>): Promise<Response> {
  return fetch(`${sandbox.authUrl}/connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export async function signIn(sandbox: Pick<Sandbox, 'authUrl' | 'accounts'>, clientId = 'mx-sandbox-client'): Promise<SandboxTokens> {
  const { username, password } = sandbox.accounts[0];
  const response = await tokenRequest(sandbox, { grant_type: 'password', username, password, client_id: clientId });
  if (response.status !== 200) throw new Error(`Sign-in failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SandboxTokens;
}

export function mxHeaders(accessToken: string, account: SandboxAccount): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}`, 'MX-Api-Client-Secret': account.clientSecret };
}

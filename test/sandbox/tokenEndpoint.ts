// The auth server's only endpoint, POST /connect/token, with IdentityServer-style errors (MX
// documents none, so: HTTP 400 with {"error", "error_description"} as OAuth defines them). It
// never looks at MX-Api-Client-Secret: that header belongs to API calls, and the request log lets
// tests check the client did not send it here.
import type { SandboxAccount, SandboxConfig } from './types';
import { IncomingRequest, Reply, emptyReply } from './http';
import type { TokenStore } from './tokens';

export interface TokenEndpointContext {
  readonly accounts: readonly SandboxAccount[];
  readonly tokens: TokenStore;
  readonly config: () => SandboxConfig;
}

const MAX_CLIENT_ID_LENGTH = 50;

/** The headers the recorded MX token response carried. */
export function oauthReply(status: number, body: object): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-cache', Pragma: 'no-cache' },
    body: JSON.stringify(body),
  };
}

function oauthError(error: string, description?: string): Reply {
  return oauthReply(400, description ? { error, error_description: description } : { error });
}

function validClientId(clientId: string | null): clientId is string {
  return clientId !== null && clientId.length > 0 && [...clientId].length <= MAX_CLIENT_ID_LENGTH;
}

export function handleTokenRequest(request: IncomingRequest, context: TokenEndpointContext): Reply {
  if (request.method !== 'POST' || request.path !== '/connect/token') return emptyReply(404);
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return oauthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(request.body);
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError('invalid_request', 'grant_type is missing.');
  if (grantType !== 'password' && grantType !== 'refresh_token') return oauthError('unsupported_grant_type');
  const clientId = form.get('client_id');
  if (!validClientId(clientId)) return oauthError('invalid_client');
  const config = context.config();

  if (grantType === 'password') {
    const username = form.get('username');
    const password = form.get('password');
    if (!username || password === null) return oauthError('invalid_request', 'username and password are required.');
    const account = context.accounts.find((a) => a.username.toLowerCase() === username.toLowerCase() && a.password === password);
    if (!account) return oauthError('invalid_grant', 'invalid_username_or_password');
    return oauthReply(200, context.tokens.issue(account, clientId, config, config.issueRefreshTokens));
  }

  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError('invalid_request', 'refresh_token is missing.');
  const account = context.tokens.redeemRefreshToken(refreshToken, clientId);
  if (!account) return oauthError('invalid_grant');
  return oauthReply(200, context.tokens.issue(account, clientId, config, true));
}

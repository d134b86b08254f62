// Guards every API call with both credentials MX requires: a Bearer token and the account's
// MX-Api-Client-Secret. MX's own 401s are not recorded; these say plainly what was wrong.
import { IncomingRequest, Reply, jsonReply } from './http';
import type { TokenStore } from './tokens';

function unauthorized(error: string, description: string, bearerChallenge: boolean): Reply {
  return jsonReply(
    401,
    JSON.stringify({ error, error_description: description }),
    bearerChallenge ? { 'WWW-Authenticate': 'Bearer error="invalid_token"' } : {},
  );
}

/** The 401 for this request, or undefined when it may go on. */
export function rejectUnauthorized(request: IncomingRequest, tokens: TokenStore): Reply | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers['authorization'] ?? '');
  if (!match) return unauthorized('invalid_token', 'The request has no Bearer token in its Authorization header.', true);
  const check = tokens.checkAccess(match[1]);
  if (!check.ok) {
    const why =
      check.reason === 'expired'
        ? `The access token expired at ${new Date(check.expiredAt ?? 0).toISOString()}.`
        : 'The access token is not valid (unknown or revoked).';
    return unauthorized('invalid_token', why, true);
  }
  const secret = request.headers['mx-api-client-secret'];
  if (!secret) return unauthorized('invalid_client_secret', 'The MX-Api-Client-Secret header is missing.', false);
  if (secret !== check.account.clientSecret) {
    return unauthorized('invalid_client_secret', 'The MX-Api-Client-Secret header is not valid for this account.', false);
  }
  return undefined;
}

// The MX token endpoint, POST {authBase}/connect/token: password and refresh_token grants,
// form-encoded, public client (no client_secret: the MX "client secret" is an API header, not an
// OAuth credential). MX documents neither refresh tokens nor token errors: a refresh_token is used
// only when one comes back, and failures are read as IdentityServer-style OAuth errors.
// Every failure becomes a TokenError whose kind drives the session (retry, re-prompt, give up)
// and whose userMessage can be shown as is.

import { clientIdLength, MAX_CLIENT_ID_LENGTH } from './clientId';
import { tokenEndpoint, validateBaseUrl } from './environments';
import { formatDuration, headerValue, hostOf, parseRetryAfter, transfer, TransferFailure } from './http';
import { parseJsonObject } from './json';
import { Redactor } from './redaction';
import { TokenError } from './tokenError';

export { TokenError, type TokenErrorDetails, type TokenErrorKind } from './tokenError';

export type TokenGrant =
  | { readonly kind: 'password'; readonly username: string; readonly password: string; readonly clientId: string }
  | { readonly kind: 'refresh'; readonly refreshToken: string; readonly clientId: string };

export interface TokenRequestOptions {
  /** Deadline for the whole exchange; default 30 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Wall clock in ms since the epoch; default Date.now. */
  readonly now?: () => number;
}

export interface TokenSet {
  readonly accessToken: string;
  /** Always "Bearer": other token types cannot be used on the MX API and are refused. */
  readonly tokenType: string;
  readonly expiresInSeconds: number;
  /** True when the server sent no expires_in and DEFAULT_EXPIRES_IN_SECONDS was assumed. */
  readonly expiresInAssumed?: boolean;
  readonly refreshToken?: string;
  readonly scope?: string;
  /** When the request was sent (ms epoch), so expiry errs early rather than late. */
  readonly obtainedAt: number;
  readonly expiresAt: number;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;
/**
 * Lifetime assumed when a reply has no expires_in (RFC 6749 makes it optional). Shorter than
 * MX's 12 h on purpose: refreshing early costs one request, while trusting too long a lifetime
 * costs a failed API call first.
 */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
/** Anything longer is a unit mistake (e.g. milliseconds) or garbage, not a real lifetime. */
export const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 3600;

/** Gets a token. Inputs are checked before anything is sent; all failures are TokenErrors. */
export async function requestToken(
  target: { readonly authUrl: string },
  grant: TokenGrant,
  options: TokenRequestOptions = {},
): Promise<TokenSet> {
  const base = validateBaseUrl(target?.authUrl, 'Auth base URL');
  const host = base.ok ? hostOf(base.url) : 'the token server';
  if (!base.ok) {
    throw new TokenError('invalidInput', { host, userMessage: base.reason });
  }
  const problem = checkGrant(grant) ?? checkOptions(options);
  if (problem) {
    throw new TokenError('invalidInput', { host, userMessage: problem });
  }
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;

  const form =
    grant.kind === 'password'
      ? new URLSearchParams({
          grant_type: 'password',
          username: grant.username,
          password: grant.password,
          client_id: grant.clientId,
        })
      : new URLSearchParams({ grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: grant.clientId });

  const obtainedAt = now();
  let reply;
  try {
    reply = await transfer({
      method: 'POST',
      url: tokenEndpoint({ authUrl: base.url }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      timeoutMs,
      signal: options.signal,
      // A token reply is a few hundred bytes; a huge one is a misconfigured URL, not a token.
      maxBodyBytes: 1024 * 1024,
    });
  } catch (err) {
    throw fromTransferFailure(err, host, timeoutMs);
  }

  const redactor = new Redactor();
  redactor.add(grant.kind === 'password' ? grant.password : grant.refreshToken);
  const text = reply.body.toString('utf8');
  const contentType = headerValue(reply.headers, 'content-type') ?? '';
  const status = reply.status;

  if (status >= 200 && status < 300) {
    return readTokenSet(text, contentType, status, host, obtainedAt);
  }
  const retryAfterSeconds = parseRetryAfter(headerValue(reply.headers, 'retry-after'), now());
  if (status >= 300 && status < 400) {
    const location = headerValue(reply.headers, 'location');
    const where = location ? ` to ${hostOf(location)}` : '';
    throw new TokenError('malformedReply', {
      host,
      status,
      userMessage: `The token server ${host} answered HTTP ${status} (a redirect${where}) instead of a token. MX Explorer does not follow redirects with your password; check the auth base URL.`,
    });
  }
  throw classifyRejection(grant, status, text, contentType, host, retryAfterSeconds, redactor);
}

function checkGrant(grant: TokenGrant): string | undefined {
  if (typeof grant !== 'object' || grant === null) {
    return 'No credentials were given.';
  }
  const clientId: unknown = grant.clientId;
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    return 'Client ID is required.';
  }
  if (clientIdLength(clientId) > MAX_CLIENT_ID_LENGTH) {
    return `Client ID must be at most ${MAX_CLIENT_ID_LENGTH} characters long.`;
  }
  if (grant.kind === 'password') {
    if (typeof grant.username !== 'string' || grant.username.trim() === '') {
      return 'Username is required.';
    }
    if (typeof grant.password !== 'string' || grant.password === '') {
      return 'Password is required.';
    }
    return undefined;
  }
  if (grant.kind === 'refresh') {
    if (typeof grant.refreshToken !== 'string' || grant.refreshToken.trim() === '') {
      return 'A refresh token is required for the refresh_token grant.';
    }
    return undefined;
  }
  return 'Unknown grant kind.';
}

function checkOptions(options: TokenRequestOptions): string | undefined {
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    return 'The request timeout must be a positive number of milliseconds.';
  }
  return undefined;
}

function fromTransferFailure(err: unknown, host: string, timeoutMs: number): TokenError {
  if (!(err instanceof TransferFailure)) {
    return new TokenError('network', { host, userMessage: `Could not reach ${host}. Check the auth base URL and your network.` });
  }
  switch (err.kind) {
    case 'timeout':
      return new TokenError('timeout', {
        host,
        userMessage: `The token server ${host} did not answer within ${formatDuration(timeoutMs)}. Check your network and try again.`,
      });
    case 'cancelled':
      return new TokenError('cancelled', { host, userMessage: 'The token request was cancelled.' });
    case 'tooLarge':
      return new TokenError('malformedReply', {
        host,
        userMessage: `The token server ${host} sent a far larger reply than a token. Check the auth base URL.`,
      });
    case 'network':
      return new TokenError('network', {
        host,
        code: err.code,
        userMessage: `Could not reach ${host} (${err.reason}). Check the auth base URL and your network.`,
      });
  }
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return /html/i.test(contentType) || /^\s*<(!doctype|html|head|body)/i.test(text);
}

function readTokenSet(text: string, contentType: string, status: number, host: string, obtainedAt: number): TokenSet {
  const malformed = (what: string): TokenError =>
    new TokenError('malformedReply', {
      host,
      status,
      userMessage: `The token server ${host} answered HTTP ${status} with ${what} instead of a token. Check the auth base URL.`,
    });
  if (text.trim() === '') {
    throw malformed('an empty body');
  }
  if (looksLikeHtml(text, contentType)) {
    throw malformed('an HTML page');
  }
  const body = parseJsonObject(text);
  if (!body) {
    throw malformed('a reply that is not a JSON object');
  }
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken.trim() === '') {
    throw malformed('JSON that has no access_token');
  }
  const tokenType = body.token_type ?? 'Bearer';
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw malformed(`a token of type "${String(tokenType).slice(0, 40)}" (only Bearer tokens work with MX)`);
  }
  const lifetime = readExpiresIn(body.expires_in);
  if (lifetime === undefined) {
    throw malformed(
      `an unusable expires_in (${JSON.stringify(body.expires_in)?.slice(0, 40)}); it must be a positive number of seconds up to one year`,
    );
  }
  const refreshToken = typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined;
  const scope = typeof body.scope === 'string' && body.scope !== '' ? body.scope : undefined;
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresInSeconds: lifetime.seconds,
    ...(lifetime.assumed ? { expiresInAssumed: true } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(scope !== undefined ? { scope } : {}),
    obtainedAt,
    expiresAt: obtainedAt + lifetime.seconds * 1000,
  };
}

/**
 * Missing → the assumed default (the field is optional in OAuth). A numeric string is accepted
 * (some gateways send one). Zero, negative, non-numeric or over a year → undefined: such a token
 * would either look expired at once (refresh loop against the server) or never be refreshed.
 */
function readExpiresIn(value: unknown): { seconds: number; assumed: boolean } | undefined {
  if (value === undefined || value === null) {
    return { seconds: DEFAULT_EXPIRES_IN_SECONDS, assumed: true };
  }
  const seconds = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_EXPIRES_IN_SECONDS) {
    return undefined;
  }
  return { seconds, assumed: false };
}

function classifyRejection(
  grant: TokenGrant,
  status: number,
  text: string,
  contentType: string,
  host: string,
  retryAfterSeconds: number | undefined,
  redactor: Redactor,
): TokenError {
  const body = looksLikeHtml(text, contentType) ? undefined : parseJsonObject(text);
  const oauthError = typeof body?.error === 'string' && body.error !== '' ? body.error.slice(0, 100) : undefined;
  const rawDescription = typeof body?.error_description === 'string' ? body.error_description : undefined;
  // Servers sometimes echo what they were sent; never carry the password or refresh token onwards.
  const oauthDescription = rawDescription ? redactor.redact(rawDescription).slice(0, 500) : undefined;
  const details = {
    host,
    status,
    ...(oauthError !== undefined ? { oauthError } : {}),
    ...(oauthDescription !== undefined ? { oauthDescription } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
  const said = oauthError ? ` (${oauthError}${oauthDescription ? `: ${oauthDescription}` : ''})` : '';
  const what = text.trim() === '' ? ' with an empty body' : looksLikeHtml(text, contentType) ? ' with an HTML page instead of a token' : '';
  const later = retryAfterSeconds !== undefined ? ` Try again in ${retryAfterSeconds} s.` : ' Try again later.';

  // A rate limit is the server asking for time, like a 503: retrying later is the right move.
  if (status >= 500 || status === 429) {
    return new TokenError('serverError', {
      ...details,
      userMessage: `The token server ${host} answered HTTP ${status}${what || said}.${later}`,
    });
  }
  if (oauthError === 'invalid_grant') {
    return grant.kind === 'password'
      ? new TokenError('rejectedCredentials', {
          ...details,
          userMessage: `Wrong username or password for ${host}.`,
        })
      : new TokenError('rejectedRefreshToken', {
          ...details,
          userMessage: `${host} no longer accepts the refresh token (expired or revoked); a new sign-in with the password is needed.`,
        });
  }
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new TokenError('clientRejected', {
      ...details,
      userMessage: `${host} rejected the client ID "${grant.clientId}"${said}. Check the client ID.`,
    });
  }
  if (oauthError === 'unsupported_grant_type') {
    return new TokenError('clientError', {
      ...details,
      userMessage: `${host} does not support the ${grant.kind === 'password' ? 'password' : 'refresh_token'} grant${said}.`,
    });
  }
  return new TokenError('clientError', {
    ...details,
    userMessage: `The token server ${host} answered HTTP ${status}${what || said}. Check the auth base URL and your account.`,
  });
}

// One token request of a session, and the log line it leaves either way: the grant, the profile,
// what triggered it and how it ended, so the log alone explains every token a session got or missed.
import type { Redactor } from '../mx/redaction';
import type { TokenGrant, TokenSet } from '../mx/tokenClient';
import { TokenError } from '../mx/tokenError';
import type { Clock } from '../base/clock';
import { formatInstant, formatTimeLeft } from '../base/format';
import type { Logger } from '../base/logger';
import { type Profile, profileLogName } from './profiles';
import type { GrantName, RefreshTrigger } from './sessionState';

export interface GrantContext {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly log: Logger;
  /** Learns the password or refresh token before the request, the new tokens before anything can print them. */
  readonly redactor: Redactor;
  /** Deadline of the request; default that of requestToken (30 s). */
  readonly timeoutMs?: number;
}

export async function requestGrant(context: GrantContext, grant: TokenGrant, trigger: RefreshTrigger, signal?: AbortSignal): Promise<TokenSet> {
  const { profile, clock, log, redactor, timeoutMs } = context;
  const name: GrantName = grant.kind === 'password' ? 'password' : 'refresh_token';
  const who = profileLogName(profile);
  redactor.add(grant.kind === 'refresh' ? grant.refreshToken : grant.password);
  try {
    // The token client and its HTTP transport load on the first token request, not at start-up.
    const { requestToken } = await import('../mx/tokenClient');
    const tokens = await requestToken({ authUrl: profile.environment.authUrl }, grant, {
      now: () => clock.now(),
      signal,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    redactor.add(tokens.accessToken);
    redactor.add(tokens.refreshToken);
    const left = formatTimeLeft(tokens.expiresAt - clock.now());
    const extras = [
      tokens.refreshToken !== undefined ? 'refresh token issued' : '',
      tokens.expiresInAssumed ? 'no expires_in in the reply, 1 h assumed' : '',
    ].filter(Boolean);
    log.info(`Token ${name} for ${who} (${trigger}): ok, expires ${formatInstant(tokens.expiresAt)} (in ${left})${extras.length ? `; ${extras.join('; ')}` : ''}`);
    return tokens;
  } catch (err) {
    if (err instanceof TokenError) {
      const status = err.status !== undefined ? `, HTTP ${err.status}` : '';
      const oauth = err.oauthError !== undefined ? `, ${err.oauthError}` : '';
      const line = `Token ${name} for ${who} (${trigger}): failed (${err.kind}${status}${oauth}): ${err.userMessage}`;
      if (err.kind === 'cancelled') {
        log.info(line);
      } else {
        log.warn(line);
      }
    } else {
      log.error(`Token ${name} for ${who} (${trigger}): failed: ${redactor.safeError(err)}`);
    }
    throw err;
  }
}

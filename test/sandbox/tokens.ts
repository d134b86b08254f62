// Issued tokens and what they were issued to. Tokens are opaque random strings, like MX's.
import { randomBytes } from 'node:crypto';
import type { SandboxAccount, SandboxConfig } from './types';

interface AccessGrant {
  readonly account: SandboxAccount;
  readonly issuedAt: number;
  readonly expiresInSeconds: number;
}

interface RefreshGrant {
  readonly account: SandboxAccount;
  readonly clientId: string;
}

export type AccessCheck =
  | { readonly ok: true; readonly account: SandboxAccount }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired'; readonly expiredAt?: number };

export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly access_token: string;
  readonly expires_in: number;
  readonly refresh_token?: string;
  readonly scope?: string;
}

function opaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export class TokenStore {
  private access = new Map<string, AccessGrant>();
  private refresh = new Map<string, RefreshGrant>();
  /** Every token ever issued, for canary scans: none of them may show up where secrets must not. */
  readonly issued: string[] = [];

  constructor(private readonly now: () => number) {}

  issue(account: SandboxAccount, clientId: string, config: SandboxConfig, withRefreshToken: boolean): TokenResponse {
    const accessToken = opaqueToken();
    this.issued.push(accessToken);
    this.access.set(accessToken, { account, issuedAt: this.now(), expiresInSeconds: config.expiresInSeconds });
    const base = { token_type: 'Bearer' as const, access_token: accessToken, expires_in: config.expiresInSeconds };
    if (!withRefreshToken) return base;
    const refreshToken = opaqueToken();
    this.issued.push(refreshToken);
    this.refresh.set(refreshToken, { account, clientId });
    return { ...base, refresh_token: refreshToken, scope: 'offline_access' };
  }

  checkAccess(token: string): AccessCheck {
    const grant = this.access.get(token);
    if (!grant) return { ok: false, reason: 'unknown' };
    const expiresAt = grant.issuedAt + grant.expiresInSeconds * 1000;
    if (this.now() >= expiresAt) return { ok: false, reason: 'expired', expiredAt: expiresAt };
    return { ok: true, account: grant.account };
  }

  /** Uses up a refresh token (rotation): it works once, and only for the client it was issued to. */
  redeemRefreshToken(token: string, clientId: string): SandboxAccount | undefined {
    const grant = this.refresh.get(token);
    if (!grant || grant.clientId !== clientId) return undefined;
    this.refresh.delete(token);
    return grant.account;
  }

  revokeAccessTokens(): void {
    this.access = new Map();
  }

  revokeRefreshTokens(): void {
    this.refresh = new Map();
  }
}

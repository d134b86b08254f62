// What a failed token request is, as every layer sees it. Kept apart from the token client
// (tokenClient.ts) so that code which only recognises the error loads without the HTTP transport:
// the transport loads on the first token request (see esbuild.mjs, "bundles").

export type TokenErrorKind =
  | 'invalidInput'
  | 'rejectedCredentials'
  | 'rejectedRefreshToken'
  | 'clientRejected'
  | 'clientError'
  | 'serverError'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'malformedReply';

export interface TokenErrorDetails {
  readonly host: string;
  readonly userMessage: string;
  readonly status?: number;
  readonly oauthError?: string;
  readonly oauthDescription?: string;
  readonly retryAfterSeconds?: number;
  /** Node system error code for network failures (ECONNREFUSED, ENOTFOUND…). */
  readonly code?: string;
}

export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly host: string;
  /** Clear, actionable, free of secrets: safe to show and to log. */
  readonly userMessage: string;
  readonly status?: number;
  readonly oauthError?: string;
  readonly oauthDescription?: string;
  readonly retryAfterSeconds?: number;
  readonly code?: string;

  constructor(
    readonly kind: TokenErrorKind,
    details: TokenErrorDetails,
  ) {
    super(details.userMessage);
    this.host = details.host;
    this.userMessage = details.userMessage;
    this.status = details.status;
    this.oauthError = details.oauthError;
    this.oauthDescription = details.oauthDescription;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.code = details.code;
  }

  /** Whether the same request may succeed later without the user changing anything. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'serverError';
  }
}

// The public shape of the local MX sandbox, shared by its implementation, the tests, the
// benchmarks and `npm start`. Keep it small and stable.

/** One request the sandbox received, as it arrived (headers lower-cased). */
export interface SandboxRequest {
  /** Milliseconds since the epoch when the request arrived. */
  readonly time: number;
  readonly server: 'auth' | 'api';
  readonly method: string;
  /** Path without the query string, e.g. `/mxs/reference-data/v1/cinema-chains`. */
  readonly path: string;
  /** Raw query string without the `?`, or '' when there is none. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body as text ('' when empty). */
  readonly body: string;
  /** Status the sandbox answered with; 0 when it reset the connection instead. */
  readonly status: number;
  /** The `Mx-Correlation-Id` sent back (API responses), if any. */
  readonly correlationId?: string;
}

/** A fault the sandbox injects instead of (or before) its normal answer. */
export type SandboxFaultKind =
  | 'delay' // wait `delayMs`, then answer normally
  | 'status' // answer `status` (default 500) with an MX error body on the API, an OAuth-ish body on auth
  | 'reset' // destroy the socket without answering
  | 'malformedJson' // 200, JSON content type, a body that is not JSON
  | 'truncatedJson' // 200, JSON content type, a JSON body cut in the middle
  | 'html' // `status` (default 502) with a text/html error page, like a proxy in front of MX
  | 'emptyBody' // `status` (default 404) with Content-Length: 0
  | 'largeBody' // 200 with a valid JSON array of about `sizeBytes` (default 20 MB) of showtimes
  | 'slowBody' // headers at once, then the body trickled over `delayMs`
  // the normal answer, gzip-compressed if the request's Accept-Encoding allows gzip (MX answers
  // carry `Vary: Accept-Encoding`, but no compressed answer was recorded: a switch, not the default)
  | 'gzip'
  // the normal answer with names, titles and descriptions replaced by instruction-like text, HTML
  // and a code fence, and a `__proto__` key in every record (see hostileBody.ts)
  | 'hostileJson';

export interface SandboxFault {
  readonly kind: SandboxFaultKind;
  /** Which server it applies to (default 'api'). */
  readonly target?: 'auth' | 'api';
  /** Only requests whose path starts with this (default: every path). */
  readonly pathPrefix?: string;
  readonly status?: number;
  readonly delayMs?: number;
  readonly sizeBytes?: number;
  /** Value of a `Retry-After` header to send with a status fault. */
  readonly retryAfterSeconds?: number;
  /** How many matching requests it affects before it clears itself (default: until cleared). */
  readonly times?: number;
}

/** A request whose answer the sandbox holds back (see `Sandbox.hold`). */
export interface SandboxHold {
  /** Resolves when the request has arrived and is held; rejects after the timeout. */
  readonly arrived: Promise<SandboxRequest>;
  /** Lets the answer go (now, or at once when the request arrives later). */
  release(): void;
}

export interface SandboxAccount {
  readonly username: string;
  readonly password: string;
  /** The `MX-Api-Client-Secret` value API calls must carry. */
  readonly clientSecret: string;
}

export interface SandboxOptions {
  /** Ports to listen on (default 0: a free port each). Always bound to 127.0.0.1. */
  readonly authPort?: number;
  readonly apiPort?: number;
  /** `expires_in` of issued access tokens, in seconds (default 43200, like MX). */
  readonly expiresInSeconds?: number;
  /** Issue refresh tokens with the password grant (default false, like the recorded MX). */
  readonly issueRefreshTokens?: boolean;
  /** Accounts accepted by the password grant (default: the one in `DEFAULT_ACCOUNT`). */
  readonly accounts?: readonly SandboxAccount[];
  /** Clock used to judge token expiry (default Date.now). */
  readonly now?: () => number;
}

export interface SandboxConfig {
  expiresInSeconds: number;
  issueRefreshTokens: boolean;
}

export interface Sandbox {
  /** `http://127.0.0.1:<authPort>`: the token endpoint is `${authUrl}/connect/token`. */
  readonly authUrl: string;
  /** `http://127.0.0.1:<apiPort>`: API paths such as `/mxs/reference-data/v1/cinema-chains` go after it. */
  readonly apiUrl: string;
  readonly accounts: readonly SandboxAccount[];
  /** Every request received so far, oldest first. */
  readonly requests: readonly SandboxRequest[];
  clearRequests(): void;
  /** Resolves with the next request answered from now on that matches; rejects after `timeoutMs`. */
  nextRequest(matches: (request: SandboxRequest) => boolean, timeoutMs?: number): Promise<SandboxRequest>;
  /** Resolves when a matching request has arrived, before any delay fault or answer (its status is 0). */
  nextArrival(matches: (request: SandboxRequest) => boolean, timeoutMs?: number): Promise<SandboxRequest>;
  /** Resolves when the client closes the connection before an answer matching `matches` is complete (a cancelled request). */
  nextClientAbort(matches: (request: SandboxRequest) => boolean, timeoutMs?: number): Promise<SandboxRequest>;
  /**
   * Holds the answer to the next matching request until `release()` (a request left in flight for
   * as long as a test needs, without guessing a delay). Faults apply as usual once released.
   */
  hold(matches: (request: SandboxRequest) => boolean, timeoutMs?: number): SandboxHold;
  /** Adds a fault; returns a function that removes it. */
  addFault(fault: SandboxFault): () => void;
  clearFaults(): void;
  /** Changes token settings for tokens issued from now on. */
  configure(config: Partial<SandboxConfig>): void;
  /** Every access and refresh token issued so far, oldest first (for secret canary scans). */
  issuedTokens(): readonly string[];
  /** Makes every access token issued so far invalid (the API answers 401 for them). */
  revokeAccessTokens(): void;
  /** Makes every refresh token issued so far invalid. */
  revokeRefreshTokens(): void;
  /** Stops both servers and closes every open connection. */
  stop(): Promise<void>;
}

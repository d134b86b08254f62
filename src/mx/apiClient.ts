// Sends a request to the MX API with the session's credentials. What may be sent, and where, is
// decided by the request pipeline (request.ts) before the credentials are even fetched, so a
// refused request touches neither the session nor the network. This adds the credentials — only
// ever to the API base the request was prepared for — runs the exchange (never following a
// redirect) and decodes the answer.

import type { EndpointMatch } from './catalogue';
import type { MxErrorBody } from './errors';
import { formatBytes, formatDuration, headerValue, transfer, TransferFailure } from './http';
import { decodeAnswer } from './answerDecoding';
import { REDACTED } from './redaction';
import { AUTHORIZATION_HEADER, CLIENT_SECRET_HEADER } from './requestRules';
import {
  apiTarget,
  type ApiTarget,
  credentialHeaders,
  isPrepared,
  type Prepared,
  type PreparedRequest,
  prepareDraft,
  prepareRequest,
  type RequestInput,
  type RequestRow,
} from './request';

export interface MxApiCredentials {
  readonly accessToken: string;
  readonly clientSecret: string;
}

export interface MxApiClientOptions {
  readonly apiUrl: string;
  /**
   * Called per request, after validation, unless the send brings its own credentials; its errors
   * (e.g. "signed out") pass through unchanged.
   */
  readonly credentials?: () => Promise<MxApiCredentials>;
  /** Default deadline per request, body included; default 30 s. */
  readonly timeoutMs?: number;
  /** Monotonic clock in ms for durationMs; default performance.now. */
  readonly now?: () => number;
  /** Default cap on the (decoded) body; default 50 MB. */
  readonly maxBodyBytes?: number;
}

export type ApiHeader = RequestRow;

/** A request as a program writes it (see request.ts prepareRequest), with its deadline and cancel signal. */
export interface ApiRequest extends RequestInput {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface SendOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly maxBodyBytes?: number;
  /** Sent instead of asking `MxApiClientOptions.credentials`: for a caller that must know which token went out. */
  readonly credentials?: MxApiCredentials;
}

export interface ApiResponse {
  readonly method: string;
  /** The URL actually requested. */
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names, in arrival order; repeated headers stay separate entries. */
  readonly headers: Array<[string, string]>;
  readonly correlationId?: string;
  readonly bodyText: string;
  readonly bodyBytes: number;
  readonly durationMs: number;
  readonly json?: unknown;
  readonly jsonError?: string;
  readonly mxError?: MxErrorBody;
  /** What was sent, with Authorization and MX-Api-Client-Secret masked. */
  readonly requestHeaders: ReadonlyArray<readonly [string, string]>;
  /** The catalogue endpoint the request addressed (matched once, by the pipeline). */
  readonly endpoint?: EndpointMatch;
}

export type ApiErrorKind = 'refused' | 'invalidRequest' | 'network' | 'timeout' | 'cancelled' | 'tooLarge';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** `host[:port]` involved, when known. */
    readonly host?: string,
    /** Node system error code for network failures. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const MASKED_CREDENTIALS: ReadonlyArray<readonly [string, string]> = Object.freeze(credentialHeaders(REDACTED, REDACTED).map((pair) => Object.freeze(pair)));

export const DEFAULT_API_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

export class MxApiClient {
  readonly apiUrl: string;
  private readonly target: ApiTarget;
  private readonly credentials: (() => Promise<MxApiCredentials>) | undefined;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly maxBodyBytes: number;

  constructor(options: MxApiClientOptions) {
    const target = apiTarget(options.apiUrl);
    if (!target.ok) {
      throw new ApiError('refused', target.reason);
    }
    this.target = target.target;
    this.apiUrl = target.target.apiUrl;
    this.credentials = options.credentials;
    this.timeoutMs = positiveOr(options.timeoutMs, DEFAULT_API_TIMEOUT_MS);
    this.now = options.now ?? (() => performance.now());
    this.maxBodyBytes = positiveOr(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  }

  /** The pipeline on this client's API base (request.ts prepareRequest); never throws. */
  prepare(input: RequestInput): Prepared {
    return prepareRequest(input, this.target);
  }

  /** The pipeline for a request as the panel edits it (request.ts prepareDraft); never throws. */
  prepareDraft(draft: RequestInput): Prepared {
    return prepareDraft(draft, this.target);
  }

  /**
   * Sends a prepared request, or prepares one first (throwing ApiError 'refused' / 'invalidRequest'
   * when the pipeline refuses it). Throws ApiError for network failures, timeouts, cancels and
   * oversized bodies; any HTTP status, 401 included, is a response.
   */
  async send(request: ApiRequest | PreparedRequest, options: SendOptions = {}): Promise<ApiResponse> {
    const prepared = this.check(request);
    const own: Pick<ApiRequest, 'timeoutMs' | 'signal'> = isPrepared(request) ? {} : request;
    const signal = options.signal ?? own.signal;
    const timeoutMs = positiveOr(options.timeoutMs ?? own.timeoutMs, this.timeoutMs);
    const maxBodyBytes = positiveOr(options.maxBodyBytes, this.maxBodyBytes);
    if (signal?.aborted) {
      throw new ApiError('cancelled', 'The request was cancelled.');
    }

    const { accessToken, clientSecret } = options.credentials ?? (await this.askCredentials());
    const headers: Record<string, string> = {};
    for (const [name, value] of prepared.headers) headers[name] = value;
    headers[AUTHORIZATION_HEADER] = `Bearer ${accessToken}`;
    headers[CLIENT_SECRET_HEADER] = clientSecret;

    const started = this.now();
    let reply;
    try {
      reply = await transfer({ method: prepared.method, url: prepared.url, headers, body: prepared.body, timeoutMs, signal, maxBodyBytes });
    } catch (err) {
      throw toApiError(err, timeoutMs, maxBodyBytes);
    }
    const durationMs = this.now() - started;

    const bodyText = reply.body.toString('utf8');
    const answer = decodeAnswer(reply.status, headerValue(reply.headers, 'content-type'), bodyText);
    const response: { -readonly [K in keyof ApiResponse]: ApiResponse[K] } = {
      method: prepared.method,
      url: prepared.url,
      status: reply.status,
      statusText: reply.statusText,
      headers: reply.headers,
      bodyText,
      bodyBytes: reply.body.length,
      durationMs,
      // What the panel shows: the credentials are known to be exactly these two, added last.
      requestHeaders: [...prepared.headers, ...MASKED_CREDENTIALS],
    };
    const correlationId = headerValue(reply.headers, 'mx-correlation-id');
    if (correlationId !== undefined) response.correlationId = correlationId;
    if (answer.json !== undefined) response.json = answer.json;
    if (answer.jsonError !== undefined) response.jsonError = answer.jsonError;
    if (answer.mxError !== undefined) response.mxError = answer.mxError;
    if (prepared.endpoint) response.endpoint = prepared.endpoint;
    return response;
  }

  /**
   * A request this client may send: prepared here, or prepared elsewhere for this same API base.
   * Throws ApiError 'refused' / 'invalidRequest' with the pipeline's reason.
   */
  check(request: ApiRequest | PreparedRequest): PreparedRequest {
    if (isPrepared(request)) {
      if (request.apiUrl !== this.apiUrl) {
        throw new ApiError('refused', `Request refused: it was checked for ${request.apiUrl}, not ${this.apiUrl}; MX credentials only go to the API base a request was checked for.`);
      }
      return request;
    }
    const prepared = this.prepare(request);
    if (!prepared.ok) {
      throw new ApiError(prepared.kind, prepared.reason);
    }
    return prepared.request;
  }

  private askCredentials(): Promise<MxApiCredentials> {
    if (!this.credentials) {
      return Promise.reject(new Error('MxApiClient: no credentials to send with (give them to the constructor or to send).'));
    }
    return this.credentials();
  }
}

export function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function toApiError(err: unknown, timeoutMs: number, maxBodyBytes: number): ApiError {
  if (!(err instanceof TransferFailure)) {
    return new ApiError('network', `The request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  switch (err.kind) {
    case 'timeout':
      return new ApiError(
        'timeout',
        `${err.host} did not send a complete answer within ${formatDuration(timeoutMs)}.`,
        err.host,
      );
    case 'cancelled':
      return new ApiError('cancelled', 'The request was cancelled.', err.host);
    case 'tooLarge':
      return new ApiError(
        'tooLarge',
        `The reply from ${err.host} is larger than ${formatBytes(maxBodyBytes)}; it was not downloaded.`,
        err.host,
      );
    case 'network':
      return new ApiError(
        'network',
        `Could not reach ${err.host} (${err.reason}). Check the API base URL and your network.`,
        err.host,
        err.code,
      );
  }
}

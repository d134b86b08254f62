// Sends a request to a server other than the MX API with no credentials of any kind: the one way
// MX Explorer talks to such a server (a `.http` file's request to another origin that names no
// credential expression). What may be sent is decided by the pipeline (request.ts
// preparePlainDraft, which refuses credential headers); this never adds Authorization or
// MX-Api-Client-Secret, never follows a redirect, and has no session to ask.

import { DEFAULT_API_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, ApiError, type ApiResponse, positiveOr, toApiError } from './apiClient';
import { headerValue, transfer } from './http';
import { decodeAnswer } from './answerDecoding';
import type { PlainRequest } from './request';
import { isCredentialHeader } from './requestRules';

export interface PlainSendOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly maxBodyBytes?: number;
  /** Monotonic clock in ms for durationMs; default performance.now. */
  readonly now?: () => number;
}

/**
 * Sends a request with no MX credentials, as the pipeline prepared it (request.ts
 * preparePlainDraft). Throws ApiError for network
 * failures, timeouts, cancels and oversized bodies; any HTTP status is a response. The answer is
 * not read as an MX error body: the server is not MX.
 */
export async function sendWithoutCredentials(plain: PlainRequest, options: PlainSendOptions = {}): Promise<ApiResponse> {
  const timeoutMs = positiveOr(options.timeoutMs, DEFAULT_API_TIMEOUT_MS);
  const maxBodyBytes = positiveOr(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const now = options.now ?? (() => performance.now());
  if (options.signal?.aborted) throw new ApiError('cancelled', 'The request was cancelled.');
  const headers: Record<string, string> = {};
  for (const [name, value] of plain.headers) {
    // Defence in depth: a PlainRequest built by hand must not smuggle a credential header out either.
    if (isCredentialHeader(name)) throw new ApiError('refused', `Request refused: ${name} is never sent to a server other than the MX API.`);
    headers[name] = value;
  }
  const started = now();
  let reply;
  try {
    reply = await transfer({ method: plain.method, url: plain.url, headers, body: plain.body, timeoutMs, signal: options.signal, maxBodyBytes });
  } catch (err) {
    throw toApiError(err, timeoutMs, maxBodyBytes);
  }
  const durationMs = now() - started;
  const bodyText = reply.body.toString('utf8');
  const { json, jsonError } = decodeAnswer(reply.status, headerValue(reply.headers, 'content-type'), bodyText);
  const correlationId = headerValue(reply.headers, 'mx-correlation-id');
  return {
    method: plain.method,
    url: plain.url,
    status: reply.status,
    statusText: reply.statusText,
    headers: reply.headers,
    bodyText,
    bodyBytes: reply.body.length,
    durationMs,
    requestHeaders: plain.headers,
    ...(correlationId !== undefined ? { correlationId } : {}),
    ...(json !== undefined ? { json } : {}),
    ...(jsonError !== undefined ? { jsonError } : {}),
  };
}

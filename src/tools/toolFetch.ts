// How the agent tools reach MX: the active session's one client (AuthenticatedClient.for: the one
// request pipeline, origin rule, credentials added there and nowhere else, one refresh + retry on
// 401), reference data through the 30-minute cache. A failure comes back as a sentence for the
// model, never as an exception and never with a secret in it. vscode-free.
import { AuthenticatedClient, type CredentialSource } from '../auth/authenticatedClient';
import { CredentialsUnavailableError, SessionEndedError } from '../auth/sessionErrors';
import type { SessionState } from '../auth/sessionState';
import { ApiError, type ApiResponse } from '../mx/apiClient';
import { explainMxErrorCode, MX_STATUS_CAVEAT } from '../mx/errors';
import type { Redactor } from '../mx/redaction';
import type { RequestRow } from '../mx/request';
import { TokenError } from '../mx/tokenClient';
import { type ReferenceCache, WaitCancelled } from './referenceCache';
import { quoted } from './resultText';

/** What the tools need of a session: its profile, its credentials, its state. */
export type ToolSession = CredentialSource & { readonly state: SessionState };

export interface ToolSettings {
  readonly timeoutMs: number;
  /** Answers larger than this are not downloaded. */
  readonly maxBodyBytes: number;
}

export interface ToolEnvironment {
  /** The active profile's session, or undefined when signed out. */
  session(): ToolSession | undefined;
  settings(): ToolSettings;
  readonly cache: ReferenceCache;
  /** Wall-clock ms. */
  now(): number;
  /** Knows every secret of the session: nothing it knows reaches a result. */
  readonly redactor: Redactor;
}

export const NOT_SIGNED_IN =
  'Not signed in to MX — run "MX: Sign In" (command mx.signIn) in VS Code, then ask again. Nothing was sent.';

export interface ToolRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: readonly RequestRow[];
  readonly body?: string;
  /** Reference data: answered from the cache while fresh. */
  readonly reference: boolean;
}

export type FetchOutcome =
  | {
      readonly ok: true;
      readonly json: unknown;
      readonly fetchedAt: number;
      readonly fromCache: boolean;
      readonly status: number;
      readonly correlationId?: string;
      readonly bodyBytes?: number;
      /** The decoded body as text when it is not JSON (live requests only). */
      readonly text?: string;
    }
  | { readonly ok: false; readonly message: string };

/** A non-2xx answer or a failure; thrown inside the cache's fetch so nothing is kept. */
class FetchFailure extends Error {}

interface Answer {
  readonly json: unknown;
  readonly status: number;
  readonly correlationId?: string;
  readonly bodyBytes: number;
  readonly text?: string;
}

export async function fetchFromMx(env: ToolEnvironment, session: ToolSession, request: ToolRequest, signal?: AbortSignal): Promise<FetchOutcome> {
  const label = `${request.method} ${request.path}`;
  try {
    if (!request.reference) {
      const answer = await send(env, session, request, signal, false);
      return { ok: true, ...answer, fetchedAt: env.now(), fromCache: false };
    }
    const key = `${session.profile.id} ${session.profile.environment.apiUrl} ${request.path}`;
    const cached = await env.cache.get(
      key,
      async (shared) => {
        const answer = await send(env, session, request, shared, true);
        return { value: answer, keepBytes: answer.bodyBytes };
      },
      signal,
    );
    return { ok: true, ...cached.value, fetchedAt: cached.fetchedAt, fromCache: cached.fromCache };
  } catch (error) {
    return { ok: false, message: env.redactor.redact(failureText(error, label)) };
  }
}

async function send(env: ToolEnvironment, session: ToolSession, request: ToolRequest, signal: AbortSignal | undefined, mustBeJson: boolean): Promise<Answer> {
  const { timeoutMs, maxBodyBytes } = env.settings();
  const client = AuthenticatedClient.for(session);
  const response = await client.send(
    { method: request.method, url: request.path, query: request.query, body: request.body },
    { timeoutMs, maxBodyBytes, signal },
  );
  if (response.status < 200 || response.status >= 300) throw new FetchFailure(httpFailure(response));
  if (response.jsonError !== undefined || (mustBeJson && response.json === undefined)) {
    throw new FetchFailure(`MX answered ${response.method} ${pathOf(response.url)} with HTTP ${response.status} but the body is not JSON (${response.bodyBytes} bytes)${corr(response)}.`);
  }
  const answer = { json: response.json, status: response.status, bodyBytes: response.bodyBytes };
  const withText = response.json === undefined && response.bodyText !== '' ? { ...answer, text: response.bodyText.slice(0, 4000) } : answer;
  return response.correlationId !== undefined ? { ...withText, correlationId: response.correlationId } : withText;
}

function httpFailure(response: ApiResponse): string {
  const what = `MX answered ${response.method} ${pathOf(response.url)} with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.mxError) {
    // MX's own words are data: quoted, escaped, shortened.
    const { errorCode, errorCodeDescription, errorDescription } = response.mxError;
    const explanation = explainMxErrorCode(errorCode);
    const said = [
      ...(errorCodeDescription !== undefined ? [`errorCodeDescription ${quoted(errorCodeDescription, 200)}`] : []),
      ...(errorDescription !== undefined && errorDescription !== errorCodeDescription ? [`errorDescription ${quoted(errorDescription, 200)}`] : []),
    ];
    const status = explanation.documentedStatus !== undefined && explanation.documentedStatus !== response.status ? ` ${MX_STATUS_CAVEAT}` : '';
    return `${what}: MX error ${errorCode}${said.length > 0 ? ` (${said.join('; ')})` : ''}${corr(response)}. ${explanation.meaning}${status}`;
  }
  if (response.status === 401 || response.status === 403) {
    return `${what}: MX did not accept the session's credentials (after one token refresh). The client secret may be wrong or the account may lack this licence${corr(response)}.`;
  }
  if (response.status === 404 && response.bodyBytes === 0) return `${what} and an empty body: the id is unknown or the path is wrong${corr(response)}.`;
  return `${what}${response.bodyBytes > 0 ? ` and a ${response.bodyBytes}-byte body that is not an MX error` : ''}${corr(response)}.`;
}

function corr(response: { readonly correlationId?: string }): string {
  return response.correlationId ? ` (Mx-Correlation-Id ${quoted(response.correlationId, 60)})` : '';
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname;
  } catch {
    return url;
  }
}

function failureText(error: unknown, label: string): string {
  if (error instanceof FetchFailure) return error.message;
  if (error instanceof WaitCancelled) return `${label} failed: ${error.message}`;
  if (error instanceof ApiError) {
    if (error.kind === 'tooLarge') return `${label}: ${error.message} Ask for less (a narrower request), or open it in the request panel, which can save it as a file.`;
    return `${label} failed: ${error.message}`;
  }
  if (error instanceof TokenError) return `${label} was not sent: could not get an MX token: ${error.userMessage}`;
  if (error instanceof SessionEndedError || error instanceof CredentialsUnavailableError) return `${label} was not sent: ${error.userMessage} ${NOT_SIGNED_IN}`;
  return `${label} failed: ${error instanceof Error ? error.message : String(error)}`;
}

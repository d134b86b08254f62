// Sends a request drafted in the panel: checks it (origin rule, path parameters, headers) before
// anything leaves, sends it with the active session (one refresh + retry on 401), and keeps the
// parsed bodies of the last few responses so the webview can page through them lazily.
// No `vscode` import: the panel host and the public API both run requests through here.
import { AuthenticatedClient } from '../auth/authenticatedClient';
import { SessionEndedError, CredentialsUnavailableError, type TokenSession } from '../auth/tokenSession';
import { ApiError, type ApiHeader } from '../mx/apiClient';
import type { Redactor } from '../mx/redaction';
import { resolveDraftUrl } from '../mx/requestExport';
import { summariseResponse } from '../mx/responseView';
import { TokenError } from '../mx/tokenClient';
import type { RequestDraft, RequestFailureKind, ResponseSummary } from '../protocol';

export type RunOutcome =
  | { readonly ok: true; readonly summary: ResponseSummary; readonly bodyText: string }
  | { readonly ok: false; readonly kind: RequestFailureKind; readonly message: string };

export interface RunnerSettings {
  readonly timeoutMs: number;
  /** Bodies above this are offered as a file instead of a tree. */
  readonly treeLimitBytes: number;
}

interface StoredResponse {
  readonly summary: ResponseSummary;
  readonly bodyText: string;
  readonly parsed?: unknown;
}

/** How many responses stay expandable; older ones keep only what the webview already has. */
const KEPT_RESPONSES = 5;
/** The transfer itself is capped well above the tree limit so "Save…" still works for big bodies. */
const TRANSFER_CAP_FACTOR = 4;

export class RequestRunner {
  private readonly responses = new Map<string, StoredResponse>();
  private counter = 0;

  constructor(
    private readonly session: () => TokenSession | undefined,
    private readonly settings: () => RunnerSettings,
    /** Knows every secret of the session: a server echoing one back must not reach the webview. */
    private readonly redactor: Redactor,
  ) {}

  async run(draft: RequestDraft, signal?: AbortSignal): Promise<RunOutcome> {
    const session = this.session();
    if (!session || session.state.status === 'ended') {
      return { ok: false, kind: 'signedOut', message: 'You are not signed in to MX. Sign in to send requests.' };
    }
    const apiUrl = session.profile.environment.apiUrl;
    const resolved = resolveDraftUrl(draft, apiUrl);
    if (!resolved.ok) return { ok: false, kind: resolved.kind, message: resolved.reason };
    // Names go as typed: the client refuses CR/LF, which trimming here would hide.
    const headers: ApiHeader[] = draft.headers.filter((h) => h.enabled && h.name.trim() !== '').map((h) => ({ name: h.name, value: h.value }));
    const takesBody = draft.method !== 'GET' && draft.method !== 'HEAD';
    const { timeoutMs, treeLimitBytes } = this.settings();
    const client = new AuthenticatedClient(session, { timeoutMs, maxBodyBytes: treeLimitBytes * TRANSFER_CAP_FACTOR });
    try {
      const response = await client.send({
        method: draft.method,
        url: resolved.url,
        headers,
        body: takesBody && draft.body.trim() !== '' ? draft.body : undefined,
        signal,
      });
      const responseId = `r${++this.counter}`;
      const { summary, parsed } = summariseResponse(response, { responseId, maxTreeBytes: treeLimitBytes, redactor: this.redactor });
      this.keep(responseId, { summary, bodyText: response.bodyText, parsed });
      return { ok: true, summary, bodyText: response.bodyText };
    } catch (error) {
      return failure(error);
    }
  }

  /** A kept response: its summary, full text and parsed JSON (undefined once it aged out). */
  response(responseId: string): StoredResponse | undefined {
    return this.responses.get(responseId);
  }

  private keep(responseId: string, stored: StoredResponse): void {
    this.responses.set(responseId, stored);
    for (const id of this.responses.keys()) {
      if (this.responses.size <= KEPT_RESPONSES) break;
      this.responses.delete(id);
    }
  }
}

function failure(error: unknown): RunOutcome {
  if (error instanceof ApiError) return { ok: false, kind: error.kind, message: error.message };
  if (error instanceof TokenError) {
    return { ok: false, kind: error.kind === 'cancelled' ? 'cancelled' : 'auth', message: `Could not get an MX token: ${error.userMessage}` };
  }
  if (error instanceof SessionEndedError || error instanceof CredentialsUnavailableError) {
    return { ok: false, kind: 'auth', message: error.userMessage };
  }
  return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
}

// Sends a request drafted in the panel or handed over by another extension: checks it in the one
// request pipeline (origin rule, path, query, headers, body) before anything leaves, sends it with
// the active session's one client (one refresh + retry on 401), and keeps the parsed bodies of the
// last few responses so the webview can page through them lazily.
// No `vscode` import: the panel host and the public API both run requests through here.
import { AuthenticatedClient } from '../auth/authenticatedClient';
import { SessionEndedError, CredentialsUnavailableError, type TokenSession } from '../auth/tokenSession';
import { ApiError } from '../mx/apiClient';
import type { LinksFn } from './jsonTree';
import type { Redactor } from '../mx/redaction';
import { type PlainRequest, type PreparedRequest, preparePlainDraft } from '../mx/request';
import { sendWithoutCredentials } from '../mx/plainClient';
import { summariseResponse } from './responseView';
import { TokenError } from '../mx/tokenError';
import { findEndpoint } from '../mx/catalogue';
import type { CatalogueEndpoint } from '../mx/catalogueTypes';
import type { RequestDraft, RequestFailureKind, ResponseSummary } from '../protocol';
import { parseRequestDraft } from './protocolValidation';

export type RunOutcome =
  | { readonly ok: true; readonly summary: ResponseSummary; readonly bodyText: string }
  | { readonly ok: false; readonly kind: RequestFailureKind; readonly message: string };

type Failure = Extract<RunOutcome, { ok: false }>;

/**
 * A draft that passed the pipeline, with the session client that is to send it, or (client
 * 'none') a request for another server that is sent with no credentials at all.
 */
export type PreparedRun =
  | { readonly ok: true; readonly request: PreparedRequest; readonly client: AuthenticatedClient }
  | { readonly ok: true; readonly request: PlainRequest; readonly client: 'none' }
  | Failure;

/**
 * The endpoint that acts on orders or seats when the request addresses one: such a send asks first.
 * What the URL addresses decides, whatever the draft claims to be; either holding seats asks.
 */
export function seatHoldingEndpoint(run: Extract<PreparedRun, { ok: true }>, draft: RequestDraft): CatalogueEndpoint | undefined {
  return [run.client === 'none' ? undefined : run.request.endpoint?.endpoint, draft.endpointId ? findEndpoint(draft.endpointId) : undefined].find((e) => e?.holdsSeats);
}

export interface RunnerSettings {
  readonly timeoutMs: number;
  /** Bodies above this are offered as a file instead of a tree. */
  readonly treeLimitBytes: number;
}

interface StoredResponse {
  readonly summary: ResponseSummary;
  readonly bodyText: string;
  readonly parsed?: unknown;
  /** Follow links for the parsed body's values, from the endpoint the request addressed. */
  readonly links: LinksFn;
}

/**
 * How many responses stay expandable; older ones keep only what the webview already has. Older
 * ones also go once the bodies kept together pass KEPT_BYTES (the newest always stays): a large
 * answer costs its text plus its parsed JSON (about 1.6 times the text), so a 20 MB answer alone
 * holds some 50 MB of the extension host's heap (benchmark largeResponse.hostHeapRatio).
 */
const KEPT_RESPONSES = 5;
const KEPT_BYTES = 16 * 1024 * 1024;
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

  /**
   * A draft from outside the panel (the public API): validated like a webview message first, so a
   * malformed one resolves with an 'invalidRequest' outcome. Never throws.
   */
  async run(draft: unknown, signal?: unknown): Promise<RunOutcome> {
    const checked = parseRequestDraft(draft);
    if (!checked.ok) {
      return { ok: false, kind: 'invalidRequest', message: `The request draft is not valid: ${checked.reason}` };
    }
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      return { ok: false, kind: 'invalidRequest', message: 'The cancellation signal must be an AbortSignal.' };
    }
    const prepared = this.prepare(checked.value);
    return prepared.ok ? this.send(prepared, signal) : prepared;
  }

  /** Runs a checked draft through the pipeline on the active session's API base; never throws. */
  prepare(draft: RequestDraft): PreparedRun {
    const session = this.session();
    if (!session || session.state.status === 'ended') {
      return { ok: false, kind: 'signedOut', message: 'You are not signed in to MX. Sign in to send requests.' };
    }
    let client: AuthenticatedClient;
    try {
      client = AuthenticatedClient.for(session);
    } catch (error) {
      return failure(error);
    }
    const prepared = client.prepareDraft(draft);
    return prepared.ok ? { ok: true, request: prepared.request, client } : { ok: false, kind: prepared.kind, message: prepared.reason };
  }

  /** A draft for a server other than the MX API, to send with no credentials (no session needed); never throws. */
  preparePlain(draft: RequestDraft): PreparedRun {
    const prepared = preparePlainDraft(draft);
    return prepared.ok ? { ok: true, request: prepared.request, client: 'none' } : { ok: false, kind: prepared.kind, message: prepared.reason };
  }

  /** Sends a prepared draft and summarises the answer for the webview; never throws. */
  async send(run: Extract<PreparedRun, { ok: true }>, signal?: AbortSignal): Promise<RunOutcome> {
    const { timeoutMs, treeLimitBytes } = this.settings();
    const options = { signal, timeoutMs, maxBodyBytes: treeLimitBytes * TRANSFER_CAP_FACTOR };
    try {
      const response = run.client === 'none' ? await sendWithoutCredentials(run.request, options) : await run.client.send(run.request, options);
      const responseId = `r${++this.counter}`;
      const { summary, parsed, links } = summariseResponse(response, { responseId, maxTreeBytes: treeLimitBytes, redactor: this.redactor });
      this.keep(responseId, { summary, bodyText: response.bodyText, parsed, links });
      return { ok: true, summary, bodyText: response.bodyText };
    } catch (error) {
      return failure(error);
    }
  }

  /** A kept response: its summary, full text, parsed JSON and links (undefined once it aged out). */
  response(responseId: string): StoredResponse | undefined {
    return this.responses.get(responseId);
  }

  /** Lets every kept response go (the panel that could explore them closed). */
  forgetResponses(): void {
    this.responses.clear();
  }

  private keep(responseId: string, stored: StoredResponse): void {
    this.responses.set(responseId, stored);
    let keptBytes = 0;
    for (const kept of this.responses.values()) keptBytes += kept.bodyText.length;
    for (const [id, kept] of this.responses) {
      if (id === responseId || (this.responses.size <= KEPT_RESPONSES && keptBytes <= KEPT_BYTES)) break;
      this.responses.delete(id);
      keptBytes -= kept.bodyText.length;
    }
  }
}

function failure(error: unknown): Failure {
  if (error instanceof ApiError) return { ok: false, kind: error.kind, message: error.message };
  if (error instanceof TokenError) {
    return { ok: false, kind: error.kind === 'cancelled' ? 'cancelled' : 'auth', message: `Could not get an MX token: ${error.userMessage}` };
  }
  if (error instanceof SessionEndedError || error instanceof CredentialsUnavailableError) {
    return { ok: false, kind: 'auth', message: error.userMessage };
  }
  return { ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error) };
}

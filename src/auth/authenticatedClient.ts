// Sends API requests with a session's credentials, and handles a 401 the only safe way: one
// refresh (shared with every other request that got a 401 with the same token) and one retry.
// A second 401 goes back to the caller as is; it means something a new token cannot fix
// (a wrong client secret, a revoked account), and looping would hammer MX.
import {
  ApiError,
  type ApiRequest,
  type ApiResponse,
  MxApiClient,
  type MxApiClientOptions,
  type MxApiCredentials,
  type SendOptions,
} from '../mx/apiClient';
import { isPrepared, type Prepared, type PreparedRequest, type RequestInput } from '../mx/request';
import type { TokenSession } from './tokenSession';

export type AuthenticatedClientOptions = Omit<MxApiClientOptions, 'apiUrl' | 'credentials'>;
export type AuthenticatedSendOptions = Omit<SendOptions, 'credentials'>;

/** What a client needs of a session: its API base, its credentials, and to hear that a token was rejected. */
export type CredentialSource = Pick<TokenSession, 'profile' | 'credentials' | 'tokenRejected'>;

const perSession = new WeakMap<CredentialSource, AuthenticatedClient>();

export class AuthenticatedClient {
  /** The session's API base; credentials are only ever sent there. */
  readonly apiUrl: string;
  /** One client for the session's lifetime; each attempt says which credentials it sends. */
  private readonly client: MxApiClient;

  /** The one client of a session, shared by every caller (panel, public API, later .http files, tools). */
  static for(session: CredentialSource): AuthenticatedClient {
    let client = perSession.get(session);
    if (!client) {
      client = new AuthenticatedClient(session);
      perSession.set(session, client);
    }
    return client;
  }

  /** Throws ApiError 'refused' when the session's API base may not receive credentials. */
  constructor(
    private readonly session: CredentialSource,
    options: AuthenticatedClientOptions = {},
  ) {
    this.client = new MxApiClient({ ...options, apiUrl: session.profile.environment.apiUrl });
    this.apiUrl = this.client.apiUrl;
  }

  /** The request pipeline on the session's API base (see request.ts); never throws. */
  prepare(input: RequestInput): Prepared {
    return this.client.prepare(input);
  }

  /** The pipeline for a request as the panel edits it (see request.ts prepareDraft); never throws. */
  prepareDraft(draft: RequestInput): Prepared {
    return this.client.prepareDraft(draft);
  }

  /**
   * Throws what MxApiClient throws (ApiError: refused, invalid, network…) and what the session
   * throws when it has no token (TokenError, SessionEndedError, CredentialsUnavailableError).
   */
  async send(request: ApiRequest | PreparedRequest, options: AuthenticatedSendOptions = {}): Promise<ApiResponse> {
    // Refused requests never reach the session: the pipeline runs before any credentials are asked for.
    const prepared = this.client.check(request);
    const send: AuthenticatedSendOptions = isPrepared(request)
      ? options
      : { ...options, timeoutMs: options.timeoutMs ?? request.timeoutMs, signal: options.signal ?? request.signal };
    const first = await this.attempt(prepared, send);
    if (first.response.status !== 401 || send.signal?.aborted) {
      return first.response;
    }
    await this.session.tokenRejected(first.sent.accessToken);
    return (await this.attempt(prepared, send)).response;
  }

  /** The credentials are fetched here and handed to the client, so the token this attempt carried is known. */
  private async attempt(request: PreparedRequest, options: AuthenticatedSendOptions): Promise<{ response: ApiResponse; sent: MxApiCredentials }> {
    if (options.signal?.aborted) {
      throw new ApiError('cancelled', 'The request was cancelled.');
    }
    const sent = await this.session.credentials();
    const response = await this.client.send(request, { ...options, credentials: sent });
    return { response, sent };
  }
}

// Sends API requests with a session's credentials, and handles a 401 the only safe way: one
// refresh (shared with every other request that got a 401 with the same token) and one retry.
// A second 401 goes back to the caller as is; it means something a new token cannot fix
// (a wrong client secret, a revoked account), and looping would hammer MX.
import { type ApiRequest, type ApiResponse, MxApiClient, type MxApiClientOptions } from '../mx/apiClient';
import type { TokenSession } from './tokenSession';

export type AuthenticatedClientOptions = Omit<MxApiClientOptions, 'apiUrl' | 'credentials'>;

export class AuthenticatedClient {
  /** The session's API base; credentials are only ever sent there. */
  readonly apiUrl: string;

  constructor(
    private readonly session: TokenSession,
    private readonly options: AuthenticatedClientOptions = {},
  ) {
    this.apiUrl = session.profile.environment.apiUrl;
  }

  /**
   * Throws what MxApiClient throws (ApiError: refused, invalid, network…) and what the session
   * throws when it has no token (TokenError, SessionEndedError, CredentialsUnavailableError).
   */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const first = await this.attempt(request);
    if (first.response.status !== 401 || first.usedToken === undefined || request.signal?.aborted) {
      return first.response;
    }
    await this.session.tokenRejected(first.usedToken);
    return (await this.attempt(request)).response;
  }

  /** A client per attempt, so the token that attempt actually carried is known without a race. */
  private async attempt(request: ApiRequest): Promise<{ response: ApiResponse; usedToken: string | undefined }> {
    let usedToken: string | undefined;
    const client = new MxApiClient({
      ...this.options,
      apiUrl: this.apiUrl,
      credentials: async () => {
        const credentials = await this.session.credentials();
        usedToken = credentials.accessToken;
        return credentials;
      },
    });
    const response = await client.send(request);
    return { response, usedToken };
  }
}

/** One request through a throw-away AuthenticatedClient. */
export function sendWithSession(session: TokenSession, request: ApiRequest, options?: AuthenticatedClientOptions): Promise<ApiResponse> {
  return new AuthenticatedClient(session, options).send(request);
}

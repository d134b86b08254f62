// Reliability battery, part 1: the fault matrix. Every row breaks the token endpoint or the API in
// one way (sandbox fault switches; an AuthRelay for exact token replies the sandbox cannot make)
// and asserts, through the request panel's real host side, what the user is told, whether they are
// still signed in, that the request is kept (history; nothing posted that would reset the editor),
// that no stored credential or history entry was lost, and that the next request works again
// (or, after a rejection, is refused without touching the network).
import * as assert from 'node:assert/strict';
import { TokenError } from '../../../src/mx/tokenClient';
import { NOTE_EMPTY_404, NOTE_HTML } from '../../../src/panel/responseView';
import type { HostToWebview, RequestDraft, RequestFailureKind } from '../../../src/protocol';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/types';
import { AuthRelay, type RelayHandler } from '../fakes/authRelay';
import { json } from '../stubServer';
import { tally } from './tally';
import { answerTo, CHAINS, draft, HOUR, LIFETIME_MS, sandboxNow, SECOND, World, type WorldOptions } from './world';

const UNKNOWN_CHAIN = '00000000-0000-4000-8000-000000000000';
const SEED_DRAFT = draft(`${CHAINS}?seed=1`);
const FAST_TIMEOUT_MS = 300;

interface RowContext {
  readonly sandbox: Sandbox;
  readonly relay: AuthRelay;
  readonly world: World;
  /** `127.0.0.1:port` of the token server the world uses (the relay). */
  readonly authHost: string;
  readonly apiHost: string;
  readonly user: string;
}

type Outcome =
  | { readonly kind: 'posted'; readonly answer: Extract<HostToWebview, { type: 'response' | 'requestFailed' }>; readonly posted: HostToWebview[] }
  | { readonly kind: 'signInFailed'; readonly error: unknown };

interface Row {
  readonly name: string;
  readonly world?: Partial<WorldOptions>;
  readonly refreshTokens?: boolean;
  /** 'request': the token has expired and a panel request needs a new one; 'signIn': a new sign-in. */
  readonly phase: 'request' | 'signIn';
  /** Request rows: make the held token expire first so the request needs the token endpoint. */
  readonly expireToken?: boolean;
  readonly setup?: (ctx: RowContext) => void | Promise<void>;
  readonly draft?: RequestDraft;
  /** Replaces the plain send (cancellation, sign-in rows). */
  readonly act?: (ctx: RowContext, requestId: string) => Promise<Outcome>;
  readonly expect: {
    /** 'response' (an HTTP answer shown), a failure kind, or a refused sign-in. */
    readonly outcome: 'response' | RequestFailureKind | 'signInFailed';
    readonly status?: number;
    /** What the user reads: the failure message, or status + note + MX error explanation. */
    readonly message: (ctx: RowContext) => RegExp;
    readonly signedIn: boolean;
    /** The draft is in the history afterwards (it was really attempted). */
    readonly draftKept: boolean;
    /** `server status` of every request the sandbox answered during the row, in order. */
    readonly traffic?: readonly string[];
    /** Token requests that reached the token server (relay) during the row. */
    readonly tokenRequests?: number;
    readonly extra?: (ctx: RowContext, outcome: Outcome) => void | Promise<void>;
  };
}

/** What the user reads for an outcome. */
function userMessage(outcome: Outcome): string {
  if (outcome.kind === 'signInFailed') {
    return outcome.error instanceof TokenError ? outcome.error.userMessage : String(outcome.error);
  }
  const { answer } = outcome;
  if (answer.type === 'requestFailed') return answer.message;
  const r = answer.response;
  // the panel's MX error callout: the code and MX's sentence as its title, MX's detail, the explanation
  const e = r.mxError;
  const mxError = e
    ? [`MX error ${e.errorCode}:`, e.errorCodeDescription, e.errorDescription !== e.errorCodeDescription ? e.errorDescription : undefined, e.explanation]
        .filter(Boolean)
        .join(' ')
    : undefined;
  return [`${r.status} ${r.statusText}`, r.note, mxError].filter(Boolean).join(' | ');
}

const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A token reply with one field changed (or removed with undefined), built from a real sandbox token. */
function tamperedToken(change: Record<string, unknown>): RelayHandler {
  return async (_request, res, forward) => {
    const reply = await forward();
    const body = { ...(JSON.parse(reply.text) as Record<string, unknown>), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
    json(res, reply.status, body);
  };
}

function oauth(status: number, body: unknown): RelayHandler {
  return (_request, res) => json(res, status, body);
}

const TOKEN_ROWS: Row[] = [
  {
    name: 'token 400 invalid_grant at sign-in (wrong password): refused, the earlier sign-in and its stored secrets stay',
    phase: 'signIn',
    act: async ({ world }) => {
      try {
        await world.signIn({ password: 'not-the-password' });
      } catch (error) {
        return { kind: 'signInFailed', error };
      }
      throw new Error('sign-in with a wrong password succeeded');
    },
    expect: {
      outcome: 'signInFailed',
      message: ({ authHost }) => new RegExp(`^Wrong username or password for ${esc(authHost)}\\.$`),
      signedIn: true,
      draftKept: false,
      traffic: ['auth 400'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token 400 invalid_grant on the refresh_token grant: falls back to the password, the request succeeds',
    phase: 'request',
    refreshTokens: true,
    expireToken: true,
    setup: ({ sandbox }) => sandbox.revokeRefreshTokens(),
    expect: {
      outcome: 'response',
      status: 200,
      message: () => /^200 OK$/,
      signedIn: true,
      draftKept: true,
      traffic: ['auth 400', 'auth 200', 'api 200'],
      tokenRequests: 2,
      extra: ({ world }) => {
        assert.equal(world.session?.state.lastRefresh?.grant, 'password');
        assert.equal(world.storedCredentials()?.refreshToken !== undefined, true, 'the new refresh token is stored');
      },
    },
  },
  {
    name: 'token 400 invalid_grant on the password grant (password changed elsewhere): signed out, asked to sign in',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(oauth(400, { error: 'invalid_grant', error_description: 'invalid_username_or_password' })),
    expect: {
      outcome: 'auth',
      message: ({ user }) => new RegExp(`^MX rejected the username or password for ${esc(user)} on Sandbox\\. Sign in again\\.$`),
      signedIn: false,
      draftKept: true,
      traffic: [],
      tokenRequests: 1,
      extra: ({ world }) => assert.equal(world.session?.state.needsSignIn, true),
    },
  },
  {
    name: 'token 400 invalid_client: signed out, the client ID is named',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(oauth(400, { error: 'invalid_client' })),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^${esc(authHost)} rejected the client ID "mx-battery" \\(invalid_client\\)\\. Check the client ID\\.$`),
      signedIn: false,
      draftKept: true,
      traffic: [],
      tokenRequests: 1,
      extra: ({ world }) => assert.equal(world.session?.state.needsSignIn, true),
    },
  },
  {
    name: 'token 400 unsupported_grant_type on the password grant: signed out with the reason',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(oauth(400, { error: 'unsupported_grant_type' })),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^${esc(authHost)} does not support the password grant \\(unsupported_grant_type\\)\\.$`),
      signedIn: false,
      draftKept: true,
      traffic: [],
      tokenRequests: 1,
    },
  },
  {
    name: 'token 401: signed out, pointed at the auth URL and the account',
    phase: 'request',
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'status', target: 'auth', status: 401, times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^The token server ${esc(authHost)} answered HTTP 401 \\(invalid_request: .*\\)\\. Check the auth base URL and your account\\.$`),
      signedIn: false,
      draftKept: true,
      traffic: ['auth 401'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token 500: still signed in, retried later',
    phase: 'request',
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'status', target: 'auth', status: 500, times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^Could not get an MX token: The token server ${esc(authHost)} answered HTTP 500 \\(server_error: .*\\)\\. Try again later\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['auth 500'],
      tokenRequests: 1,
      extra: ({ world }) => {
        assert.equal(world.session?.state.status, 'retrying');
        assert.equal(world.session?.state.retryAt, world.clock.now() + 2 * SECOND, 'first backoff step');
      },
    },
  },
  {
    name: 'token 503 with Retry-After: still signed in, told when, the retry waits that long',
    phase: 'request',
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'status', target: 'auth', status: 503, retryAfterSeconds: 120, times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^Could not get an MX token: The token server ${esc(authHost)} answered HTTP 503 \\(temporarily_unavailable: .*\\)\\. Try again in 120 s\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['auth 503'],
      tokenRequests: 1,
      extra: ({ world }) => {
        assert.equal(world.session?.state.status, 'retrying');
        assert.equal(world.session?.state.retryAt, world.clock.now() + 120 * SECOND);
      },
    },
  },
  {
    name: 'token HTML error page (502 from a proxy): still signed in',
    phase: 'request',
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'html', target: 'auth', status: 502, times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^Could not get an MX token: The token server ${esc(authHost)} answered HTTP 502 with an HTML page instead of a token\\. Try again later\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['auth 502'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token malformed JSON (200): the session ends with the reason',
    phase: 'request',
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'malformedJson', target: 'auth', times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^The token server ${esc(authHost)} answered HTTP 200 with a reply that is not a JSON object instead of a token\\. Check the auth base URL\\.$`),
      signedIn: false,
      draftKept: true,
      traffic: ['auth 200'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token JSON without access_token: the session ends with the reason',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(oauth(200, { token_type: 'Bearer', expires_in: 43200 })),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^The token server ${esc(authHost)} answered HTTP 200 with JSON that has no access_token instead of a token\\.`),
      signedIn: false,
      draftKept: true,
      traffic: [],
      tokenRequests: 1,
    },
  },
  {
    name: 'token expires_in missing: 1 h assumed (and logged), the request succeeds',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(tamperedToken({ expires_in: undefined }), 1),
    expect: {
      outcome: 'response',
      status: 200,
      message: () => /^200 OK$/,
      signedIn: true,
      draftKept: true,
      traffic: ['auth 200', 'api 200'],
      tokenRequests: 1,
      extra: ({ world }) => {
        assert.equal(world.session?.state.lifetimeMs, HOUR);
        assert.match(world.logLines.text, /no expires_in in the reply, 1 h assumed/);
      },
    },
  },
  {
    name: 'token expires_in 0: refused as unusable, the session ends',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(tamperedToken({ expires_in: 0 }), 1),
    expect: {
      outcome: 'auth',
      message: () => /^.* an unusable expires_in \(0\); it must be a positive number of seconds up to one year/,
      signedIn: false,
      draftKept: true,
      traffic: ['auth 200'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token expires_in negative: refused as unusable, the session ends',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(tamperedToken({ expires_in: -3600 }), 1),
    expect: {
      outcome: 'auth',
      message: () => /^.* an unusable expires_in \(-3600\)/,
      signedIn: false,
      draftKept: true,
      traffic: ['auth 200'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token expires_in huge (10 years): refused as unusable, the session ends',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.answer(tamperedToken({ expires_in: 10 * 365 * 24 * 3600 }), 1),
    expect: {
      outcome: 'auth',
      message: () => /^.* an unusable expires_in \(315360000\)/,
      signedIn: false,
      draftKept: true,
      traffic: ['auth 200'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token endpoint slower than the timeout: still signed in',
    phase: 'request',
    world: { tokenTimeoutMs: FAST_TIMEOUT_MS },
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'delay', target: 'auth', delayMs: 20 * SECOND, times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^Could not get an MX token: The token server ${esc(authHost)} did not answer within 300 ms\\. Check your network and try again\\.$`),
      signedIn: true,
      draftKept: true,
      tokenRequests: 1,
      extra: ({ world }) => assert.equal(world.session?.state.lastError?.kind, 'timeout'),
    },
  },
  {
    name: 'token endpoint resets the connection: still signed in',
    phase: 'request',
    expireToken: true,
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'reset', target: 'auth', times: 1 }),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^Could not get an MX token: Could not reach ${esc(authHost)} \\(connection reset\\)\\. Check the auth base URL and your network\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['auth 0'],
      tokenRequests: 1,
    },
  },
  {
    name: 'token endpoint refuses connections: still signed in',
    phase: 'request',
    expireToken: true,
    setup: ({ relay }) => relay.shut(),
    expect: {
      outcome: 'auth',
      message: ({ authHost }) => new RegExp(`^Could not get an MX token: Could not reach ${esc(authHost)} \\(connection refused\\)\\. Check the auth base URL and your network\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: [],
      tokenRequests: 0,
    },
  },
  {
    name: 'token endpoint on an unknown host (sign-in to another environment): refused, the signed-in profile is untouched',
    phase: 'signIn',
    act: async ({ world }) => {
      const elsewhere = { ...world.profile, id: 'unknown-host-profile', environment: { ...world.profile.environment, authUrl: 'https://mx-battery-auth.invalid' } };
      try {
        await world.signIn({}, elsewhere);
      } catch (error) {
        assert.equal(world.storedCredentials('unknown-host-profile'), undefined, 'nothing stored for the failed profile');
        return { kind: 'signInFailed', error };
      }
      throw new Error('sign-in to an unknown host succeeded');
    },
    expect: {
      outcome: 'signInFailed',
      message: () => /^Could not reach mx-battery-auth\.invalid \((host not found|host name lookup failed, possibly offline)\)\. Check the auth base URL and your network\.$/,
      signedIn: true,
      draftKept: false,
      traffic: [],
      tokenRequests: 0,
    },
  },
];

const explanation = {
  internal: /Internal MX error \(documented as HTTP 500\)\. Contact MX support with the correlation id\./,
  connectivity: /Timeout or connectivity problem between MX and the cinema \(documented as HTTP 504\); retry later\./,
  ticketing: /Unexpected error from the cinema's ticketing system \(documented as HTTP 502\)\./,
  business: /Business rule violation \(documented as HTTP 400\)/,
};

function apiStatusRow(name: string, status: number, code: number, meaning: RegExp, otherStatus: boolean): Row {
  return {
    name,
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'status', status, times: 1 }),
    expect: {
      outcome: 'response',
      status,
      message: () =>
        new RegExp(`^${status} .+ \\| MX error ${code}: .*${meaning.source}${otherStatus ? `.*HTTP status was ${status}; MX does not always use the documented HTTP status` : ''}`),
      signedIn: true,
      draftKept: true,
      traffic: [`api ${status}`],
      tokenRequests: 0,
    },
  };
}

const API_ROWS: Row[] = [
  {
    name: 'API 401: one refresh and one retry, the user sees the 200',
    phase: 'request',
    setup: ({ sandbox }) => sandbox.revokeAccessTokens(),
    expect: {
      outcome: 'response',
      status: 200,
      message: () => /^200 OK$/,
      signedIn: true,
      draftKept: true,
      traffic: ['api 401', 'auth 200', 'api 200'],
      tokenRequests: 1,
      extra: ({ world }) => assert.equal(world.session?.state.lastRefresh?.trigger, 'unauthorized'),
    },
  },
  {
    name: 'API 401 again after the retry: shown as is, no loop, still signed in',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'status', status: 401, times: 2 }),
    expect: {
      outcome: 'response',
      status: 401,
      message: () => /^401 Unauthorized \| MX error 40000: .*HTTP status was 401/,
      signedIn: true,
      draftKept: true,
      traffic: ['api 401', 'auth 200', 'api 401'],
      tokenRequests: 1,
    },
  },
  apiStatusRow('API 403: shown with its MX error, still signed in', 403, 40000, explanation.business, true),
  {
    name: 'API 404 with an empty body: explained as MX’s unknown-id answer',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'emptyBody', status: 404, times: 1 }),
    expect: {
      outcome: 'response',
      status: 404,
      message: () => new RegExp(`^404 Not Found \\| ${esc(NOTE_EMPTY_404)}$`),
      signedIn: true,
      draftKept: true,
      traffic: ['api 404'],
      tokenRequests: 0,
      extra: (_ctx, outcome) => assert.equal(outcome.kind === 'posted' && outcome.answer.type === 'response' && outcome.answer.response.bodyKind, 'empty'),
    },
  },
  apiStatusRow('API 500: MX error 10000–19999 explained (internal)', 500, 10000, explanation.internal, false),
  apiStatusRow('API 502: MX error 30000–39999 explained (ticketing system)', 502, 30000, explanation.ticketing, false),
  apiStatusRow('API 504: MX error 20000–29999 explained (connectivity, retry later)', 504, 20000, explanation.connectivity, false),
  apiStatusRow('API 400: MX error 40000–49999 explained (business rule)', 400, 40000, explanation.business, false),
  {
    name: 'API 404 with MX error 40001 (as recorded): explained, with the status caveat',
    phase: 'request',
    draft: draft(`${CHAINS}/${UNKNOWN_CHAIN}`),
    expect: {
      outcome: 'response',
      status: 404,
      message: () => new RegExp(`^404 Not Found \\| MX error 40001: .*${UNKNOWN_CHAIN}.*${explanation.business.source}.*HTTP status was 404`),
      signedIn: true,
      draftKept: true,
      traffic: ['api 404'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API HTML error page (502 from a proxy): shown as text with a note',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'html', status: 502, times: 1 }),
    expect: {
      outcome: 'response',
      status: 502,
      message: () => new RegExp(`^502 Bad Gateway \\| ${esc(NOTE_HTML)}$`),
      signedIn: true,
      draftKept: true,
      traffic: ['api 502'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API malformed JSON: shown as text with the parser’s reason',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'malformedJson', times: 1 }),
    expect: {
      outcome: 'response',
      status: 200,
      message: () => /^200 OK \| The body is not valid JSON: .+; shown as text\.$/,
      signedIn: true,
      draftKept: true,
      traffic: ['api 200'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API truncated JSON: shown as text with the parser’s reason',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'truncatedJson', times: 1 }),
    expect: {
      outcome: 'response',
      status: 200,
      message: () => /^200 OK \| The body is not valid JSON: .+; shown as text\.$/,
      signedIn: true,
      draftKept: true,
      traffic: ['api 200'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API slower than the timeout: a clear timeout, the request kept',
    phase: 'request',
    world: { apiTimeoutMs: FAST_TIMEOUT_MS },
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'delay', delayMs: 20 * SECOND, times: 1 }),
    expect: {
      outcome: 'timeout',
      message: ({ apiHost }) => new RegExp(`^${esc(apiHost)} did not send a complete answer within 300 ms\\.$`),
      signedIn: true,
      draftKept: true,
      tokenRequests: 0,
    },
  },
  {
    name: 'API body trickling past the timeout: a clear timeout mid-body',
    phase: 'request',
    world: { apiTimeoutMs: FAST_TIMEOUT_MS },
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'slowBody', delayMs: 20 * SECOND, times: 1 }),
    expect: {
      outcome: 'timeout',
      message: ({ apiHost }) => new RegExp(`^${esc(apiHost)} did not send a complete answer within 300 ms\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['api 200'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API cancelled mid-body: the socket is closed, the request kept',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'slowBody', delayMs: 20 * SECOND, times: 1 }),
    act: async ({ sandbox, world }, requestId) => {
      const answered = sandbox.nextRequest((r) => r.path === CHAINS, 5 * SECOND);
      const abandoned = sandbox.nextClientAbort((r) => r.path === CHAINS, 5 * SECOND);
      const pending = world.send(draft(CHAINS), requestId);
      await answered; // the headers are out, the body trickles
      await world.handler.receive({ type: 'cancel', requestId });
      const posted = await pending;
      await abandoned;
      return { kind: 'posted', answer: answerTo(posted, requestId), posted };
    },
    expect: {
      outcome: 'cancelled',
      message: () => /^The request was cancelled\.$/,
      signedIn: true,
      draftKept: true,
      traffic: ['api 200'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API body over the size limit: not downloaded, said so',
    phase: 'request',
    world: { treeLimitBytes: 256 * 1024 },
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'largeBody', sizeBytes: 2 * 1024 * 1024, times: 1 }),
    expect: {
      outcome: 'tooLarge',
      message: ({ apiHost }) => new RegExp(`^The reply from ${esc(apiHost)} is larger than 1 MB; it was not downloaded\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['api 200'],
      tokenRequests: 0,
    },
  },
  {
    name: 'API body over the tree limit: offered as a file, opens in an editor',
    phase: 'request',
    world: { treeLimitBytes: 256 * 1024 },
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'largeBody', sizeBytes: 600 * 1024, times: 1 }),
    expect: {
      outcome: 'response',
      status: 200,
      message: () => /^200 OK \| A JSON body of [\d.]+ KB: larger than the 256 KB shown in the panel \(mx\.maxResponseSizeMB\)\. Open it in an editor or save it\.$/,
      signedIn: true,
      draftKept: true,
      traffic: ['api 200'],
      tokenRequests: 0,
      extra: async ({ world }, outcome) => {
        assert.ok(outcome.kind === 'posted' && outcome.answer.type === 'response');
        const { responseId, bodyBytes, bodyKind } = outcome.answer.response;
        assert.equal(bodyKind, 'file');
        await world.handler.receive({ type: 'openInEditor', responseId });
        assert.equal(Buffer.byteLength(world.effects.documents.at(-1)?.content ?? ''), bodyBytes);
        assert.equal(world.effects.documents.at(-1)?.language, 'json', 'JSON too large for the tree is still JSON');
        assert.match(world.effects.documents.at(-1)?.name ?? '', /\.json$/);
      },
    },
  },
  {
    name: 'API resets the connection: a clear network failure, still signed in',
    phase: 'request',
    setup: ({ sandbox }) => void sandbox.addFault({ kind: 'reset', times: 1 }),
    expect: {
      outcome: 'network',
      message: ({ apiHost }) => new RegExp(`^Could not reach ${esc(apiHost)} \\(connection reset\\)\\. Check the API base URL and your network\\.$`),
      signedIn: true,
      draftKept: true,
      traffic: ['api 0'],
      tokenRequests: 0,
    },
  },
];

const ROWS: readonly Row[] = [...TOKEN_ROWS, ...API_ROWS];

/** Messages that would replace what the webview is editing: none may follow a send. */
const RESETTING: ReadonlySet<HostToWebview['type']> = new Set(['init']);

describe('battery: fault matrix', function () {
  this.timeout(15_000);
  let sandbox: Sandbox;
  let relay: AuthRelay;
  let world: World | undefined;

  before(async () => {
    sandbox = await startSandbox({ now: sandboxNow });
    relay = await AuthRelay.start(sandbox.authUrl);
  });
  after(async () => {
    await relay?.stop();
    await sandbox?.stop();
  });
  afterEach(async () => {
    world?.dispose();
    world = undefined;
    sandbox.clearFaults();
    relay.forwardAll();
    await relay.reopen();
  });

  it(`has at least 25 rows (${ROWS.length})`, () => {
    assert.ok(ROWS.length >= 25);
    assert.equal(new Set(ROWS.map((r) => r.name)).size, ROWS.length, 'row names are unique');
  });

  for (const [index, row] of ROWS.entries()) {
    it(row.name, async () => {
      tally.faultRows++;
      sandbox.configure({ issueRefreshTokens: row.refreshTokens ?? false, expiresInSeconds: LIFETIME_MS / SECOND });
      const w = new World({ sandbox, authUrl: relay.url, ...row.world });
      world = w;
      const ctx: RowContext = { sandbox, relay, world: w, authHost: relay.host, apiHost: new URL(sandbox.apiUrl).host, user: w.account.username };
      const requestId = `row-${index}`;
      const rowDraft = row.draft ?? draft(CHAINS);

      // A signed-in window with an open panel and some history.
      await w.signIn();
      await w.ready();
      const seeded = await w.history.add(SEED_DRAFT, { status: 200, durationMs: 12, environmentName: 'Sandbox' });
      assert.ok(seeded);
      const storedBefore = w.storedCredentials();
      assert.ok(storedBefore?.password && storedBefore.clientSecret);
      if (row.expireToken) w.clock.jump(LIFETIME_MS + SECOND);
      sandbox.clearRequests();
      relay.requests.length = 0;
      const postedBefore = w.effects.posted.length;
      await row.setup?.(ctx);

      const outcome: Outcome = row.act
        ? await row.act(ctx, requestId)
        : await w.send(rowDraft, requestId).then((posted) => ({ kind: 'posted' as const, answer: answerTo(posted, requestId), posted }));

      // What the user is told.
      const message = userMessage(outcome);
      assert.match(message, row.expect.message(ctx));
      if (outcome.kind === 'signInFailed') {
        assert.equal(row.expect.outcome, 'signInFailed', message);
      } else if (outcome.answer.type === 'response') {
        assert.equal('response', row.expect.outcome, message);
        assert.equal(outcome.answer.response.status, row.expect.status);
      } else {
        assert.equal(outcome.answer.kind, row.expect.outcome, message);
      }

      // What went over the wire.
      if (row.expect.traffic) assert.deepEqual(sandbox.requests.map((r) => `${r.server} ${r.status}`), row.expect.traffic);
      if (row.expect.tokenRequests !== undefined) assert.equal(relay.requests.length, row.expect.tokenRequests, 'token requests');
      for (const tokenCall of relay.requests) {
        assert.equal(tokenCall.headers['mx-api-client-secret'], undefined, 'no client secret on the token endpoint');
        assert.equal(tokenCall.headers.authorization, undefined, 'no bearer token on the token endpoint');
      }

      // The state afterwards, as the session has it and as the webview was told.
      assert.equal(w.signedIn, row.expect.signedIn, `signed in: ${JSON.stringify(w.session?.state)}`);
      const posted = w.effects.since(postedBefore);
      const lastSession = posted.filter((m) => m.type === 'session').at(-1);
      if (lastSession?.type === 'session') assert.equal(lastSession.session.signedIn, row.expect.signedIn, 'the webview shows the same');

      // Nothing lost: the request stays in the panel (and in history if it was attempted), the
      // earlier history and the stored credentials are intact.
      assert.deepEqual(posted.filter((m) => RESETTING.has(m.type)), [], 'nothing posted that would reset the draft being edited');
      assert.ok(
        posted.every((m) => ['response', 'requestFailed', 'history', 'session'].includes(m.type)),
        JSON.stringify(posted.map((m) => m.type)),
      );
      const entries = w.history.entries();
      assert.ok(entries.some((e) => e.id === seeded.id), 'the earlier history entry is kept');
      const kept = entries.filter((e) => e.id !== seeded.id && e.draft.url === rowDraft.url && e.draft.method === rowDraft.method);
      assert.equal(kept.length, row.expect.draftKept ? 1 : 0, 'the draft is in the history exactly when it was attempted');
      if (outcome.kind === 'posted') {
        const lastHistory = posted.filter((m) => m.type === 'history').at(-1);
        assert.ok(lastHistory?.type === 'history', 'the webview got the history after the request');
        // as stored, plus the answer's responseId on the entry that got one (it is still in memory)
        assert.deepEqual(
          lastHistory.entries.map(({ responseId: _responseId, ...entry }) => entry),
          entries,
        );
        const answered = outcome.answer.type === 'response' ? outcome.answer.response.responseId : undefined;
        assert.deepEqual(
          lastHistory.entries.filter((e) => e.responseId !== undefined).map((e) => e.responseId),
          answered ? [answered] : [],
        );
      }
      const storedAfter = w.storedCredentials();
      assert.equal(storedAfter?.password, storedBefore.password, 'the stored password is kept');
      assert.equal(storedAfter?.clientSecret, storedBefore.clientSecret, 'the stored client secret is kept');

      await row.expect.extra?.(ctx, outcome);

      // And afterwards: with the fault gone the next request works, or a session that ended
      // refuses it without any network call.
      sandbox.clearFaults();
      relay.forwardAll();
      await relay.reopen();
      sandbox.clearRequests();
      const again = answerTo(await w.send(draft(CHAINS), `${requestId}-again`), `${requestId}-again`);
      if (row.expect.signedIn) {
        assert.ok(again.type === 'response' && again.response.status === 200, JSON.stringify(again));
      } else {
        assert.ok(again.type === 'requestFailed' && again.kind === 'signedOut', JSON.stringify(again));
        assert.deepEqual(sandbox.requests, [], 'a signed-out panel sends nothing');
      }
      tally.faultRowsPassed++;
    });
  }
});

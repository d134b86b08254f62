// Decides what sending one request of a `.http` file means, before anything leaves: nothing in a
// restricted workspace, nothing while signed out, nothing with an unresolved variable or a missing
// body file, and the session's credentials only to the active profile's API origin. A request there
// becomes a draft for the one request pipeline, which adds the real Authorization and
// MX-Api-Client-Secret itself (the credential expressions are never replaced by their values in any
// text); a request that names them for another origin is refused, and one that does not is sent to
// that origin as written, with no MX credentials. Pure.
import { HTTP_METHODS, type HttpMethod, isCredentialHeader, AUTHORIZATION_HEADER } from '../mx/requestRules';
import type { RequestDraft } from '../protocol';
import type { HttpRequestBlock } from './httpParser';
import { CLIENT_SECRET_EXPRESSION, type MxBases, resolveTemplate, type SecretUse, TOKEN_EXPRESSION, type VariableSources } from './httpVariables';

export interface SendContext {
  /** False in a restricted (untrusted) workspace: nothing is sent from files. */
  readonly trusted: boolean;
  /** The active profile's bases; undefined when signed out. */
  readonly profile?: MxBases;
  readonly sources: VariableSources;
  /** For a `< ./file` body: its text, or undefined when it could not be read. */
  readonly bodyFileText?: string;
}

export type NotSentKind = 'untrusted' | 'signedOut' | 'refused' | 'missing' | 'invalidRequest';

export type SendPlan =
  | {
      readonly kind: 'send';
      /**
       * 'session': on the active profile's API origin, sent by the MX pipeline with the session's
       * credentials. 'none': to another origin, sent as written with no MX credentials.
       */
      readonly credentials: 'session' | 'none';
      readonly draft: RequestDraft;
      /** `METHOD url` as resolved: never holds a credential (those may not stand in the URL). */
      readonly label: string;
      /** From `# @note …`: ask before sending. */
      readonly note?: string;
    }
  | { readonly kind: NotSentKind; readonly message: string };

const EXPRESSION_FOR: Record<SecretUse, string> = { token: TOKEN_EXPRESSION, clientSecret: CLIENT_SECRET_EXPRESSION };
const ALLOWED_CREDENTIAL_VALUE = {
  authorization: /^Bearer\s+\{\{\s*\$auth\.token\(\s*(["'])mx\1\s*\)\s*\}\}$/i,
  'mx-api-client-secret': /^\{\{\s*\$mx\.clientSecret\s*\}\}$/,
} as const;

export const RESTRICTED_MESSAGE =
  'MX Explorer sends nothing from .http files in Restricted Mode: this workspace is not trusted. Trust the workspace (Manage Workspace Trust) to send its requests.';

/** What sending this request means; never throws, never holds a credential value. */
export function planSend(request: HttpRequestBlock, context: SendContext): SendPlan {
  if (!context.trusted) return { kind: 'untrusted', message: RESTRICTED_MESSAGE };
  const { sources } = context;
  const url = resolveTemplate(request.url, sources);
  const headers = request.headers.map((h) => ({ name: h.name, raw: h.value, resolved: resolveTemplate(h.value, sources) }));
  let bodyText = '';
  let bodySecrets: readonly SecretUse[] = [];
  const missing = [...url.missing, ...headers.flatMap((h) => h.resolved.missing)];
  if (request.body?.kind === 'file') {
    if (context.bodyFileText === undefined) missing.push(`The body file ${request.body.path} could not be read.`);
    else bodyText = context.bodyFileText;
  } else if (request.body?.kind === 'inline') {
    const body = resolveTemplate(request.body.text, sources);
    missing.push(...body.missing);
    bodyText = body.text;
    bodySecrets = body.secrets;
  }
  if (missing.length > 0) return { kind: 'missing', message: `Not sent: ${[...new Set(missing)].join(' ')}` };

  const profile = context.profile;
  if (!profile) return { kind: 'signedOut', message: 'Not sent: you are not signed in to MX. Sign in to send requests from .http files.' };
  const apiOrigin = new URL(profile.apiUrl).origin;
  const target = originOf(url.text);
  const secretsUsed = new Set<SecretUse>([...url.secrets, ...headers.flatMap((h) => h.resolved.secrets), ...bodySecrets]);
  if (target !== undefined && target !== apiOrigin) {
    if (secretsUsed.size > 0) {
      const named = [...secretsUsed].map((use) => EXPRESSION_FOR[use]).join(' and ');
      return {
        kind: 'refused',
        message: `Request refused: ${named} may only go to ${apiOrigin}, the active MX profile's API origin; this request goes to ${target}. Nothing was sent.`,
      };
    }
    // Another server gets the request as written and nothing of the session: the pipeline's
    // plain preparation (src/mx) checks it and refuses any credential header.
    if (!(HTTP_METHODS as readonly string[]).includes(request.method)) {
      return { kind: 'invalidRequest', message: `Not sent: MX Explorer does not send ${request.method} requests.` };
    }
    const draft: RequestDraft = {
      method: request.method as HttpMethod,
      url: url.text.trim(),
      query: [],
      headers: headers.map((h) => ({ name: h.name, value: h.resolved.text, enabled: true })),
      body: bodyText,
    };
    return withNote({ kind: 'send', credentials: 'none', draft, label: `${draft.method} ${draft.url}` }, request);
  }
  if (url.secrets.length > 0 || bodySecrets.length > 0) {
    return { kind: 'refused', message: `Request refused: ${TOKEN_EXPRESSION} and ${CLIENT_SECRET_EXPRESSION} may only stand in the ${AUTHORIZATION_HEADER} and MX-Api-Client-Secret headers. Nothing was sent.` };
  }

  const rows: Array<{ name: string; value: string; enabled: boolean }> = [];
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    if (isCredentialHeader(lower)) {
      const allowed = ALLOWED_CREDENTIAL_VALUE[lower as keyof typeof ALLOWED_CREDENTIAL_VALUE];
      if (allowed?.test(header.raw.trim())) continue; // the pipeline adds the session's own
      return {
        kind: 'invalidRequest',
        message: `Not sent: the ${header.name} header holds a value of its own. MX Explorer adds the session's credentials itself: write ${
          lower === 'authorization' ? `"Authorization: Bearer ${TOKEN_EXPRESSION}"` : `"MX-Api-Client-Secret: ${CLIENT_SECRET_EXPRESSION}"`
        } or leave the header out.`,
      };
    }
    if (header.resolved.secrets.length > 0) {
      return { kind: 'refused', message: `Request refused: ${TOKEN_EXPRESSION} and ${CLIENT_SECRET_EXPRESSION} may only stand in the ${AUTHORIZATION_HEADER} and MX-Api-Client-Secret headers, not in ${header.name}. Nothing was sent.` };
    }
    rows.push({ name: header.name, value: header.resolved.text, enabled: true });
  }
  if (!(HTTP_METHODS as readonly string[]).includes(request.method)) {
    return { kind: 'invalidRequest', message: `Not sent: MX Explorer does not send ${request.method} requests.` };
  }
  // On the API base, the path alone: the panel and its history show requests that way.
  const base = profile.apiUrl.replace(/\/+$/, '');
  const typed = url.text.trim();
  const relative = typed.startsWith(`${base}/`) ? typed.slice(base.length) : typed;
  const draft: RequestDraft = { method: request.method as HttpMethod, url: relative, query: [], headers: rows, body: bodyText };
  return withNote({ kind: 'send', credentials: 'session', draft, label: `${draft.method} ${draft.url}` }, request);
}

/** From `# @note …`: ask before sending. */
function withNote(plan: Extract<SendPlan, { kind: 'send' }>, request: HttpRequestBlock): SendPlan {
  const note = request.metadata.find((m) => m.key === 'note');
  return note ? { ...plan, note: note.value || 'This request has a note: send it?' } : plan;
}

/** The origin of an absolute http(s) URL; undefined for a path (it resolves on the API base). */
function originOf(url: string): string | undefined {
  const text = url.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && !text.startsWith('//')) return undefined;
  try {
    const parsed = new URL(text.startsWith('//') ? `https:${text}` : text);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : `a ${parsed.protocol} URL`;
  } catch {
    return 'an address that is not a valid URL';
  }
}

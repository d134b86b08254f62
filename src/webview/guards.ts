// Everything that comes from the host (or from saved state) is checked here and rebuilt into
// well-formed values, so the views never crash on a missing field or an unknown message.
import {
  HTTP_METHODS,
  type BodyKind,
  type CatalogueEndpoint,
  type CatalogueGroup,
  type CatalogueParameter,
  type FollowLink,
  type HeaderPair,
  type HistoryEntry,
  type HostToWebview,
  type HttpMethod,
  type JsonKind,
  type JsonNode,
  type JsonPath,
  type KnownId,
  type MxErrorSummary,
  type RequestDraft,
  type RequestFailureKind,
  type ResponseSummary,
  type Row,
  type SessionSummary,
} from '../protocol';

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
export const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
export const optNum = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const bool = (v: unknown, fallback = false): boolean => (typeof v === 'boolean' ? v : fallback);
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const defined = <T>(v: T | undefined): v is T => v !== undefined;

const JSON_KINDS: readonly JsonKind[] = ['object', 'array', 'string', 'number', 'boolean', 'null'];
const BODY_KINDS: readonly BodyKind[] = ['json', 'text', 'empty', 'file'];
const FAILURE_KINDS: readonly RequestFailureKind[] = [
  'signedOut',
  'refused',
  'invalidRequest',
  'network',
  'timeout',
  'cancelled',
  'tooLarge',
  'declined',
  'auth',
];

export function method(v: unknown): HttpMethod {
  const upper = typeof v === 'string' ? v.toUpperCase() : '';
  return HTTP_METHODS.find((m) => m === upper) ?? 'GET';
}

export function row(v: unknown): Row | undefined {
  if (!isRecord(v)) return undefined;
  return { name: str(v.name), value: str(v.value), enabled: bool(v.enabled, true) };
}

export function draft(v: unknown): RequestDraft {
  const d = isRecord(v) ? v : {};
  const endpointId = optStr(d.endpointId);
  return {
    method: method(d.method),
    url: str(d.url),
    query: list(d.query).map(row).filter(defined),
    headers: list(d.headers).map(row).filter(defined),
    body: str(d.body),
    ...(endpointId ? { endpointId } : {}),
  };
}

export function session(v: unknown): SessionSummary {
  const s = isRecord(v) ? v : {};
  return {
    signedIn: bool(s.signedIn),
    username: optStr(s.username),
    clientId: optStr(s.clientId),
    environmentName: optStr(s.environmentName),
    apiUrl: optStr(s.apiUrl),
    production: bool(s.production),
  };
}

function parameter(v: unknown): CatalogueParameter | undefined {
  if (!isRecord(v) || typeof v.name !== 'string' || !v.name) return undefined;
  return { name: v.name, description: str(v.description) };
}

function endpoint(v: unknown, group: string): CatalogueEndpoint | undefined {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.path !== 'string') return undefined;
  return {
    id: v.id,
    group: str(v.group, group),
    title: str(v.title, v.path),
    description: str(v.description),
    method: method(v.method),
    path: v.path,
    parameters: list(v.parameters).map(parameter).filter(defined),
    bodyTemplate: optStr(v.bodyTemplate),
    holdsSeats: bool(v.holdsSeats),
  };
}

export function catalogue(v: unknown): CatalogueGroup[] {
  return list(v).flatMap((g) => {
    if (!isRecord(g)) return [];
    const name = str(g.name, 'Endpoints');
    const endpoints = list(g.endpoints)
      .map((e) => endpoint(e, name))
      .filter(defined);
    return [{ name, description: str(g.description), endpoints }];
  });
}

export function history(v: unknown): HistoryEntry[] {
  return list(v).flatMap((e) => {
    if (!isRecord(e) || !isRecord(e.draft)) return [];
    return [
      {
        id: str(e.id, String(Math.random())),
        at: num(e.at),
        draft: draft(e.draft),
        status: optNum(e.status),
        durationMs: optNum(e.durationMs),
        environmentName: optStr(e.environmentName),
        responseId: optStr(e.responseId),
        ...(e.pinned === true ? { pinned: true } : {}),
        ...(typeof e.name === 'string' && e.name ? { name: e.name } : {}),
      },
    ];
  });
}

function link(v: unknown): FollowLink | undefined {
  if (!isRecord(v) || typeof v.endpointId !== 'string') return undefined;
  const parameters: Record<string, string> = {};
  if (isRecord(v.parameters)) {
    for (const [k, value] of Object.entries(v.parameters)) {
      if (typeof value === 'string' || typeof value === 'number') parameters[k] = String(value);
    }
  }
  return { endpointId: v.endpointId, title: str(v.title, 'Follow'), parameters };
}

export function jsonNode(v: unknown, fallbackKey: string | number = ''): JsonNode | undefined {
  if (!isRecord(v)) return undefined;
  const kind = JSON_KINDS.find((k) => k === v.kind) ?? 'string';
  const key = typeof v.key === 'string' || typeof v.key === 'number' ? v.key : fallbackKey;
  const links = list(v.links).map(link).filter(defined);
  return {
    key,
    kind,
    preview: str(v.preview),
    childCount: optNum(v.childCount),
    ...(typeof v.inline === 'string' ? { inline: v.inline } : {}),
    ...(links.length ? { links } : {}),
  };
}

/** Ids seen in an answer (or saved state): well-formed ones only, at most 500. */
export function knownIds(v: unknown): KnownId[] {
  return list(v)
    .slice(0, 500)
    .flatMap((k) =>
      isRecord(k) && typeof k.parameter === 'string' && typeof k.value === 'string' && k.value !== ''
        ? [{ parameter: k.parameter, value: k.value, label: str(k.label) }]
        : [],
    );
}

export function path(v: unknown): JsonPath | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.every((p) => typeof p === 'string' || typeof p === 'number') ? (v as (string | number)[]) : undefined;
}

function headerPairs(v: unknown): HeaderPair[] {
  return list(v).flatMap((p) => (isRecord(p) ? [{ name: str(p.name), value: str(p.value) }] : []));
}

function mxError(v: unknown): MxErrorSummary | undefined {
  if (!isRecord(v)) return undefined;
  return {
    errorCode: num(v.errorCode),
    errorDescription: optStr(v.errorDescription),
    errorCodeDescription: optStr(v.errorCodeDescription),
    explanation: str(v.explanation),
  };
}

export function response(v: unknown): ResponseSummary | undefined {
  if (!isRecord(v) || typeof v.responseId !== 'string') return undefined;
  const root = jsonNode(v.root);
  return {
    responseId: v.responseId,
    method: method(v.method),
    url: str(v.url),
    status: num(v.status),
    statusText: str(v.statusText),
    durationMs: num(v.durationMs),
    bodyBytes: num(v.bodyBytes),
    correlationId: optStr(v.correlationId),
    headers: headerPairs(v.headers),
    requestHeaders: headerPairs(v.requestHeaders),
    contentType: optStr(v.contentType),
    bodyKind: BODY_KINDS.find((k) => k === v.bodyKind) ?? 'text',
    note: optStr(v.note),
    mxError: mxError(v.mxError),
    rawPreview: str(v.rawPreview),
    rawTruncated: bool(v.rawTruncated),
    ...(root ? { root } : {}),
    ...(root && Array.isArray(v.expand) ? { expand: list(v.expand).map(path).filter(defined) } : {}),
    ...(Array.isArray(v.ids) ? { ids: knownIds(v.ids) } : {}),
  };
}

export function failureKind(v: unknown): RequestFailureKind {
  return FAILURE_KINDS.find((k) => k === v) ?? 'network';
}

/** The host's message rebuilt into a well-formed one, or undefined for anything unknown. */
export function parseHostMessage(data: unknown): HostToWebview | undefined {
  if (!isRecord(data)) return undefined;
  switch (data.type) {
    case 'init':
      return {
        type: 'init',
        session: session(data.session),
        catalogue: catalogue(data.catalogue),
        history: history(data.history),
        inFlight: list(data.inFlight).filter((id): id is string => typeof id === 'string'),
      };
    case 'session':
      return { type: 'session', session: session(data.session) };
    case 'history':
      return { type: 'history', entries: history(data.entries) };
    case 'response': {
      const r = response(data.response);
      return r ? { type: 'response', requestId: str(data.requestId), response: r } : undefined;
    }
    case 'requestFailed':
      return {
        type: 'requestFailed',
        requestId: str(data.requestId),
        kind: failureKind(data.kind),
        message: str(data.message, 'The request failed.'),
      };
    case 'sendState':
      return typeof data.requestId === 'string' && (data.state === 'confirming' || data.state === 'sending')
        ? { type: 'sendState', requestId: data.requestId, state: data.state }
        : undefined;
    case 'nodeChildren': {
      const p = path(data.path);
      if (!p) return undefined;
      const offset = Math.max(0, Math.floor(num(data.offset)));
      return {
        type: 'nodeChildren',
        requestId: str(data.requestId),
        responseId: str(data.responseId),
        path: p,
        offset,
        total: Math.max(0, Math.floor(num(data.total))),
        children: list(data.children)
          .map((c, i) => jsonNode(c, offset + i))
          .filter(defined),
      };
    }
    case 'searchResults':
      return {
        type: 'searchResults',
        requestId: str(data.requestId),
        responseId: str(data.responseId),
        query: str(data.query),
        matches: list(data.matches).flatMap((m) => {
          const p = isRecord(m) ? path(m.path) : undefined;
          return p && isRecord(m) ? [{ path: p, preview: str(m.preview) }] : [];
        }),
        truncated: bool(data.truncated),
      };
    case 'notice': {
      const level = data.level === 'warning' || data.level === 'error' ? data.level : 'info';
      return { type: 'notice', level, message: str(data.message) };
    }
    case 'showEndpoint':
      return typeof data.endpointId === 'string' ? { type: 'showEndpoint', endpointId: data.endpointId } : undefined;
    case 'showRequest':
      return typeof data.requestId === 'string' && isRecord(data.draft) ? { type: 'showRequest', requestId: data.requestId, draft: draft(data.draft) } : undefined;
    default:
      return undefined;
  }
}

// The result of mx_send_request: status, what was sent, and the answer bounded — a list as at most
// MAX_ROWS compact JSON rows, an object as JSON cut at a few thousand characters, text quoted.
// JSON keeps MX's strings quoted and escaped; invisible characters are dropped. vscode-free.
import type { CatalogueEndpoint } from '../mx/catalogueTypes';
import type { FetchOutcome } from './toolFetch';
import type { SendRequestInput } from './toolInputs';
import { DATA_NOTE, fit, MAX_ROWS, provenanceLine, quoted, seeAll } from './resultText';

const ROW_CHARS = 300;
const OBJECT_CHARS = 6_000;
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** JSON text of an MX value, one line, invisible characters dropped, at most `max` characters. */
export function compactJson(value: unknown, max: number): string {
  const text = (JSON.stringify(value) ?? 'null').replace(INVISIBLE, '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function sendRequestResult(
  endpoint: CatalogueEndpoint,
  request: SendRequestInput,
  fetched: Extract<FetchOutcome, { ok: true }>,
  environment: string,
  now: number,
): string {
  const sent = `${endpoint.method} ${endpoint.path}`;
  const label = `${request.method} ${requestPath(request)}`;
  const head = [
    `HTTP ${fetched.status} for ${label} (${quoted(endpoint.title, 80)}, documented as ${sent}).`,
    provenanceLine({ environment, request: label, fetchedAt: fetched.fetchedAt, fromCache: false }, now),
  ];
  if (fetched.correlationId) head.push(`Mx-Correlation-Id ${quoted(fetched.correlationId, 60)}.`);
  const tail = [seeAll(label)];
  const json = fetched.json;
  if (json === undefined) {
    const body = fetched.text !== undefined ? [`Body (text, data from MX): ${quoted(fetched.text, 2000)}`] : ['No body.'];
    return fit(head, body, tail, body.length);
  }
  if (Array.isArray(json)) {
    head.push(`${json.length} item${json.length === 1 ? '' : 's'} in the answer.`, DATA_NOTE);
    const rows = json.slice(0, MAX_ROWS).map((item) => `- ${compactJson(item, ROW_CHARS)}`);
    if (json.length > MAX_ROWS) tail.unshift(`Showing ${MAX_ROWS} of ${json.length}; add query parameters the endpoint documents to narrow it.`);
    return fit(head, rows, tail, json.length);
  }
  head.push(DATA_NOTE);
  return fit(head, [`Body: ${compactJson(json, OBJECT_CHARS)}`], tail, 1);
}

function requestPath(request: SendRequestInput): string {
  if (request.query.length === 0) return request.path;
  return `${request.path}?${request.query.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&')}`;
}

// What an MX answer's body says, read the same way by every client that receives one (MxApiClient,
// the plain client for other origins): JSON or not, a parse error as a value, the MX error body.
// Pure: no network, no `vscode`.
import { decodeMxErrorBody, type MxErrorBody } from './errors';
import { parseJson } from './json';

const JSON_CONTENT_TYPE = /^\s*(?:application|text)\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const LOOKS_LIKE_JSON = /^\uFEFF?\s*[[{]/;

export interface DecodedAnswer {
  readonly json?: unknown;
  readonly jsonError?: string;
  readonly mxError?: MxErrorBody;
}

/**
 * What an answer's body says: JSON for JSON content types (and for JSON-looking text when the server
 * named no type at all), a parse error as a value, and an MX error body on a 4xx/5xx.
 */
export function decodeAnswer(status: number, contentType: string | undefined, bodyText: string): DecodedAnswer {
  const isJson = contentType !== undefined ? JSON_CONTENT_TYPE.test(contentType) : LOOKS_LIKE_JSON.test(bodyText);
  if (bodyText === '' || !isJson) {
    return {};
  }
  const parsed = parseJson(bodyText);
  if (!parsed.ok) {
    return { jsonError: `The body is not valid JSON: ${parsed.error}` };
  }
  const mxError = status >= 400 ? decodeMxErrorBody(parsed.value) : undefined;
  return mxError ? { json: parsed.value, mxError } : { json: parsed.value };
}

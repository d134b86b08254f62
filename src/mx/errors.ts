// MX error bodies ({"errorCode", "errorDescription", "errorCodeDescription"}) and what their codes
// mean. The documented code ranges (apidocs.moviexchange.com/docs/error-codes) are the only
// structure MX gives us; the recording shows the HTTP status does not always follow them.

import { asJsonObject, parseJsonObject } from './json';

export interface MxErrorBody {
  readonly errorCode: number;
  readonly errorDescription?: string;
  readonly errorCodeDescription?: string;
}

/**
 * Reads an MX error body (`{"errorCode":40001,"errorDescription":…,"errorCodeDescription":…}`)
 * from response text or already-parsed JSON. Returns undefined for anything else (empty 404s,
 * HTML from a proxy, OAuth errors) so callers can fall back to the HTTP status.
 */
export function decodeMxErrorBody(body: unknown): MxErrorBody | undefined {
  const record = typeof body === 'string' ? parseJsonObject(body.trim()) : asJsonObject(body);
  if (!record) {
    return undefined;
  }
  // ASP.NET serialisers differ in casing between services; accept PascalCase too.
  const code = toErrorCode(record.errorCode ?? record.ErrorCode);
  if (code === undefined) {
    return undefined;
  }
  const description = textField(record.errorDescription ?? record.ErrorDescription);
  const codeDescription = textField(record.errorCodeDescription ?? record.ErrorCodeDescription);
  return {
    errorCode: code,
    ...(description !== undefined ? { errorDescription: description } : {}),
    ...(codeDescription !== undefined ? { errorCodeDescription: codeDescription } : {}),
  };
}

function toErrorCode(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

function textField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export type MxErrorCategory = 'internal' | 'connectivity' | 'ticketingSystem' | 'businessRule' | 'unknown';

export interface MxErrorCodeExplanation {
  readonly category: MxErrorCategory;
  /** e.g. "40000–49999"; absent for codes outside every documented range. */
  readonly range?: string;
  /** The status MX documents for the range; the real status may differ (see `MX_STATUS_CAVEAT`). */
  readonly documentedStatus?: number;
  /** Whether repeating the same request later can succeed. */
  readonly retryLater: boolean;
  /** One sentence for a user. */
  readonly meaning: string;
}

export const MX_STATUS_CAVEAT =
  'MX does not always use the documented HTTP status for a code range (for example 40001 came back as 404, not 400), so judge by the code.';

const RANGES: ReadonlyArray<{ from: number; to: number } & MxErrorCodeExplanation> = [
  {
    from: 10000,
    to: 19999,
    category: 'internal',
    range: '10000–19999',
    documentedStatus: 500,
    retryLater: false,
    meaning: 'Internal MX error (documented as HTTP 500). Contact MX support with the correlation id.',
  },
  {
    from: 20000,
    to: 29999,
    category: 'connectivity',
    range: '20000–29999',
    documentedStatus: 504,
    retryLater: true,
    meaning: 'Timeout or connectivity problem between MX and the cinema (documented as HTTP 504); retry later.',
  },
  {
    from: 30000,
    to: 39999,
    category: 'ticketingSystem',
    range: '30000–39999',
    documentedStatus: 502,
    retryLater: false,
    meaning: "Unexpected error from the cinema's ticketing system (documented as HTTP 502).",
  },
  {
    from: 40000,
    to: 49999,
    category: 'businessRule',
    range: '40000–49999',
    documentedStatus: 400,
    retryLater: false,
    meaning: 'Business rule violation (documented as HTTP 400): the request cannot succeed as sent.',
  },
];

export function explainMxErrorCode(code: number): MxErrorCodeExplanation {
  const match = RANGES.find((range) => code >= range.from && code <= range.to);
  if (!match) {
    return { category: 'unknown', retryLater: false, meaning: `Unknown MX error code ${code}: it is outside every documented range.` };
  }
  const { from: _from, to: _to, ...explanation } = match;
  return explanation;
}

/**
 * One line for the request panel and the log, e.g.
 * "MX error 40001: The requested cinema chain cannot be found. Cinema chain [x] not found. (Business rule violation …)".
 * When the status differs from the documented one, says so, so nobody chases a phantom mismatch.
 */
export function describeMxError(error: MxErrorBody, httpStatus?: number): string {
  const explanation = explainMxErrorCode(error.errorCode);
  const parts = [`MX error ${error.errorCode}:`];
  if (error.errorCodeDescription) {
    parts.push(sentence(error.errorCodeDescription));
  }
  if (error.errorDescription && error.errorDescription !== error.errorCodeDescription) {
    parts.push(sentence(error.errorDescription));
  }
  parts.push(`(${explanation.meaning})`);
  if (
    httpStatus !== undefined &&
    explanation.documentedStatus !== undefined &&
    httpStatus !== explanation.documentedStatus
  ) {
    parts.push(`HTTP status was ${httpStatus}; ${MX_STATUS_CAVEAT}`);
  }
  return parts.join(' ');
}

/**
 * What the code range means, and the status caveat when it applies: for a view that shows the code
 * and MX's own sentences already (the request panel), so each fact is said once.
 */
export function explainMxError(error: MxErrorBody, httpStatus?: number): string {
  const explanation = explainMxErrorCode(error.errorCode);
  const mismatch = httpStatus !== undefined && explanation.documentedStatus !== undefined && httpStatus !== explanation.documentedStatus;
  return mismatch ? `${explanation.meaning} HTTP status was ${httpStatus}; ${MX_STATUS_CAVEAT}` : explanation.meaning;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** MX error codes whose meaning we know beyond their range: from the recorded traffic and MX's pages. */
export const KNOWN_MX_ERROR_CODES: ReadonlyMap<number, string> = new Map([
  [10002, '"Authorisation Exception": an internal MX error (HTTP 500), not a problem with your credentials.'],
  [40001, 'The requested cinema chain cannot be found (recorded with HTTP 404): check the chain id against Get Cinema Chains.'],
  [40002, 'The specified site cannot be found (recorded with HTTP 400): check the site id against Get Sites for a Cinema Chain.'],
  [41002, 'The seats could not be allocated automatically in a single row (Create Order): ask for fewer tickets or another showtime.'],
]);

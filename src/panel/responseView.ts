// What the request panel shows of an API response: status, headers (credentials masked), how the
// body is shown and why, the MX error explained, the start of the raw text, and the JSON root node.
// The parsed body stays on the host; the webview pages through it with jsonTree.

import { RAW_PREVIEW_CHARS, type BodyKind, type HeaderPair, type MxErrorSummary, type ResponseSummary } from '../protocol';
import type { ApiResponse } from '../mx/apiClient';
import { explainMxError, type MxErrorBody } from '../mx/errors';
import { idsIn, linksFor, type LinkContext } from './followLinks';
import { formatBytes, sentHeaders } from '../mx/http';
import { initialExpansion, nodeFor, type LinksFn } from './jsonTree';
import { formatJsonPrefix } from './jsonFormat';
import { redactHeaders, type Redactor } from '../mx/redaction';
import { HTTP_METHODS, type HttpMethod } from '../mx/requestRules';

/** Bodies larger than this are not offered as a tree (open them in an editor instead). */
export const DEFAULT_MAX_TREE_BYTES = 32 * 1024 * 1024;
/** The key of the body's root node. */
export const ROOT_KEY = '';

export const NOTE_EMPTY_404 = 'Empty body (MX answers unknown ids and wrong paths with an empty 404).';
export const NOTE_EMPTY = 'Empty body.';
export const NOTE_NO_CONTENT = 'No content (204): the request succeeded and MX sends no body.';
export const NOTE_HTML = 'The server answered with an HTML page, not JSON — probably a proxy or gateway error page.';

export interface SummariseOptions {
  readonly responseId: string;
  /** Larger JSON bodies are summarised without a tree; default DEFAULT_MAX_TREE_BYTES. */
  readonly maxTreeBytes?: number;
  /**
   * Extra link context (e.g. params known from the draft). The endpoint itself is recognised from
   * the response URL, which is what was actually requested.
   */
  readonly context?: Partial<LinkContext>;
  /** Scrubs known secrets from header values (a server echoing a credential). */
  readonly redactor?: Redactor;
}

export interface SummarisedResponse {
  readonly summary: ResponseSummary;
  /** The parsed body, when it is shown as a tree: keep it for expandNode and search. */
  readonly parsed?: unknown;
  /** For follow links on this response's values (pass `links` to jsonTree.childrenAt). */
  readonly linkContext: LinkContext;
  readonly links: LinksFn;
}

const STATUS_REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  423: 'Locked',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  511: 'Network Authentication Required',
};

/** The standard reason phrase for a status (HTTP/2 sends none), or '' when there is none. */
export function statusReason(status: number): string {
  return Object.prototype.hasOwnProperty.call(STATUS_REASONS, status) ? STATUS_REASONS[status] : '';
}

const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i;
const HTML_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

export function summariseResponse(response: ApiResponse, options: SummariseOptions): SummarisedResponse {
  const maxTreeBytes =
    typeof options.maxTreeBytes === 'number' && options.maxTreeBytes >= 0 ? options.maxTreeBytes : DEFAULT_MAX_TREE_BYTES;
  const linkContext = contextFor(response, options.context);
  const links: LinksFn = (path, key, value, parent) => linksFor(linkContext, path, key, value, parent);

  const headers = headerPairs(response.headers, options.redactor);
  const contentType = firstHeader(response.headers, 'content-type');
  const bodyText = typeof response.bodyText === 'string' ? response.bodyText : '';
  const status = response.status;

  let bodyKind: BodyKind;
  let note: string | undefined;
  let parsed: unknown;
  let hasParsed = false;

  if (bodyText === '') {
    bodyKind = 'empty';
    note = status === 404 ? NOTE_EMPTY_404 : status === 204 ? NOTE_NO_CONTENT : NOTE_EMPTY;
  } else if (response.json !== undefined) {
    if (response.bodyBytes > maxTreeBytes) {
      bodyKind = 'file';
      note = `A JSON body of ${formatBytes(response.bodyBytes)}: larger than the ${formatBytes(maxTreeBytes)} shown in the panel (mx.maxResponseSizeMB). Open it in an editor or save it.`;
    } else {
      bodyKind = 'json';
      parsed = response.json;
      hasParsed = true;
    }
  } else {
    bodyKind = 'text';
    const isHtml = (contentType !== undefined && HTML_TYPE.test(contentType)) || HTML_START.test(bodyText.slice(0, 512));
    if (isHtml) {
      note = NOTE_HTML;
    } else if (response.jsonError !== undefined) {
      note = `${malformedMessage(response.jsonError)}; shown as text.`;
    }
  }

  // A body too large for the panel gets no preview either: a screenful of it explains nothing.
  const formatted = bodyKind === 'json' ? formatJsonPrefix(bodyText, RAW_PREVIEW_CHARS) : undefined;
  const rawPreview = bodyKind === 'file' ? '' : (formatted?.text ?? cut(bodyText, RAW_PREVIEW_CHARS));
  const rawTruncated = formatted ? !formatted.complete : rawPreview.length < bodyText.length;
  const summary: { -readonly [K in keyof ResponseSummary]: ResponseSummary[K] } = {
    responseId: options.responseId,
    method: methodOf(response.method),
    url: response.url,
    status,
    statusText: response.statusText !== '' && typeof response.statusText === 'string' ? response.statusText : statusReason(status),
    durationMs: response.durationMs,
    bodyBytes: response.bodyBytes,
    headers,
    requestHeaders: headerPairs(sentHeaders(Array.isArray(response.requestHeaders) ? response.requestHeaders : []), options.redactor),
    bodyKind,
    rawPreview,
    rawTruncated,
  };
  if (response.correlationId !== undefined) {
    summary.correlationId = response.correlationId;
  }
  if (contentType !== undefined) {
    summary.contentType = contentType;
  }
  if (note !== undefined) {
    summary.note = note;
  }
  if (response.mxError !== undefined) {
    summary.mxError = mxErrorSummary(response.mxError, status);
  }
  if (hasParsed) {
    summary.root = nodeFor(ROOT_KEY, parsed);
    summary.expand = initialExpansion(parsed, response.bodyBytes);
    const ids = idsIn(linkContext, parsed);
    if (ids.length > 0) summary.ids = ids;
  }
  return hasParsed ? { summary, parsed, linkContext, links } : { summary, linkContext, links };
}

function mxErrorSummary(error: MxErrorBody, status: number): MxErrorSummary {
  return {
    errorCode: error.errorCode,
    ...(error.errorDescription !== undefined ? { errorDescription: error.errorDescription } : {}),
    ...(error.errorCodeDescription !== undefined ? { errorCodeDescription: error.errorCodeDescription } : {}),
    explanation: explainMxError(error, status),
  };
}

/** "The body is not valid JSON: <parser message>" whether or not the API client already said so. */
function malformedMessage(error: string): string {
  const prefix = 'The body is not valid JSON: ';
  const text = error.startsWith(prefix) ? error : `${prefix}${error}`;
  return text.replace(/[.\s]+$/, '');
}

/**
 * The URL decides which endpoint answered (the pipeline matched it once, see ApiResponse.endpoint):
 * a draft's endpointId goes stale as soon as the user edits its URL. Given params only fill in what
 * the URL does not say.
 */
function contextFor(response: ApiResponse, given: Partial<LinkContext> | undefined): LinkContext {
  const params: Record<string, string> = {};
  if (given?.params && typeof given.params === 'object') {
    for (const [name, value] of Object.entries(given.params)) {
      if (typeof value === 'string') {
        params[name] = value;
      }
    }
  }
  const match = response.endpoint;
  if (!match) {
    return { params };
  }
  return { endpointId: match.endpoint.id, params: { ...params, ...match.params } };
}

function methodOf(method: string): HttpMethod {
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  return (HTTP_METHODS as readonly string[]).includes(upper) ? (upper as HttpMethod) : 'GET';
}

function headerPairs(headers: ReadonlyArray<readonly [string, string]> | undefined, redactor: Redactor | undefined): HeaderPair[] {
  const list = Array.isArray(headers) ? headers : [];
  const masked = redactor ? redactor.redactHeaders(list) : redactHeaders(list);
  return masked.map(([name, value]) => ({ name, value }));
}

function firstHeader(headers: ReadonlyArray<readonly [string, string]> | undefined, name: string): string | undefined {
  const found = Array.isArray(headers) ? headers.find(([n]) => n.toLowerCase() === name) : undefined;
  return found?.[1];
}

/** The first `max` characters, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

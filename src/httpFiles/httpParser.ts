import { type HttpAssertion, parseAssertion } from './httpAssertions';

// Reads the plain-text request format shared by REST Client, httpYac, JetBrains' HTTP Client and
// Visual Studio (JetBrains' "HTTP request in editor" specification): `###` separators (text after
// them is a title), `#` / `//` comments, `# @key value` metadata, `@name = value` file variables, a
// request line with an optional method and HTTP version, `?` / `&` query continuation lines,
// headers, a blank line, then an inline body or `< ./file`, and httpYac's `?? …` assertion lines
// (among the headers or after the body; httpAssertions.ts reads each).
// Tolerant: a malformed request gives a diagnostic on its line, never an exception. Pure: it only
// reads text; variables are resolved later (httpVariables.ts), at send time.

/** Lines and characters are 0-based, as in editors. */
export interface HttpDiagnostic {
  readonly line: number;
  readonly startChar: number;
  readonly endChar: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface HttpMetadata {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface HttpFileVariable {
  readonly name: string;
  /** As written: it may hold `{{…}}` itself. */
  readonly value: string;
  readonly line: number;
}

export interface HttpHeaderLine {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export type HttpBody =
  | { readonly kind: 'inline'; readonly text: string; readonly startLine: number }
  | { readonly kind: 'file'; readonly path: string; readonly line: number };

export interface HttpRequestBlock {
  /** Position among the file's requests, from 0. */
  readonly index: number;
  /** The text after `###`, when there is one. */
  readonly title?: string;
  /** From `# @name x`. */
  readonly name?: string;
  readonly metadata: readonly HttpMetadata[];
  /** The block's first line (its `###` line, or 0) and last line. */
  readonly startLine: number;
  readonly endLine: number;
  /** The request line: the line CodeLenses stand on. */
  readonly requestLine: number;
  /** Upper case; GET when the file gives none. */
  readonly method: string;
  /** As written, continuation lines appended, `{{…}}` not yet resolved. */
  readonly url: string;
  readonly httpVersion?: string;
  readonly headers: readonly HttpHeaderLine[];
  readonly body?: HttpBody;
  /** Its `?? …` lines that could be read, in order (the others are diagnostics). */
  readonly assertions: readonly HttpAssertion[];
}

export interface ParsedHttpFile {
  readonly requests: readonly HttpRequestBlock[];
  /** Every `@name = value` line of the file, in order; a later one wins. */
  readonly variables: readonly HttpFileVariable[];
  readonly diagnostics: readonly HttpDiagnostic[];
}

/** What a request line's target starts with: a path, a variable (`{{mxApi}}`) or a scheme. */
const LOOKS_LIKE_URL = /^(?:\/|\{\{|[a-z][a-z0-9+.-]*:\/\/)/i;

export const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE']);

const SEPARATOR = /^###/;
const COMMENT = /^\s*(?:#|\/\/)/;
const METADATA = /^\s*(?:#|\/\/)\s*@([A-Za-z][\w-]*)(?:\s+(.*?))?\s*$/;
const FILE_VARIABLE = /^\s*@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;
const REQUEST_LINE = /^\s*([A-Za-z]+)\s+(\S.*?)(?:\s+(HTTP\/\d(?:\.\d)?))?\s*$/;
const URL_ONLY = /^\s*(\S.*?)(?:\s+(HTTP\/\d(?:\.\d)?))?\s*$/;
const CONTINUATION = /^\s+[?&]|^[?&]/;
const HEADER = /^\s*([^\s:][^:]*?)\s*:\s?(.*?)\s*$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// httpYac assertions and response handlers: read elsewhere (or not at all), never sent as headers.
const ASSERTION = /^\s*\?\?/;
const RESPONSE_HANDLER = /^\s*>\s/;
const BODY_FILE = /^<\s+(\S.*?)\s*$/;

/** Parses a whole `.http` / `.rest` file; never throws. */
export function parseHttpFile(text: string): ParsedHttpFile {
  // split on a string is several times faster than on a regular expression (httpFiles.parseRatio)
  const lines = text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
  const requests: HttpRequestBlock[] = [];
  const variables: HttpFileVariable[] = [];
  const diagnostics: HttpDiagnostic[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start + 1;
    while (end < lines.length && !lines[end].startsWith('###')) end++;
    const block = parseBlock(lines, start, end - 1, requests.length, variables, diagnostics);
    if (block) requests.push(block);
    start = end;
  }
  return { requests, variables, diagnostics };
}

function parseBlock(
  lines: readonly string[],
  startLine: number,
  endLine: number,
  index: number,
  variables: HttpFileVariable[],
  diagnostics: HttpDiagnostic[],
): HttpRequestBlock | undefined {
  let line = startLine;
  let title: string | undefined;
  if (SEPARATOR.test(lines[line])) {
    title = lines[line].replace(/^#+/, '').trim() || undefined;
    line++;
  }
  const metadata: HttpMetadata[] = [];
  // The preamble: comments, metadata and file variables before the request line.
  for (; line <= endLine; line++) {
    const text = lines[line];
    if (text.trim() === '') continue;
    const meta = METADATA.exec(text);
    if (meta) {
      metadata.push({ key: meta[1], value: meta[2] ?? '', line });
      continue;
    }
    if (COMMENT.test(text)) continue;
    const variable = FILE_VARIABLE.exec(text);
    if (variable) {
      variables.push({ name: variable[1], value: variable[2], line });
      continue;
    }
    break;
  }
  if (line > endLine) return undefined; // only comments and variables: not a request
  const requestLine = line;
  const parsedLine = parseRequestLine(lines[requestLine], requestLine, diagnostics);
  let url = parsedLine.url;
  line++;
  // `?? …` right under the request line is an assertion, not a `?query` continuation.
  while (line <= endLine && CONTINUATION.test(lines[line]) && !ASSERTION.test(lines[line])) {
    url += lines[line].trim();
    line++;
  }
  const headers: HttpHeaderLine[] = [];
  for (; line <= endLine && lines[line].trim() !== ''; line++) {
    const text = lines[line];
    if (COMMENT.test(text) || ASSERTION.test(text) || RESPONSE_HANDLER.test(text)) continue;
    const header = HEADER.exec(text);
    if (!header || !HEADER_NAME.test(header[1])) {
      diagnostics.push(lineDiagnostic(lines, line, 'Expected a header "Name: value" (or a blank line before the body).', 'error'));
      continue;
    }
    headers.push({ name: header[1], value: header[2], line });
  }
  const body = parseBody(lines, line + 1, endLine, diagnostics);
  const assertions = readAssertions(lines, requestLine + 1, endLine, body, diagnostics);
  const name = metadata.find((m) => m.key === 'name')?.value || undefined;
  const block: HttpRequestBlock = {
    index,
    metadata,
    startLine,
    endLine,
    requestLine,
    method: parsedLine.method,
    url,
    headers,
    assertions,
    ...(title !== undefined ? { title } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(parsedLine.httpVersion !== undefined ? { httpVersion: parsedLine.httpVersion } : {}),
    ...(body !== undefined ? { body } : {}),
  };
  return block;
}

function parseRequestLine(text: string, line: number, diagnostics: HttpDiagnostic[]): { method: string; url: string; httpVersion?: string } {
  const withMethod = REQUEST_LINE.exec(text);
  if (withMethod && KNOWN_METHODS.has(withMethod[1].toUpperCase())) {
    if (withMethod[1] !== withMethod[1].toUpperCase()) {
      diagnostics.push(spanDiagnostic(text, line, withMethod[1], `Methods are written in upper case: ${withMethod[1].toUpperCase()}.`, 'warning'));
    }
    return { method: withMethod[1].toUpperCase(), url: withMethod[2], ...(withMethod[3] ? { httpVersion: withMethod[3] } : {}) };
  }
  if (withMethod && !/[:/{]/.test(withMethod[1])) {
    diagnostics.push(spanDiagnostic(text, line, withMethod[1], `Unknown HTTP method "${withMethod[1]}".`, 'error'));
    return { method: withMethod[1].toUpperCase(), url: withMethod[2] };
  }
  const urlOnly = URL_ONLY.exec(text);
  const url = urlOnly ? urlOnly[1] : text.trim();
  // A lone word (a typo, a note without `#`) would be sent as a GET of itself.
  if (!LOOKS_LIKE_URL.test(url)) {
    diagnostics.push(spanDiagnostic(text, line, url, `"${url}" is not a URL: write a path on the API ({{mxApi}}/… or /…) or a full URL (https://…), after the method when it is not GET.`, 'error'));
  }
  return { method: 'GET', url, ...(urlOnly?.[2] ? { httpVersion: urlOnly[2] } : {}) };
}

function parseBody(lines: readonly string[], from: number, endLine: number, diagnostics: HttpDiagnostic[]): HttpBody | undefined {
  let last = endLine;
  // Trailing blank lines, response handlers (`> …`, `> {% … %}`) and assertions are not body.
  for (;;) {
    while (last >= from && lines[last].trim() === '') last--;
    const handler = findTrailingHandler(lines, from, last);
    if (handler === undefined) break;
    last = handler - 1;
  }
  let first = from;
  while (first <= last && lines[first].trim() === '') first++;
  if (first > last) return undefined;
  const file = BODY_FILE.exec(lines[first]);
  if (file) {
    if (first !== last) {
      diagnostics.push(lineDiagnostic(lines, first + 1, 'Lines after "< file" are ignored: the body is read from the file.', 'warning'));
    }
    return { kind: 'file', path: file[1], line: first };
  }
  return { kind: 'inline', text: lines.slice(first, last + 1).join('\n'), startLine: first };
}

function readAssertions(lines: readonly string[], from: number, endLine: number, body: HttpBody | undefined, diagnostics: HttpDiagnostic[]): HttpAssertion[] {
  const assertions: HttpAssertion[] = [];
  const bodyFirst = body?.kind === 'inline' ? body.startLine : -1;
  const bodyLast = body?.kind === 'inline' ? body.startLine + body.text.split('\n').length - 1 : -1;
  for (let line = from; line <= endLine; line++) {
    if ((line >= bodyFirst && line <= bodyLast) || !ASSERTION.test(lines[line])) continue;
    const parsed = parseAssertion(lines[line], line);
    if (parsed.ok) assertions.push(parsed.assertion);
    else diagnostics.push(lineDiagnostic(lines, line, parsed.message, 'error'));
  }
  return assertions;
}

/** The first line of a response handler or assertion run that ends the block, if any. */
function findTrailingHandler(lines: readonly string[], from: number, last: number): number | undefined {
  if (last < from) return undefined;
  if (ASSERTION.test(lines[last]) || /^\s*>\s*\S/.test(lines[last])) {
    let first = last;
    while (first - 1 >= from && (ASSERTION.test(lines[first - 1]) || /^\s*>\s*\S/.test(lines[first - 1]))) first--;
    return first;
  }
  if (/%}\s*$/.test(lines[last])) {
    for (let i = last; i >= from; i--) if (/^\s*>\s*{%/.test(lines[i])) return i;
  }
  return undefined;
}

function lineDiagnostic(lines: readonly string[], line: number, message: string, severity: HttpDiagnostic['severity']): HttpDiagnostic {
  const text = lines[line] ?? '';
  const startChar = text.length - text.trimStart().length;
  return { line, startChar, endChar: Math.max(startChar + 1, text.trimEnd().length), message, severity };
}

function spanDiagnostic(text: string, line: number, part: string, message: string, severity: HttpDiagnostic['severity']): HttpDiagnostic {
  const startChar = Math.max(0, text.indexOf(part));
  return { line, startChar, endChar: startChar + part.length, message, severity };
}

/** The request whose block holds this line, if any (for "send request at cursor"). */
export function requestAtLine(file: ParsedHttpFile, line: number): HttpRequestBlock | undefined {
  return file.requests.find((r) => r.startLine <= line && line <= r.endLine);
}

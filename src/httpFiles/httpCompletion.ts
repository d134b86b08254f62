// Completion in `.http` files: variable names inside `{{`, the documented MX paths after
// `{{mxApi}}` (from the endpoint catalogue), and header names (the credential headers with their
// session expressions). Pure: the VS Code side turns the items into CompletionItems.
import { CATALOGUE_ENDPOINTS } from '../mx/catalogue';
import { type HttpRequestBlock, KNOWN_METHODS } from './httpParser';
import type { VariableSources } from './httpVariables';

export type CompletionKind = 'variable' | 'path' | 'header';

export interface HttpCompletion {
  readonly label: string;
  /** A snippet (`${1:name}` placeholders) that replaces the typed prefix. */
  readonly snippet: string;
  readonly detail: string;
  readonly kind: CompletionKind;
  /** How many characters before the cursor the snippet replaces. */
  readonly replaceChars: number;
}

const SYSTEM_VARIABLES: ReadonlyArray<readonly [string, string, string]> = [
  ['$auth.token("mx")', '$auth.token("mx")', "the active MX profile's access token (sent only to its API origin)"],
  ['$mx.clientSecret', '$mx.clientSecret', "the active MX profile's client secret (sent only to its API origin)"],
  ['$guid', '$guid', 'a new UUID at each send'],
  ['$timestamp', '$timestamp', 'Unix time in seconds'],
  ['$isoTimestamp', '$isoTimestamp', 'the current time, ISO 8601 in UTC'],
  ['$randomInt', '$randomInt ${1:0} ${2:100}', 'a random whole number, min inclusive, max exclusive'],
  ['$processEnv', '$processEnv ${1:NAME}', 'an environment variable of VS Code'],
  ['$dotenv', '$dotenv ${1:NAME}', 'a value of the .env file next to the file'],
];

const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Authorization', 'Bearer {{$auth.token("mx")}}'],
  ['MX-Api-Client-Secret', '{{$mx.clientSecret}}'],
  ['Accept', 'application/json'],
  ['Content-Type', 'application/json'],
  ['Accept-Language', '${1:en-US}'],
  ['If-None-Match', '${1}'],
  ['X-Request-Id', '{{$guid}}'],
];

const OPEN_VARIABLE = /\{\{\s*([^{}\s]*)$/;
const AFTER_MX_API = /\{\{\s*mxApi\s*\}\}(\/[^\s{}?]*)?$/;

/** What may be typed at this point of a line (`before` is the line's text up to the cursor). */
export function completionsAt(before: string, lineNumber: number, request: HttpRequestBlock | undefined, sources: VariableSources): HttpCompletion[] {
  const open = OPEN_VARIABLE.exec(before);
  if (open) return variableCompletions(open[1].length, sources);
  if (request && lineNumber === request.requestLine) {
    const after = AFTER_MX_API.exec(before);
    if (after) return pathCompletions(after[1]?.length ?? 0, before.trimStart().split(/\s+/)[0]);
    return [];
  }
  if (request && request.requestLine < lineNumber && isHeaderLine(request, lineNumber) && /^[\w-]*$/.test(before)) {
    return HEADERS.map(([name, value]) => ({ label: name, snippet: `${name}: ${value}`, detail: `${name}: ${value.replace(/\$\{\d:?([^}]*)\}/g, '$1')}`, kind: 'header', replaceChars: before.length }));
  }
  return [];
}

function variableCompletions(typed: number, sources: VariableSources): HttpCompletion[] {
  const items: HttpCompletion[] = [];
  const seen = new Set<string>();
  const add = (name: string, detail: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    items.push({ label: name, snippet: `${name}}}`, detail, kind: 'variable', replaceChars: typed });
  };
  for (const name of sources.file.keys()) add(name, 'file variable');
  for (const [name, value] of sources.environment) add(name, value.source);
  if (sources.mx) {
    add('mxApi', `the active MX profile's API base (${sources.mx.apiUrl})`);
    add('mxAuth', `the active MX profile's auth base (${sources.mx.authUrl})`);
  } else {
    add('mxApi', "the active MX profile's API base (sign in to MX)");
    add('mxAuth', "the active MX profile's auth base (sign in to MX)");
  }
  for (const [label, snippet, detail] of SYSTEM_VARIABLES) items.push({ label, snippet: `${snippet}}}`, detail, kind: 'variable', replaceChars: typed });
  return items;
}

function pathCompletions(typed: number, method: string): HttpCompletion[] {
  // A request line without a method is a GET.
  const wanted = KNOWN_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : 'GET';
  return CATALOGUE_ENDPOINTS.filter((e) => e.method === wanted).map((endpoint) => {
    let index = 0;
    const snippet = endpoint.path.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_whole, name: string) => `\${${++index}:${name}}`);
    return { label: endpoint.path, snippet, detail: `${endpoint.method} · ${endpoint.title}`, kind: 'path' as const, replaceChars: typed };
  });
}

/** True when the line is in the request's header section (before the blank line that opens the body). */
function isHeaderLine(request: HttpRequestBlock, line: number): boolean {
  const bodyStart = request.body?.kind === 'inline' ? request.body.startLine : request.body?.kind === 'file' ? request.body.line : undefined;
  return bodyStart === undefined || line < bodyStart - 1;
}

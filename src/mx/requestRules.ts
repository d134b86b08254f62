// The rules of a request that the extension host and the webview must apply alike: the HTTP
// methods and which of them carry a body, the credential headers MX Explorer adds itself, what a
// path parameter may be, and how an endpoint's path template is filled in and recognised in a URL.
// It imports nothing but credentialHeaders.ts (no `vscode`, no Node built-ins) so the webview bundle can
// use it as it is; the host's request pipeline (request.ts) and catalogue build on it.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * The methods a request body goes with. GET, HEAD and OPTIONS send none: RFC 9110 gives a body on
 * them no meaning, no documented MX call takes one, and the panel shows no body editor for them.
 */
export const BODY_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function methodTakesBody(method: string): boolean {
  return typeof method === 'string' && (BODY_METHODS as readonly string[]).includes(method.trim().toUpperCase());
}

export { AUTHORIZATION_HEADER, CLIENT_SECRET_HEADER, isCredentialHeader } from './credentialHeaders';

export const MAX_PATH_PARAMETER_CHARS = 100;
// RFC 3986 unreserved characters: nothing that is a delimiter, nothing to percent-decode.
const PARAMETER_VALUE = /^[A-Za-z0-9._~-]+$/;

/**
 * Why a value cannot be a path parameter, or undefined when it can. Only unreserved characters are
 * allowed and dot segments are refused, so a value is always exactly one segment: `/`, `..`, `%2F`,
 * `?` and `#` can never change which path (or host) the request goes to.
 */
export function checkPathParameter(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') {
    return `${name} is required.`;
  }
  if (value.length > MAX_PATH_PARAMETER_CHARS) {
    return `${name} is longer than ${MAX_PATH_PARAMETER_CHARS} characters.`;
  }
  if (!PARAMETER_VALUE.test(value)) {
    return `${name} may only contain letters, digits and . _ ~ - (no /, %, ?, #, spaces or other characters).`;
  }
  if (/^\.+$/.test(value)) {
    return `${name} cannot be "${value}".`;
  }
  return undefined;
}

export function isPathParameter(value: unknown): value is string {
  return checkPathParameter('id', value) === undefined;
}

// A `{name}` placeholder in a path template such as `/mxs/reference-data/v1/sites/{siteId}`.
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** A parameter's value, read as an own property only (never `__proto__` or `constructor`). */
function ownValue(params: Readonly<Record<string, string>>, name: string): unknown {
  return typeof params === 'object' && params !== null && Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
}

export interface FilledTemplate {
  readonly path: string;
  /** Parameters left as their `{name}` placeholder, with the reason (not given, or not a valid path parameter). */
  readonly unfilled: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * The template with every parameter that has a valid value filled in; any other stays as its
 * `{name}` placeholder, for the user to replace. A value is never encoded: only valid path
 * parameters (see checkPathParameter) are ever put into a path.
 */
export function fillTemplate(template: string, params: Readonly<Record<string, string>>): FilledTemplate {
  const unfilled: Array<{ name: string; reason: string }> = [];
  const path = template.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = ownValue(params, name);
    const reason = checkPathParameter(name, value);
    if (reason !== undefined) {
      unfilled.push({ name, reason });
      return placeholder;
    }
    return value as string;
  });
  return { path, unfilled };
}

interface CompiledTemplate {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** Characters outside the placeholders: the more, the more specific the template. */
  readonly literalLength: number;
}

const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  const known = compiled.get(template);
  if (known) return known;
  const names: string[] = [];
  let literalLength = 0;
  const source = template
    .split(PLACEHOLDER)
    .map((part, index) => {
      if (index % 2 === 1) {
        names.push(part);
        return '([^/]+)';
      }
      literalLength += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // Any prefix of whole segments before the MX path is allowed, for API bases behind a gateway
  // path (`/gw/mxs/…`); ASP.NET routes match case-insensitively; a trailing slash is the same path.
  const entry = { pattern: new RegExp(`^(?:/[^?#]*)?${source}/?$`, 'i'), names, literalLength };
  compiled.set(template, entry);
  return entry;
}

// `scheme://authority` at the start of a full URL.
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** The path of a URL given as a path, a path with a query, or a full URL; always starting with `/`. */
function pathOf(url: string): string {
  const path = url.trim().replace(ORIGIN, '').replace(/[?#].*$/s, '');
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * The parameters of `url` when it addresses `template`, else undefined. A parameter matches any one
 * non-empty segment (so a draft whose `{siteId}` is not filled in yet, or holds a bad value, still
 * addresses the endpoint: a call that holds seats is recognised however its ids look), but only
 * values that are valid path parameters, percent-decoded, are returned.
 */
export function matchTemplate(template: string, url: string): Record<string, string> | undefined {
  return typeof template === 'string' && typeof url === 'string' ? matchPath(compile(template), pathOf(url)) : undefined;
}

function matchPath({ pattern, names }: CompiledTemplate, path: string): Record<string, string> | undefined {
  const match = pattern.exec(path);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = decodeSegment(match[i + 1]);
    if (isPathParameter(value)) params[name] = value;
  });
  return params;
}

export interface TemplateMatch<T> {
  readonly endpoint: T;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Which of `endpoints` a request addresses: same method, and its URL matches the path template
 * (see matchTemplate). Where several match, the most specific (most literal characters) wins.
 */
export function findTemplate<T extends { readonly method: string; readonly path: string }>(
  endpoints: readonly T[],
  method: string,
  url: string,
): TemplateMatch<T> | undefined {
  if (typeof method !== 'string' || typeof url !== 'string' || url.trim() === '') return undefined;
  const upper = method.trim().toUpperCase();
  const path = pathOf(url);
  let best: TemplateMatch<T> | undefined;
  let bestLength = -1;
  for (const endpoint of endpoints) {
    if (endpoint.method !== upper) continue;
    const template = compile(endpoint.path);
    if (template.literalLength <= bestLength) continue;
    const params = matchPath(template, path);
    if (params) {
      best = { endpoint, params };
      bestLength = template.literalLength;
    }
  }
  return best;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

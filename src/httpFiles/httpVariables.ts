// `{{…}}` in `.http` files: file variables, then the chosen environment, then what the active MX
// profile provides (`mxApi`, `mxAuth`), and the system variables. The two credential expressions,
// `{{$auth.token("mx")}}` and `{{$mx.clientSecret}}`, are never replaced by a value here: they stay
// in the text as markers and are reported, so the send plan (httpSendPlan.ts) can decide whether
// the pipeline adds the real credentials or the request is refused. Pure.
import type { EnvValue } from './httpEnvironments';
import type { HttpExchange } from './httpExchange';
import { parseRequestVariable, resolveRequestVariable } from './httpRequestVariables';

export type SecretUse = 'token' | 'clientSecret';

export const TOKEN_EXPRESSION = '{{$auth.token("mx")}}';
export const CLIENT_SECRET_EXPRESSION = '{{$mx.clientSecret}}';

export interface MxBases {
  readonly apiUrl: string;
  readonly authUrl: string;
}

export interface VariableSources {
  /** File variables as written (`@name = value`); a later line with the same name wins. */
  readonly file: ReadonlyMap<string, string>;
  readonly environment: ReadonlyMap<string, EnvValue>;
  /** The active profile's bases; undefined when signed out. */
  readonly mx?: MxBases;
  readonly processEnv: (name: string) => string | undefined;
  readonly dotenv: (name: string) => string | undefined;
  readonly now: () => Date;
  /** In [0, 1), like Math.random. */
  readonly random: () => number;
  readonly uuid: () => string;
  /**
   * The answers of this file's named requests kept in the session, for `{{name.response…}}`.
   * Absent where no answer can be read (hovers and problems before a send).
   */
  readonly exchanges?: (name: string) => HttpExchange | undefined;
}

export type Lookup =
  | { readonly kind: 'value'; readonly value: string; readonly source: string }
  | { readonly kind: 'secret'; readonly use: SecretUse }
  | { readonly kind: 'missing'; readonly reason: string };

export interface ResolvedText {
  /** With every value filled in; credential expressions left as they were written. */
  readonly text: string;
  readonly secrets: readonly SecretUse[];
  /** What could not be resolved, each said for the user. */
  readonly missing: readonly string[];
}

/** `{{ … }}`: anything but braces inside. */
export const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const TOKEN = /^\$auth\.token\(\s*(["'])([^"']*)\1\s*\)$/;
const MAX_DEPTH = 10;

/** Fills in `{{…}}` in one piece of text (a URL, a header value, a body); never throws. */
export function resolveTemplate(text: string, sources: VariableSources): ResolvedText {
  const secrets: SecretUse[] = [];
  const missing: string[] = [];
  const resolved = replaceAll(text, sources, 0, secrets, missing);
  return { text: resolved, secrets: [...new Set(secrets)], missing: [...new Set(missing)] };
}

function replaceAll(text: string, sources: VariableSources, depth: number, secrets: SecretUse[], missing: string[]): string {
  return text.replace(VARIABLE, (whole, expression: string) => {
    const found = lookupExpression(expression, sources, depth);
    if (found.kind === 'secret') {
      secrets.push(found.use);
      return whole;
    }
    if (found.kind === 'missing') {
      missing.push(found.reason);
      return whole;
    }
    return found.value;
  });
}

/** What one `{{expression}}` stands for, and where it comes from (for hovers and diagnostics). */
export function lookupExpression(expression: string, sources: VariableSources, depth = 0): Lookup {
  const expr = expression.trim();
  if (depth > MAX_DEPTH) return { kind: 'missing', reason: `{{${expr}}} refers to itself through other variables.` };
  if (expr.startsWith('$')) return systemVariable(expr, sources);
  const nested = (value: string, source: string): Lookup => {
    const secrets: SecretUse[] = [];
    const missing: string[] = [];
    const text = replaceAll(value, sources, depth + 1, secrets, missing);
    if (secrets.length > 0) return { kind: 'secret', use: secrets[0] };
    if (missing.length > 0) return { kind: 'missing', reason: missing[0] };
    return { kind: 'value', value: text, source };
  };
  const fromFile = sources.file.get(expr);
  if (fromFile !== undefined) return nested(fromFile, 'file variable');
  const fromEnvironment = sources.environment.get(expr);
  if (fromEnvironment !== undefined) return nested(fromEnvironment.value, fromEnvironment.source);
  if (expr === 'mxApi' || expr === 'mxAuth') {
    if (!sources.mx) return { kind: 'missing', reason: `{{${expr}}} comes from the active MX profile: sign in to MX first.` };
    return { kind: 'value', value: expr === 'mxApi' ? sources.mx.apiUrl : sources.mx.authUrl, source: 'active MX profile' };
  }
  const reference = parseRequestVariable(expr);
  if (reference) {
    const found = resolveRequestVariable(reference, sources.exchanges?.(reference.name));
    return found.ok ? { kind: 'value', value: found.value, source: `the answer to request "${reference.name}"` } : { kind: 'missing', reason: found.reason };
  }
  return { kind: 'missing', reason: `Unknown variable {{${expr}}}: define it with "@${expr} = …" or in http-client.env.json.` };
}

function systemVariable(expr: string, sources: VariableSources): Lookup {
  const [name, ...args] = expr.split(/\s+/);
  const value = (v: string): Lookup => ({ kind: 'value', value: v, source: 'system variable' });
  const token = TOKEN.exec(expr);
  if (token) {
    return token[2] === 'mx'
      ? { kind: 'secret', use: 'token' }
      : { kind: 'missing', reason: `{{${expr}}}: MX Explorer provides only the token "mx" (the active MX profile's access token).` };
  }
  switch (name) {
    case '$mx.clientSecret':
      return { kind: 'secret', use: 'clientSecret' };
    case '$guid':
    case '$uuid':
    case '$random.uuid':
      return value(sources.uuid());
    case '$timestamp':
      return value(String(Math.floor(sources.now().getTime() / 1000)));
    case '$isoTimestamp':
      return value(sources.now().toISOString());
    case '$datetime': {
      const format = args[0] ?? 'iso8601';
      if (format === 'iso8601') return value(sources.now().toISOString());
      if (format === 'rfc1123') return value(sources.now().toUTCString());
      return { kind: 'missing', reason: `{{${expr}}}: use $datetime iso8601 or $datetime rfc1123.` };
    }
    case '$randomInt': {
      const [min, max] = args.length >= 2 ? [Number(args[0]), Number(args[1])] : [0, 1000];
      if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min) {
        return { kind: 'missing', reason: `{{${expr}}}: write $randomInt min max with whole numbers, min below max.` };
      }
      return value(String(min + Math.floor(sources.random() * (max - min))));
    }
    case '$processEnv':
    case '$dotenv': {
      const wanted = args[0];
      if (!wanted) return { kind: 'missing', reason: `{{${expr}}}: name the variable, e.g. {{${name} NAME}}.` };
      const found = name === '$processEnv' ? sources.processEnv(wanted) : sources.dotenv(wanted);
      if (found === undefined) {
        return { kind: 'missing', reason: name === '$processEnv' ? `Environment variable ${wanted} is not set.` : `${wanted} is not in a .env file next to this file.` };
      }
      return { kind: 'value', value: found, source: name === '$processEnv' ? 'process environment' : '.env file' };
    }
    default:
      return { kind: 'missing', reason: `Unknown system variable {{${expr}}}.` };
  }
}

/** The `{{…}}` references of a line with their character ranges (for diagnostics and hovers). */
export function variableReferences(line: string): Array<{ expression: string; start: number; end: number }> {
  const found: Array<{ expression: string; start: number; end: number }> = [];
  for (const match of line.matchAll(VARIABLE)) {
    const start = match.index ?? 0;
    found.push({ expression: match[1], start, end: start + match[0].length });
  }
  return found;
}

/** The file variables of a parsed file as a map; a later definition wins. */
export function fileVariableMap(variables: ReadonlyArray<{ readonly name: string; readonly value: string }>): Map<string, string> {
  return new Map(variables.map((v) => [v.name, v.value] as const));
}

// A name that says it holds a secret: its value is not shown in a hover.
const SECRET_NAME = /token|secret|password|passwd|pwd|api[-_]?key|credential/i;

/** A hover's Markdown for one `{{expression}}`: its value and source, never a secret's value. */
export function describeVariable(expression: string, sources: VariableSources): string {
  const expr = expression.trim();
  const found = lookupExpression(expr, sources);
  const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
  if (found.kind === 'secret') {
    return found.use === 'token'
      ? 'The active MX profile\'s access token: added by MX Explorer at send time, only for the API origin; never shown or written anywhere.'
      : 'The active MX profile\'s client secret: added by MX Explorer at send time, only for the API origin; never shown or written anywhere.';
  }
  if (found.kind === 'missing') return found.reason;
  if (found.source === 'system variable') return `${code(`{{${expr}}}`)}: a system variable, new at each send (e.g. ${code(found.value)}).`;
  // Where secrets are kept (the private env file, the process environment, .env), values are not shown at all.
  const hiddenSource = /private\.env\.json|process environment|\.env file/.test(found.source);
  const value = hiddenSource
    ? '•••••• (not shown: it comes from where secrets are kept)'
    : SECRET_NAME.test(expr)
      ? '•••••• (hidden: the name says it is a secret)'
      : code(found.value.length > 200 ? `${found.value.slice(0, 200)}…` : found.value);
  return `${code(`{{${expr}}}`)} = ${value}  \nfrom ${found.source}`;
}

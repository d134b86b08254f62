// "Copy as curl / fetch": the request as the panel would send it, with the credentials as
// environment-variable placeholders. No token or secret value is ever written, not even one the
// user typed into a header row, and a command is only produced for a URL on the API base's
// origin, because running it would send the user's real credentials there.

import { credentialHeaders, type Prepared, prepareDraft, type Refusal, type RequestInput } from '../mx/request';
import { AUTHORIZATION_HEADER, CLIENT_SECRET_HEADER, isCredentialHeader } from '../mx/requestRules';
import { tokenEndpoint } from '../mx/environments';

export const ACCESS_TOKEN_VARIABLE = 'MX_ACCESS_TOKEN';
export const CLIENT_SECRET_VARIABLE = 'MX_CLIENT_SECRET';
export const PASSWORD_VARIABLE = 'MX_PASSWORD';

/** Who the runnable variant gets its token as: the active profile, no secret in it. */
export interface TokenSource {
  readonly authUrl: string;
  readonly username: string;
  readonly clientId: string;
}

export type ExportResult = { ok: true; text: string } | Refusal;

/**
 * The request the panel would send for this draft (the same pipeline), except that a credential
 * header typed into a row is left out rather than refused: the placeholders stand for it.
 */
function exported(draft: RequestInput, apiUrl: string): Prepared {
  const rows = draft?.headers;
  const headers = Array.isArray(rows) ? rows.filter((row) => !isCredentialHeader(row?.name)) : rows;
  return prepareDraft({ ...draft, headers }, apiUrl);
}

/** POSIX shell single quoting: nothing inside is special; a `'` is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command line; the credentials come from $MX_ACCESS_TOKEN and $MX_CLIENT_SECRET. */
export function toCurl(draft: RequestInput, apiUrl: string): ExportResult {
  const built = exported(draft, apiUrl);
  if (!built.ok) {
    return built;
  }
  const { method, url, headers, body } = built.request;
  const first = method === 'GET' ? 'curl' : method === 'HEAD' ? 'curl --head' : `curl -X ${method}`;
  const lines = [`${first} ${shellQuote(url)}`];
  for (const [name, value] of headers) {
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  // Double quotes on purpose: these two, and only these, are expanded by the shell.
  for (const [name, value] of credentialHeaders(`$${ACCESS_TOKEN_VARIABLE}`, `$${CLIENT_SECRET_VARIABLE}`)) {
    lines.push(`-H "${name}: ${value}"`);
  }
  if (body !== undefined) {
    lines.push(`--data-raw ${shellQuote(body)}`);
  }
  return { ok: true, text: lines.join(' \\\n  ') };
}

/**
 * A curl command that runs as pasted: first a token with the password grant (the password from
 * $MX_PASSWORD, the client ID and user name of the active profile), then the request with it and
 * $MX_CLIENT_SECRET. No token, password or secret value is written, only the variables' names.
 */
export function toCurlWithToken(draft: RequestInput, apiUrl: string, source: TokenSource): ExportResult {
  const request = toCurl(draft, apiUrl);
  if (!request.ok) {
    return request;
  }
  const tokenUrl = tokenEndpoint({ authUrl: source.authUrl });
  const token = [
    `${ACCESS_TOKEN_VARIABLE}="$(curl -sS --fail ${shellQuote(tokenUrl)}`,
    `--data-urlencode grant_type=password`,
    `--data-urlencode ${shellQuote(`username=${source.username}`)}`,
    `--data-urlencode "password=$${PASSWORD_VARIABLE}"`,
    `--data-urlencode ${shellQuote(`client_id=${source.clientId}`)}`,
    `| sed -nE 's/.*"access_token" *: *"([^"]+)".*/\\1/p')" &&`,
  ].join(' \
  ');
  // A failed token call leaves the variable empty (the pipeline's status is sed's): stop there.
  const check = `{ [ -n "$${ACCESS_TOKEN_VARIABLE}" ] || { echo 'No MX token: check $${PASSWORD_VARIABLE} and the user name and client ID above.' >&2; false; }; } &&`;
  return { ok: true, text: `${token}
${check}
${request.text}` };
}

/** A JavaScript fetch call (Node 18+); the credentials come from process.env. */
export function toFetch(draft: RequestInput, apiUrl: string): ExportResult {
  const built = exported(draft, apiUrl);
  if (!built.ok) {
    return built;
  }
  const { method, url, headers, body } = built.request;
  const lines = [`const response = await fetch(${jsString(url)}, {`, `  method: ${jsString(method)},`, '  headers: {'];
  for (const [name, value] of headers) {
    lines.push(`    ${jsString(name)}: ${jsString(value)},`);
  }
  lines.push(`    ${jsString(AUTHORIZATION_HEADER)}: \`Bearer \${process.env.${ACCESS_TOKEN_VARIABLE}}\`,`);
  lines.push(`    ${jsString(CLIENT_SECRET_HEADER)}: process.env.${CLIENT_SECRET_VARIABLE},`);
  lines.push('  },');
  if (body !== undefined) {
    lines.push(`  body: ${jsString(body)},`);
  }
  lines.push('});');
  return { ok: true, text: lines.join('\n') };
}

/** A JSON string literal, with U+2028/9 and `</` escaped so it is safe in any JS context. */
function jsString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<\//g, '<\\/');
}

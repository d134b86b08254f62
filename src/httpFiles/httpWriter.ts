// "MX: Save Request as .http File": requests (from the panel's history) written in the shared
// `.http` syntax, on `{{mxApi}}` with implicit credentials, so the file works for anyone signed in
// to any environment and never holds a token or secret: credential headers are left out, whatever
// their value. Pure.
import { isCredentialHeader, methodTakesBody } from '../mx/requestRules';
import type { RequestDraft } from '../protocol';

export interface RequestToWrite {
  readonly draft: RequestDraft;
  /** The `###` title; `METHOD path` when not given. */
  readonly title?: string;
}

const LINE_BREAK = /[\r\n]/;

/** The requests as `.http` text, each under its `###` title, ending with a newline. */
export function toHttpText(requests: readonly RequestToWrite[], apiUrl: string | undefined): string {
  return requests.map((r) => requestText(r, apiUrl)).join('\n');
}

function requestText({ draft, title }: RequestToWrite, apiUrl: string | undefined): string {
  const url = onMxApi(draft.url.trim(), apiUrl);
  const lines = [`### ${oneLine(title ?? `${draft.method} ${draft.url.trim()}`)}`, `${draft.method} ${url}`];
  const query = draft.query.filter((row) => row.enabled && row.name.trim() !== '' && !LINE_BREAK.test(row.name + row.value));
  query.forEach((row, i) => {
    const first = i === 0 && !url.includes('?');
    lines.push(`    ${first ? '?' : '&'}${encodeURIComponent(row.name.trim())}=${encodeURIComponent(row.value)}`);
  });
  for (const header of draft.headers) {
    if (!header.enabled || header.name.trim() === '' || isCredentialHeader(header.name)) continue;
    if (LINE_BREAK.test(header.name + header.value)) continue;
    lines.push(`${header.name.trim()}: ${header.value.trim()}`);
  }
  if (methodTakesBody(draft.method) && draft.body.trim() !== '') {
    // A body line starting with ### would end the request early: such lines are indented.
    lines.push('', ...draft.body.replace(/\r\n/g, '\n').split('\n').map((line) => (line.startsWith('###') ? ` ${line}` : line)));
  }
  return `${lines.join('\n')}\n`;
}

/** A path, or a URL on the API base, as `{{mxApi}}/…`; any other URL as written. */
function onMxApi(url: string, apiUrl: string | undefined): string {
  if (url.startsWith('/') && !url.startsWith('//')) return `{{mxApi}}${url}`;
  const base = apiUrl?.replace(/\/+$/, '');
  if (base && url.startsWith(`${base}/`)) return `{{mxApi}}${url.slice(base.length)}`;
  return url;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 200);
}

// Finds a named request (`# @name x`) among the workspace's `.http` / `.rest` files, for callers
// that name it rather than point at it (the agent tool mx_run_http_request): the file by its
// workspace-relative path (or the end of it), then the request by its name. Within a file the first
// request of a name is the one, as request variables read it (httpRequestOrder.requestsByName); the
// same name in two files is ambiguous unless the file is given. Pure.
import { type HttpRequestBlock, parseHttpFile, type ParsedHttpFile } from './httpParser';
import { requestsByName } from './httpRequestOrder';

/** A workspace file as the lookup reads it: its workspace-relative path ('/'-separated) and text. */
export interface WorkspaceHttpFile {
  readonly path: string;
  readonly text: string;
}

/** A named request somewhere in the workspace. */
export interface NamedRequestPlace {
  readonly path: string;
  readonly name: string;
  /** 0-based, the request line. */
  readonly line: number;
  readonly method: string;
}

export type FileMatch =
  | { readonly kind: 'one'; readonly path: string }
  | { readonly kind: 'none'; readonly file: string }
  | { readonly kind: 'many'; readonly file: string; readonly paths: readonly string[] };

export type RequestLookup =
  | { readonly kind: 'found'; readonly path: string; readonly parsed: ParsedHttpFile; readonly request: HttpRequestBlock & { readonly name: string } }
  /** No request of that name; `names` are the named requests there are (in the file given, or the workspace). */
  | { readonly kind: 'notFound'; readonly name: string; readonly path?: string; readonly names: readonly NamedRequestPlace[] }
  /** Requests of that name in several files. */
  | { readonly kind: 'ambiguous'; readonly name: string; readonly places: readonly NamedRequestPlace[] };

/** A path as a model or a person may write it: `./api/mx.http`, `api\mx.http`, `/api/mx.http`. */
export function normalizeRelativePath(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/^\/+/, '');
}

/**
 * The workspace file `file` names: the same relative path, else the one path that ends with it at a
 * folder boundary (`mx.http` for `api/mx.http`), compared without regard to case when nothing
 * matches exactly.
 */
export function matchHttpFile(paths: readonly string[], file: string): FileMatch {
  const wanted = normalizeRelativePath(file);
  if (wanted === '') return { kind: 'none', file };
  if (paths.includes(wanted)) return { kind: 'one', path: wanted };
  const lower = wanted.toLowerCase();
  const matches = paths.filter((path) => {
    const candidate = path.toLowerCase();
    return candidate === lower || candidate.endsWith(`/${lower}`);
  });
  if (matches.length === 1) return { kind: 'one', path: matches[0] };
  return matches.length === 0 ? { kind: 'none', file } : { kind: 'many', file, paths: [...matches].sort() };
}

/** Every named request of the files, in file order (the first of a name per file). */
export function namedRequests(files: ReadonlyArray<WorkspaceHttpFile & { readonly parsed?: ParsedHttpFile }>): NamedRequestPlace[] {
  return files.flatMap((file) => [...requestsByName(file.parsed ?? parseHttpFile(file.text)).values()].map((request) => place(file.path, request)));
}

/** The request named `name` in `files` (the file given, or every workspace file). */
export function findNamedRequest(files: readonly WorkspaceHttpFile[], name: string): RequestLookup {
  const parsedFiles = files.map((file) => ({ ...file, parsed: parseHttpFile(file.text) }));
  const found: Array<{ path: string; parsed: ParsedHttpFile; request: HttpRequestBlock }> = [];
  for (const file of parsedFiles) {
    const request = requestsByName(file.parsed).get(name);
    if (request) found.push({ path: file.path, parsed: file.parsed, request });
  }
  if (found.length === 1) {
    const [{ path, parsed, request }] = found;
    return { kind: 'found', path, parsed, request: request as HttpRequestBlock & { name: string } };
  }
  if (found.length > 1) return { kind: 'ambiguous', name, places: found.map((f) => place(f.path, f.request)) };
  return { kind: 'notFound', name, ...(files.length === 1 ? { path: files[0].path } : {}), names: namedRequests(parsedFiles) };
}

function place(path: string, request: HttpRequestBlock): NamedRequestPlace {
  return { path, name: request.name ?? '', line: request.requestLine, method: request.method };
}

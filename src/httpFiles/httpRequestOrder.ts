// The order chained requests go in. A request depends on the named requests whose answers it reads
// (`{{name.response…}}` / `{{name.request…}}`, directly or through file variables) and on those it
// names with `# @ref name`. Before it is sent, each dependency without an answer in this session is
// sent first (recursively); a run of several requests sends each once, dependencies first. A name no
// request has, requests that depend on each other in a circle, or a request variable whose JSONPath
// cannot be read, are problems in the editor and stop the send with a message that says what is
// missing, before anything is sent. Pure.
import { type HttpDiagnostic, type HttpRequestBlock, type ParsedHttpFile } from './httpParser';
import { parseRequestVariable, requestNamesIn } from './httpRequestVariables';
import { parseJsonPath } from './jsonPath';
import { fileVariableMap, variableReferences } from './httpVariables';

export interface RequestDependency {
  readonly name: string;
  /** Where the reference stands: the `{{…}}` (or the file variable that holds it), or the `# @ref` line. */
  readonly line: number;
  readonly via: 'variable' | 'ref';
}

export type SendOrder = { readonly ok: true; readonly order: readonly number[] } | { readonly ok: false; readonly message: string };

const MAX_VARIABLE_DEPTH = 10;

/** The dependencies of one request, in the order they appear. */
export function requestDependencies(parsed: ParsedHttpFile, request: HttpRequestBlock): RequestDependency[] {
  const fileVariables = fileVariableMap(parsed.variables);
  const variableLines = new Map(parsed.variables.map((v) => [v.name, v.line] as const));
  const found: RequestDependency[] = [];
  const seen = new Set<string>();
  const add = (name: string, line: number, via: RequestDependency['via']): void => {
    if (seen.has(name)) return;
    seen.add(name);
    found.push({ name, line, via });
  };
  for (const meta of request.metadata) {
    if (meta.key !== 'ref' && meta.key !== 'forceRef') continue;
    for (const name of meta.value.split(/[\s,]+/).filter(Boolean)) add(name, meta.line, 'ref');
  }
  const texts: Array<{ text: string; line: number }> = [
    { text: request.url, line: request.requestLine },
    ...request.headers.map((h) => ({ text: h.value, line: h.line })),
    ...(request.body?.kind === 'inline' ? [{ text: request.body.text, line: request.body.startLine }] : []),
  ];
  for (const { text, line } of texts) {
    for (const name of namesThrough(text, fileVariables, 0, new Set())) add(name, line, 'variable');
  }
  // A file variable's own line is the clearer place to point at when it holds the reference.
  return found.map((d) => {
    if (d.via === 'ref') return d;
    for (const [variable, value] of fileVariables) {
      if (requestNamesIn(value).includes(d.name) && referencesVariable(request, variable)) return { ...d, line: variableLines.get(variable) ?? d.line };
    }
    return d;
  });
}

function namesThrough(text: string, fileVariables: ReadonlyMap<string, string>, depth: number, visited: Set<string>): string[] {
  const names = requestNamesIn(text);
  if (depth >= MAX_VARIABLE_DEPTH) return names;
  for (const ref of variableReferences(text)) {
    const name = ref.expression.trim();
    const value = fileVariables.get(name);
    if (value === undefined || visited.has(name)) continue;
    visited.add(name);
    names.push(...namesThrough(value, fileVariables, depth + 1, visited));
  }
  return [...new Set(names)];
}

/**
 * Why a request variable of this request (directly or through file variables) cannot be read: its
 * JSONPath is not one we read. Said before anything is sent, dependencies included.
 */
export function badPathIn(parsed: ParsedHttpFile, request: HttpRequestBlock): string | undefined {
  const fileVariables = fileVariableMap(parsed.variables);
  const texts = [request.url, ...request.headers.map((h) => h.value), ...(request.body?.kind === 'inline' ? [request.body.text] : [])];
  const visited = new Set<string>();
  const search = (text: string, depth: number): string | undefined => {
    for (const ref of variableReferences(text)) {
      const expression = ref.expression.trim();
      const reference = parseRequestVariable(expression);
      if (reference?.part === 'body' && reference.selector !== '' && reference.selector !== '*') {
        const path = parseJsonPath(reference.selector);
        if (!path.ok) return `reads {{${expression}}}, whose path cannot be read: ${path.message}`;
      }
      const value = fileVariables.get(expression);
      if (value === undefined || visited.has(expression) || depth >= MAX_VARIABLE_DEPTH) continue;
      visited.add(expression);
      const found = search(value, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  for (const text of texts) {
    const found = search(text, 0);
    if (found) return found;
  }
  return undefined;
}

function referencesVariable(request: HttpRequestBlock, variable: string): boolean {
  const texts = [request.url, ...request.headers.map((h) => h.value), request.body?.kind === 'inline' ? request.body.text : ''];
  return texts.some((text) => variableReferences(text).some((ref) => ref.expression.trim() === variable));
}

/** The request each name stands for: the first with that `# @name`. */
export function requestsByName(parsed: ParsedHttpFile): Map<string, HttpRequestBlock> {
  const byName = new Map<string, HttpRequestBlock>();
  for (const request of parsed.requests) if (request.name !== undefined && !byName.has(request.name)) byName.set(request.name, request);
  return byName;
}

/**
 * The requests to send, by index, so that `targets` can be sent: each target once, and before it
 * every dependency that has no answer yet (`answered`) and is not sent earlier in this run.
 */
export function sendOrder(parsed: ParsedHttpFile, targets: readonly number[], answered: (name: string) => boolean): SendOrder {
  const byName = requestsByName(parsed);
  const wanted = new Set(targets);
  const order: number[] = [];
  const done = new Set<number>();
  const visiting: HttpRequestBlock[] = [];
  const visit = (request: HttpRequestBlock, needed: boolean): string | undefined => {
    if (done.has(request.index)) return undefined;
    if (visiting.includes(request)) {
      const from = visiting.indexOf(request);
      return `Not sent: requests depend on each other in a circle: ${[...visiting.slice(from), request].map(label).join(' → ')}.`;
    }
    if (!needed) return undefined;
    const badPath = badPathIn(parsed, request);
    if (badPath) return `Not sent: ${label(request)} ${badPath}`;
    visiting.push(request);
    for (const dependency of requestDependencies(parsed, request)) {
      const target = byName.get(dependency.name);
      if (!target) {
        return `Not sent: ${label(request)} uses request "${dependency.name}" (line ${dependency.line + 1}), but no request in this file is named so (# @name ${dependency.name}).`;
      }
      // A dependency is sent when it has no answer yet, or when it is part of this run anyway.
      const problem = visit(target, wanted.has(target.index) || !answered(dependency.name) || visiting.includes(target));
      if (problem) return problem;
    }
    visiting.pop();
    done.add(request.index);
    order.push(request.index);
    return undefined;
  };
  for (const index of targets) {
    const request = parsed.requests[index];
    if (!request) return { ok: false, message: `Not sent: the file has no request number ${index + 1}.` };
    const problem = visit(request, true);
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, order };
}

/** Unknown names, circles and names given twice, as the editor's problems. */
export function dependencyDiagnostics(text: string, parsed: ParsedHttpFile): HttpDiagnostic[] {
  const lines = text.split(/\r?\n/);
  const byName = requestsByName(parsed);
  const problems: HttpDiagnostic[] = [];
  const at = (line: number, part: string, message: string, severity: HttpDiagnostic['severity']): void => {
    const lineText = lines[line] ?? '';
    const start = lineText.indexOf(part);
    problems.push(
      start >= 0
        ? { line, startChar: start, endChar: start + part.length, message, severity }
        : { line, startChar: 0, endChar: Math.max(1, lineText.length), message, severity },
    );
  };
  const named = new Map<string, number>();
  for (const request of parsed.requests) {
    if (request.name === undefined) continue;
    const first = named.get(request.name);
    const meta = request.metadata.find((m) => m.key === 'name');
    if (first !== undefined && meta) {
      at(meta.line, request.name, `Another request (line ${first + 1}) is already named "${request.name}": request variables read the first one.`, 'warning');
    } else named.set(request.name, request.requestLine);
  }
  const reported = new Set<string>();
  for (const request of parsed.requests) {
    for (const dependency of requestDependencies(parsed, request)) {
      if (byName.has(dependency.name)) continue;
      const key = `${dependency.line}:${dependency.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      at(dependency.line, dependency.name, `No request in this file is named "${dependency.name}": add "# @name ${dependency.name}" above it.`, 'error');
    }
    if (request.name === undefined) continue;
    const circle = sendOrder(parsed, [request.index], () => false);
    if (!circle.ok && circle.message.includes('circle')) {
      const meta = request.metadata.find((m) => m.key === 'name');
      at(meta?.line ?? request.requestLine, request.name, circle.message.replace(/^Not sent: r/, 'R'), 'error');
    }
  }
  return problems;
}

function label(request: HttpRequestBlock): string {
  return request.name !== undefined ? `"${request.name}"` : `the request on line ${request.requestLine + 1}`;
}

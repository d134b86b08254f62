// The problems of a `.http` file that the editor shows (source "MX Explorer"): what the parser
// found, variables that resolve to nothing, JSONPaths that cannot be read (request variables and
// `?? body $…` checks, before anything is sent), and secrets written into the file, which end up in git.
// Pure: the VS Code side turns these into Diagnostics.
import type { HttpDiagnostic, ParsedHttpFile } from './httpParser';
import { dependencyDiagnostics } from './httpRequestOrder';
import { AWAITING_ANSWER, parseRequestVariable } from './httpRequestVariables';
import { parseJsonPath } from './jsonPath';
import { CLIENT_SECRET_EXPRESSION, lookupExpression, TOKEN_EXPRESSION, type VariableSources, variableReferences } from './httpVariables';

export type LintCode = 'literalToken' | 'literalClientSecret' | 'passwordInBody' | 'unknownVariable' | 'syntax' | 'requestOrder' | 'jsonPath';

export interface HttpLintProblem extends HttpDiagnostic {
  readonly code: LintCode;
  /** For literal secrets: the text that replaces the range (the quick fix). */
  readonly replacement?: string;
}

const BEARER_LITERAL = /^(\s*Authorization\s*:\s*Bearer\s+)(\S+)\s*$/i;
const SECRET_LITERAL = /^(\s*MX-Api-Client-Secret\s*:\s*)(\S.*?)\s*$/i;
const PASSWORD_FIELD = /(?:^|[&\s"'{,])password\s*(?:=|"\s*:|'\s*:)/i;

/** Every problem of the file; `sources` decides which variables are known. */
export function lintHttpFile(text: string, parsed: ParsedHttpFile, sources: VariableSources): HttpLintProblem[] {
  const lines = text.split(/\r?\n/);
  const problems: HttpLintProblem[] = parsed.diagnostics.map((d) => ({ ...d, code: 'syntax' as const }));
  for (const request of parsed.requests) {
    for (const header of request.headers) {
      const line = lines[header.line];
      const bearer = BEARER_LITERAL.exec(line);
      if (bearer && !bearer[2].includes('{{')) {
        problems.push({
          line: header.line,
          startChar: bearer[1].length,
          endChar: bearer[1].length + bearer[2].length,
          severity: 'warning',
          code: 'literalToken',
          message: `A token written into the file ends up in git and expires. Use ${TOKEN_EXPRESSION}: MX Explorer sends the signed-in session's token at send time.`,
          replacement: TOKEN_EXPRESSION,
        });
      }
      const secret = SECRET_LITERAL.exec(line);
      if (secret && !secret[2].includes('{{')) {
        problems.push({
          line: header.line,
          startChar: secret[1].length,
          endChar: secret[1].length + secret[2].length,
          severity: 'warning',
          code: 'literalClientSecret',
          message: `A client secret written into the file ends up in git. Use ${CLIENT_SECRET_EXPRESSION}: MX Explorer sends the signed-in profile's secret at send time.`,
          replacement: CLIENT_SECRET_EXPRESSION,
        });
      }
    }
    if (request.body?.kind === 'inline' && /connect\/token/i.test(request.url)) {
      const bodyLines = request.body.text.split('\n');
      bodyLines.forEach((bodyLine, offset) => {
        if (PASSWORD_FIELD.test(bodyLine) && !/password\s*[=:]\s*["']?\{\{/i.test(bodyLine)) {
          problems.push({
            line: request.body!.kind === 'inline' ? request.body!.startLine + offset : 0,
            startChar: 0,
            endChar: bodyLine.length,
            severity: 'warning',
            code: 'passwordInBody',
            message: 'A password written into the file ends up in git. MX Explorer signs in for you: leave out the token request and use {{$auth.token("mx")}}.',
          });
        }
      });
    }
  }
  // Unknown variables, on every line that is sent (or defines a variable).
  const checked = new Set<number>();
  const check = (line: number): void => {
    if (checked.has(line) || line >= lines.length) return;
    checked.add(line);
    for (const ref of variableReferences(lines[line])) {
      // A path that cannot be read is wrong whether or not its request has answered yet.
      const badPath = requestVariablePathProblem(ref.expression);
      if (badPath !== undefined) {
        problems.push({ line, startChar: ref.start, endChar: ref.end, severity: 'error', code: 'jsonPath', message: badPath });
        continue;
      }
      // Signed out, the profile's bases are unknown but not wrong: sending says to sign in.
      if (!sources.mx && /^\s*mx(?:Api|Auth)\s*$/.test(ref.expression)) continue;
      const found = lookupExpression(ref.expression, sources);
      // A request variable waits for its request's answer: not a problem (unknown names and circles are, below).
      if (found.kind === 'missing' && !found.reason.includes(AWAITING_ANSWER)) {
        problems.push({ line, startChar: ref.start, endChar: ref.end, severity: 'warning', code: 'unknownVariable', message: found.reason });
      }
    }
  };
  for (const variable of parsed.variables) check(variable.line);
  for (const request of parsed.requests) {
    for (let line = request.requestLine; line <= request.endLine; line++) check(line);
    for (const assertion of request.assertions) {
      if (assertion.subject.kind !== 'body' || assertion.subject.path === undefined) continue;
      const path = parseJsonPath(assertion.subject.path);
      if (path.ok) continue;
      const lineText = lines[assertion.line] ?? '';
      const start = Math.max(0, lineText.indexOf(assertion.subject.path));
      problems.push({ line: assertion.line, startChar: start, endChar: start + assertion.subject.path.length, severity: 'error', code: 'jsonPath', message: path.message });
    }
  }
  problems.push(...dependencyDiagnostics(text, parsed).map((d) => ({ ...d, code: 'requestOrder' as const })));
  return problems;
}

/** Why the JSONPath of a `{{name.response.body.$…}}` / `{{name.request.body.$…}}` cannot be read, if it cannot. */
function requestVariablePathProblem(expression: string): string | undefined {
  const reference = parseRequestVariable(expression);
  if (!reference || reference.part !== 'body' || reference.selector === '' || reference.selector === '*') return undefined;
  const path = parseJsonPath(reference.selector);
  return path.ok ? undefined : `{{${expression.trim()}}}: ${path.message}`;
}

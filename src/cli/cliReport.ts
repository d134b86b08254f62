// The headless runner's report: each test (a request with ?? checks) as TAP 13 or JUnit XML, the
// closing line `N passed, N failed[, N skipped]`, and the exit code (0 only when every test
// passed: none failed, went unsent or was skipped). A failure carries each failing check's line, expected and actual, as the Testing
// view shows them. Pure; the texts come from the shared outcome (httpTestOutcome.ts), which never
// holds a credential, and the caller still puts everything it writes through the Redactor.
import type { AssertionResult } from '../httpFiles/httpAssertionCheck';
import type { TestOutcome } from '../httpFiles/httpTestOutcome';

export interface CaseResult {
  /** The file as named to the user (relative to the current folder when inside it). */
  readonly file: string;
  /** 1-based line of the request. */
  readonly line: number;
  readonly name: string;
  readonly outcome: TestOutcome;
}

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function countsOf(cases: readonly CaseResult[]): Counts {
  const count = (...states: Array<TestOutcome['state']>): number => cases.filter((c) => states.includes(c.outcome.state)).length;
  return { passed: count('passed'), failed: count('failed', 'errored'), skipped: count('skipped') };
}

export function summaryLine(cases: readonly CaseResult[]): string {
  const { passed, failed, skipped } = countsOf(cases);
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** 0: every test passed or was skipped on purpose; 1: one failed or could not be sent. */
export function exitCodeOf(cases: readonly CaseResult[]): 0 | 1 {
  // 0 only if every test passed: a skipped one (not allowed to change state, say) did not.
  const { failed, skipped } = countsOf(cases);
  return failed > 0 || skipped > 0 ? 1 : 0;
}

/** A failing check as one line: where, what was expected, what came. */
export function failureText(file: string, failure: AssertionResult): string {
  return `${file}:${failure.line + 1}: ${failure.message}`;
}

// ---- TAP 13 ---------------------------------------------------------------------------------

/** TAP version 13: one test point per case, a YAML block with the reason of each failure. */
export function formatTap(cases: readonly CaseResult[]): string {
  const lines = ['TAP version 13', `1..${cases.length}`];
  cases.forEach((c, i) => {
    const description = `${c.file}:${c.line} ${c.name}`.replace(/[\r\n]+/g, ' ').replace(/#/g, '\\#');
    const { outcome } = c;
    switch (outcome.state) {
      case 'passed':
        lines.push(`ok ${i + 1} - ${description}`, ...yaml({ duration_ms: Math.round(outcome.durationMs) }));
        break;
      case 'skipped':
        lines.push(`ok ${i + 1} - ${description} # SKIP ${oneLine(outcome.message)}`);
        break;
      case 'errored':
        lines.push(`not ok ${i + 1} - ${description}`, ...yaml({ message: outcome.message, severity: 'error', at: `${c.file}:${c.line}` }));
        break;
      case 'failed':
        lines.push(
          `not ok ${i + 1} - ${description}`,
          ...yaml({
            message: outcome.failures.length === 1 ? outcome.failures[0].message : `${outcome.failures.length} checks failed.`,
            severity: 'fail',
            duration_ms: Math.round(outcome.durationMs),
            failures: outcome.failures.map((f) => ({ at: `${c.file}:${f.line + 1}`, check: `?? ${f.text}`, message: f.message, expected: f.expected, actual: f.actual })),
          }),
        );
    }
  });
  return `${lines.join('\n')}\n`;
}

type YamlValue = string | number | ReadonlyArray<Readonly<Record<string, string>>>;

/** A TAP 13 YAML block; strings as JSON strings, which YAML reads as double-quoted scalars. */
function yaml(fields: Readonly<Record<string, YamlValue>>): string[] {
  const lines = ['  ---'];
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'number') lines.push(`  ${key}: ${value}`);
    else if (typeof value === 'string') lines.push(`  ${key}: ${JSON.stringify(value)}`);
    else {
      lines.push(`  ${key}:`);
      for (const item of value) {
        Object.entries(item).forEach(([k, v], n) => lines.push(`    ${n === 0 ? '- ' : '  '}${k}: ${JSON.stringify(v)}`));
      }
    }
  }
  lines.push('  ...');
  return lines;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

// ---- JUnit XML ------------------------------------------------------------------------------

/** JUnit XML as CI systems read it (GitHub, GitLab, Jenkins): a test suite per file. */
export function formatJunit(cases: readonly CaseResult[]): string {
  const files = [...new Set(cases.map((c) => c.file))];
  const total = totals(cases);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="mx-explorer-run"${total}>`];
  for (const file of files) {
    const inFile = cases.filter((c) => c.file === file);
    out.push(`  <testsuite name="${xml(file)}"${totals(inFile)}>`);
    for (const c of inFile) out.push(...testcase(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function totals(cases: readonly CaseResult[]): string {
  const count = (state: TestOutcome['state']): number => cases.filter((c) => c.outcome.state === state).length;
  const seconds = cases.reduce((sum, c) => sum + durationOf(c.outcome), 0) / 1000;
  return ` tests="${cases.length}" failures="${count('failed')}" errors="${count('errored')}" skipped="${count('skipped')}" time="${seconds.toFixed(3)}"`;
}

function durationOf(outcome: TestOutcome): number {
  return outcome.state === 'passed' || outcome.state === 'failed' ? outcome.durationMs : 0;
}

function testcase(c: CaseResult): string[] {
  const open = `    <testcase classname="${xml(c.file)}" name="${xml(c.name)}" file="${xml(c.file)}" line="${c.line}" time="${(durationOf(c.outcome) / 1000).toFixed(3)}"`;
  const { outcome } = c;
  switch (outcome.state) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped':
      return [`${open}>`, `      <skipped message="${xml(outcome.message)}"/>`, '    </testcase>'];
    case 'errored':
      return [`${open}>`, `      <error type="notSent" message="${xml(outcome.message)}">${xml(`${c.file}:${c.line}: ${outcome.message}`)}</error>`, '    </testcase>'];
    case 'failed': {
      const first = outcome.failures[0];
      const message = outcome.failures.length === 1 ? first.message : `${outcome.failures.length} checks failed: ${first.message}`;
      const body = outcome.failures.map((f) => `${failureText(c.file, f)}\n  ?? ${f.text}\n  expected: ${f.expected}\n  actual:   ${f.actual}`).join('\n');
      return [`${open}>`, `      <failure type="assertion" message="${xml(message)}">${xml(body)}</failure>`, '    </testcase>'];
    }
  }
}

// Characters XML 1.0 cannot hold at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

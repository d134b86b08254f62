// The headless runner's report (src/cli/cliReport.ts): TAP 13 and JUnit XML with each failing
// check's line, expected and actual, skipped and unsent tests, the closing line, the exit code; and
// the runner's module graph, which must build without VS Code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { type CaseResult, countsOf, exitCodeOf, formatJunit, formatTap, summaryLine } from '../../src/cli/cliReport';
import { repoRoot } from '../harness/paths';

const PASSED: CaseResult = { file: 'api/chains.http', line: 2, name: 'chains', outcome: { state: 'passed', durationMs: 12.4 } };
const FAILED: CaseResult = {
  file: 'api/chains.http',
  line: 9,
  name: 'Sites #1 <of> "chain"',
  outcome: {
    state: 'failed',
    durationMs: 30,
    failures: [
      { line: 10, text: 'status == 201', passed: false, expected: 'status == 201', actual: '200', message: 'Expected status == 201, got 200.' },
      { line: 11, text: 'body $.length > 5', passed: false, expected: 'body $.length > 5', actual: '4', message: 'Expected body $.length > 5, got 4.' },
    ],
  },
};
const SKIPPED: CaseResult = { file: 'orders.http', line: 4, name: 'Create order', outcome: { state: 'skipped', message: 'Skipped: pass --allow-changes\nto send it.' } };
const ERRORED: CaseResult = { file: 'orders.http', line: 12, name: 'Get order', outcome: { state: 'errored', message: 'Not sent: {{order.response.body.$.id}} has no answer.' } };

describe('mx-explorer-run report', () => {
  it('counts errored tests as failed and says skipped only when some were; exit 0 only when every test passed', () => {
    assert.deepEqual(countsOf([PASSED, FAILED, SKIPPED, ERRORED]), { passed: 1, failed: 2, skipped: 1 });
    assert.equal(summaryLine([PASSED, FAILED, SKIPPED, ERRORED]), '1 passed, 2 failed, 1 skipped');
    assert.equal(summaryLine([PASSED]), '1 passed, 0 failed');
    assert.equal(exitCodeOf([PASSED, SKIPPED]), 1, 'a skipped test did not pass');
    assert.equal(exitCodeOf([PASSED, PASSED]), 0);
    assert.equal(exitCodeOf([PASSED, ERRORED]), 1);
    assert.equal(exitCodeOf([FAILED]), 1);
  });

  it('TAP 13: a plan, one point per test, SKIP directives, YAML with each check\'s line, expected and actual', () => {
    const tap = formatTap([PASSED, FAILED, SKIPPED, ERRORED]).split('\n');
    assert.deepEqual(tap.slice(0, 3), ['TAP version 13', '1..4', 'ok 1 - api/chains.http:2 chains']);
    assert.ok(tap.includes('not ok 2 - api/chains.http:9 Sites \\#1 <of> "chain"'), 'a # in a name is escaped (it would start a directive)');
    assert.ok(tap.includes('ok 3 - orders.http:4 Create order # SKIP Skipped: pass --allow-changes to send it.'));
    assert.ok(tap.includes('not ok 4 - orders.http:12 Get order'));
    const yaml = tap.join('\n');
    assert.match(yaml, / {2}message: "2 checks failed\."\n {2}severity: "fail"\n {2}duration_ms: 30\n {2}failures:\n {4}- at: "api\/chains\.http:11"\n {6}check: "\?\? status == 201"\n {6}message: "Expected status == 201, got 200\."\n {6}expected: "status == 201"\n {6}actual: "200"\n {4}- at: "api\/chains\.http:12"/);
    assert.match(yaml, /not ok 4 - orders\.http:12 Get order\n {2}---\n {2}message: "Not sent: \{\{order\.response\.body\.\$\.id\}\} has no answer\."\n {2}severity: "error"/);
  });

  it('JUnit: a suite per file with counts and times, <failure> with expected and actual, <skipped>, <error>, all escaped', () => {
    const xml = formatJunit([PASSED, FAILED, SKIPPED, ERRORED, { ...PASSED, name: 'odd \u0001 char' }]);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="mx-explorer-run" tests="5" failures="1" errors="1" skipped="1" time="0\.055">/);
    assert.match(xml, /<testsuite name="api\/chains\.http" tests="3" failures="1" errors="0" skipped="0" time="0\.055">/);
    assert.match(xml, /<testcase classname="api\/chains\.http" name="Sites #1 &lt;of&gt; &quot;chain&quot;" file="api\/chains\.http" line="9" time="0\.030">/);
    assert.match(xml, /<failure type="assertion" message="2 checks failed: Expected status == 201, got 200\.">api\/chains\.http:11: Expected status == 201, got 200\.\n {2}\?\? status == 201\n {2}expected: status == 201\n {2}actual: {3}200\n/);
    assert.match(xml, /<skipped message="Skipped: pass --allow-changes\nto send it\."\/>/);
    assert.match(xml, /<error type="notSent" message="Not sent: \{\{order\.response\.body\.\$\.id\}\} has no answer\.">orders\.http:12: /);
    assert.match(xml, /name="odd \uFFFD char"/, 'a character XML cannot hold is replaced');
    assert.ok(![...xml].some((ch) => ch.charCodeAt(0) < 9), 'no control character is left');
  });
});

describe('mx-explorer-run module graph', () => {
  const bundle = (entry: string): Promise<esbuild.BuildResult> =>
    esbuild.build({ entryPoints: [path.join(repoRoot, entry)], bundle: true, write: false, platform: 'node', format: 'cjs', external: ['encoding'], alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' }, logLevel: 'silent' });

  it('builds without vscode (it is not external: an import of it anywhere fails), while a surface would not', async function () {
    this.timeout(20_000);
    const built = await bundle('src/cli/main.ts');
    assert.doesNotMatch(built.outputFiles?.[0].text ?? '', /require\("vscode"\)/);
    await assert.rejects(bundle('src/ui/httpTestController.ts'), /Could not resolve "vscode"/);
  });
});

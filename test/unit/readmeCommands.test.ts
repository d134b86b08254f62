// The README's two commands and what CI runs are the same text (.ci/readme-commands.sh, which CI
// runs first): a newcomer's first commands are the ones every CI run proves.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';

const script = path.join(repoRoot, '.ci', 'readme-commands.sh');

function check(readme = path.join(repoRoot, 'README.md'), ci = path.join(repoRoot, '.ci', 'run')): { status: number | null; output: string } {
  const run = spawnSync('bash', [script, readme, ci], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('README commands and CI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-readme-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function copyWith(file: string, from: string, to: string): string {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    assert.ok(text.includes(from), `${file} contains ${from}`);
    const copy = path.join(dir, path.basename(file));
    fs.writeFileSync(copy, text.replace(from, to));
    return copy;
  }

  it('agree: CI runs exactly the README\'s run and test commands', () => {
    const result = check();
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /'npm install && npm start', 'npm install && npm test'/);
  });

  it('fail when the README\'s test command changes and CI\'s does not', () => {
    const readme = copyWith('README.md', 'npm install && npm test\n', 'npm ci && npm test\n');
    const result = check(readme);
    assert.equal(result.status, 1);
    assert.match(result.output, /says 'npm ci && npm test' under \*\*Test it\*\*, but .* runs 'npm install && npm test'/);
  });

  it('fail when CI runs another run command than the README shows', () => {
    const ci = copyWith('.ci/run', "README_RUN='npm install && npm start'", "README_RUN='npm ci && npm start'");
    const result = check(undefined, ci);
    assert.equal(result.status, 1);
    assert.match(result.output, /runs 'npm ci && npm start' \(README_RUN\)/);
  });
});

// The layers of src/ (README, "How the pieces fit") are enforced by lint: an import that crosses
// them the wrong way fails `npm run check`. Each case lints one line as if it stood in that folder.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../harness/paths';

const eslint = new ESLint({ cwd: repoRoot });

async function layerErrors(file: string, importLine: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = x;\n`, { filePath: path.join(repoRoot, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers of src/', function () {
  this.timeout(30_000);

  const refused: [string, string][] = [
    ['src/mx/probe.ts', "import x from '../panel/history';"],
    ['src/mx/probe.ts', "import x from '../base/logger';"],
    ['src/mx/probe.ts', "import x from 'vscode';"],
    ['src/base/probe.ts', "import x from '../mx/redaction';"],
    ['src/auth/probe.ts', "import x from '../ui/statusBar';"],
    ['src/auth/probe.ts', "import x from '../panel/requestRunner';"],
    ['src/panel/probe.ts', "import x from 'vscode';"],
    ['src/panel/probe.ts', "import x from '../ui/requestPanel';"],
    ['src/webview/probe.ts', "import x from '../mx/request';"],
    ['src/webview/probe.ts', "import x from '../panel/jsonTree';"],
    ['src/webview/probe.ts', "import x from 'vscode';"],
    ['src/protocol.ts', "import x from './panel/history';"],
    ['src/tools/probe.ts', "import x from 'vscode';"],
    ['src/tools/probe.ts', "import x from '../ui/requestPanel';"],
    ['src/tools/probe.ts', "import x from '../panel/requestRunner';"],
    ['src/httpFiles/probe.ts', "import x from 'vscode';"],
    ['src/httpFiles/probe.ts', "import x from '../ui/requestPanel';"],
    ['src/httpFiles/probe.ts', "import x from '../panel/requestRunner';"],
    ['src/cli/probe.ts', "import x from 'vscode';"],
    ['src/cli/probe.ts', "import x from '../ui/httpTestController';"],
    ['src/cli/probe.ts', "import x from '../extension';"],
  ];
  for (const [file, line] of refused) {
    it(`refuses ${line} in ${path.dirname(file)}`, async () => {
      const errors = await layerErrors(file, line);
      assert.equal(errors.length, 1, `one layer error for ${line} in ${file}`);
    });
  }

  const allowed: [string, string][] = [
    ['src/mx/probe.ts', "import x from './redaction';"],
    ['src/auth/probe.ts', "import x from '../mx/apiClient';"],
    ['src/auth/probe.ts', "import x from '../base/logger';"],
    ['src/panel/probe.ts', "import x from '../auth/tokenSession';"],
    ['src/ui/probe.ts', "import x from '../panel/history';"],
    ['src/tools/probe.ts', "import x from '../auth/authenticatedClient';"],
    ['src/tools/probe.ts', "import x from '../mx/catalogue';"],
    ['src/ui/probe.ts', "import x from '../tools/mxTools';"],
    ['src/httpFiles/probe.ts', "import x from '../mx/requestRules';"],
    ['src/httpFiles/probe.ts', "import x from '../protocol';"],
    ['src/ui/probe.ts', "import x from '../httpFiles/httpParser';"],
    ['src/webview/probe.ts', "import x from '../protocol';"],
    ['src/webview/probe.ts', "import x from '../mx/requestRules';"],
    ['src/cli/probe.ts', "import x from '../httpFiles/httpTestRun';"],
    ['src/cli/probe.ts', "import x from '../panel/requestRunner';"],
    ['src/cli/probe.ts', "import x from '../auth/sessionFactory';"],
  ];
  for (const [file, line] of allowed) {
    it(`allows ${line} in ${path.dirname(file)}`, async () => {
      assert.deepEqual(await layerErrors(file, line), []);
    });
  }
});

// `npm run test:electron`: the same integration suites under @vscode/test-cli + @vscode/test-electron,
// for machines that can download a desktop VS Code (this one cannot; `npm test` uses code-server).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60000, color: true },
});

// Bundles the extension (Node, CommonJS, `vscode` external) and the webview (browser, IIFE).
// Usage: node esbuild.mjs [--production] [--watch]
//   --production: minified, no sourcemaps (what the VSIX ships)
//   default:      sourcemaps for debugging
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's problems in the `file:line:col: error: …` form VS Code's problem matchers read. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log(`[esbuild] ${watch ? 'watch ' : ''}build started`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[esbuild] build finished${result.errors.length ? ' with errors' : ''}`);
    });
  },
};

if (!watch) rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'silent',
  plugins: [problemReporter],
};

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }),
  // The webview's stylesheet goes next to its script: dist/ is the webview's only resource root.
  await esbuild.context({
    ...common,
    entryPoints: ['src/webview/requestPanel.css'],
    outfile: 'dist/webview.css',
    sourcemap: false,
  }),
  await esbuild.context({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
];

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}

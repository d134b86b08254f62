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

/**
 * node-fetch v2 loads the `whatwg-url` package only as a fallback for Node without a built-in URL
 * (`Url.URL || whatwgUrl.URL`; Node has one since v10), yet bundling it drags in tr46's 260 KB
 * Unicode table and Node's deprecated `punycode` module. Point it at Node's URL.
 */
const nodeUrlForWhatwgUrl = {
  name: 'node-url-for-whatwg-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url' }));
    build.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({
      contents: "module.exports = { URL: require('url').URL };",
      loader: 'js',
    }));
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
    // `encoding`: node-fetch's optional peer for textConverted(), which we never call; it is
    // required inside a try, so leaving it out is safe, and it would bring iconv-lite if present.
    external: ['vscode', 'encoding'],
    // jsonc-parser's `main` (UMD) loads its parts with a require() the bundler cannot follow; its
    // ESM build (the webview already uses it through `module`) bundles cleanly.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    plugins: [...common.plugins, nodeUrlForWhatwgUrl],
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

// Bundles the extension (Node, CommonJS, `vscode` external) and the webview (browser, IIFE).
// Usage: node esbuild.mjs [--production] [--watch]
//   --production: minified, no sourcemaps (what the VSIX ships)
//   default:      sourcemaps for debugging
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { relative, sep } from 'node:path';

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

// The extension is split into bundles so that start-up loads only what it needs (the benchmark
// activation.loadedBytes measures it). Every source file has exactly one home bundle: an import of
// a file homed elsewhere becomes `require('./<home>.js').modules['<file>']`, so a module (its
// state, its classes for `instanceof`) exists once however many bundles use it. Node's module
// cache makes each bundle load once. `extension.js` is loaded at start-up; the others load when
// code in it first runs a dynamic `import()` of one of their files. A static import of such a file
// from start-up code would load that bundle while extension.js is still loading, before its
// `modules` exist: activation fails (test/integration/startup.test.ts and every other test show it).
const BUNDLES = [
  {
    name: 'mx',
    // The MX network client, node-fetch included: loaded by the first token request or API call.
    home: (file) =>
      file === 'src/auth/authenticatedClient.ts' ||
      ['http', 'tokenClient', 'apiClient', 'plainClient', 'request', 'answerDecoding', 'requestRules', 'catalogue', 'errors'].some((name) => file === `src/mx/${name}.ts`),
  },
  {
    name: 'session',
    // The token lifecycle (a session's refresh, retries, errors): loaded when a session is restored or
    // signed in, so never in a window that is signed out.
    home: (file) =>
      ['tokenSession', 'credentialCache', 'refreshScheduler', 'tokenGrant', 'singleFlight', 'sessionState', 'sessionErrors'].some(
        (name) => file === `src/auth/${name}.ts`,
      ),
  },
  {
    name: 'signIn',
    // The session commands and the sign-in prompts: loaded when a session command first runs.
    home: (file) => ['sessionCommands', 'signInFlow', 'multiStepInput'].some((name) => file === `src/ui/${name}.ts`),
  },
  {
    name: 'http',
    // `.http` files: their model (src/httpFiles, jsonc-parser) and editor features: loaded when the
    // first `.http` document opens or an `.http` command runs.
    home: (file) => file.startsWith('src/httpFiles/') || /^src\/ui\/http\w*\.ts$/.test(file),
  },
  {
    name: 'tools',
    // The agent tools' code (src/tools, but their names): loaded on the first tool call.
    home: (file) => (file.startsWith('src/tools/') && file !== 'src/tools/toolNames.ts') || file === 'src/ui/agentToolsFeature.ts',
  },
  {
    name: 'panel',
    // The request panel, its runner, history, protocol and catalogue picker (and the hold a run
    // puts on its updates and saves): loaded when first used.
    home: (file) =>
      file.startsWith('src/panel/') ||
      file === 'src/protocol.ts' ||
      file === 'src/base/hold.ts' ||
      ['requestPanel', 'panelFeature', 'catalogueCommand', 'responseDocuments'].some((name) => file === `src/ui/${name}.ts`),
  },
];
const homeOf = (file) => (file.startsWith('src/') ? (BUNDLES.find((b) => b.home(file))?.name ?? 'extension') : undefined);

const extensionOptions = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // `encoding`: node-fetch's optional peer for textConverted(), which we never call; it is
  // required inside a try, so leaving it out is safe, and it would bring iconv-lite if present.
  external: ['vscode', 'encoding'],
  // jsonc-parser's `main` (UMD) loads its parts with a require() the bundler cannot follow; its
  // ESM build (the webview already uses it through `module`) bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/** Every file the extension can reach, from one build of the whole graph (not written). */
async function sourceFiles() {
  const result = await esbuild.build({ ...extensionOptions, entryPoints: ['src/extension.ts'], write: false, metafile: true, plugins: [nodeUrlForWhatwgUrl] });
  return Object.keys(result.metafile.inputs).filter((file) => file.startsWith('src/') && file.endsWith('.ts'));
}

/** Imports of files homed in another bundle become lookups in that bundle's `modules`. */
function homes(bundle, requested) {
  return {
    name: 'bundle-homes',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.namespace !== 'file' || args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
        if (resolved.errors.length > 0) return undefined;
        const file = relative(process.cwd(), resolved.path).split(sep).join('/');
        const home = homeOf(file);
        if (home === undefined || home === bundle) return resolved;
        requested?.get(home).add(file);
        return { path: file, namespace: 'foreign', pluginData: home };
      });
      build.onLoad({ filter: /.*/, namespace: 'foreign' }, (args) => ({
        contents: `module.exports = require('./${args.pluginData}.js').modules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^\.\/\w+\.js$/, namespace: 'foreign' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** A bundle's entry: the namespaces of its files other bundles use (`modules`), and for extension.js its activate/deactivate. */
function entryOf(bundle, files) {
  const lines = files.map((file, i) => `import * as m${i} from './${file}';`);
  lines.push(`export const modules = { ${files.map((file, i) => `${JSON.stringify(file)}: m${i}`).join(', ')} };`);
  if (bundle === 'extension') lines.push("export { activate, deactivate } from './src/extension.ts';");
  return { contents: lines.join('\n'), resolveDir: process.cwd(), sourcefile: `${bundle}-bundle.js`, loader: 'js' };
}

const bundleNames = ['extension', ...BUNDLES.map((b) => b.name)];
const files = await sourceFiles();
// Which files each bundle must hand out: a first, unwritten build of each bundle with all its files.
const requested = new Map(bundleNames.map((bundle) => [bundle, new Set()]));
await Promise.all(
  bundleNames.map((bundle) =>
    esbuild.build({
      ...extensionOptions,
      write: false,
      stdin: entryOf(bundle, files.filter((file) => homeOf(file) === bundle)),
      outfile: `dist/${bundle}.js`,
      plugins: [nodeUrlForWhatwgUrl, homes(bundle, requested)],
    }),
  ),
);
const contexts = [
  ...(await Promise.all(
    bundleNames.map((bundle) =>
      esbuild.context({
        ...extensionOptions,
        // --watch hands out every file a bundle homes, as an edit may add an import across bundles
        // (a new source file still needs a restart: the file list is read once).
        stdin: entryOf(bundle, watch ? files.filter((file) => homeOf(file) === bundle) : [...requested.get(bundle)].sort()),
        outfile: `dist/${bundle}.js`,
        plugins: [...common.plugins, nodeUrlForWhatwgUrl, homes(bundle)],
      }),
    ),
  )),
  // The webview's stylesheet goes next to its script: dist/ is the webview's only resource root.
  await esbuild.context({
    ...common,
    entryPoints: ['src/webview/requestPanel.css'],
    outfile: 'dist/webview.css',
    sourcemap: false,
  }),
  // The headless runner of `.http` tests (`mx-explorer-run`, package.json "bin"): one standalone
  // Node bundle, kept out of the VSIX by .vscodeignore. `vscode` is not external here, so an import
  // of it anywhere in the runner's graph fails the build (type-only imports are erased).
  await esbuild.context({
    ...extensionOptions,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    external: ['encoding'],
    define: { MX_EXPLORER_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    plugins: [...common.plugins, nodeUrlForWhatwgUrl],
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

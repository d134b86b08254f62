#!/usr/bin/env node
// The `mx-explorer-run` bin (package.json "bin", built to dist/cli.js by esbuild.mjs): runs the ??
// checks of `.http` files for CI, without VS Code. See cliRun.ts; `--help` says the rest.
import { setUserAgent } from '../mx/userAgent';
import { runCli } from './cliRun';

declare const MX_EXPLORER_VERSION: string | undefined;
const version = typeof MX_EXPLORER_VERSION === 'string' ? MX_EXPLORER_VERSION : '0.0.0-dev';

setUserAgent(`MX-Explorer/${version} mx-explorer-run Node/${process.versions.node}`);
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  version,
}).then((code) => {
  process.exitCode = code;
});

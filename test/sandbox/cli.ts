// Runs the sandbox until Ctrl+C:
//   node out/test/sandbox/cli.js [--auth-port N] [--api-port N] [--expires-in S] [--refresh-tokens] [--json]
// --json prints one line {authUrl, apiUrl, username, password, clientSecret} for scripts that spawn it.
import { DEFAULT_ACCOUNT, startSandbox } from './server';
import type { SandboxOptions } from './types';

interface CliArgs {
  readonly options: SandboxOptions;
  readonly json: boolean;
}

const USAGE = 'Usage: cli.js [--auth-port N] [--api-port N] [--expires-in SECONDS] [--refresh-tokens] [--json]';

function parseArgs(argv: readonly string[]): CliArgs {
  const options: { -readonly [K in keyof SandboxOptions]: SandboxOptions[K] } = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = () => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${arg} needs a non-negative integer\n${USAGE}`);
      return value;
    };
    if (arg === '--auth-port') options.authPort = number();
    else if (arg === '--api-port') options.apiPort = number();
    else if (arg === '--expires-in') options.expiresInSeconds = number();
    else if (arg === '--refresh-tokens') options.issueRefreshTokens = true;
    else if (arg === '--json') json = true;
    else throw new Error(`Unknown argument ${arg}\n${USAGE}`);
  }
  return { options, json };
}

async function main(): Promise<void> {
  const { options, json } = parseArgs(process.argv.slice(2));
  const sandbox = await startSandbox(options);
  const { username, password, clientSecret } = DEFAULT_ACCOUNT;
  if (json) {
    process.stdout.write(`${JSON.stringify({ authUrl: sandbox.authUrl, apiUrl: sandbox.apiUrl, username, password, clientSecret })}\n`);
  } else {
    console.log(
      [
        'MX sandbox running (127.0.0.1 only).',
        `  Auth base URL:  ${sandbox.authUrl}   (token endpoint ${sandbox.authUrl}/connect/token)`,
        `  API base URL:   ${sandbox.apiUrl}`,
        `  Username:       ${username}`,
        `  Password:       ${password}`,
        `  Client ID:      any string up to 50 characters`,
        `  Client secret:  ${clientSecret}`,
        `  Control API:    ${sandbox.apiUrl}/__sandbox/requests | faults | config | revoke`,
        'Press Ctrl+C to stop.',
      ].join('\n'),
    );
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// CI's check of the README's run command while it runs: waits for its banner, then checks what a
// newcomer relies on — the workbench answers at the URL it prints, and the sandbox signs in the
// account it prints — then sends Ctrl+C (SIGINT to its process group) and checks that everything
// it started stops. .ci/run checks the exit status.
// Usage: node .ci/check-start.mjs <log file of the command> <process group id>
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

const [logFile, group] = process.argv.slice(2);
const BANNER_TIMEOUT_MS = 20 * 60_000; // a cold first run installs code-server (about 3 minutes)

function fail(message) {
  console.error(`check-start: ${message}\n--- output of the run command ---\n${readFileSync(logFile, 'utf8')}`);
  try {
    process.kill(-Number(group), 'SIGTERM');
  } catch {
    // already gone
  }
  process.exit(1);
}

function groupAlive() {
  try {
    process.kill(-Number(group), 0);
    return true;
  } catch {
    return false;
  }
}

let shown = 0;
/** Passes on what the run command printed since last time, so CI's log shows its progress. */
function echoNew(output) {
  const lines = output.slice(shown).split('\n');
  const complete = lines.slice(0, -1);
  shown += complete.reduce((n, line) => n + line.length + 1, 0);
  for (const line of complete) console.log(`  | ${line}`);
}

async function waitForBanner() {
  const deadline = Date.now() + BANNER_TIMEOUT_MS;
  for (;;) {
    const output = readFileSync(logFile, 'utf8');
    echoNew(output);
    if (/Press Ctrl\+C to stop everything/.test(output)) return output;
    if (!groupAlive()) fail('the run command exited before printing its banner');
    if (Date.now() > deadline) fail(`no banner within ${BANNER_TIMEOUT_MS / 60_000} minutes`);
    await delay(1000); // polling a log file: there is no event to await across processes
  }
}

function field(output, pattern, what) {
  const match = pattern.exec(output);
  if (!match) fail(`the banner does not show ${what}`);
  return match[1];
}

const started = Date.now();
const output = await waitForBanner();
console.log(`check-start: banner after ${Math.round((Date.now() - started) / 1000)} s`);
const url = field(output, /Open (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/, 'the workbench URL');
const authUrl = field(output, /Sandbox auth\s+(\S+)/, 'the sandbox auth URL');
const apiUrl = field(output, /\bAPI\s+(http\S+)/, 'the sandbox API URL');
const account = {
  username: field(output, /^\s+Username\s+(\S+)/m, 'the username'),
  password: field(output, /^\s+Password\s+(\S+)/m, 'the password'),
  clientId: field(output, /^\s+Client ID\s+(\S+)/m, 'the client ID'),
  clientSecret: field(output, /^\s+Client secret\s+(\S+)/m, 'the client secret'),
};

const page = await fetch(url).catch((error) => fail(`the workbench URL does not answer: ${error.message}`));
const html = await page.text();
if (page.status !== 200 || !/workbench/i.test(html)) fail(`the workbench URL answered ${page.status} without a workbench page`);
console.log(`check-start: the workbench answers at ${url}`);

const token = await fetch(`${authUrl}/connect/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'password', username: account.username, password: account.password, client_id: account.clientId }),
}).catch((error) => fail(`the sandbox token endpoint does not answer: ${error.message}`));
const grant = await token.json().catch(() => ({}));
if (token.status !== 200 || typeof grant.access_token !== 'string') fail(`the sandbox refused the banner's account: ${token.status}`);
const chains = await fetch(`${apiUrl}/mxs/reference-data/v1/cinema-chains`, {
  headers: { authorization: `Bearer ${grant.access_token}`, 'mx-api-client-secret': account.clientSecret },
});
if (chains.status !== 200) fail(`the sandbox API answered ${chains.status} to the signed-in account`);
console.log(`check-start: the sandbox signed in ${account.username} and answered the API`);

process.kill(-Number(group), 'SIGINT');
const stopDeadline = Date.now() + 60_000;
while (groupAlive()) {
  if (Date.now() > stopDeadline) fail('still running 60 s after Ctrl+C');
  await delay(200);
}
if (!readFileSync(logFile, 'utf8').includes('Stopping…')) fail('Ctrl+C did not stop it through its shutdown');
const after = await fetch(url).then(
  (response) => `answered ${response.status}`,
  () => undefined,
);
if (after) fail(`the workbench still ${after} after Ctrl+C: code-server was left running`);
console.log('check-start: Ctrl+C stopped the workbench and the sandbox');

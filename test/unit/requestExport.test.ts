import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { shellQuote, toCurl, toCurlWithToken, toFetch } from '../../src/panel/requestExport';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import type { RequestDraft } from '../../src/protocol';

const API = 'https://staging-api.moviexchange.com';
const CANARY_TOKEN = 'eyJcanary.token.value-3f9a';
const CANARY_SECRET = 'CANRY-SECRT-XXXXX-YYYYY-ZZZZZ';

function draft(patch: Partial<RequestDraft> = {}): RequestDraft {
  return { method: 'GET', url: '/mxs/reference-data/v1/cinema-chains', query: [], headers: [], body: '', ...patch };
}

function ok(result: { ok: true; text: string } | { ok: false; reason: string }): string {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.text;
}

/** How bash splits a command line into words: each word printed between markers. */
function shellWords(command: string): string[] {
  // Replace the program name with a printer, keep every argument exactly as the shell parses it.
  assert.ok(command.startsWith('curl '));
  const script = `printf '%s\\0' ${command.slice('curl '.length)}`;
  const run = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MX_ACCESS_TOKEN: 'TOKEN-FROM-ENV', MX_CLIENT_SECRET: 'SECRET-FROM-ENV' },
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\0').slice(0, -1);
}

describe('requestExport', () => {
  describe('toCurl and toFetch', () => {
    const hostile = draft({
      method: 'POST',
      url: '/mxt/ticketing/v1/cinema-chains/abc/orders',
      query: [{ name: "it's", value: '$(touch /tmp/pwned)`id`', enabled: true }],
      headers: [
        { name: 'Authorization', value: `Bearer ${CANARY_TOKEN}`, enabled: true },
        { name: 'mx-api-client-secret', value: CANARY_SECRET, enabled: true },
        { name: 'Proxy-Authorization', value: `Basic ${CANARY_TOKEN}`, enabled: false },
        { name: 'X-Note', value: `it's $HOME and \`id\` "quoted" \\ ${'$'}{MX_ACCESS_TOKEN}`, enabled: true },
      ],
      body: `{"name":"O'Brien $(rm -rf ~)","note":"line1\nline2 \`id\` $MX_CLIENT_SECRET \\\\ '\\''"}`,
    });

    it('always writes the credential placeholders and never a value, not even one typed into a row', () => {
      for (const d of [draft(), hostile]) {
        const curl = ok(toCurl(d, API));
        assert.ok(curl.includes('-H "Authorization: Bearer $MX_ACCESS_TOKEN"'), curl);
        assert.ok(curl.includes('-H "MX-Api-Client-Secret: $MX_CLIENT_SECRET"'), curl);
        const fetch = ok(toFetch(d, API));
        assert.ok(fetch.includes('"Authorization": `Bearer ${process.env.MX_ACCESS_TOKEN}`'), fetch);
        assert.ok(fetch.includes('"MX-Api-Client-Secret": process.env.MX_CLIENT_SECRET'), fetch);
        for (const text of [curl, fetch]) {
          assert.ok(!text.includes(CANARY_TOKEN) && !text.includes(CANARY_SECRET), text);
          assert.equal(text.match(/authorization/gi)?.length, 1, 'only the placeholder Authorization header');
          assert.equal(text.match(/mx-api-client-secret/gi)?.length, 1);
        }
      }
    });

    it('writes a plain GET as a short curl command', () => {
      assert.equal(
        ok(toCurl(draft(), API)),
        [
          `curl '${API}/mxs/reference-data/v1/cinema-chains'`,
          `-H 'Accept: application/json'`,
          '-H "Authorization: Bearer $MX_ACCESS_TOKEN"',
          '-H "MX-Api-Client-Secret: $MX_CLIENT_SECRET"',
        ].join(' \\\n  '),
      );
      assert.ok(ok(toCurl(draft({ method: 'HEAD' }), API)).startsWith('curl --head '));
      assert.ok(ok(toCurl(draft({ method: 'DELETE' }), API)).startsWith('curl -X DELETE '));
    });

    it('adds Content-Type for a body unless given, and combines repeated headers as the client does', () => {
      const curl = ok(toCurl(draft({ method: 'POST', body: '{}', headers: [{ name: 'X-A', value: '1', enabled: true }, { name: 'x-a', value: '2', enabled: true }] }), API));
      assert.ok(curl.includes(`-H 'Content-Type: application/json'`));
      assert.ok(curl.includes(`-H 'X-A: 1, 2'`));
      assert.ok(curl.includes(`--data-raw '{}'`));
      const own = ok(toCurl(draft({ method: 'POST', body: 'a=1', headers: [{ name: 'content-type', value: 'application/x-www-form-urlencoded', enabled: true }, { name: 'Accept', value: '*/*', enabled: true }] }), API));
      assert.ok(!own.includes('application/json'), own);
      // Bodies the pipeline does not send (GET, HEAD, OPTIONS; blank) are not exported either.
      for (const method of ['GET', 'HEAD', 'OPTIONS'] as const) {
        assert.ok(!ok(toCurl(draft({ method, body: '{"x":1}' }), API)).includes('--data-raw'), method);
        assert.ok(!ok(toFetch(draft({ method, body: '{"x":1}' }), API)).includes('body:'), method);
      }
      assert.ok(!ok(toCurl(draft({ method: 'POST', body: ' \n ' }), API)).includes('--data-raw'));
    });

    it('refuses what sending would refuse: other origins, broken header rows, managed headers', () => {
      const foreign = toCurl(draft({ url: 'https://evil.example.com/x' }), API);
      assert.ok(!foreign.ok && foreign.kind === 'refused' && /refused/i.test(foreign.reason));
      const foreignFetch = toFetch(draft({ url: 'https://evil.example.com/x' }), API);
      assert.ok(!foreignFetch.ok && foreignFetch.kind === 'refused');
      for (const row of [
        { name: 'X-Bad', value: 'a\r\nHost: evil.example.com', enabled: true },
        { name: 'Bad Name', value: 'x', enabled: true },
        { name: 'Host', value: 'evil.example.com', enabled: true },
      ]) {
        const result = toCurl(draft({ headers: [row] }), API);
        assert.ok(!result.ok && result.kind === 'invalidRequest', JSON.stringify(result));
      }
      assert.ok(toCurl(draft({ headers: [{ name: 'Host', value: 'x', enabled: false }] }), API).ok, 'disabled rows are ignored');
    });

    it('quotes hostile values so the shell passes them through literally', () => {
      const curl = ok(toCurl(hostile, API));
      const words = shellWords(curl);
      assert.deepEqual(words, [
        '-X',
        'POST',
        `${API}/mxt/ticketing/v1/cinema-chains/abc/orders?it%27s=%24(touch%20%2Ftmp%2Fpwned)%60id%60`,
        '-H',
        'Accept: application/json',
        '-H',
        'Content-Type: application/json',
        '-H',
        `X-Note: it's $HOME and \`id\` "quoted" \\ ${'$'}{MX_ACCESS_TOKEN}`,
        '-H',
        'Authorization: Bearer TOKEN-FROM-ENV',
        '-H',
        'MX-Api-Client-Secret: SECRET-FROM-ENV',
        '--data-raw',
        hostile.body,
      ]);
    });

    it('shellQuote round-trips awkward strings through bash', () => {
      const values = ["'", "''", "a'b", '$HOME', '`id`', '$(id)', '\\', '"', '\n', 'a\nb\r\nc', '!', '*', '~', ' lead', 'tab\t', 'é😀', ''];
      const script = `printf '%s\\0' ${values.map(shellQuote).join(' ')}`;
      const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.stdout.split('\0').slice(0, -1), values);
    });

    it('writes fetch code whose strings evaluate to the exact values', () => {
      const code = ok(toFetch(hostile, API));
      let captured: { url: string; init: { method: string; headers: Record<string, string>; body: string } } | undefined;
      const fakeFetch = async (url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<void> => {
        captured = { url, init };
      };
      const env = { MX_ACCESS_TOKEN: 'TOKEN-FROM-ENV', MX_CLIENT_SECRET: 'SECRET-FROM-ENV' };
      const run = new Function('fetch', 'process', `return (async () => { ${code} })();`) as (f: typeof fakeFetch, p: unknown) => Promise<void>;
      return run(fakeFetch, { env }).then(() => {
        assert.ok(captured);
        assert.equal(captured.init.method, 'POST');
        assert.equal(captured.init.body, hostile.body);
        assert.equal(captured.init.headers['X-Note'], hostile.headers[3].value);
        assert.equal(captured.init.headers.Authorization, 'Bearer TOKEN-FROM-ENV');
        assert.equal(captured.init.headers['MX-Api-Client-Secret'], 'SECRET-FROM-ENV');
        assert.match(captured.url, /\?it%27s=%24\(touch/);
      });
    });

    it('escapes line and paragraph separators and </script> in fetch code', () => {
      const code = ok(toFetch(draft({ method: 'POST', body: 'a\u2028b\u2029c</script>' }), API));
      assert.ok(!code.includes('\u2028') && !code.includes('\u2029') && !code.includes('</script>'));
    });
  });
});

describe('toCurlWithToken (a curl that runs as pasted)', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });

  const source = () => ({ authUrl: sandbox.authUrl, username: DEFAULT_ACCOUNT.username, clientId: "it's-mx-tests" });

  it('gets a token, then sends the request, in a shell where only $MX_PASSWORD and $MX_CLIENT_SECRET are set', async () => {
    const text = ok(toCurlWithToken(draft(), sandbox.apiUrl, source()));
    for (const secret of [DEFAULT_ACCOUNT.password, DEFAULT_ACCOUNT.clientSecret, ...sandbox.issuedTokens()]) assert.ok(!text.includes(secret));
    assert.match(text, /"password=\$MX_PASSWORD"/);
    // asynchronously: the sandbox answering the command runs in this very process
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', text],
        { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MX_PASSWORD: DEFAULT_ACCOUNT.password, MX_CLIENT_SECRET: DEFAULT_ACCOUNT.clientSecret } },
        (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    assert.equal(run.status, 0, run.stderr);
    const chains = JSON.parse(run.stdout) as Array<{ name: string }>;
    assert.ok(chains.some((c) => c.name === 'Veezi USA Sales Account'), run.stdout.slice(0, 200));
    assert.equal(sandbox.issuedTokens().length, 1, 'one token, got by the command itself');
  });

  it('stops with a message and sends no request when the token call fails (a wrong $MX_PASSWORD)', async () => {
    const text = ok(toCurlWithToken(draft(), sandbox.apiUrl, source()));
    sandbox.clearRequests();
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', text],
        { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MX_PASSWORD: 'not-the-password', MX_CLIENT_SECRET: DEFAULT_ACCOUNT.clientSecret } },
        (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    assert.notEqual(run.status, 0, 'the command fails');
    assert.match(run.stderr, /No MX token/);
    assert.equal(run.stdout, '');
    assert.deepEqual(sandbox.requests.filter((r) => r.path.startsWith('/mxs/')), [], 'the API request was not sent');
  });

  it('refuses what toCurl refuses (another origin), and writes no value', () => {
    const refused = toCurlWithToken(draft({ url: 'https://evil.example/x' }), sandbox.apiUrl, source());
    assert.equal(refused.ok, false);
  });
});

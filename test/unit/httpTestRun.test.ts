// One run of a `.http` file's tests (src/httpFiles/httpTestRun.ts), as the Testing view and the
// headless runner share it: dependencies first, each sent once, assertions judged on the answer,
// a stop skips the later tests, an unknown name sends nothing, cancellation skips the rest.
import * as assert from 'node:assert/strict';
import type { HttpRequestBlock } from '../../src/httpFiles/httpParser';
import { parseHttpFile } from '../../src/httpFiles/httpParser';
import type { SendOutcome } from '../../src/httpFiles/httpTestOutcome';
import { type HttpTestRunEvents, runHttpTests, type SentRequest } from '../../src/httpFiles/httpTestRun';
import { exchange } from './httpRequestVariables.test';

const FILE = [
  '# @name chains',
  'GET /chains',
  '###',
  '# @name sites',
  'GET /chains/{{chains.response.body.$.id}}/sites',
  '?? status == 200',
  '###',
  'GET /films',
  '?? status == 201',
  '###',
  'GET /showtimes',
  '?? status == 200',
].join('\n');

function recorder(): { events: HttpTestRunEvents; log: string[] } {
  const log: string[] = [];
  const name = (r: HttpRequestBlock): string => r.name ?? r.url;
  return {
    log,
    events: {
      started: (r) => log.push(`started ${name(r)}`),
      finished: (r, result) => log.push(`${result.target ? 'test' : 'dependency'} ${name(r)}: ${result.outcome.state}`),
      skipped: (r, reason) => log.push(`skipped ${name(r)}: ${reason}`),
    },
  };
}

const OK: SendOutcome = { sent: true, status: 200, statusText: 'OK', durationMs: 12 };

describe('.http test runs', () => {
  const parsed = parseHttpFile(FILE);
  const [, sites, films, showtimes] = parsed.requests;

  it('sends a missing dependency first, judges each test on its answer, and says so in one output line each', async () => {
    const sent: string[] = [];
    const { events, log } = recorder();
    const lines: string[] = [];
    const run = await runHttpTests(
      parsed,
      [sites.index, films.index],
      { answered: () => false, send: async (r): Promise<SentRequest> => (sent.push(r.url), { send: OK, exchange: exchange({ status: 200 }) }) },
      { ...events, finished: (r, result) => (lines.push(result.outputLine), events.finished(r, result)) },
    );
    assert.deepEqual(run, { ok: true });
    assert.deepEqual(sent, ['/chains', '/chains/{{chains.response.body.$.id}}/sites', '/films']);
    assert.deepEqual(log, ['dependency chains: passed', 'started sites', 'test sites: passed', 'started /films', 'test /films: failed']);
    assert.match(lines[2], /^GET \/films: GET \/mxs\/orders\/v1\/orders → 200 OK · 12 ms · 1 of 1 checks failed\r\n$/);
  });

  it('does not send a dependency again that has an answer in this session', async () => {
    const sent: string[] = [];
    await runHttpTests(parsed, [sites.index], { answered: (name) => name === 'chains', send: async (r) => (sent.push(r.url), { send: OK, exchange: exchange() }) }, recorder().events);
    assert.deepEqual(sent, ['/chains/{{chains.response.body.$.id}}/sites']);
  });

  it('a request not sent for a reason that holds for the others (signed out) stops the run: the later tests are skipped', async () => {
    const { events, log } = recorder();
    const signedOut: SendOutcome = { sent: false, kind: 'signedOut', message: 'Not sent: you are not signed in to MX.' };
    const run = await runHttpTests(parsed, [films.index, showtimes.index], { answered: () => true, send: async () => ({ send: signedOut }) }, events);
    assert.ok(run.ok && run.stopped, 'the run stopped');
    assert.deepEqual({ ...run.stopped, request: run.stopped.request.url }, { stop: 'signedOut', request: '/films', reason: 'Not sent: you are not signed in to MX.', notSent: 2 });
    assert.deepEqual(log, ['started /films', 'test /films: errored', 'skipped /showtimes: Not sent: the run stopped at GET /films.']);
  });

  it('a refused origin stops the run too (httpRunStop.ts, the rule MX: Send All follows)', async () => {
    const { events, log } = recorder();
    const refused: SendOutcome = { sent: false, kind: 'refused', message: 'Not sent: the session goes only to the MX API.' };
    const run = await runHttpTests(parsed, [films.index, showtimes.index], { answered: () => true, send: async () => ({ send: refused }) }, events);
    assert.equal(run.ok && run.stopped?.stop, 'refused');
    assert.deepEqual(log, ['started /films', 'test /films: errored', 'skipped /showtimes: Not sent: the run stopped at GET /films.']);
  });

  it('a declined confirmation is skipped and the run goes on', async () => {
    const { events, log } = recorder();
    const answers: SendOutcome[] = [{ sent: false, kind: 'declined', message: 'declined' }, OK];
    await runHttpTests(parsed, [films.index, showtimes.index], { answered: () => true, send: async () => ({ send: answers.shift()!, exchange: exchange() }) }, events);
    assert.deepEqual(log, ['started /films', 'test /films: skipped', 'started /showtimes', 'test /showtimes: passed']);
  });

  it('an unknown request name sends nothing and says which', async () => {
    const broken = parseHttpFile('GET /x/{{nobody.response.body.$.id}}\n?? status == 200');
    let sends = 0;
    const run = await runHttpTests(broken, [0], { answered: () => false, send: async () => (sends++, { send: OK }) }, recorder().events);
    assert.equal(run.ok, false);
    assert.match(!run.ok ? run.message : '', /uses request "nobody".*no request in this file is named so/);
    assert.equal(sends, 0);
  });

  it('cancelled: the tests not yet sent are skipped, nothing more is sent', async () => {
    const { events, log } = recorder();
    let cancelled = false;
    let sends = 0;
    await runHttpTests(parsed, [films.index, showtimes.index], { answered: () => true, cancelled: () => cancelled, send: async () => (sends++, (cancelled = true), { send: OK, exchange: exchange() }) }, events);
    assert.equal(sends, 1);
    assert.deepEqual(log.slice(-1), ['skipped /showtimes: The run was cancelled before this request.']);
  });
});

// A large JSON answer through the real request panel in the real workbench (code-server +
// Chromium, MX Explorer installed from the VSIX), each figure a ratio against a floor measured in
// the same run, in the same extension host (floorHost.ts, a second extension installed beside ours):
//   largeResponse.statusRatio / .bodyRatio   20 MiB: Send → status painted / → tree usable, over
//                                            the floor (the same bytes fetched with http.request
//                                            and JSON.parse'd in the extension host)
//   hugeResponse.statusRatio / .paletteMs     the same at 50 MB (under the default
//                                            mx.maxResponseSizeMB), and F1 → palette visible after
//   largeResponse.hostHeapRatio               extension-host heap growth while the 20 MiB answer is
//                                            shown (after GC, over the heap before the first large
//                                            Send), over the body size
//   largeResponse.heapReturnMB                heap after the panel is closed and GC, minus before
//   largeResponse.domNodes                    elements in the webview while the 20 MiB answer is shown
//   smallSend.statusMs / .ratio               a small answer (the chains list): Send → status
//                                            painted, median of 20 warm sends; and that over MX
//                                            Explorer's own API sendRequest in the same host (the
//                                            host path without the webview), interleaved
//
// Method: sign in through the palette to the sandbox (running here, on 127.0.0.1), open
// "MX: Open Request Panel", type the chains URL, and per repetition add a one-shot `largeBody`
// fault (valid JSON showtimes of the given size) and click Send; the floor is measured in the
// same repetition, with its own one-shot fault. Timestamps are taken inside the webview
// with performance.now(): a capturing click listener (the Send click), a MutationObserver (the
// `Response status` element turning to 200 after the click; a new root `treeitem` of the
// `JSON tree`, visible and expandable; a child `treeitem` under it), each at the next animation
// frame after the change, i.e. when it is painted.
//   statusMs   Send click → status 200 painted
//   bodyMs     Send click → root node painted, plus expanding it: its click → first child painted
//              (the benchmark clicks the root as soon as it is there; the time the harness takes
//              to react is not counted); when the panel shows the root expanded by itself,
//              Send click → first child painted
//   paletteMs  then F1 (focus in the webview, as a user has it) → command palette input visible,
//              measured from Node around Playwright's key press and wait
// The first repetition of each size also pays for the sandbox building its body and for cold
// code; it is reported as a detail (`….first…`), the figures are over the following ones.
// (No `performance` import from node:perf_hooks here: the stopwatch runs in the webview and uses
// the global one, which Node has too.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { DEFAULT_ACCOUNT, startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/types';
import { openWorkbench, sandboxSettings, signInThroughPalette, type Workbench } from '../e2e/workbench';
import { makeTempDir } from '../harness/paths';
import { requestToken } from '../../src/mx/tokenClient';
import { type BenchOutput, type Figure, median, round, roundSpread, runBenchmark, spread } from './common';
import { packageFloorExtension } from './floorExtension';

const CHAINS = '/mxs/reference-data/v1/cinema-chains';
const LARGE_BYTES = 20 * 1024 * 1024;
const HUGE_BYTES = 50_000_000;
const MEASURED = Math.max(3, Number(process.env.MX_BENCH_LARGE_REPEATS) || 3);
const HUGE_MEASURED = 2;
const SMALL_SENDS = 20;
const MB = 1024 * 1024;
const WAIT_MS = Number(process.env.MX_BENCH_WAIT_MS) || 120_000;

interface InFrameTimes {
  readonly clickAt?: number;
  readonly statusAt?: number;
  readonly rootAt?: number;
  readonly expandClickAt?: number;
  readonly childAt?: number;
  readonly rootExpandedByItself?: boolean;
}

interface Repetition {
  readonly statusMs: number;
  readonly bodyMs: number;
  readonly paletteMs: number;
  readonly floorMs: number;
  readonly domNodes: number;
  readonly rootExpandedByItself: boolean;
}

/** The floor extension's control server in the extension host (see floorHost.ts). */
class Floor {
  constructor(private readonly base: string) {}

  static async connect(controlFile: string): Promise<Floor> {
    const deadline = Date.now() + 120_000;
    while (!fs.existsSync(controlFile) || fs.statSync(controlFile).size === 0) {
      if (Date.now() > deadline) throw new Error('the floor extension did not start in the extension host (no control file after 120 s)');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { port } = JSON.parse(fs.readFileSync(controlFile, 'utf8')) as { port: number };
    return new Floor(`http://127.0.0.1:${port}`);
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const value = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`floor ${route}: ${value.error ?? response.status}`);
    return value;
  }

  heap(): Promise<number> {
    return this.call<{ heapUsed: number }>('GET', '/heap').then((r) => r.heapUsed);
  }

  fetchMs(url: string, headers: Record<string, string>): Promise<number> {
    return this.call<{ ms: number }>('POST', '/floor', { url, headers }).then((r) => r.ms);
  }

  async apiSendMs(url: string): Promise<number> {
    const r = await this.call<{ ms: number; status?: number; error?: string }>('POST', '/apiSend', { draft: { method: 'GET', url, query: [], headers: [], body: '' } });
    if (r.status !== 200) throw new Error(`sendRequest through MX Explorer's API: ${r.error ?? r.status}`);
    return r.ms;
  }
}

/** The webview's content frame: the panel's iframe, then its `#active-frame`. */
export async function webviewFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const outer = await (await page.locator('iframe.webview.ready').first().elementHandle({ timeout: 30_000 }))?.contentFrame();
    const inner = outer ? await (await outer.locator('#active-frame').elementHandle({ timeout: 30_000 }))?.contentFrame() : undefined;
    if (inner) return inner;
    if (Date.now() > deadline) throw new Error('the request panel webview never appeared');
    await page.waitForTimeout(200);
  }
}

/** Installs the in-frame stopwatch once and arms it for one Send. Runs in the webview. */
function armStopwatch(): void {
  type Times = { -readonly [K in keyof InFrameTimes]: InFrameTimes[K] } & { sawOther: boolean; oldRoot: Element | null; root?: Element };
  const w = window as unknown as { __mxBench?: Times; __mxBenchInstalled?: boolean };
  const tree = (): Element | null => document.querySelector('[role="tree"][aria-label="JSON tree"]');
  const rootItem = (): Element | null => tree()?.querySelector(':scope > [role="treeitem"]') ?? null;
  const visible = (el: Element | null | undefined): boolean => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const painted = (set: (t: number) => void): void => {
    requestAnimationFrame(() => set(performance.now()));
  };
  w.__mxBench = { sawOther: false, oldRoot: rootItem() };
  if (w.__mxBenchInstalled) return;
  w.__mxBenchInstalled = true;
  const pending = new Set<string>();
  const check = (): void => {
    const s = w.__mxBench;
    if (!s || s.clickAt === undefined) return;
    const status = document.querySelector('[role="status"][aria-label="Response status"]');
    const ok = /^200\b/.test(status?.textContent?.trim() ?? '');
    if (!ok) s.sawOther = true;
    if (s.sawOther && ok && s.statusAt === undefined && visible(status) && !pending.has('status')) {
      pending.add('status');
      painted((t) => {
        s.statusAt = t;
        pending.delete('status');
      });
    }
    const root = rootItem();
    if (!s.root && root && root !== s.oldRoot && visible(root) && root.hasAttribute('aria-expanded')) {
      s.root = root;
      s.rootExpandedByItself = root.getAttribute('aria-expanded') === 'true';
      painted((t) => (s.rootAt = t));
    }
    if (s.root && s.childAt === undefined && !pending.has('child')) {
      const child = s.root.querySelector('[role="group"] [role="treeitem"]');
      if (visible(child)) {
        pending.add('child');
        painted((t) => {
          s.childAt = t;
          pending.delete('child');
        });
      }
    }
  };
  new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener(
    'click',
    (event) => {
      const s = w.__mxBench;
      const target = event.target as Element | null;
      if (!s || !target) return;
      const button = target.closest('button');
      if (s.clickAt === undefined && button && (button.getAttribute('aria-label') ?? button.textContent?.trim()) === 'Send') {
        s.clickAt = performance.now();
      } else if (s.root && s.root.contains(target) && s.expandClickAt === undefined) {
        s.expandClickAt = performance.now();
      }
    },
    true,
  );
}

async function oneRepetition(workbench: Workbench, sandbox: Sandbox, floor: Floor, floorHeaders: Record<string, string>, sizeBytes: number): Promise<Repetition> {
  const { page } = workbench;
  const frame = await webviewFrame(page);
  sandbox.addFault({ kind: 'largeBody', sizeBytes, pathPrefix: CHAINS, times: 1 });
  const floorMs = await floor.fetchMs(`${sandbox.apiUrl}${CHAINS}`, floorHeaders);
  sandbox.addFault({ kind: 'largeBody', sizeBytes, pathPrefix: CHAINS, times: 1 });
  await frame.evaluate(armStopwatch);
  await frame.getByRole('button', { name: 'Send', exact: true }).click();
  const times = (): Promise<InFrameTimes> => frame.evaluate(() => ({ ...(window as unknown as { __mxBench: InFrameTimes }).__mxBench }));
  const waitFor = async (what: keyof InFrameTimes): Promise<void> => {
    try {
      await frame.waitForFunction((key) => (window as unknown as { __mxBench: Record<string, unknown> }).__mxBench[key] !== undefined, what, {
        timeout: WAIT_MS,
        polling: 20,
      });
    } catch (error) {
      await workbench.screenshot('bench-large-response-failed').catch(() => undefined);
      const seen = await frame
        .evaluate(() => ({
          status: document.querySelector('[role="status"][aria-label="Response status"]')?.textContent ?? '(no Response status element)',
          tree: document.querySelector('[role="tree"]')?.outerHTML.slice(0, 300) ?? '(no tree)',
          alerts: [...document.querySelectorAll('[role="alert"]')].map((e) => e.textContent).join(' | '),
        }))
        .catch(() => undefined);
      throw new Error(`no ${what} in the webview within ${WAIT_MS / 1000} s; seen: ${JSON.stringify({ times: await times().catch(() => undefined), ...seen })}`, { cause: error });
    }
  };
  await waitFor('rootAt');
  let t = await times();
  if (!t.rootExpandedByItself) {
    await frame.getByRole('tree', { name: 'JSON tree' }).getByRole('treeitem').first().locator('> *').first().click();
  }
  await waitFor('childAt');
  await waitFor('statusAt');
  t = await times();
  const { clickAt, statusAt, rootAt, childAt, expandClickAt } = t as Required<InFrameTimes>;
  const bodyMs = t.rootExpandedByItself ? childAt - clickAt : rootAt - clickAt + (childAt - expandClickAt);
  const domNodes = await frame.evaluate(() => document.getElementsByTagName('*').length);

  // The command palette, opened from the webview as a user would.
  const input = page.locator('.quick-input-widget input');
  const started = performance.now();
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 60_000 });
  const paletteMs = performance.now() - started;
  await page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden' });
  return { statusMs: statusAt - clickAt, bodyMs, paletteMs, floorMs, domNodes, rootExpandedByItself: Boolean(t.rootExpandedByItself) };
}

/** Send → status painted for a small answer, in the panel as it is. */
async function smallSend(workbench: Workbench): Promise<number> {
  const frame = await webviewFrame(workbench.page);
  await frame.evaluate(armStopwatch);
  await frame.getByRole('button', { name: 'Send', exact: true }).click();
  await frame.waitForFunction(() => (window as unknown as { __mxBench: InFrameTimes }).__mxBench.statusAt !== undefined, undefined, { timeout: WAIT_MS, polling: 20 });
  const t = await frame.evaluate(() => ({ ...(window as unknown as { __mxBench: InFrameTimes }).__mxBench }));
  return (t.statusAt as number) - (t.clickAt as number);
}

export async function measureLargeResponse(): Promise<BenchOutput> {
  const sandbox = await startSandbox();
  const scratch = makeTempDir('mxlarge-');
  const controlFile = path.join(scratch, 'floor-control.json');
  let workbench: Workbench | undefined;
  try {
    workbench = await openWorkbench({ settings: sandboxSettings(sandbox), extraVsix: [packageFloorExtension()], env: { MX_BENCH_CONTROL_FILE: controlFile } });
    const floor = await Floor.connect(controlFile);
    const tokens = await requestToken({ authUrl: sandbox.authUrl }, { kind: 'password', username: DEFAULT_ACCOUNT.username, password: DEFAULT_ACCOUNT.password, clientId: 'mx-explorer-bench-floor' });
    const floorHeaders = { Accept: 'application/json', Authorization: `Bearer ${tokens.accessToken}`, 'MX-Api-Client-Secret': DEFAULT_ACCOUNT.clientSecret };
    await workbench.statusBarItem(/MX: Sign in/).waitFor({ timeout: 60_000 });
    await signInThroughPalette(workbench, { ...DEFAULT_ACCOUNT, clientId: 'mx-explorer-bench' });
    await workbench.statusBarItem(/MX sandbox\.user/).waitFor({ timeout: 60_000 });
    await workbench.runCommand('MX: Open Request Panel');
    const frame = await webviewFrame(workbench.page);
    const url = frame.getByRole('textbox', { name: 'URL', exact: true });
    await url.fill(CHAINS);

    // Small answers first, on a fresh panel: warm-up, then panel sends and API sends interleaved.
    for (let i = 0; i < 3; i++) await smallSend(workbench);
    const small: number[] = [];
    const api: number[] = [];
    for (let i = 0; i < SMALL_SENDS; i++) {
      small.push(await smallSend(workbench));
      api.push(await floor.apiSendMs(CHAINS));
    }
    console.log(`  small sends: status ${median(small).toFixed(0)} ms in the panel, ${median(api).toFixed(1)} ms through the API`);

    const heapBefore = await floor.heap();
    const run = async (label: string, sizeBytes: number, measured: number): Promise<{ first: Repetition; measured: Repetition[]; heaps: number[] }> => {
      const repetitions: Repetition[] = [];
      const heaps: number[] = [];
      for (let i = 0; i < measured + 1; i++) {
        const r = await oneRepetition(workbench as Workbench, sandbox, floor, floorHeaders, sizeBytes);
        repetitions.push(r);
        heaps.push(await floor.heap());
        console.log(
          `  ${label} ${i + 1}/${measured + 1}${i === 0 ? ' (first)' : ''}: status ${r.statusMs.toFixed(0)} ms, body ${r.bodyMs.toFixed(0)} ms, ` +
            `floor ${r.floorMs.toFixed(0)} ms, palette ${r.paletteMs.toFixed(0)} ms, ${r.domNodes} elements`,
        );
      }
      return { first: repetitions[0], measured: repetitions.slice(1), heaps: heaps.slice(1) };
    };
    const large = await run('20 MiB', LARGE_BYTES, MEASURED);
    await workbench.screenshot('bench-large-response');
    const huge = await run('50 MB', HUGE_BYTES, HUGE_MEASURED);
    await workbench.runCommand('View: Close All Editors');
    await workbench.page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 60_000 });
    const heapAfter = await floor.heap();

    const of = (reps: readonly Repetition[], name: keyof Repetition): number => median(reps.map((r) => Number(r[name])));
    const timing = (key: string, reps: readonly Repetition[], name: keyof Repetition): Figure => {
      const s = roundSpread(spread(reps.map((r) => Number(r[name]))), 0);
      return { key, value: s.median, unit: 'ms', goal: { report: true }, spread: s, detail: true };
    };
    const ratio = (key: string, reps: readonly Repetition[], name: keyof Repetition, atMost: number): Figure => ({
      key,
      value: round(of(reps, name) / of(reps, 'floorMs'), 2),
      unit: `× floor (${of(reps, name).toFixed(0)} / ${of(reps, 'floorMs').toFixed(0)} ms)`,
      goal: { atMost },
      spread: { samples: reps.length },
    });
    const smallSpread = roundSpread(spread(small), 0);
    return {
      figures: [
        ratio('largeResponse.statusRatio', large.measured, 'statusMs', 2.0),
        ratio('largeResponse.bodyRatio', large.measured, 'bodyMs', 2.5),
        timing('largeResponse.statusMs', large.measured, 'statusMs'),
        timing('largeResponse.bodyMs', large.measured, 'bodyMs'),
        timing('largeResponse.floorMs', large.measured, 'floorMs'),
        timing('largeResponse.paletteMs', large.measured, 'paletteMs'),
        { key: 'largeResponse.hostHeapRatio', value: round((median(large.heaps) - heapBefore) / LARGE_BYTES, 2), unit: `× body (${((median(large.heaps) - heapBefore) / MB).toFixed(1)} MB held)`, goal: { atMost: 3 } },
        { key: 'largeResponse.heapReturnMB', value: round((heapAfter - heapBefore) / MB, 1), unit: 'MB', goal: { atMost: 10 } },
        { key: 'largeResponse.domNodes', value: Math.max(...large.measured.map((r) => r.domNodes)), unit: 'elements', goal: { atMost: 2_000 } },
        { key: 'largeResponse.first.statusMs', value: round(large.first.statusMs, 0), unit: 'ms', goal: { report: true }, detail: true },
        ratio('hugeResponse.statusRatio', huge.measured, 'statusMs', 2.0),
        { key: 'hugeResponse.paletteMs', value: round(of(huge.measured, 'paletteMs'), 0), unit: 'ms', goal: { atMost: 200 }, spread: roundSpread(spread(huge.measured.map((r) => r.paletteMs)), 0) },
        timing('hugeResponse.statusMs', huge.measured, 'statusMs'),
        timing('hugeResponse.floorMs', huge.measured, 'floorMs'),
        { key: 'smallSend.statusMs', value: smallSpread.median, unit: 'ms', goal: { report: true }, spread: smallSpread },
        { key: 'smallSend.ratio', value: round(median(small) / median(api), 2), unit: `× MX Explorer's API sendRequest (${median(api).toFixed(1)} ms)`, goal: { report: true }, spread: { samples: SMALL_SENDS } },
      ],
      extra: { samples: large.measured.length },
      info: { largeBytes: LARGE_BYTES, hugeBytes: HUGE_BYTES, large, huge, small, api, heapBefore, heapAfter },
      notes: [
        `${LARGE_BYTES} bytes of JSON per Send (${large.measured.length} measured repetitions after a first), ${HUGE_BYTES} bytes (${huge.measured.length} after a first); ratios are of medians; ` +
          `the floor is the same bytes fetched with http.request and JSON.parse'd in the same extension host, in the same repetition; ` +
          `the root node ${[...large.measured, ...huge.measured].some((r) => r.rootExpandedByItself) ? 'was shown expanded by the panel itself in some repetitions' : 'was expanded by a click each time'}.`,
        `smallSend: ${SMALL_SENDS} panel Sends of ${CHAINS} after 3 warm-up ones, each followed by one sendRequest through MX Explorer's API in the same host.`,
      ],
    };
  } finally {
    await workbench?.close();
    await sandbox.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) runBenchmark('largeResponse', measureLargeResponse);

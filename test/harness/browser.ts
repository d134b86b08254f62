// Debian's Chromium driven by playwright-core (which downloads no browser of its own).
import * as fs from 'node:fs';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { assertChromiumInstalled, chromiumPath, makeTempDir } from './paths';

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  assertChromiumInstalled();
  const profile = makeTempDir('mxpw-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // The machine has no network but loopback: keep Chromium from reaching out at all.
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

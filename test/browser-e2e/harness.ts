// What the end-to-end tests need: Debian's Chromium driven by playwright-core, and a static folder
// served on 127.0.0.1 (vite preview, as `npm run demo` does) on a free port.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { CHROME_PATH, CHROMIUM_ARGS } from '../browser/chromium.js';

/** Upper bound of every wait in these tests (ms): page loads, selectors, fits. */
export const WAIT = 20_000;

/** @throws Error naming CHROME_PATH when there is no Chromium to start. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(`No Chromium at ${CHROME_PATH}: apt-get install -y chromium, or set CHROME_PATH`);
  }
  // playwright-core starts it with a fresh temporary profile (user data dir) every time.
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS, headless: true, timeout: WAIT });
}

/** Serves `dir` on 127.0.0.1 on a free port. */
export async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    build: { outDir: dir },
    // As demo/vite.config.ts serves it: cross-origin isolated, so linwasm starts its thread pool.
    preview: {
      host: '127.0.0.1',
      port: 0,
      strictPort: true,
      open: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`vite preview of ${dir} did not report a URL`);
  return { url, close: () => server.close() };
}

/** Collects what the page reports as errors (uncaught exceptions, console.error), to assert none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  return errors;
}

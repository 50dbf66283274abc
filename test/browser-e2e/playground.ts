// What the playground's end-to-end tests share: the demo built once per test file into a folder of
// its own (files run in parallel), a page opened on it, axe-core's verdict, long tasks, and a few
// readings of what the page drew.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, pageErrors, serve, WAIT } from './harness.js';

const root = new URL('../../', import.meta.url);
export const artifacts = fileURLToPath(new URL('test/artifacts/', root));

export interface Playground {
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

/** Builds the demo (through linwasm's exports map, as an application would), serves it, starts Chromium. */
export async function startPlayground(): Promise<Playground> {
  const outDir = mkdtempSync(join(tmpdir(), 'linwasm-playground-'));
  const configFile = fileURLToPath(new URL('demo/vite.config.ts', root));
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const [server, browser] = await Promise.all([serve(outDir), launchChromium()]);
  mkdirSync(artifacts, { recursive: true });
  return {
    browser,
    url: server.url,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** A fresh page with the playground ready (data loaded, WASM compiled); `errors` collects page errors. */
export async function openPage(pg: Playground, width = 1400, height = 1000): Promise<{ page: Page; errors: string[] }> {
  const page = await pg.browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  page.setDefaultTimeout(WAIT);
  const errors = pageErrors(page);
  await page.goto(pg.url, { timeout: WAIT });
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors };
}

/** Clicks a panel's Run button and waits until the panel is done, failed or trained. */
export async function runPanel(page: Page, panel: string, timeout = 60_000): Promise<string> {
  await page.click(`#tab-${panel}`);
  // A state no run leaves behind, so that the wait below cannot see the previous run's end.
  await page.$eval(`#panel-${panel}`, (el) => {
    (el as HTMLElement).dataset.state = 'clicked';
  });
  await page.click(`#panel-${panel} [data-action="run"]`);
  const done = await page.waitForSelector(
    `#panel-${panel}:is([data-state="done"], [data-state="trained"], [data-state="failed"])`,
    { timeout, state: 'attached' },
  );
  return (await done.getAttribute('data-state')) ?? '';
}

/** A number from a chart's or element's data attribute. */
export async function dataNumber(page: Page, selector: string, name: string): Promise<number> {
  return Number(await page.getAttribute(selector, `data-${name}`));
}

/** The text of a table's body cells, row by row. */
export function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())),
  );
}

/** How many pixels of the canvas under `selector` are drawn near the colour (r, g, b). */
export function colourPixels(page: Page, selector: string, [r, g, b]: [number, number, number]): Promise<number> {
  return page.$eval(
    selector,
    (canvas, [r, g, b]) => {
      const c = canvas as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) < 40 && Math.abs(data[i + 1] - g) < 40 && Math.abs(data[i + 2] - b) < 40) n++;
      }
      return n;
    },
    [r, g, b] as [number, number, number],
  );
}

/** The accent colour of the plots, #5b4bd1. */
export const ACCENT: [number, number, number] = [91, 75, 209];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, as "rule: target" lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(
    `window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`,
  )) as { id: string; impact: string; targets: string[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.targets.map((t) => `${v.id} (${v.impact}): ${t}`));
}

/** Starts recording the page's long tasks (main-thread tasks over 50 ms) from now on. */
export async function watchLongTasks(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(`(() => {
    window.__longTasks = [];
    const since = performance.now();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.startTime >= since) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  })()`);
  return async () => (await page.evaluate('window.__longTasks')) as number[];
}

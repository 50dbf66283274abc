// The playground under load and at the edges: a 200 000-row, 20 MB CSV dropped on the page trains
// with no main-thread task over 200 ms from the drop to the trained model (a PerformanceObserver of
// long tasks), the page at 400 px wide (no horizontal scrolling, nothing axe-core calls serious), and
// keyboard use. Leaves screenshots in test/artifacts/playground-*.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random } from '../helpers.js';
import {
  artifacts,
  axeViolations,
  dataNumber,
  openPage,
  type Playground,
  runPanel,
  startPlayground,
  tableRows,
  watchLongTasks,
} from './playground.js';

const ROWS = 200_000;
const FEATURES = 10;
/** y = 3 + Σ (j + 1)·x_j + uniform noise in [0, 1): the coefficients are 1, 2, …, 10. */
const work = mkdtempSync(join(tmpdir(), 'linwasm-large-'));
const csvPath = join(work, 'large.csv');
const TABS = ['fit', 'solvers', 'rate', 'batch', 'overfit', 'descent'];

let pg: Playground;

beforeAll(async () => {
  const next = random(7);
  const lines = [`${Array.from({ length: FEATURES }, (_, j) => `f${j + 1}`).join(',')},y`];
  for (let i = 0; i < ROWS; i++) {
    const x = Array.from({ length: FEATURES }, () => (next() * 20 - 10).toFixed(5));
    const y = x.reduce((s, v, j) => s + Number(v) * (j + 1), 3 + next());
    lines.push(`${x.join(',')},${y.toFixed(5)}`);
  }
  const text = `${lines.join('\n')}\n`;
  expect(text.length).toBeGreaterThan(18_000_000); // about 20 MB
  writeFileSync(csvPath, text);
  pg = await startPlayground();
}, 120_000);

afterAll(async () => {
  await pg?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a 200 000-row CSV dropped on the page', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg));
  });

  it('is parsed and trained off the main thread: no task over 200 ms from the drop to the trained model', async () => {
    // The file reaches the page as a File (through a file input the test adds), then is dropped.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'test-file';
      input.hidden = true;
      document.body.append(input);
    });
    await page.setInputFiles('#test-file', csvPath);
    const longTasks = await watchLongTasks(page);
    await page.evaluate(() => {
      const file = (document.getElementById('test-file') as HTMLInputElement).files![0];
      const dt = new DataTransfer();
      dt.items.add(file);
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    });
    await page.waitForSelector('#data-summary:has-text("large.csv: 200,000 rows, 11 columns")', { timeout: 60_000 });
    expect(await runPanel(page, 'fit', 120_000)).toBe('trained');
    const tasks = await longTasks();
    expect(Math.max(0, ...tasks)).toBeLessThan(200);

    expect(Number(await page.textContent('#test-r2'))).toBeGreaterThan(0.999);
    const coef = Object.fromEntries((await tableRows(page, '#coefficients')).map(([name, , v]) => [name, Number(v)]));
    for (let j = 0; j < FEATURES; j++) expect(coef[`f${j + 1}`]).toBeCloseTo(j + 1, 2);
    // 40 000 held-out rows, decimated to one point per cell of the scatter's grid.
    const drawn = await dataNumber(page, '#scatter-chart', 'points');
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThanOrEqual(96 * 64);
    expect(await page.textContent('#scatter-caption')).toBe(
      `Predicted against actual, 40000 held-out rows (${drawn} drawn: one per pixel cell)`,
    );
    await page.screenshot({ path: `${artifacts}playground-large.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('runs a sweep on it with the page responsive throughout', async () => {
    const longTasks = await watchLongTasks(page);
    expect(await runPanel(page, 'batch', 120_000)).toBe('done');
    expect(await dataNumber(page, '#batch-chart', 'series')).toBe(5);
    expect(Math.max(0, ...(await longTasks()))).toBeLessThan(200);
  });
});

describe('the page at 400 px wide, by keyboard', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg, 400, 900));
  });

  it('trains from the keyboard alone', async () => {
    await page.focus('#tab-fit');
    await page.keyboard.press('Tab'); // from the tab to its panel's first control: Train
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Train');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#panel-fit[data-state="trained"]');
    // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
    await page.focus('#tab-fit');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-solvers');
    expect(await page.isVisible('#panel-solvers')).toBe(true);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-descent');
    await page.keyboard.press('Home');
    expect(await page.getAttribute('#tab-fit', 'aria-selected')).toBe('true');
  });

  it('needs no horizontal scrolling on any tab, and axe-core finds nothing serious', async () => {
    for (const tab of TABS) {
      if (tab !== 'fit' && tab !== 'descent') expect(await runPanel(page, tab, 120_000)).toBe('done');
      await page.click(`#tab-${tab}`);
      if (tab === 'descent') await page.waitForSelector('#panel-descent[data-state="ready"]');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ tab, width }).toEqual({ tab, width: 400 });
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${artifacts}playground-400-${tab}.png`, fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});

// The demo page end to end, in Debian's Chromium: built with Vite (through linwasm's exports map,
// as an application would), served on 127.0.0.1, trained on the bundled data in a worker; also the
// CSV and divergence messages, the compare run, and a model downloaded, uploaded and applied.
// Needs `npm run build` first (npm test does it). Leaves a screenshot in test/artifacts/demo.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageErrors, serve, WAIT } from './harness.js';

const root = new URL('../../', import.meta.url);
const artifacts = fileURLToPath(new URL('test/artifacts/', root));
const modelPath = join(mkdtempSync(join(tmpdir(), 'linwasm-demo-')), 'linwasm-model.json');

let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  const configFile = fileURLToPath(new URL('demo/vite.config.ts', root));
  await build({ configFile, logLevel: 'warn' });
  [server, browser] = await Promise.all([serve(fileURLToPath(new URL('demo/dist/', root))), launchChromium()]);
  mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dirname(modelPath), { recursive: true, force: true });
});

/** A fresh page with the demo loaded and the WASM core ready; `errors` collects page errors. */
async function openDemo(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1050 }, acceptDownloads: true });
  page.setDefaultTimeout(WAIT);
  const errors = pageErrors(page);
  await page.goto(server.url, { timeout: WAIT });
  await page.waitForSelector('body[data-state="ready"]');
  return { page, errors };
}

/** How many pixels of the canvas under `selector` are drawn in the plots' accent colour. */
function accentPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      // #5b4bd1 = (91, 75, 209), allowing for anti-aliasing.
      if (Math.abs(data[i] - 91) < 40 && Math.abs(data[i + 1] - 75) < 40 && Math.abs(data[i + 2] - 209) < 40) n++;
    }
    return n;
  });
}

// Pages are slow to open on a 2-core CI machine (≈2 s), so each describe shares one page and its
// tests run in order on it, as a user would go through the page.
describe('the demo page, trained on the bundled data', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openDemo());
  });

  it('trains in a worker, draws the loss curve and the scatter plot, and shows R²', async () => {
    expect(await page.textContent('#data-summary')).toContain('442 rows, 11 columns');
    expect(await page.inputValue('#target')).toBe('target');

    await page.click('#train');
    await page.waitForSelector('body[data-state="trained"]');

    const r2 = Number(await page.textContent('#r2'));
    expect(r2).toBeGreaterThan(0.5); // scikit-learn's LinearRegression: 0.5177
    expect(r2).toBeLessThan(0.52);
    expect(Number(await page.getAttribute('#loss-chart', 'data-points'))).toBeGreaterThan(100);
    expect(await accentPixels(page, '#loss-chart canvas')).toBeGreaterThan(200);
    expect(Number(await page.getAttribute('#scatter-chart', 'data-points'))).toBe(442);
    expect(await accentPixels(page, '#scatter-chart canvas')).toBeGreaterThan(500);
    expect(await page.locator('#coefficients tr').count()).toBe(1 + 10 + 1); // header, features, intercept
    expect(await page.textContent('#time')).toMatch(/^\d+(\.\d)? ms$/);

    await page.screenshot({ path: `${artifacts}demo.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('compares with the pure-JS baseline and shows the speed ratio', async () => {
    await page.click('#compare');
    await page.waitForSelector('#compare-result:has-text("faster")');
    const text = (await page.textContent('#compare-result')) ?? '';
    expect(text).toMatch(/pure JS [\d.]+ ms: [\d.]+× faster/);
    const [wasmR2, jsR2] = [...text.matchAll(/R² ([\d.]+) and ([\d.]+)/g)][0].slice(1);
    expect(wasmR2).toBe(jsR2);
    expect(errors).toEqual([]);
  });

  it('downloads the trained model as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('linwasm-model.json');
    await download.saveAs(modelPath);
    const doc = JSON.parse(readFileSync(modelPath, 'utf8'));
    expect(doc.kind).toBe('linwasm.LinearRegression');
    expect(doc.nFeatures).toBe(10);
    expect(doc.options.seed).toBe(42);
  });
});

describe('the demo page, from a fresh load', () => {
  let page: Page;

  beforeAll(async () => {
    ({ page } = await openDemo());
  });

  it('uploads a model JSON and predicts new rows with it', async () => {
    await page.setInputFiles('#model-file', modelPath);
    await page.waitForSelector('#model-source:has-text("Loaded from linwasm-model.json")');
    await page.fill('#rows', 'age,sex,bmi\n' + '0.01,0.05,0.06,0.02,-0.04,-0.03,-0.04,0.003,0.02,-0.02\n'.repeat(2));
    await page.click('#predict');
    await page.waitForSelector('#predictions:not([hidden])');
    expect(await page.locator('#predictions td').count()).toBe(4);

    await page.fill('#rows', '1,2,3');
    await page.click('#predict');
    expect(await page.textContent('#predict-error')).toBe(
      'Rows, line 1: expected 10 values (the model has 10 features), found 3',
    );

    await page.setInputFiles('#model-file', {
      name: 'other.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"kind":"sklearn"}'),
    });
    await page.waitForSelector('#predict-error:has-text("other.json")');
    expect(await page.textContent('#predict-error')).toContain('not a linwasm LinearRegression model');
  });

  it('names the line and column of a bad CSV and of a value that is not a number', async () => {
    const upload = (name: string, text: string) =>
      page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });

    await upload('ragged.csv', 'a,b,y\n1,2,3\n4,5\n7,8,9\n');
    await page.waitForSelector('#data-error:has-text("ragged.csv")');
    expect(await page.textContent('#data-error')).toBe(
      'ragged.csv, line 3: expected 3 values (as in the header), found 2',
    );

    await upload('words.csv', 'a,b,y\n1,2,3\n4,five,6\n7,,9\n');
    await page.waitForSelector('#data-error:has-text("words.csv")');
    expect(await page.textContent('#data-error')).toBe(
      'words.csv, line 3, column 2 (b): "five" is not a number (and 1 more cell that are not numbers)',
    );

    await upload('quote.csv', 'a,b,y\n1,"2,3\n4,5,6\n');
    await page.waitForSelector('#data-error:has-text("quote.csv")');
    expect(await page.textContent('#data-error')).toMatch(
      /^quote\.csv, line \d+, column 2: a quoted value is never closed/,
    );

    // A good file then loads, with its last column as the target.
    await upload('good.csv', 'x1,x2,price\n1,2,3\n2,1,4\n3,5,9\n');
    await page.waitForSelector('#data-summary:has-text("good.csv")');
    expect(await page.textContent('#data-summary')).toBe('good.csv: 3 rows, 3 columns.');
    expect(await page.isHidden('#data-error')).toBe(true);
    expect(await page.inputValue('#target')).toBe('price');
  });

  it('explains a divergence', async () => {
    await page.selectOption('#dataset', 'diabetes_raw');
    await page.uncheck('#standardize');
    await page.fill('#learning-rate', '0.01');
    await page.click('#train');
    await page.waitForSelector('body[data-state="failed"]');
    const message = (await page.textContent('#train-error')) ?? '';
    expect(message).toMatch(/^Training diverged at epoch \d+/);
    expect(message).toContain('set standardize: true');
  });
});

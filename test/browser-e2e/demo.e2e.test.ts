// The playground end to end, in Debian's Chromium: built with Vite (through linwasm's exports map, as
// an application would), served on 127.0.0.1, every tab driven as a reader would drive it. What is
// drawn is read back (series, points, zeros and divergences marked) and the numbers are checked
// against independent references: scikit-learn's fixture, a Householder QR least-squares solution,
// the generator's true coefficients, a power iteration written here. Needs `npm run build` first (npm
// test does it). Leaves screenshots in test/artifacts/playground-*.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { init, kFold, LinearRegression, type ModelJSON, trainTestSplit } from 'linwasm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leastSquares, random } from '../helpers.js';
import { loadCsv } from '../node-helpers.js';
import {
  ACCENT,
  artifacts,
  axeViolations,
  colourPixels,
  dataNumber,
  openPage,
  type Playground,
  runPanel,
  startPlayground,
  tableRows,
} from './playground.js';

const sklearn = JSON.parse(readFileSync(new URL('../fixtures/sklearn_diabetes.json', import.meta.url), 'utf8'));
const diabetes = loadCsv('diabetes');
const FEATURES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

let pg: Playground;

beforeAll(async () => {
  [pg] = await Promise.all([startPlayground(), init()]);
}, 120_000);

afterAll(async () => {
  await pg?.close();
});

/** The coefficient bars as { name: value } (an exact zero reads 0). */
async function coefficients(page: Page): Promise<Record<string, number>> {
  const rows = await tableRows(page, '#coefficients');
  return Object.fromEntries(rows.map(([name, , value]) => [name, value.includes('∅') ? 0 : Number(value)]));
}

async function intercept(page: Page): Promise<number> {
  const caption = (await page.textContent('#coefficients caption')) ?? '';
  return Number(/^Intercept (\S+);/.exec(caption)?.[1]);
}

/** The page's text as a reader sees it (hidden tabs and banners left out, unlike textContent). */
function visibleText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
  return page.evaluate(() => document.body.innerText);
}

async function number(page: Page, selector: string): Promise<number> {
  return Number(await page.textContent(selector));
}

/**
 * Rows of the held-out split the page makes, with linwasm's trainTestSplit and the page's seed (42):
 * the split is the input here, not the result (the rows depend only on their number, the fraction
 * and the seed).
 */
function split(n: number, testFraction: number): { train: number[]; test: number[] } {
  const { trainIndex, testIndex } = trainTestSplit(diabetes.X.slice(0, n), diabetes.y.slice(0, n), {
    testFraction,
    seed: 42,
  });
  expect(testIndex).toHaveLength(Math.ceil(testFraction * n)); // scikit-learn's train_test_split size
  return { train: trainIndex, test: testIndex };
}

/**
 * The folds the Overfitting tab cuts from the training rows: linwasm's kFold of a seeded shuffle
 * (the page's split seed, 42) of their positions. The folds are the input here, as the split is.
 */
function foldsOf(n: number): { fit: number[]; held: number[] }[] {
  return kFold(n, { folds: 5, shuffle: true, seed: 42 }).map(([fit, held]) => ({ fit, held }));
}

function r2(y: number[], p: number[]): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let res = 0;
  let tot = 0;
  y.forEach((v, i) => {
    res += (v - p[i]) ** 2;
    tot += (v - mean) ** 2;
  });
  return 1 - res / tot;
}

/** Values as the page shows them: six significant digits. */
const six = (v: number) => Number(v.toPrecision(6));

describe('the Fit tab', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg));
  });

  it("solves the bundled data exactly as scikit-learn's LinearRegression does", async () => {
    expect(await page.textContent('#data-summary')).toContain('diabetes.csv: 442 rows, 11 columns');
    expect(await page.inputValue('#target')).toBe('target');
    await page.fill('#test-percent', '0');
    await page.dispatchEvent('#test-percent', 'change');
    await page.selectOption('#solver', 'exact');
    expect(await runPanel(page, 'fit')).toBe('trained');

    const reference = sklearn.cases.find(
      (c: { dataset: string; l2: number; standardize: boolean }) =>
        c.dataset === 'diabetes' && c.l2 === 0 && c.standardize,
    );
    expect(await number(page, '#train-r2')).toBeCloseTo(reference.r2, 5);
    expect(await page.textContent('#test-r2')).toBe('–'); // no held-out rows
    const coef = await coefficients(page);
    expect(Object.keys(coef)).toEqual(FEATURES);
    // Shown to five digits.
    for (const [j, name] of FEATURES.entries()) {
      expect(Math.abs(coef[name] - reference.coef[j])).toBeLessThan(1e-4 * Math.abs(reference.coef[j]));
    }
    expect(await intercept(page)).toBeCloseTo(reference.intercept, 2);
    expect(await dataNumber(page, '#scatter-chart', 'points')).toBe(442);
    expect(errors).toEqual([]);
  });

  it('clears the results when the solver changes, then trains by batch GD with a live loss curve', async () => {
    await page.selectOption('#solver', 'batch');
    expect(await dataNumber(page, '#scatter-chart', 'points')).toBe(0);
    expect(await dataNumber(page, '#coefficients', 'bars')).toBe(0);
    expect(await page.textContent('#train-r2')).toBe('–');
    expect(await page.textContent('#panel-fit .status')).toBe('');
    expect(await page.isDisabled('#download')).toBe(true);

    expect(await runPanel(page, 'fit')).toBe('trained');
    const trainR2 = await number(page, '#train-r2');
    expect(trainR2).toBeGreaterThan(0.5);
    expect(trainR2).toBeLessThanOrEqual(0.517749); // the exact solution's R² bounds every other
    expect(await dataNumber(page, '#loss-chart', 'series')).toBe(1);
    expect(await dataNumber(page, '#loss-chart', 'points')).toBe(1000);
    expect(await colourPixels(page, '#loss-chart canvas', ACCENT)).toBeGreaterThan(200);
    expect(await colourPixels(page, '#scatter-chart canvas', ACCENT)).toBeGreaterThan(500);
    expect(await page.textContent('#time')).toMatch(/^\d+(\.\d)? (ms|µs)$/);
    expect(errors).toEqual([]);
  });

  it('scores the held-out rows: R² equal to a QR least-squares fit on the same split', async () => {
    await page.fill('#test-percent', '20');
    await page.dispatchEvent('#test-percent', 'change');
    expect(await dataNumber(page, '#loss-chart', 'points')).toBe(0); // a new split: nothing applies
    await page.selectOption('#solver', 'exact');
    expect(await runPanel(page, 'fit')).toBe('trained');

    const { train, test } = split(442, 0.2);
    const { w, b } = leastSquares(
      train.map((i) => diabetes.X[i]),
      train.map((i) => diabetes.y[i]),
    );
    const predict = (i: number) => diabetes.X[i].reduce((s, x, j) => s + x * w[j], b);
    const expected = r2(
      test.map((i) => diabetes.y[i]),
      test.map(predict),
    );
    expect(await number(page, '#test-r2')).toBeCloseTo(expected, 5);
    expect(await dataNumber(page, '#scatter-chart', 'points')).toBe(test.length); // 89 rows
    expect(await dataNumber(page, '#residual-chart', 'points')).toBe(test.length);
    expect(await page.textContent('#scatter-caption')).toBe('Predicted against actual, 89 held-out rows');
    await page.screenshot({ path: `${artifacts}playground-fit.png`, fullPage: true });
  });

  it('shows the previous run beside the new one: an L2 penalty shrinks the coefficients', async () => {
    await page.selectOption('#solver', 'batch');
    expect(await runPanel(page, 'fit')).toBe('trained');
    const plain = await coefficients(page);
    await page.click('#controls summary');
    await page.selectOption('#penalty', 'l2');
    await page.fill('#alpha', '0.1');
    expect(await runPanel(page, 'fit')).toBe('trained');
    const ridge = await coefficients(page);
    const norm = (c: Record<string, number>) => Object.values(c).reduce((s, v) => s + v * v, 0);
    expect(norm(ridge)).toBeLessThan(0.5 * norm(plain));
    expect(await dataNumber(page, '#loss-chart', 'series')).toBe(2);
    expect(await page.textContent('#loss-chart .legend')).toContain('previous run (batch GD');
    expect(await page.locator('#coefficients .bar.previous').count()).toBe(10);
    await page.selectOption('#penalty', 'none');
  });

  it('marks the exact zeros of an L1 penalty, and Huber loss ignores the outliers', async () => {
    await page.selectOption('#dataset', 'outliers');
    await page.waitForSelector('#data-summary:has-text("400 rows")');
    expect(await dataNumber(page, '#loss-chart', 'series')).toBe(0); // a new dataset: nothing applies
    expect(await page.textContent('#model-source')).toBe('No model yet.');
    await page.selectOption('#solver', 'sgd');

    expect(await runPanel(page, 'fit')).toBe('trained');
    const squaredMae = await number(page, '#test-mae');
    const squaredIntercept = await intercept(page);
    await page.selectOption('#loss', 'huber');
    await page.fill('#epsilon', '1.35');
    expect(await runPanel(page, 'fit')).toBe('trained');
    // The generator: y = 10 + 6·x1 − 4·x2 + 3·x3 + x4 + noise, 4% of y shifted by +25.
    expect(Math.abs(squaredIntercept - 10)).toBeGreaterThan(0.8); // pulled towards the outliers
    expect(Math.abs((await intercept(page)) - 10)).toBeLessThan(0.3);
    // On the held-out rows (outliers among them) Huber's errors are smaller in absolute terms: it fits
    // the other 96%. (Their R² and MSE are dominated by the held-out outliers, which no fit predicts.)
    expect(await number(page, '#test-mae')).toBeLessThan(squaredMae);
    const huber = await coefficients(page);
    expect(huber.x1).toBeCloseTo(6, 0);
    expect(huber.x2).toBeCloseTo(-4, 0);

    await page.selectOption('#loss', 'squaredError');
    await page.selectOption('#penalty', 'l1');
    await page.fill('#alpha', '0.5');
    expect(await runPanel(page, 'fit')).toBe('trained');
    const lasso = await coefficients(page);
    expect(lasso.x5).toBe(0);
    expect(lasso.x6).toBe(0);
    expect(lasso.x1).not.toBe(0);
    const zeros = await dataNumber(page, '#coefficients', 'zeros');
    expect(zeros).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#coefficients tr.zero').count()).toBe(zeros);
    expect(await page.textContent('#coefficients tr.zero >> nth=0')).toContain('∅ 0 (exact)');
    await page.screenshot({ path: `${artifacts}playground-l1.png`, fullPage: true });
    await page.selectOption('#penalty', 'none');
  });

  it('stops early on held-out training rows and draws their loss', async () => {
    await page.selectOption('#dataset', 'diabetes');
    await page.waitForSelector('#data-summary:has-text("442 rows")');
    await page.fill('#validation-fraction', '0.2');
    expect(await runPanel(page, 'fit')).toBe('trained');
    expect(await dataNumber(page, '#loss-chart', 'series')).toBe(2); // training and validation loss
    expect(await page.textContent('#loss-chart .legend')).toContain('this run: validation loss');
    expect(await page.textContent('#panel-fit .status')).toMatch(/kept epoch \d+, the best on the validation rows/);
    await page.fill('#validation-fraction', '0');
  });

  it('explains a divergence once, marks it, and leaves nothing of the failed model', async () => {
    await page.selectOption('#dataset', 'diabetes_raw');
    await page.waitForSelector('#data-summary:has-text("diabetes_raw.csv")');
    await page.selectOption('#solver', 'batch');
    await page.uncheck('#standardize');
    await page.fill('#learning-rate', '0.01');
    expect(await runPanel(page, 'fit')).toBe('failed');
    const message = (await page.textContent('#panel-fit .error')) ?? '';
    expect(message).toMatch(/^Training diverged at epoch \d+/);
    expect(message).toContain('set standardize: true');
    const text = await visibleText(page);
    expect(text.split('Training diverged').length - 1).toBe(1);
    expect(await dataNumber(page, '#loss-chart', 'markers')).toBe(1);
    expect(await page.textContent('#loss-chart .legend')).toMatch(/diverged at epoch \d+/);
    expect(await dataNumber(page, '#scatter-chart', 'points')).toBe(0);
    expect(await dataNumber(page, '#coefficients', 'bars')).toBe(0);
    expect(await page.textContent('#test-r2')).toBe('–');
    expect(await page.isDisabled('#download')).toBe(true);

    // A good run afterwards clears the banner.
    await page.check('#standardize');
    await page.fill('#learning-rate', 'auto');
    expect(await runPanel(page, 'fit')).toBe('trained');
    expect(await page.isHidden('#panel-fit .error')).toBe(true);
  });

  it('clears everything when a run is cancelled', async () => {
    // 200 000 rows, SGD, and early stopping that waits 1000 epochs: a run of many seconds.
    await page.selectOption('#dataset', 'large');
    await page.waitForSelector('#data-summary:has-text("200,000 rows")');
    await page.selectOption('#solver', 'sgd');
    await page.fill('#validation-fraction', '0.1');
    await page.fill('#patience', '1000');
    await page.click('#panel-fit [data-action="run"]');
    await page.waitForFunction(() => Number(document.getElementById('loss-chart')?.dataset.points) > 0);
    await page.click('#panel-fit [data-action="cancel"]');
    await page.waitForSelector('#panel-fit[data-state="cancelled"]');
    expect(await page.textContent('#panel-fit .status')).toBe('Cancelled.');
    expect(await dataNumber(page, '#loss-chart', 'series')).toBe(0);
    expect(await dataNumber(page, '#coefficients', 'bars')).toBe(0);
    expect(await page.textContent('#model-source')).toBe('No model yet.');
    expect(errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the comparison tabs', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg));
  });

  it('overlays batch, mini-batch and SGD, with times per epoch and the loss every 100 epochs', async () => {
    expect(await runPanel(page, 'solvers')).toBe('done');
    expect(await dataNumber(page, '#solvers-chart', 'series')).toBe(3);
    const rows = await tableRows(page, '#solvers-table');
    expect(rows.map((r) => r[0])).toEqual(['batch GD', 'mini-batch GD (32)', 'SGD']);
    for (const r of rows) expect(r[3]).toMatch(/^\d+(\.\d)? (ms|µs)$/); // time per epoch
    // Held-out R²: each row is what linwasm's fit of the page's default options scores on the page's
    // held-out rows (fitted here, in Node, on the rows of the split).
    const { train, test } = split(442, 0.2);
    const common = {
      dtype: 'float64',
      seed: 42,
      standardize: true,
      learningRate: 'auto',
      maxEpochs: 1000,
      loss: 'squaredError',
      schedule: 'constant',
    } as const;
    const solvers = [
      { ...common, solver: 'batch' },
      { ...common, solver: 'minibatch', optimizer: 'plain', batchSize: 32 },
      { ...common, solver: 'sgd', optimizer: 'plain' },
    ] as const;
    solvers.forEach((options, k) => {
      const model = new LinearRegression(options).fit(
        train.map((i) => diabetes.X[i]),
        train.map((i) => diabetes.y[i]),
      );
      const expected = r2(
        test.map((i) => diabetes.y[i]),
        Array.from(model.predict(test.map((i) => diabetes.X[i]))),
      );
      expect(Number(rows[k][6])).toBe(six(expected));
    });
    // Batch GD and SGD end near the least-squares fit (held-out R² 0.439 by QR on this split). Mini-batch
    // GD at its constant 'auto' step stops on the tolerance test at epoch 17, at a noisy last iterate
    // (held-out R² 0.12 on this split and seed): the library's stopping rule, as scikit-learn's SGD has it.
    expect(Number(rows[0][6])).toBeGreaterThan(0.3);
    expect(Number(rows[2][6])).toBeGreaterThan(0.3);
    const batchEpochs = await dataNumber(page, '#solvers-chart', 'points');
    expect(batchEpochs).toBeGreaterThan(1000); // batch runs its 1000 epochs, the others fewer

    await page.click('#textbook summary');
    const textbook = await tableRows(page, '#textbook-table');
    expect(textbook.map((r) => r[0]).slice(0, 10)).toEqual([
      '100',
      '200',
      '300',
      '400',
      '500',
      '600',
      '700',
      '800',
      '900',
      '1000',
    ]);
    expect(Number(textbook[9][1])).toBeGreaterThan(2000); // batch GD's loss at epoch 1000 (an MSE)

    for (const [axis, label] of [
      ['rows', 'rows seen'],
      ['steps', 'updates (steps)'],
      ['ms', 'time in the worker (ms)'],
    ]) {
      await page.selectOption('#solvers-axis', axis);
      await page.waitForSelector(`#solvers-chart[data-x-label="${label}"]`);
    }
    await page.screenshot({ path: `${artifacts}playground-solvers.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it("sweeps the learning rate around 'auto', marks the divergence and gives the library's advice once", async () => {
    expect(await runPanel(page, 'rate')).toBe('done');
    expect(await dataNumber(page, '#rate-chart', 'series')).toBe(5);
    expect(await dataNumber(page, '#rate-chart', 'markers')).toBe(1);
    expect(await page.textContent('#rate-chart .legend')).toMatch(/4× auto.*diverged at epoch \d+/);
    const advice = (await page.textContent('#rate-advice')) ?? '';
    expect(advice).toMatch(
      /^4× auto: Training diverged at epoch \d+: .* with learningRate 0\.\d{4}\. Lower the learning rate/,
    );
    const text = await visibleText(page);
    expect(text.split('Training diverged').length - 1).toBe(1);

    // 'auto' for batch GD is 1/L, L = 2·λmax((1/n)·ZᵀZ), Z the standardized training rows and a 1 column.
    const rows = await tableRows(page, '#rate-table');
    const { train } = split(442, 0.2);
    const X = train.map((i) => diabetes.X[i]);
    const Z = standardized(X).map((r) => [...r, 1]);
    const auto = 1 / (2 * largestEigenvalue(Z));
    const rates = rows.map((r) => Number(r[1]));
    // The page rounds the rates it uses to four digits.
    expect(Math.abs(rates[2] / auto - 1)).toBeLessThan(1e-3);
    expect(Math.abs(rates[4] / (4 * auto) - 1)).toBeLessThan(1e-3);
    expect(rows[4][2]).toMatch(/^\d+ \(diverged\)$/);
    await page.screenshot({ path: `${artifacts}playground-rate.png`, fullPage: true });
    // The README's picture (docs/playground.png is a copy): the first screen at a laptop's width.
    await page.setViewportSize({ width: 1200, height: 760 });
    await page.waitForFunction(() => (document.querySelector('#rate-chart canvas') as HTMLCanvasElement)?.width < 1000);
    await page.screenshot({ path: `${artifacts}playground-readme.png` });
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('sweeps the batch size against rows seen', async () => {
    expect(await runPanel(page, 'batch')).toBe('done');
    expect(await dataNumber(page, '#batch-chart', 'series')).toBe(5);
    expect(await page.getAttribute('#batch-chart', 'data-x-label')).toBe('rows seen');
    const rows = await tableRows(page, '#batch-table');
    expect(rows.map((r) => r[0])).toEqual(['batch of 1', 'batch of 8', 'batch of 32', 'batch of 256', 'all rows']);
    // Larger batches take larger 'auto' steps (the expected curvature falls with the batch size).
    const rates = rows.map((r) => Number(r[1]));
    for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeGreaterThan(rates[k - 1]);
    await page.selectOption('#batch-axis', 'ms');
    await page.waitForSelector('#batch-chart[data-x-label="time in the worker (ms)"]');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('answers "am I overfitting?" along the penalty and the degree', async () => {
    expect(await runPanel(page, 'overfit', 120_000)).toBe('done');
    // Training, validation, and the validation's mean ± one standard deviation over the folds.
    expect(await dataNumber(page, '#penalty-chart', 'series')).toBe(4);
    expect(await dataNumber(page, '#penalty-chart', 'points')).toBe(4 * 29);
    expect(await dataNumber(page, '#degree-chart', 'points')).toBe(4 * 4);
    expect(await page.textContent('#penalty-chart .legend')).toContain('± 1 standard deviation over the 5 folds');
    expect(await page.textContent('#overfit-verdict')).toMatch(/^At degree 3, .* overfitting\. l2 = \S+ cures it best/);

    await page.click('#panel-overfit details summary');
    const rows = await tableRows(page, '#overfit-table');
    const penalty = rows.filter((r) => r[0].startsWith('l2'));
    const degree = rows.filter((r) => r[0].startsWith('degree'));
    expect(penalty).toHaveLength(29);
    expect(penalty[0][2]).toBe('285'); // degree 3 of 10 columns, without the bias: C(13, 3) − 1
    // Ridge's training error can only grow with its penalty.
    for (let k = 1; k < penalty.length; k++)
      expect(Number(penalty[k][3])).toBeGreaterThanOrEqual(Number(penalty[k - 1][3]));
    expect(degree.map((r) => r[2])).toEqual(['10', '65', '285', '1000']);
    expect(Number(degree[3][3])).toBeLessThan(Number(degree[3][4]) / 10); // degree 4: the noise learnt

    // Degree 1 at l2 = 1e-5 against QR, fold by fold: each point is 5-fold cross-validation over the
    // training rows of the page's split, the folds cut from a shuffle of them seeded as the split. The exact solver
    // standardizes with each fold's training rows, so the penalty acts on standardized columns (ridge
    // on them, the intercept free).
    const { train } = split(442, 0.2);
    const fitMse: number[] = [];
    const heldMse: number[] = [];
    for (const fold of foldsOf(train.length)) {
      const fitRows = fold.fit.map((p) => train[p]);
      const { mean, scale } = moments(fitRows.map((i) => diabetes.X[i]));
      const s = (r: number[]) => r.map((v, j) => (v - mean[j]) / scale[j]);
      const { w, b } = leastSquares(
        fitRows.map((i) => s(diabetes.X[i])),
        fitRows.map((i) => diabetes.y[i]),
        { l2: 1e-5 },
      );
      const mse = (rowsOf: number[]) =>
        rowsOf.reduce(
          (acc, i) => acc + (s(diabetes.X[i]).reduce((p, x, j) => p + x * w[j], b) - diabetes.y[i]) ** 2,
          0,
        ) / rowsOf.length;
      fitMse.push(mse(fitRows));
      heldMse.push(mse(fold.held.map((p) => train[p])));
    }
    const average = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;
    const spread = Math.sqrt(average(heldMse.map((v) => (v - average(heldMse)) ** 2))); // ddof 0, as scikit-learn
    expect(Math.abs(Number(degree[0][3]) / average(fitMse) - 1)).toBeLessThan(1e-5); // shown to six digits
    expect(Math.abs(Number(degree[0][4]) / average(heldMse) - 1)).toBeLessThan(1e-5);
    expect(Math.abs(Number(degree[0][5]) / spread - 1)).toBeLessThan(1e-4);
    await page.screenshot({ path: `${artifacts}playground-overfit.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('clears every tab when the dataset changes', async () => {
    await page.selectOption('#dataset', 'outliers');
    await page.waitForSelector('#data-summary:has-text("400 rows")');
    for (const chart of ['#solvers-chart', '#rate-chart', '#batch-chart', '#penalty-chart', '#degree-chart']) {
      expect(await dataNumber(page, chart, 'series')).toBe(0);
    }
    expect(await page.isHidden('#rate-advice')).toBe(true);
    expect(await page.isHidden('#overfit-verdict')).toBe(true);
    expect(await tableRows(page, '#solvers-table')).toEqual([]);
  });
});

describe('the descent path', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg));
  });

  /** Epoch, weights and MSE from the status line. */
  async function status(): Promise<{ epoch: number; w1: number; w2: number; mse: number; min: number[] }> {
    const text = (await page.textContent('#descent-status')) ?? '';
    const m = /^Epoch (\d+): w₁ = (\S+), w₂ = (\S+), MSE (\S+) \(minimum \S+ at w₁ = (\S+), w₂ = ([^;]+);/.exec(text);
    if (!m) throw new Error(`unexpected status: ${text}`);
    return {
      epoch: Number(m[1]),
      w1: Number(m[2]),
      w2: Number(m[3]),
      mse: Number(m[4]),
      min: [Number(m[5]), Number(m[6])],
    };
  }

  it('steps epoch by epoch, drawing the path on the loss surface; the loss falls every step', async () => {
    await page.click('#tab-descent');
    await page.waitForSelector('#panel-descent[data-state="ready"]');
    let previous = await status();
    expect(previous.epoch).toBe(0);
    for (let k = 1; k <= 3; k++) {
      await page.click('#descent-step');
      await page.waitForSelector(`#descent-status:has-text("Epoch ${k}:")`);
      const now = await status();
      expect(now.mse).toBeLessThan(previous.mse); // gradient descent at η ≤ 1/L on a convex quadratic
      previous = now;
    }
    // The canvas redraws on the next animation frame, after the status line changes.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await dataNumber(page, '#descent-canvas', 'points')).toBe(4);
    expect(await colourPixels(page, '#descent-canvas', [217, 98, 43])).toBeGreaterThan(50); // the path
  });

  it('plays and pauses', async () => {
    await page.click('#descent-play');
    expect(await page.textContent('#descent-play')).toBe('Pause');
    await page.waitForFunction(() => Number(document.getElementById('descent-canvas')?.dataset.points) > 12);
    await page.click('#descent-play');
    await page.waitForSelector('#panel-descent[data-state="paused"]');
    const paused = await dataNumber(page, '#descent-canvas', 'points');
    expect(await page.textContent('#descent-play')).toBe('Play');
    // A step still in flight may land after the click; then nothing more.
    await page.waitForTimeout(400);
    expect(await dataNumber(page, '#descent-canvas', 'points')).toBeLessThanOrEqual(paused + 1);
    await page.screenshot({ path: `${artifacts}playground-descent.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('with standardized features, reaches the exact minimum', async () => {
    await page.check('#descent-standardize');
    await page.waitForSelector('#descent-status:has-text("Epoch 0:")');
    await page.click('#descent-play');
    await page.waitForSelector('#descent-status:has-text("Reached the minimum")', { timeout: 60_000 });
    const end = await status();
    expect(end.w1).toBeCloseTo(end.min[0], 3);
    expect(end.w2).toBeCloseTo(end.min[1], 3);
    // The minimum the worker solved for in closed form is the generator's y = 1.5·x1 − 2·x2 + noise.
    expect(end.min[0]).toBeCloseTo(1.5, 1);
    expect(end.min[1]).toBeCloseTo(-2, 0);
  });

  it('shows where a too large learning rate diverges', async () => {
    await page.uncheck('#descent-standardize');
    await page.selectOption('#descent-rate', '2.1');
    await page.waitForSelector('#descent-status:has-text("Epoch 0:")');
    await page.click('#descent-play');
    await page.waitForSelector('#panel-descent[data-state="failed"]', { timeout: 60_000 });
    expect(await page.textContent('#descent-error')).toMatch(/^Training diverged at epoch \d+/);
    expect(await page.isDisabled('#descent-play')).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('models and files', () => {
  let page: Page;
  let errors: string[];
  let saved = '';

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg));
  });

  afterAll(() => {
    if (saved) rmSync(dirname(saved), { recursive: true, force: true });
  });

  it('downloads the model with its feature names and the page settings', async () => {
    await page.selectOption('#degree', '2');
    await page.selectOption('#solver', 'exact');
    await page.click('#controls summary');
    await page.selectOption('#penalty', 'l2');
    await page.fill('#alpha', '0.001');
    expect(await runPanel(page, 'fit')).toBe('trained');
    expect(await dataNumber(page, '#coefficients', 'bars')).toBe(65);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('linwasm-model.json');
    // Not in test/artifacts: the linter reads JSON files under test/.
    saved = join(mkdtempSync(join(tmpdir(), 'linwasm-playground-model-')), 'linwasm-model.json');
    await download.saveAs(saved);
    const doc = JSON.parse(readFileSync(saved, 'utf8'));
    expect(doc.kind).toBe('linwasm.LinearRegression');
    expect(doc.nFeatures).toBe(65);
    expect(doc.options.l2).toBe(0.001);
    expect(doc.columns.target).toBe('target');
    // scikit-learn's PolynomialFeatures order and names: the columns, then each one times itself and those after it.
    expect(doc.columns.features.slice(0, 13)).toEqual([...FEATURES, 'age^2', 'age sex', 'age bmi']);
    expect(doc.columns.features[64]).toBe('s6^2');
    expect(doc.playground).toEqual({ rawFeatures: FEATURES, degree: 2, testFraction: 0.2, splitSeed: 42 });
  });

  it('uploads it into a fresh page: the settings, the coefficients with their names and the predictions come back', async () => {
    const fresh = await openPage(pg);
    const p = fresh.page;
    await p.setInputFiles('#model-file', saved);
    await p.waitForSelector('#model-source:has-text("Loaded from linwasm-model.json")');
    expect(await p.inputValue('#degree')).toBe('2');
    expect(await p.inputValue('#solver')).toBe('exact');
    expect(await p.inputValue('#penalty')).toBe('l2');
    expect(await p.inputValue('#alpha')).toBe('0.001');
    expect(await p.inputValue('#test-percent')).toBe('20');
    expect(await dataNumber(p, '#coefficients', 'bars')).toBe(65);
    expect(Object.keys(await coefficients(p)).slice(10, 12)).toEqual(['age^2', 'age sex']);

    // The rows box holds the first rows of the data (10 columns); the page expands them to 65.
    await p.click('#predict');
    await p.waitForSelector('#predictions:not([hidden])');
    const shown = (await tableRows(p, '#predictions')).map((r) => Number(r[1]));
    const doc = JSON.parse(readFileSync(saved, 'utf8'));
    const expected = diabetes.X.slice(0, 5).map((row) => {
      const x = row.map((v) => Number(v.toPrecision(6))); // as the box shows them
      const terms = [...x];
      for (let a = 0; a < 10; a++) for (let b = a; b < 10; b++) terms.push(x[a] * x[b]);
      return terms.reduce((s, v, j) => s + v * doc.coef[j], doc.intercept);
    });
    expect(shown).toEqual(expected.map(six));

    await p.fill('#rows', '1,2,3');
    await p.click('#predict');
    expect(await p.textContent('#predict-error')).toBe(
      'Rows, line 1: expected 10 values (the model takes 10 columns), found 3',
    );
    await p.setInputFiles('#model-file', {
      name: 'other.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"kind":"sklearn"}'),
    });
    await p.waitForSelector('#predict-error:has-text("other.json")');
    expect(await p.textContent('#predict-error')).toContain('not a linwasm LinearRegression model');
    expect(fresh.errors).toEqual([]);
    await p.close();
  });

  it('names the line and column of a bad CSV and of a value that is not a number', async () => {
    const upload = (name: string, text: string) =>
      page.setInputFiles('#data-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });

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
    // The data before the bad files is still loaded.
    expect(await page.textContent('#data-summary')).toContain('diabetes.csv: 442 rows');

    // A good file dropped on the page loads, with its last column as the target.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x1,x2,price\n1,2,3\n2,1,4\n3,5,9\n'], 'good.csv', { type: 'text/csv' }));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    });
    await page.waitForSelector('#data-summary:has-text("good.csv")');
    expect(await page.textContent('#data-summary')).toMatch(/^good\.csv: 3 rows, 3 columns/);
    expect(await page.isHidden('#data-error')).toBe(true);
    expect(await page.inputValue('#target')).toBe('price');
    expect(await page.inputValue('#dataset')).toBe('file');
    expect(errors).toEqual([]);
  });
});

describe('Parquet and Arrow files', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(pg));
  });

  // 240 rows of known numbers in three column types: rooms (int32), area (float64), age (float32,
  // exactly representable), price = 20 + 3·area + 5·rooms − 0.7·age + noise, the last column.
  const n = 240;
  const next = random(31);
  const rooms = Int32Array.from({ length: n }, () => 1 + Math.floor(next() * 6));
  const area = Float64Array.from({ length: n }, () => 30 + next() * 120);
  const age = Float32Array.from({ length: n }, () => next() * 80);
  const price = Float64Array.from({ length: n }, (_, i) => 20 + 3 * area[i] + 5 * rooms[i] - 0.7 * age[i] + 4 * next());
  const NAMES = ['rooms', 'area', 'age', 'price'];
  const columnsOf = (i: number) => [rooms[i], area[i], age[i], price[i]];
  // String(v) reads back as v exactly (the shortest round-trip form), float32 values included.
  const csv = `${NAMES.join(',')}\n${Array.from({ length: n }, (_, i) => columnsOf(i).map(String).join(',')).join('\n')}\n`;

  /** Three row groups of 100, 100 and 40 rows, gzip-compressed (hyparquet-compressors reads gzip). */
  function parquetBytes(columns = { rooms, area, age, price } as Record<string, ArrayLike<unknown>>): Uint8Array {
    const type = (data: ArrayLike<unknown>) =>
      data instanceof Int32Array
        ? 'INT32'
        : data instanceof Float32Array
          ? 'FLOAT'
          : Array.isArray(data)
            ? 'STRING'
            : 'DOUBLE';
    const buffer = parquetWriteBuffer({
      columnData: Object.entries(columns).map(([name, data]) => ({
        name,
        data: data as Float64Array,
        type: type(data) as 'DOUBLE',
      })),
      rowGroupSize: 100,
      codec: 'GZIP',
      compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
    });
    return new Uint8Array(buffer);
  }

  /** Record batches of 100, 100 and 40 rows, in the IPC file format or the stream format. */
  function arrowBytes(format: 'file' | 'stream'): Uint8Array {
    const table = arrow.tableFromArrays({ rooms, area, age, price });
    const batched = new arrow.Table([0, 100, 200].flatMap((start) => table.slice(start, start + 100).batches));
    return arrow.tableToIPC(batched, format);
  }

  /** Drops a file of these bytes on the page, as a reader drags one from their desktop. */
  async function drop(name: string, bytes: Uint8Array | string): Promise<void> {
    const data = Buffer.from(bytes).toString('base64');
    await page.evaluate(
      ([name, data]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name));
        document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
      },
      [name, data],
    );
  }

  /** Drops the file, waits for it to load, trains the exact solver on it and returns the downloaded model. */
  async function trainOn(
    name: string,
    bytes: Uint8Array | string,
  ): Promise<ModelJSON & { columns: { features: string[]; target: string } }> {
    await drop(name, bytes);
    await page.waitForSelector(`#data-summary:has-text("${name}: ")`); // not "Reading ${name}…"
    expect(await page.textContent('#data-summary')).toMatch(
      new RegExp(`^${name.replace('.', '\\.')}: 240 rows, 4 columns`),
    );
    expect(await page.inputValue('#target')).toBe('price');
    expect(await page.inputValue('#test-percent')).toBe('20');
    expect(await runPanel(page, 'fit')).toBe('trained');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    return JSON.parse(readFileSync(await download.path(), 'utf8'));
  }

  it('trains a dropped .parquet and .arrow file to the very model the CSV of the same numbers gives', async () => {
    await page.selectOption('#solver', 'exact');
    const fromCsv = await trainOn('houses.csv', csv);
    // The CSV's model against QR least squares on the page's training rows (its split is the input).
    const rows = Array.from({ length: n }, (_, i) => columnsOf(i).slice(0, 3));
    const { trainIndex } = trainTestSplit(rows, Array.from(price), { testFraction: 0.2, seed: 42 });
    const { w, b } = leastSquares(
      trainIndex.map((i) => rows[i]),
      trainIndex.map((i) => price[i]),
    );
    w.forEach((wj, j) => {
      expect(Math.abs(fromCsv.coef[j] - wj)).toBeLessThan(1e-9 * Math.max(1, Math.abs(wj)));
    });
    expect(Math.abs(fromCsv.intercept - b)).toBeLessThan(1e-9 * Math.abs(b));
    expect(fromCsv.columns).toEqual({ features: ['rooms', 'area', 'age'], target: 'price' });

    // The same numbers as Parquet (gzip, three row groups) and as Arrow IPC (three record batches):
    // the same table, so the same split and the same model, bit for bit.
    for (const [name, bytes] of [
      ['houses.parquet', parquetBytes()],
      ['houses.arrow', arrowBytes('file')],
    ] as const) {
      const model = await trainOn(name, bytes);
      expect(model.coef).toEqual(fromCsv.coef);
      expect(model.intercept).toBe(fromCsv.intercept);
      expect(model.columns).toEqual(fromCsv.columns);
    }
    // The format is read from the first bytes, whatever the name: an Arrow IPC stream called .bin.
    await drop('houses-stream.bin', arrowBytes('stream'));
    await page.waitForSelector('#data-summary:has-text("houses-stream.bin: ")');
    expect(await page.textContent('#data-summary')).toMatch(/^houses-stream\.bin: 240 rows, 4 columns/);
    expect(await page.inputValue('#dataset')).toBe('file');
    expect(await page.textContent('#dataset option[value="file"]')).toBe('Your file: houses-stream.bin');
    expect(errors).toEqual([]);
  });

  it('names the column and row of a value that is not finite, and the column that is not numbers', async () => {
    const withNaN = Float64Array.from(area);
    withNaN[7] = Number.NaN;
    withNaN[150] = Number.POSITIVE_INFINITY;
    await drop('gaps.parquet', parquetBytes({ rooms, area: withNaN, age, price }));
    await page.waitForSelector('#data-error:has-text("gaps.parquet")');
    expect(await page.textContent('#data-error')).toBe(
      "gaps.parquet: NaN in column 'area' at row 7 (and 1 more value that is not finite): every value must be a finite number",
    );
    const city = Array.from({ length: n }, (_, i) => ['Lyon', 'Porto', 'Gent'][i % 3]);
    await drop('cities.parquet', parquetBytes({ rooms, city, price }));
    await page.waitForSelector('#data-error:has-text("cities.parquet")');
    expect(await page.textContent('#data-error')).toMatch(
      /^cities\.parquet: non-numeric column 'city' \(Parquet type BYTE_ARRAY UTF8\): every feature and the target must be numbers$/,
    );
    await drop('broken.arrow', new Uint8Array([65, 82, 82, 79, 87, 49, 0, 0, 1, 2, 3]));
    await page.waitForSelector('#data-error:has-text("broken.arrow")');
    expect(await page.textContent('#data-error')).toMatch(/^broken\.arrow: cannot read Arrow IPC data/);
    // The last good table stays loaded.
    expect(await page.textContent('#data-summary')).toMatch(/^houses-stream\.bin: 240 rows/);
    expect(errors).toEqual([]);
  });
});

/** Columns centred and scaled to unit (population) variance, as StandardScaler does. */
function standardized(X: number[][]): number[][] {
  const { mean, scale } = moments(X);
  return X.map((r) => r.map((v, j) => (v - mean[j]) / scale[j]));
}

function moments(X: number[][]): { mean: number[]; scale: number[] } {
  const n = X.length;
  const d = X[0].length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n));
  return { mean, scale };
}

/** λmax of (1/n)·ZᵀZ by power iteration, to convergence. */
function largestEigenvalue(Z: number[][]): number {
  const n = Z.length;
  const d = Z[0].length;
  const G = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => Z.reduce((s, r) => s + r[a] * r[b], 0) / n),
  );
  let v = new Array(d).fill(1);
  let lambda = 0;
  for (let it = 0; it < 10_000; it++) {
    const u = G.map((row) => row.reduce((s, g, j) => s + g * v[j], 0));
    const norm = Math.hypot(...u);
    const next = u.reduce((s, x, j) => s + x * v[j], 0) / v.reduce((s, x) => s + x * x, 0);
    v = u.map((x) => x / norm);
    if (Math.abs(next - lambda) < 1e-15 * next) break;
    lambda = next;
  }
  return lambda;
}

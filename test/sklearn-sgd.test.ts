// Gradient descent with schedules, penalties, robust losses and averaging against scikit-learn's
// SGDRegressor, and the L1 penalty against its Lasso. The fixtures come from
// scripts/sklearn_sgd_fixtures.py (Debian's python3-sklearn; versions in the JSON).
//
// The settings map one to one, with linwasm's losses twice scikit-learn's (r² against ½r²): the
// same model takes learningRate = eta0/2, and alpha/l1Ratio are scikit-learn's own parameters.
// The row orders differ (each library has its own PRNG), so the fits agree in R², not digit for digit.
import { beforeAll, describe, expect, it } from 'vitest';
import { r2Score } from '../src/api/metrics.js';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { DivergenceError, init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import fixtures from './fixtures/sklearn_sgd.json' with { type: 'json' };
import { loadCsv } from './node-helpers.js';

beforeAll(async () => {
  await init();
});

type Case = (typeof fixtures.cases)[number];
const diabetes = loadCsv('diabetes');
const outliers = fixtures.datasets.outliers as { X: number[][]; y: number[]; Xtest: number[][]; ytest: number[] };
const data = (c: Case) => (c.dataset === 'outliers' ? outliers : diabetes);

/** SGDRegressor's settings as linwasm options (see the header). */
function optionsOf(c: Case): LinearRegressionOptions {
  const p = c.params as Case['params'] & {
    tol?: number;
    early_stopping?: boolean;
    validation_fraction?: number;
    n_iter_no_change?: number;
  };
  const penalty =
    p.penalty === null
      ? {}
      : { alpha: p.alpha, l1Ratio: p.penalty === 'l1' ? 1 : p.penalty === 'elasticnet' ? p.l1_ratio : 0 };
  const o: LinearRegressionOptions = {
    solver: 'sgd',
    loss: p.loss as LinearRegressionOptions['loss'],
    epsilon: p.epsilon,
    schedule: p.learning_rate as LinearRegressionOptions['schedule'],
    learningRate: p.eta0 / 2,
    powerT: p.power_t,
    average: p.average,
    maxEpochs: p.max_iter,
    tolerance: null,
    standardize: false,
    ...penalty,
  };
  if (p.tol !== undefined) {
    o.patience = p.n_iter_no_change ?? 5;
    // scikit-learn's tol is absolute: on the mean ½r² of the training rows, or on the validation R²
    // with early stopping; linwasm's is relative to the watched loss. Converted at the fit's end.
    o.tolerance = p.early_stopping
      ? p.tol / (1 - (c as { validationR2Final?: number }).validationR2Final!)
      : p.tol / (c.mse / 2);
    if (p.early_stopping) o.validationFraction = p.validation_fraction;
  }
  return o;
}

const SEEDS = 5;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s SGD vs scikit-learn SGDRegressor', (_name, Model) => {
  // One row order is one sample of a noisy last iterate: compare means over five orders on both
  // sides (scikit-learn's random_state 0…4, linwasm's seed 0…4).
  it.each(fixtures.cases.map((c) => [c.id, c] as const))('%s: mean R² within 0.01', (_id, c) => {
    const { X, y } = data(c);
    for (const dtype of ['float64', 'float32'] as const) {
      if (c.diverged) {
        // scikit-learn blows up too (its coefficients reach 1e10); linwasm says so.
        expect(() => new Model({ ...optionsOf(c), dtype }).fit(X, y)).toThrow(DivergenceError);
        continue;
      }
      const models = Array.from({ length: SEEDS }, (_, seed) => new Model({ ...optionsOf(c), dtype, seed }).fit(X, y));
      // With early stopping the two differ by design: scikit-learn keeps the last epoch's weights,
      // linwasm restores the best validation epoch's (and each holds out its own rows).
      const within = c.params.early_stopping ? 0.02 : 0.01;
      expect(Math.abs(mean(models.map((m) => m.score(X, y))) - mean(c.r2Seeds!))).toBeLessThan(within);
      if (c.testR2Seeds) {
        const test = mean(models.map((m) => r2Score(outliers.ytest, m.predict(outliers.Xtest))));
        expect(Math.abs(test - mean(c.testR2Seeds))).toBeLessThan(0.01);
      }
    }
  });
});

describe('robust losses', () => {
  it('Huber and epsilon-insensitive beat squared error on data with outliers (clean test set)', () => {
    const base = optionsOf(fixtures.cases.find((c) => c.id === 'outliers-squared_error')!);
    const test = (o: LinearRegressionOptions) =>
      r2Score(outliers.ytest, new LinearRegression(o).fit(outliers.X, outliers.y).predict(outliers.Xtest));
    const squared = test(base);
    const huber = test({ ...base, loss: 'huber', epsilon: 1.35 });
    const insensitive = test({ ...base, loss: 'epsilonInsensitive', epsilon: 0.1 });
    expect(huber).toBeGreaterThan(0.95);
    expect(insensitive).toBeGreaterThan(0.95);
    expect(squared).toBeLessThan(0.5);
    // The same holds with the defaults ('auto' step, standardized features, constant schedule).
    const auto = (o: LinearRegressionOptions) => test({ solver: 'sgd', seed: 1, maxEpochs: 300, ...o });
    expect(auto({ loss: 'huber', epsilon: 1.35 })).toBeGreaterThan(auto({}) + 0.3);
  });
});

describe('L1 penalty against scikit-learn Lasso', () => {
  // Lasso minimizes (1/(2n))·‖y − Xw − b‖² + alpha·‖w‖₁: twice that is linwasm's objective with l1 = 2·alpha.
  it.each(fixtures.lasso.map((c) => [c.alpha, c] as const))('alpha %s: exact zeros where Lasso has them', (_a, c) => {
    const { X, y } = diabetes;
    const lassoZeros = c.zeroIndices;
    const zerosOf = (coef: Float64Array) => Array.from(coef).flatMap((v, j) => (v === 0 ? [j] : []));
    for (const dtype of ['float64', 'float32'] as const) {
      // Batch GD with the cumulative penalty converges to the Lasso solution itself.
      const batch = new LinearRegression({
        solver: 'batch',
        l1: 2 * c.alpha,
        standardize: false,
        maxEpochs: 20000,
        tolerance: 1e-12,
        patience: 20,
        dtype,
      }).fit(X, y);
      expect(zerosOf(batch.coef)).toEqual(lassoZeros);
      expect(Math.abs(batch.score(X, y) - c.r2)).toBeLessThan(1e-3);
    }
    if (c.alpha >= 0.5) {
      // SGD gets there too when the penalty is clear-cut (at alpha 0.1 the collinear s1/s2 pair
      // makes which of them is zero a matter of the row order).
      const sgd = new LinearRegression({
        solver: 'sgd',
        schedule: 'invscaling',
        learningRate: 0.05,
        l1: 2 * c.alpha,
        standardize: false,
        maxEpochs: 1000,
        tolerance: null,
        seed: 3,
      }).fit(X, y);
      expect(zerosOf(sgd.coef)).toEqual(lassoZeros);
      expect(Math.abs(sgd.score(X, y) - c.r2)).toBeLessThan(0.01);
    }
  });
});

it('the fixtures are what the script says they are', () => {
  expect(fixtures.generatedBy).toBe('scripts/sklearn_sgd_fixtures.py');
  expect(fixtures.datasets.diabetes.nSamples).toBe(diabetes.X.length);
});

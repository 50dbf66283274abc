// ridgeCV against scikit-learn's RidgeCV(alphas = l2s·n): the chosen penalty, the coefficients and
// every candidate's score, for leave-one-out (scikit-learn's efficient GCV, in its 'svd' mode for
// tall data and 'eigen' mode for wide data) and k folds, with and without an intercept and
// standardization (make_pipeline(StandardScaler(), RidgeCV(…))), for its default scoring and others
// (scripts/sklearn_selection_fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { init, LinearRegression, ridgeCV } from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };
import { flat, relDiff } from './helpers.js';

beforeAll(async () => {
  await init();
});

const datasets = fixtures.datasets as Record<string, { X: number[][]; y: number[] }>;

describe('ridgeCV equals RidgeCV', () => {
  it.each(
    fixtures.ridgeCV.map(
      (c) =>
        [
          `${c.dataset} cv=${c.cv} ${c.scoring} fitIntercept=${c.fitIntercept} standardize=${c.standardize}`,
          c,
        ] as const,
    ),
  )('%s', (_label, c) => {
    const { X, y } = datasets[c.dataset];
    const r = ridgeCV(X, y, {
      l2s: c.l2s,
      cv: c.cv as 'loo' | number,
      scoring: c.scoring as 'mse',
      fitIntercept: c.fitIntercept,
      standardize: c.standardize,
    });
    expect(r.l2).toBe(c.l2s[c.alphas.indexOf(c.alpha)]);
    expect(Math.abs(r.l2 - c.l2)).toBeLessThanOrEqual(1e-15 * c.l2);
    expect(r.scoring).toBe(c.scoring);
    expect(r.scores).toHaveLength(c.l2s.length);
    // RidgeCV's GCV: mean squared LOO errors (cv_values_), or the scoring of the LOO predictions.
    expect(relDiff(r.scores, c.scores)).toBeLessThan(1e-9);
    expect(relDiff(r.model.coef, c.coef)).toBeLessThan(1e-8);
    expect(Math.abs(r.model.intercept - c.intercept)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(c.intercept)));
    expect(r.model.options).toMatchObject({
      solver: 'exact',
      l2: r.l2,
      fitIntercept: c.fitIntercept,
      standardize: c.standardize,
    });
  });
});

describe('ridgeCV', () => {
  const { X, y } = datasets.correlated;

  it('the model is the exact solver with the chosen l2 on all rows', () => {
    const r = ridgeCV(X, y, { l2s: [1e-3, 1e-2, 0.1] });
    const direct = new LinearRegression({ solver: 'exact', l2: r.l2 }).fit(X, y);
    expect(Array.from(r.model.coef)).toEqual(Array.from(direct.coef));
  });

  it('a float32 matrix and float32 dtype give nearly the same scores', () => {
    const m = flat(X);
    const a = ridgeCV(X, y, { l2s: [1e-3, 0.1] });
    const b = ridgeCV({ data: Float32Array.from(m.data), rows: m.rows, cols: m.cols }, y, {
      l2s: [1e-3, 0.1],
      dtype: 'float32',
    });
    expect(relDiff(b.scores, a.scores)).toBeLessThan(1e-5);
    expect(b.model.options.dtype).toBe('float32');
  });

  it('default l2s: 10⁻⁶ … 10', () => {
    expect(ridgeCV(X, y).scores).toHaveLength(8);
  });

  it('bad input', () => {
    expect(() => ridgeCV(X, y, { l2s: [] })).toThrow(
      'ridgeCV: l2s must be a non-empty list of penalties > 0, got an array of length 0',
    );
    expect(() => ridgeCV(X, y, { l2s: [0.1, 0] })).toThrow('ridgeCV: l2s[1] must be a finite number > 0, got number 0');
    expect(() => ridgeCV(X, y, { l2s: [Number.NaN] })).toThrow(/l2s\[0\] must be a finite number > 0/);
    expect(() => ridgeCV(X, y, { cv: 1 })).toThrow(
      /cv must be 'loo' or a number of folds \(an integer ≥ 2\), got number 1/,
    );
    expect(() => ridgeCV(X, y, { cv: 'kfold' as 'loo' })).toThrow(/cv must be 'loo' or a number of folds/);
    expect(() => ridgeCV(X.slice(0, 3), y.slice(0, 3), { cv: 4 })).toThrow(
      /cv \(4 folds\) is more than the number of rows \(3\)/,
    );
    expect(() => ridgeCV([[1, 2]], [3])).toThrow(
      'ridgeCV needs at least 2 rows: every row is predicted by a fit without it',
    );
    expect(() => ridgeCV(X, y, { scoring: 'r3' as 'r2' })).toThrow(
      /ridgeCV: scoring must be one of 'r2', 'mse', 'rmse', 'mae'/,
    );
    expect(() => ridgeCV(X, y, { alphas: [1] } as never)).toThrow(/Unknown ridgeCV option 'alphas'/);
    expect(() => ridgeCV(X, y, { dtype: 'float16' as 'float32' })).toThrow(/Option dtype must be one of/);
    expect(() => ridgeCV(X, y.slice(2))).toThrow(/X has 150 rows but y has 148 values/);
  });
});

// crossValidate and searchGrid against scikit-learn: the exact solver's fold scores equal
// cross_val_score's (and Ridge(alpha = l2·nTrain) fold by fold for l2 > 0) to 1e-9, for every
// scoring; searchGrid's means, ranking and choice equal GridSearchCV's (scripts/sklearn_selection_
// fixtures.py). Plus what scikit-learn cannot check: gradient-descent candidates, divergence
// reported per candidate, and every bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { crossValidate, DivergenceError, init, LinearRegression, searchGrid } from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };
import { flat } from './helpers.js';

beforeAll(async () => {
  await init();
});

const datasets = fixtures.datasets as Record<string, { X: number[][]; y: number[] }>;
const { X, y } = datasets.correlated;

/** |a − b| ≤ 1e-9·max(1, |b|). */
function expectClose(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe('crossValidate equals cross_val_score', () => {
  it.each(
    fixtures.crossValidate.map(
      (c) =>
        [
          `${c.dataset} l2=${c.l2} fitIntercept=${c.fitIntercept} standardize=${c.standardize} folds=${c.folds} ${c.scoring}`,
          c,
        ] as const,
    ),
  )('%s', (_label, c) => {
    const data = datasets[c.dataset];
    const options = { solver: 'exact', l2: c.l2, fitIntercept: c.fitIntercept, standardize: c.standardize } as const;
    const cv = crossValidate(options, data.X, data.y, { folds: c.folds, scoring: c.scoring as 'r2' });
    // scikit-learn's error scorings are negated (neg_mean_squared_error …); linwasm's are the errors.
    const expected = c.sklearnScores.map((s) => s * c.sign);
    expect(cv.scores).toHaveLength(c.folds);
    cv.scores.forEach((s, k) => {
      expectClose(s, expected[k]);
    });
    const mean = expected.reduce((s, v) => s + v, 0) / expected.length;
    expectClose(cv.mean, mean);
    expectClose(cv.std, Math.sqrt(expected.reduce((s, v) => s + (v - mean) ** 2, 0) / expected.length));
    expect(cv.scoring).toBe(c.scoring);
  });
});

describe('crossValidate', () => {
  it('models and training scores on request; a typed matrix gives the same scores', () => {
    const cv = crossValidate({ solver: 'exact' }, X, y, { folds: 4, returnModels: true, returnTrainScores: true });
    expect(cv.models).toHaveLength(4);
    expect(cv.trainScores).toHaveLength(4);
    const model = cv.models?.[1] as LinearRegression;
    expect(model).toBeInstanceOf(LinearRegression);
    // Fold 2 of 4 holds out rows 38 … 75: the model was fitted on the others.
    const rows = X.map((_, i) => i).filter((i) => i < 38 || i >= 76);
    const direct = new LinearRegression({ solver: 'exact' }).fit(
      rows.map((i) => X[i]),
      rows.map((i) => y[i]),
    );
    expect(Array.from(model.coef)).toEqual(Array.from(direct.coef));
    expectClose(
      cv.trainScores?.[1] as number,
      direct.score(
        rows.map((i) => X[i]),
        rows.map((i) => y[i]),
      ),
      1e-12,
    );
    const typed = crossValidate({ solver: 'exact' }, flat(X), Float64Array.from(y), { folds: 4 });
    expect(typed.scores).toEqual(cv.scores);
    expect(crossValidate({ solver: 'exact' }, X, y).scores).toHaveLength(5);
  });

  it('gradient descent: reproducible with a seed; shuffled folds are seeded', () => {
    const o = { solver: 'minibatch', batchSize: 16, seed: 3, maxEpochs: 50 } as const;
    const a = crossValidate(o, X, y, { folds: 3, shuffle: true, seed: 11 });
    expect(crossValidate(o, X, y, { folds: 3, shuffle: true, seed: 11 }).scores).toEqual(a.scores);
    expect(crossValidate(o, X, y, { folds: 3, shuffle: true, seed: 12 }).scores).not.toEqual(a.scores);
    // Close to the exact solver's cross-validated R² on the same folds.
    const exact = crossValidate({ solver: 'exact' }, X, y, { folds: 3, shuffle: true, seed: 11 });
    expect(Math.abs(a.mean - exact.mean)).toBeLessThan(0.02);
  });

  it('a fold that diverges raises its DivergenceError, naming the fold', () => {
    expect(() =>
      crossValidate({ solver: 'batch', standardize: false, learningRate: 10, seed: 1 }, X, y, { folds: 3 }),
    ).toThrow(/^fold 1 of 3: Training diverged at epoch/);
    try {
      crossValidate({ solver: 'batch', standardize: false, learningRate: 10 }, X, y, { folds: 3 });
    } catch (e) {
      expect(e).toBeInstanceOf(DivergenceError);
    }
  });

  it('bad input', () => {
    expect(() => crossValidate({ solver: 'exact' }, X, y, { folds: 1 })).toThrow(
      'crossValidate: folds must be an integer ≥ 2, got number 1',
    );
    expect(() => crossValidate({ solver: 'exact' }, X.slice(0, 4), y.slice(0, 4), { folds: 5 })).toThrow(
      'crossValidate: folds (5) is more than the number of rows (4): every fold needs at least one row',
    );
    expect(() => crossValidate({ solver: 'exact' }, X, y, { scoring: 'accuracy' as 'r2' })).toThrow(
      new RangeError(`crossValidate: scoring must be one of 'r2', 'mse', 'rmse', 'mae', got a string ("accuracy")`),
    );
    expect(() => crossValidate({ solver: 'exact' }, X, y, { fold: 3 } as never)).toThrow(
      /Unknown crossValidate option 'fold' \(did you mean 'folds'\?\)/,
    );
    expect(() => crossValidate({ solver: 'exact', l2: -1 }, X, y)).toThrow(/Option l2 must be a finite number ≥ 0/);
    expect(() => crossValidate({ solver: 'exact' }, X, y.slice(1))).toThrow(/X has 150 rows but y has 149 values/);
    expect(() => crossValidate({ solver: 'exact' }, X, y, { shuffle: true, seed: 2 ** 32 })).toThrow(
      /crossValidate: seed must be an integer from 0 to 4294967295/,
    );
    const bad = X.map((r) => r.slice());
    bad[77][2] = Number.POSITIVE_INFINITY;
    expect(() => crossValidate({ solver: 'exact' }, flat(bad), y)).toThrow(
      /X\[77\]\[2\] \(row 77, column 2\) is Infinity/,
    );
  });
});

describe('searchGrid equals GridSearchCV', () => {
  it.each(fixtures.searchGrid.map((c) => [c.kind, c.scoring, c] as const))('grid over %s, %s', (kind, scoring, c) => {
    const grid =
      kind === 'l2'
        ? { l2: c.candidates.map((k) => (k as { l2: number }).l2) }
        : { fitIntercept: [true, false], standardize: [true, false] };
    const base = { solver: 'exact' } as const;
    const s = searchGrid(base, grid, X, y, { folds: 5, scoring: scoring as 'r2' });
    expect(s.results).toHaveLength(c.candidates.length);
    const expected = c.candidates.map((k) => k.sklearnMean * c.sign);
    for (const r of s.results) {
      const i = c.candidates.findIndex((k) =>
        Object.entries(r.params).every(([name, v]) => (k as Record<string, unknown>)[name] === v),
      );
      expect(i).toBeGreaterThanOrEqual(0);
      expectClose(r.mean, expected[i]);
      expect(r.error).toBeNull();
    }
    const better = (a: number, b: number) => (scoring === 'r2' ? a > b : a < b);
    const bestExpected = expected.reduce((b, v, i) => (better(v, expected[b]) ? i : b), 0);
    expectClose(s.bestScore, expected[bestExpected]);
    if (kind === 'l2') {
      expect(s.best?.l2).toBe((c.candidates[bestExpected] as { l2: number }).l2);
    } else {
      // With an intercept, standardizing does not change OLS predictions: those candidates tie, and
      // either may win by rounding. The winner's scikit-learn mean must be the best one.
      const chosen = c.candidates.findIndex(
        (k) =>
          (k as { fitIntercept: boolean }).fitIntercept === s.best?.fitIntercept &&
          (k as { standardize: boolean }).standardize === s.best?.standardize,
      );
      expectClose(expected[chosen], expected[bestExpected]);
    }
    expect(s.results[s.bestIndex].rank).toBe(1);
    expect(s.model).toBeInstanceOf(LinearRegression);
    expect(s.model?.options.l2).toBe(s.best?.l2 ?? 0);
  });

  it("candidates in scikit-learn's ParameterGrid order: names sorted, the last varying fastest", () => {
    const s = searchGrid({ solver: 'exact' }, { standardize: [true, false], l2: [0, 0.1] }, X, y, { refit: false });
    expect(s.results.map((r) => r.params)).toEqual([
      { l2: 0, standardize: true },
      { l2: 0, standardize: false },
      { l2: 0.1, standardize: true },
      { l2: 0.1, standardize: false },
    ]);
    expect(s.model).toBeNull();
  });
});

describe('searchGrid', () => {
  it('compares learning rates and batch sizes; a diverging candidate is reported, not fatal', () => {
    const base = { solver: 'minibatch', maxEpochs: 30 } as const;
    const s = searchGrid(base, { learningRate: [0.003, 0.03, 50], batchSize: [8, 32] }, X, y, {
      folds: 3,
      scoring: 'mse',
    });
    expect(s.results).toHaveLength(6);
    const diverged = s.results.filter((r) => r.error !== null);
    expect(diverged.map((r) => r.params.learningRate)).toEqual([50, 50]);
    for (const r of diverged) {
      expect(r.error).toBeInstanceOf(DivergenceError);
      expect(r.error?.message).toMatch(/^fold 1 of 3: Training diverged/);
      expect(r.mean).toBeNaN();
      expect(r.rank).toBeNull();
    }
    const ok = s.results.filter((r) => r.error === null);
    const best = ok.reduce((b, r) => (r.mean < b.mean ? r : b));
    expect(s.best).toEqual(best.options);
    expect(s.bestScore).toBe(best.mean);
    // One seed drawn for the whole search, shared by every candidate.
    expect(new Set(s.results.map((r) => r.options.seed)).size).toBe(1);
    // Each candidate's mean is its own crossValidate.
    const again = crossValidate(best.options, X, y, { folds: 3, scoring: 'mse' });
    expect(again.scores).toEqual(best.scores);
  });

  it('a list of grids searches each; alpha and l1Ratio work from the grid', () => {
    const s = searchGrid({ solver: 'sgd', seed: 1, maxEpochs: 20 }, [{ alpha: [1e-4, 1e-2] }, { l2: [0.01] }], X, y, {
      folds: 3,
      refit: false,
    });
    expect(s.results.map((r) => r.params)).toEqual([{ alpha: 1e-4 }, { alpha: 1e-2 }, { l2: 0.01 }]);
    expect(s.results.every((r) => r.error === null)).toBe(true);
  });

  it('every candidate failing gives best null', () => {
    const s = searchGrid({ solver: 'batch', standardize: false }, { learningRate: [10, 20] }, X, y, { folds: 2 });
    expect(s.best).toBeNull();
    expect(s.bestScore).toBeNaN();
    expect(s.bestIndex).toBe(-1);
    expect(s.model).toBeNull();
    expect(s.refitError).toBeNull();
  });

  it('bad input: the estimator names the option, before anything is fitted', () => {
    const base = { solver: 'minibatch' } as const;
    expect(() => searchGrid(base, { learningRate: [0.01, -1] }, X, y)).toThrow(
      new RangeError(
        `searchGrid: candidate {"learningRate":-1}: Option learningRate must be a positive number or 'auto', got number -1`,
      ),
    );
    expect(() => searchGrid(base, { lerningRate: [0.1] } as never, X, y)).toThrow(
      /searchGrid: candidate \{"lerningRate":0.1\}: Unknown LinearRegression option 'lerningRate' \(did you mean 'learningRate'\?\)/,
    );
    expect(() => searchGrid(base, {}, X, y)).toThrow('searchGrid: grid is empty: give at least one option to vary');
    expect(() => searchGrid(base, [], X, y)).toThrow('searchGrid: the grid is empty');
    expect(() => searchGrid(base, { l2: [] }, X, y)).toThrow('searchGrid: grid: l2 has no values to try');
    expect(() => searchGrid(base, { l2: 0.1 } as never, X, y)).toThrow(/l2 must be a list of values to try/);
    expect(() => searchGrid(base, { l2: [0.1] }, X, y, { scoring: 'neg_mse' as 'mse' })).toThrow(
      /scoring must be one of/,
    );
    expect(() => searchGrid(base, { l2: [0.1] }, X, y, { folds: 151 })).toThrow(
      /folds \(151\) is more than the number of rows/,
    );
    expect(() => searchGrid(base, { batchSize: [16, 1000] }, X, y)).toThrow(
      /searchGrid: candidate \{"batchSize":1000\}: fold 1 of 5: Option batchSize \(1000\) is larger than the number of training rows \(120\)/,
    );
  });
});

// learningCurve and validationCurve against scikit-learn's learning_curve and validation_curve
// (and, for l2, Ridge(alpha = l2·nTrain) fold by fold): sizes, training and validation scores of
// every point and fold (scripts/sklearn_selection_fixtures.py). A point that diverges is reported
// with NaN scores and its error.
import { beforeAll, describe, expect, it } from 'vitest';
import { DivergenceError, init, learningCurve, validationCurve } from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };

beforeAll(async () => {
  await init();
});

const { X, y } = fixtures.datasets.correlated;

function expectScores(got: number[][], expected: number[][], sign: number): void {
  expect(got).toHaveLength(expected.length);
  got.forEach((row, i) => {
    expect(row).toHaveLength(expected[i].length);
    row.forEach((v, k) => {
      const e = expected[i][k] * sign;
      expect(Math.abs(v - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
    });
  });
}

describe('learningCurve equals learning_curve', () => {
  it.each(
    fixtures.learningCurve.map(
      (c) => [`sizes ${JSON.stringify(c.sizes)} ${c.scoring} standardize=${c.standardize}`, c] as const,
    ),
  )('%s', (_label, c) => {
    const curve = learningCurve({ solver: 'exact', standardize: c.standardize }, X, y, {
      sizes: c.sizes,
      folds: 5,
      scoring: c.scoring as 'r2',
    });
    expect(curve.sizes).toEqual(c.absoluteSizes);
    expectScores(curve.trainScores, c.sklearnTrain, c.sign);
    expectScores(curve.validationScores, c.sklearnValidation, c.sign);
    curve.validationMean.forEach((m, i) => {
      const row = c.sklearnValidation[i].map((v) => v * c.sign);
      expect(Math.abs(m - row.reduce((s, v) => s + v, 0) / row.length)).toBeLessThan(1e-9 * Math.max(1, Math.abs(m)));
    });
    expect(curve.errors.every((e) => e === null)).toBe(true);
  });
});

describe('validationCurve equals validation_curve', () => {
  it.each(fixtures.validationCurve.map((c) => [c.param, c.scoring, c] as const))('%s, %s', (param, scoring, c) => {
    const curve = validationCurve({ solver: 'exact', standardize: param === 'l2' }, X, y, {
      param: param as 'l2',
      values: c.values,
      folds: 5,
      scoring: scoring as 'r2',
    });
    expect(curve.param).toBe(param);
    expect(curve.values).toEqual(c.values);
    expectScores(curve.trainScores, c.sklearnTrain, c.sign);
    expectScores(curve.validationScores, c.sklearnValidation, c.sign);
  });
});

describe('curves', () => {
  it("default sizes are scikit-learn's linspace(0.1, 1, 5) of the first fold's training rows", () => {
    const curve = learningCurve({ solver: 'exact' }, X, y);
    expect(curve.sizes).toEqual([12, 39, 66, 93, 120]);
    expect(curve.trainMean.every((v) => v > 0 && v <= 1)).toBe(true);
  });

  it('a learning rate that diverges gets NaN scores and its error; the others are scored', () => {
    const curve = validationCurve({ solver: 'sgd', seed: 4, maxEpochs: 20 }, X, y, {
      param: 'learningRate',
      values: [0.001, 0.01, 100],
      folds: 3,
    });
    expect(curve.errors[0]).toBeNull();
    expect(curve.errors[1]).toBeNull();
    expect(curve.errors[2]).toBeInstanceOf(DivergenceError);
    expect(curve.errors[2]?.message).toMatch(/^fold 1 of 3: Training diverged/);
    expect(curve.validationScores[2].every(Number.isNaN)).toBe(true);
    expect(curve.validationMean[2]).toBeNaN();
    expect(curve.validationMean[1]).toBeGreaterThan(0.3);
  });

  it('bad input', () => {
    const o = { solver: 'exact' } as const;
    expect(() => learningCurve(o, X, y, { sizes: [] })).toThrow(
      'learningCurve: sizes must be a non-empty list of numbers, got an array of length 0',
    );
    expect(() => learningCurve(o, X, y, { sizes: [0.5, 0] })).toThrow(
      'learningCurve: sizes[1] must be a number > 0, got number 0',
    );
    expect(() => learningCurve(o, X, y, { sizes: [0.5, 30] })).toThrow(
      /sizes\[0\] is 0.5: sizes are fractions in \(0, 1\] when all are ≤ 1/,
    );
    expect(() => learningCurve(o, X, y, { sizes: [10, 121] })).toThrow(
      /sizes\[1\] is 121: .*largest training set \(120 rows/,
    );
    expect(() => learningCurve(o, X, y, { folds: 151 })).toThrow(
      /learningCurve: folds \(151\) is more than the number of rows/,
    );
    expect(() => learningCurve(o, X, y, { scoring: 'R2' as 'r2' })).toThrow(/learningCurve: scoring must be one of/);
    expect(() => learningCurve(o, X, y, { size: [0.5] } as never)).toThrow(
      /Unknown learningCurve option 'size' \(did you mean 'sizes'\?\)/,
    );
    expect(() => validationCurve(o, X, y, { param: 'l3' as 'l2', values: [0.1] })).toThrow(
      /validationCurve: l3 = 0.1: Unknown LinearRegression option 'l3' \(did you mean 'l2'\?\)/,
    );
    expect(() => validationCurve(o, X, y, { param: 'l2', values: [0.1, -1] })).toThrow(
      'validationCurve: l2 = -1: Option l2 must be a finite number ≥ 0, got number -1',
    );
    expect(() => validationCurve(o, X, y, { param: 'l2', values: [] })).toThrow(
      /values must be a non-empty list of values of l2/,
    );
    expect(() => validationCurve(o, X, y, { param: 7 as unknown as 'l2', values: [1] })).toThrow(
      /param must be the name of an option/,
    );
    expect(() => validationCurve(o, X, y, { param: 'l2', values: [0.1], folds: 0 })).toThrow(
      /folds must be an integer ≥ 2/,
    );
  });
});

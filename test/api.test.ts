// The public API's input forms, outputs and defaults.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, LinearRegression, meanAbsoluteError, meanSquaredError, r2Score } from '../src/index.js';
import { flat, leastSquares, relDiff, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const d = synthetic(400, 7, { seed: 13, noise: 0.5 });

describe('inputs', () => {
  it('number[][], a Float64Array matrix and typed rows give the same model', () => {
    const o = { solver: 'minibatch', seed: 2, maxEpochs: 20 } as const;
    const a = new LinearRegression(o).fit(d.X, d.y);
    const b = new LinearRegression(o).fit(flat(d.X), Float64Array.from(d.y));
    const c = new LinearRegression(o).fit(
      d.X.map((r) => Float64Array.from(r)),
      Float32Array.from(d.y).map((_, i) => d.y[i]),
    );
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(relDiff(c.coef, a.coef)).toBeLessThan(1e-6);
  });

  it('a Float32Array matrix is predicted in float32, anything else in float64', () => {
    const m = new LinearRegression({ solver: 'exact' }).fit(d.X, d.y);
    const X32 = { data: Float32Array.from(flat(d.X).data), rows: d.X.length, cols: 7 };
    const p64 = m.predict(d.X);
    const p32 = m.predict(X32);
    expect(p32).toBeInstanceOf(Float64Array);
    expect(relDiff(p32, p64)).toBeLessThan(1e-5);
    expect(relDiff(p32, p64)).toBeGreaterThan(0);
  });

  it('fit returns the model, for chaining', () => {
    const m = new LinearRegression({ solver: 'exact' });
    expect(m.fit(d.X, d.y)).toBe(m);
  });
});

describe('outputs', () => {
  it('predict is X·coef + intercept and score is R² (computed here independently)', () => {
    const m = new LinearRegression({ solver: 'exact' }).fit(d.X, d.y);
    const ref = leastSquares(d.X, d.y);
    const p = m.predict(d.X);
    for (let i = 0; i < d.X.length; i++) {
      expect(p[i]).toBeCloseTo(
        d.X[i].reduce((s, x, j) => s + x * ref.w[j], ref.b),
        9,
      );
    }
    const mean = d.y.reduce((s, v) => s + v, 0) / d.y.length;
    const ssTot = d.y.reduce((s, v) => s + (v - mean) ** 2, 0);
    const ssRes = d.y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0);
    expect(m.score(d.X, d.y)).toBeCloseTo(1 - ssRes / ssTot, 12);
  });

  it('coef and history are copies', () => {
    const m = new LinearRegression({ maxEpochs: 10 }).fit(d.X, d.y);
    m.coef[0] = 1e9;
    m.history[0] = -1;
    expect(m.coef[0]).not.toBe(1e9);
    expect(m.history[0]).not.toBe(-1);
  });

  it('fitIntercept: false gives a model through the origin, also when standardizing', () => {
    for (const standardize of [true, false]) {
      const m = new LinearRegression({ solver: 'exact', fitIntercept: false, standardize }).fit(d.X, d.y);
      expect(m.intercept).toBe(0);
      expect(relDiff(m.coef, leastSquares(d.X, d.y, { fitIntercept: false }).w)).toBeLessThan(1e-9);
    }
  });

  it('history holds the training MSE of every epoch, decreasing for batch GD', () => {
    const m = new LinearRegression({ solver: 'batch', maxEpochs: 30, tolerance: null }).fit(d.X, d.y);
    expect(m.history).toHaveLength(30);
    for (let e = 1; e < 30; e++) expect(m.history[e]).toBeLessThanOrEqual(m.history[e - 1] * (1 + 1e-12));
    // Epoch 0 is the MSE at θ = 0: the mean of y².
    expect(m.history[0]).toBeCloseTo(d.y.reduce((s, v) => s + v * v, 0) / d.y.length, 9);
  });
});

describe('options', () => {
  it('has the documented defaults', () => {
    const { seed, ...rest } = new LinearRegression().options;
    expect(rest).toEqual({
      solver: 'batch',
      learningRate: 'auto',
      schedule: 'constant',
      powerT: 0.25,
      maxEpochs: 1000,
      batchSize: 32,
      tolerance: 1e-7,
      patience: 5,
      loss: 'squaredError',
      epsilon: 0.1,
      l2: 0,
      l1: 0,
      alpha: null,
      l1Ratio: null,
      optimizer: 'plain',
      momentum: 0.9,
      nesterov: false,
      beta1: 0.9,
      beta2: 0.999,
      adamEpsilon: 1e-8,
      average: false,
      validationFraction: 0,
      warmStart: false,
      fitIntercept: true,
      standardize: true,
      dtype: 'float64',
      shuffle: true,
      threads: 'auto',
    });
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThanOrEqual(0xffffffff);
  });

  it('are frozen', () => {
    const m = new LinearRegression();
    expect(() => {
      (m.options as { l2: number }).l2 = 1;
    }).toThrow(TypeError);
  });
});

describe('metrics', () => {
  it('r2Score, meanSquaredError and meanAbsoluteError follow scikit-learn', () => {
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2Score([5, 5, 5], [5, 5, 5])).toBe(1);
    expect(r2Score([5, 5, 5], [4, 5, 5])).toBe(0);
    expect(r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBeCloseTo(0.9486081370449679, 14); // sklearn docs
    expect(meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.375); // sklearn docs
    expect(meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.5); // sklearn docs
  });
});

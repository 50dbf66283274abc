// The bundled diabetes data: the unscaled measurements train well with standardize: true and
// diverge, with a helpful error, without it.
import { beforeAll, describe, expect, it } from 'vitest';
import { DivergenceError, init, LinearRegression } from '../src/index.js';
import fixtures from './fixtures/sklearn_diabetes.json' with { type: 'json' };
import { loadCsv } from './node-helpers.js';

beforeAll(async () => {
  await init();
});

const raw = loadCsv('diabetes_raw');
// scikit-learn's LinearRegression R² on the same data (an independent reference).
const bestR2 = fixtures.cases.find(
  (c) => c.dataset === 'diabetes_raw' && c.l2 === 0 && c.fitIntercept && !c.standardize,
)!.r2;

describe('diabetes_raw.csv (features differ in scale by orders of magnitude)', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`batch GD with standardize: true reaches scikit-learn's R² (${dtype})`, () => {
      const m = new LinearRegression({ solver: 'batch', dtype, maxEpochs: 20_000, tolerance: 1e-10 }).fit(raw.X, raw.y);
      expect(m.score(raw.X, raw.y)).toBeGreaterThan(bestR2 - 1e-4);
    });

    it(`mini-batch and SGD with standardize: true train well (${dtype})`, () => {
      for (const solver of ['minibatch', 'sgd'] as const) {
        const m = new LinearRegression({
          solver,
          dtype,
          seed: 1,
          learningRate: solver === 'sgd' ? 0.001 : 0.01,
          maxEpochs: 200,
        }).fit(raw.X, raw.y);
        expect(m.score(raw.X, raw.y)).toBeGreaterThan(bestR2 - 0.01);
      }
    });
  }

  it('batch GD without standardization and a large step raises DivergenceError', () => {
    const m = new LinearRegression({ solver: 'batch', standardize: false, learningRate: 0.01 });
    let error: unknown;
    try {
      m.fit(raw.X, raw.y);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.epoch).toBeGreaterThan(1);
    expect(d.epoch).toBeLessThan(1000);
    expect(d.message).toMatch(/diverged at epoch \d+/);
    expect(d.message).toMatch(/standardize: true/);
    expect(d.message).toMatch(/learning rate/i);
    expect(d.learningRate).toBe(0.01);
    // The suggestion is the rate 'auto' would pick, far below the one that diverged.
    expect(d.suggestedLearningRate).toBeLessThan(0.01 / 100);
    expect(d.history.length).toBe(d.epoch);
    const last = d.history[d.epoch - 1];
    expect(!Number.isFinite(last) || last > 1e4 * d.history[0]).toBe(true);
    // The model kept no NaN coefficients: it is still unfitted.
    expect(m.isFitted).toBe(false);
  });

  it('a failed fit leaves the previous fit in place', () => {
    const scaled = loadCsv('diabetes');
    const m = new LinearRegression({ solver: 'batch', standardize: false, learningRate: 0.01, maxEpochs: 50 });
    m.fit(scaled.X, scaled.y);
    const coef = m.coef;
    const intercept = m.intercept;
    const predictions = m.predict(scaled.X);
    // The same step on the unscaled measurements diverges.
    expect(() => m.fit(raw.X, raw.y)).toThrow(DivergenceError);
    expect(Array.from(m.coef)).toEqual(Array.from(coef));
    expect(m.intercept).toBe(intercept);
    expect(m.epochs).toBe(50);
    expect(Array.from(m.predict(scaled.X))).toEqual(Array.from(predictions));
  });

  it("'auto' stays stable even without standardization", () => {
    const m = new LinearRegression({ solver: 'batch', standardize: false, maxEpochs: 200 }).fit(raw.X, raw.y);
    expect(Array.from(m.coef).every(Number.isFinite)).toBe(true);
    expect(m.history[199]).toBeLessThan(m.history[0]);
  });
});

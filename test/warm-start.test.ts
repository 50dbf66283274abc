// warmStart: fit() continues from the previous model and its training state (weights, schedule
// step, optimizer moments, L1 ledger, average, PRNG). With the stopping rule off, two fits of 5
// epochs must be the same computation as one fit of 10: bit for bit, checked with Object.is.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import { objective, relDiff, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const ENGINES = [
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const;
const DTYPES = ['float64', 'float32'] as const;

type Model = { coef: Float64Array; intercept: number; history: Float64Array };

/** Every coefficient, the intercept and the history the same to the bit. */
function expectIdentical(a: Model, b: Model): void {
  expect(a.coef.length).toBe(b.coef.length);
  const sameCoef = Array.from(a.coef).every((v, j) => Object.is(v, b.coef[j]));
  if (!sameCoef) expect(Array.from(a.coef)).toEqual(Array.from(b.coef)); // shows the difference
  expect(sameCoef).toBe(true);
  expect(Object.is(a.intercept, b.intercept)).toBe(true);
}

const data = synthetic(200, 5, { seed: 3, noise: 0.5, scale: [1, 4, 0.5, 2, 1], shift: [1, 0, -2, 3, 0] });

// The brief's configurations: the plain fast path and the general trainer's state pieces.
const CONFIGS: [string, LinearRegressionOptions][] = [
  ['sgd, default options (plain fast path)', { solver: 'sgd' }],
  ["sgd, schedule 'invscaling'", { solver: 'sgd', schedule: 'invscaling' }],
  ["minibatch, optimizer 'adam'", { solver: 'minibatch', optimizer: 'adam' }],
  ['sgd, l1 > 0', { solver: 'sgd', l1: 0.01 }],
  ['sgd, average: true', { solver: 'sgd', average: true }],
];
// More state without a shuffle in play.
const MORE: [string, LinearRegressionOptions][] = [
  ['batch (plain fast path)', { solver: 'batch' }],
  ['minibatch, nesterov momentum', { solver: 'minibatch', optimizer: 'momentum', nesterov: true }],
  ["sgd, huber, schedule 'adaptive'", { solver: 'sgd', loss: 'huber', schedule: 'adaptive' }],
];

describe.each(ENGINES)('%s', (_name, Engine) => {
  /** Model A: 5 epochs then 5 more with warmStart; model B: 10 epochs from scratch. */
  function twoFits(options: LinearRegressionOptions) {
    const base = { seed: 7, tolerance: null, ...options };
    const a = new Engine({ ...base, maxEpochs: 5, warmStart: true });
    a.fit(data.X, data.y);
    a.fit(data.X, data.y);
    const b = new Engine({ ...base, maxEpochs: 10 }).fit(data.X, data.y);
    const cold = new Engine({ ...base, maxEpochs: 5 }).fit(data.X, data.y);
    return { a, b, cold };
  }

  describe.each(DTYPES)('%s', (dtype) => {
    // Each epoch's order is a function of the PRNG state alone, and the state carries the PRNG.
    it.each(CONFIGS)('%s, shuffle on: 5 + 5 warm-started epochs equal 10 epochs', (_label, options) => {
      const { a, b } = twoFits({ ...options, dtype, shuffle: true });
      expectIdentical(a, b);
    });

    it.each([...CONFIGS, ...MORE])('%s, shuffle off: 5 + 5 warm-started epochs equal 10 epochs', (_label, options) => {
      const { a, b, cold } = twoFits({ ...options, dtype, shuffle: false });
      expectIdentical(a, b);
      // The second fit's history is epochs 6 … 10 of the single run, not a restart's 1 … 5.
      expect(a.epochs).toBe(5);
      expect(Array.from(a.history)).toEqual(Array.from(b.history.subarray(5)));
      expect(a.history[0]).toBeLessThan(cold.history[0]);
    });

    it.each(CONFIGS)('%s: warmStart on an unfitted model is a cold start', (_label, options) => {
      const o = { ...options, dtype, seed: 11, maxEpochs: 6, tolerance: null };
      const warm = new Engine({ ...o, warmStart: true }).fit(data.X, data.y);
      const cold = new Engine({ ...o, warmStart: false }).fit(data.X, data.y);
      expectIdentical(warm, cold);
      expect(Array.from(warm.history)).toEqual(Array.from(cold.history));
    });
  });

  it('without warmStart a second fit starts over', () => {
    const o = { solver: 'sgd', seed: 7, tolerance: null, maxEpochs: 5 } as const;
    const m = new Engine(o).fit(data.X, data.y);
    const first = m.coef;
    expectIdentical(m.fit(data.X, data.y), { coef: first, intercept: m.intercept, history: m.history });
    const ten = new Engine({ ...o, maxEpochs: 10 }).fit(data.X, data.y);
    expect(Array.from(m.coef)).not.toEqual(Array.from(ten.coef));
  });

  describe('through toJSON / fromJSON', () => {
    const roundTrip = (options: LinearRegressionOptions, To: typeof Engine = Engine) => {
      const base = { seed: 9, tolerance: null, ...options };
      const first = new Engine({ ...base, maxEpochs: 5, warmStart: true }).fit(data.X, data.y);
      const loaded = (To as typeof LinearRegression).fromJSON(JSON.parse(JSON.stringify(first)));
      expect(loaded.options.warmStart).toBe(true);
      loaded.fit(data.X, data.y);
      const ten = new Engine({ ...base, maxEpochs: 10 }).fit(data.X, data.y);
      return { loaded, ten };
    };

    it.each([...CONFIGS, ...MORE])('%s, shuffle off: continues bit for bit', (_label, options) => {
      for (const dtype of DTYPES) {
        const { loaded, ten } = roundTrip({ ...options, dtype, shuffle: false });
        expectIdentical(loaded, ten);
      }
    });

    // The general trainer's twins agree bit for bit, so a document moves between engines mid-run.
    // (The plain fast-path trainers agree only to rounding between engines: see the next test.)
    it.each(CONFIGS.slice(1))('%s, shuffle off: continues bit for bit in the other engine', (_label, options) => {
      const Other = Engine === LinearRegression ? BaselineLinearRegression : LinearRegression;
      for (const dtype of DTYPES) {
        const { loaded, ten } = roundTrip({ ...options, dtype, shuffle: false }, Other as typeof Engine);
        expectIdentical(loaded, ten);
      }
    });

    it('plain sgd, shuffle off: continues in the other engine to rounding', () => {
      const Other = Engine === LinearRegression ? BaselineLinearRegression : LinearRegression;
      for (const dtype of DTYPES) {
        const { loaded, ten } = roundTrip({ solver: 'sgd', dtype, shuffle: false }, Other as typeof Engine);
        expect(relDiff(loaded.coef, ten.coef)).toBeLessThan(dtype === 'float64' ? 1e-12 : 1e-5);
        expect(Math.abs(loaded.intercept - ten.intercept)).toBeLessThan(dtype === 'float64' ? 1e-12 : 1e-5);
      }
    });

    it.each(CONFIGS)('%s, shuffle on: continues bit for bit', (_label, options) => {
      const { loaded, ten } = roundTrip({ ...options, shuffle: true });
      expectIdentical(loaded, ten);
    });
  });

  describe('on other data', () => {
    const all = synthetic(400, 4, { seed: 8, noise: 0.3, scale: [1, 3, 0.5, 2], shift: [2, -1, 0, 5] });
    const first = { X: all.X.slice(0, 200), y: all.y.slice(0, 200) };
    const second = { X: all.X.slice(200), y: all.y.slice(200) };
    const meanSquare = second.y.reduce((s, v) => s + v * v, 0) / second.y.length;

    for (const standardize of [true, false]) {
      it(`batch: the first epoch starts from the previous coefficients (standardize=${standardize})`, () => {
        // Batch GD reports each epoch's loss at the weights it started from.
        const o = { solver: 'batch', standardize, maxEpochs: 3000 } as const;
        const warm = new Engine({ ...o, warmStart: true }).fit(first.X, first.y);
        const before = { coef: warm.coef, intercept: warm.intercept };
        warm.fit(second.X, second.y);
        const cold = new Engine(o).fit(second.X, second.y);
        const start = objective(second.X, second.y, before.coef, before.intercept);
        expect(Math.abs(warm.history[0] - start) / start).toBeLessThan(1e-9);
        expect(Math.abs(cold.history[0] - meanSquare) / meanSquare).toBeLessThan(1e-9);
        expect(warm.history[0]).toBeLessThan(cold.history[0] / 50);
      });
    }

    it.each(CONFIGS)('%s: the first epoch loss is far below a cold start', (_label, options) => {
      // Adam's 'auto' step (0.001) moves too little in 40 epochs to tell: a larger one.
      const o = {
        learningRate: options.optimizer === 'adam' ? 0.02 : undefined,
        ...options,
        seed: 4,
        maxEpochs: 40,
        tolerance: null,
      };
      const warm = new Engine({ ...o, warmStart: true }).fit(first.X, first.y).fit(second.X, second.y);
      const cold = new Engine(o).fit(second.X, second.y);
      expect(warm.history[0]).toBeLessThan(cold.history[0] / 5);
      // Near the noise floor (noise 0.3: a mean squared error of about 0.09).
      expect(warm.history[0]).toBeLessThan(0.2);
    });
  });

  describe('errors', () => {
    it('another number of features → RangeError naming features; the model is unchanged', () => {
      const m = new Engine({ solver: 'sgd', seed: 1, maxEpochs: 5, warmStart: true }).fit(data.X, data.y);
      const coef = m.coef;
      const intercept = m.intercept;
      const fewer = data.X.map((row) => row.slice(0, 3));
      let error: unknown;
      try {
        m.fit(fewer, data.y);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(
        /X has 3 features \(columns\), but warmStart continues a model fitted with 5/,
      );
      expectIdentical(m, { coef, intercept, history: m.history });
      expect(m.nFeatures).toBe(5);
      // Without warmStart another width is simply a new fit.
      expect(new Engine({ solver: 'sgd', maxEpochs: 5 }).fit(data.X, data.y).fit(fewer, data.y).nFeatures).toBe(3);
    });
  });
});

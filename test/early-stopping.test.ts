// validationFraction: ⌈fraction·n⌉ rows are held out, their loss is recorded after every epoch
// (validationHistory), the stopping rule watches it, and the model of the best epoch (bestEpoch,
// 1-based: the first epoch with the lowest validation loss) is the one returned.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { type EpochInfo, init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import { synthetic } from './helpers.js';
import { loadCsv } from './node-helpers.js';

beforeAll(async () => {
  await init();
});

const ENGINES = [
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const;
const DTYPES = ['float64', 'float32'] as const;

// Few rows, many features, much noise: SGD with a constant step bounces around on the held-out rows.
const noisy = synthetic(150, 12, { seed: 5, noise: 2 });

/** 1 + the first index of the minimum. */
function argmin1(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
  return best + 1;
}

const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, j) => Object.is(v, b[j]));

describe.each(ENGINES)('%s', (_name, Model) => {
  describe.each(DTYPES)('%s', (dtype) => {
    const configs: [string, LinearRegressionOptions][] = [
      ['sgd, constant auto step', { solver: 'sgd' }],
      ['sgd, constant step 0.02', { solver: 'sgd', learningRate: 0.02 }],
      ['minibatch, constant step 0.05', { solver: 'minibatch', batchSize: 8, learningRate: 0.05 }],
    ];

    it.each(configs)('%s: stops on the held-out loss and returns the best epoch', (_label, options) => {
      const o = { ...options, dtype, seed: 2, validationFraction: 0.2, maxEpochs: 500 };
      const m = new Model(o).fit(noisy.X, noisy.y);
      const v = m.validationHistory;
      expect(v.length).toBe(m.epochs);
      expect(m.history.length).toBe(m.epochs);
      expect(v.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
      expect(m.bestEpoch).toBe(argmin1(v));
      // Stopped early, because the held-out loss stalled: `patience` (5) epochs after its best.
      expect(m.converged).toBe(true);
      expect(m.epochs).toBeLessThan(500);
      expect(m.epochs).toBe((m.bestEpoch as number) + 5);

      // The returned model is the best epoch's: the same run stopped right there gives the same bits.
      const best = m.bestEpoch as number;
      const there = new Model({ ...o, maxEpochs: best, tolerance: null }).fit(noisy.X, noisy.y);
      expect(sameBits(m.coef, there.coef)).toBe(true);
      expect(Object.is(m.intercept, there.intercept)).toBe(true);
      expect(there.bestEpoch).toBe(best);
      expect(there.converged).toBe(false);
      // … and that epoch's model differs from the one before it (the comparison can fail).
      if (best > 1) {
        const before = new Model({ ...o, maxEpochs: best - 1, tolerance: null }).fit(noisy.X, noisy.y);
        expect(sameBits(m.coef, before.coef)).toBe(false);
      }
    });

    it('the stopping rule watches the held-out loss: patience sets how long after the best it stops', () => {
      const o = { solver: 'sgd', dtype, seed: 2, validationFraction: 0.2, maxEpochs: 500 } as const;
      for (const patience of [2, 3, 8]) {
        const m = new Model({ ...o, patience }).fit(noisy.X, noisy.y);
        expect(m.bestEpoch).toBe(argmin1(m.validationHistory));
        expect(m.epochs).toBe((m.bestEpoch as number) + patience);
        expect(m.converged).toBe(true);
      }
    });

    it('with tolerance null it runs every epoch and still returns the best', () => {
      const o = { solver: 'sgd', dtype, seed: 3, validationFraction: 0.2, tolerance: null } as const;
      const m = new Model({ ...o, maxEpochs: 40 }).fit(noisy.X, noisy.y);
      expect(m.epochs).toBe(40);
      expect(m.converged).toBe(false);
      expect(m.validationHistory.length).toBe(40);
      const best = argmin1(m.validationHistory);
      expect(m.bestEpoch).toBe(best);
      expect(best).toBeLessThan(40); // else the check below is the trivial one
      const there = new Model({ ...o, maxEpochs: best }).fit(noisy.X, noisy.y);
      expect(sameBits(m.coef, there.coef)).toBe(true);
      // The first `best` entries of the record are the same run's.
      expect(Array.from(there.validationHistory)).toEqual(Array.from(m.validationHistory.subarray(0, best)));
    });

    it('onEpoch receives the validation loss of each epoch', () => {
      for (const every of [1, 3]) {
        const calls: EpochInfo[] = [];
        const m = new Model({ solver: 'sgd', dtype, seed: 2, validationFraction: 0.2, maxEpochs: 500 }).fit(
          noisy.X,
          noisy.y,
          { onEpoch: (info) => void calls.push({ ...info }), every },
        );
        expect(calls.length).toBe(Math.ceil(m.epochs / every));
        expect(calls[calls.length - 1].epoch).toBe(m.epochs);
        for (const c of calls) {
          expect(c.validationLoss).toBe(m.validationHistory[c.epoch - 1]);
          expect(c.loss).toBe(m.history[c.epoch - 1]);
        }
      }
    });
  });

  it('without validationFraction: an empty record, bestEpoch null, no validationLoss', () => {
    for (const solver of ['batch', 'sgd', 'minibatch', 'exact'] as const) {
      const infos: EpochInfo[] = [];
      const m = new Model({ solver, seed: 1, maxEpochs: 10 }).fit(noisy.X, noisy.y, {
        onEpoch: (info) => void infos.push(info),
      });
      expect(m.validationHistory).toBeInstanceOf(Float64Array);
      expect(m.validationHistory.length).toBe(0);
      expect(m.bestEpoch).toBeNull();
      for (const info of infos) expect('validationLoss' in info).toBe(false);
    }
    // Also with the general trainer (a non-default option).
    const huber = new Model({ solver: 'sgd', loss: 'huber', seed: 1, maxEpochs: 10 }).fit(noisy.X, noisy.y);
    expect(huber.validationHistory.length).toBe(0);
    expect(huber.bestEpoch).toBeNull();
  });

  it('the held-out rows depend on the seed, and the same seed repeats the run', () => {
    const o = { solver: 'batch', validationFraction: 0.3, maxEpochs: 30, tolerance: null } as const;
    const a = new Model({ ...o, seed: 1 }).fit(noisy.X, noisy.y);
    const b = new Model({ ...o, seed: 1 }).fit(noisy.X, noisy.y);
    const c = new Model({ ...o, seed: 2 }).fit(noisy.X, noisy.y);
    expect(Array.from(b.validationHistory)).toEqual(Array.from(a.validationHistory));
    expect(a.validationHistory[29]).not.toBe(c.validationHistory[29]);
    // Batch GD has no other randomness: a different training loss means different training rows.
    expect(a.history[29]).not.toBe(c.history[29]);
  });

  describe('how many rows are held out: ⌈fraction·n⌉', () => {
    // 101 rows × 0.2 = 20.2 → 21 held out, 80 to train on (flooring would leave 81).
    const data = synthetic(101, 3, { seed: 7 });
    it('a batch of all the training rows fits; one more does not', () => {
      const o = { solver: 'minibatch', validationFraction: 0.2, seed: 1, maxEpochs: 3 } as const;
      expect(() => new Model({ ...o, batchSize: 80 }).fit(data.X, data.y)).not.toThrow();
      const m = new Model({ ...o, batchSize: 81 });
      expect(() => m.fit(data.X, data.y)).toThrow(RangeError);
      expect(() => m.fit(data.X, data.y)).toThrow(
        /batchSize \(81\) is larger than the number of training rows \(80, after holding out 21 for validation\)/,
      );
      expect(m.isFitted).toBe(false);
      // Without validation all 101 rows train.
      expect(() => new Model({ solver: 'minibatch', batchSize: 101, maxEpochs: 3 }).fit(data.X, data.y)).not.toThrow();
    });

    it('a fraction that leaves no training rows is a RangeError naming validationFraction', () => {
      const ten = synthetic(10, 2, { seed: 8 });
      // 0.91 × 10 = 9.1 → 10: none left.
      for (const fraction of [0.91, 0.95, 0.99]) {
        const m = new Model({ solver: 'sgd', validationFraction: fraction, seed: 1 });
        let error: unknown;
        try {
          m.fit(ten.X, ten.y);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toMatch(/validationFraction/);
        expect((error as Error).message).toMatch(/of 10 rows holds out 10, leaving none to train on/);
        expect(m.isFitted).toBe(false);
      }
      // 0.81 × 10 = 8.1 → 9: one row left, which SGD can train on, but not a batch of 2.
      const one = { validationFraction: 0.81, seed: 1, maxEpochs: 5 } as const;
      const m = new Model({ solver: 'sgd', ...one }).fit(ten.X, ten.y);
      expect(m.validationHistory.length).toBe(m.epochs);
      expect(() => new Model({ solver: 'minibatch', batchSize: 2, ...one }).fit(ten.X, ten.y)).toThrow(
        /batchSize \(2\) is larger than the number of training rows \(1, after holding out 9 for validation\)/,
      );
      expect(() =>
        new Model({ solver: 'minibatch', batchSize: 2, validationFraction: 0.8, seed: 1, maxEpochs: 5 }).fit(
          ten.X,
          ten.y,
        ),
      ).not.toThrow();
    });
  });

  describe("schedule 'adaptive' with validationFraction on diabetes", () => {
    const { X, y } = loadCsv('diabetes');
    it.each(['sgd', 'minibatch', 'batch'] as const)('%s stops (converged) before maxEpochs', (solver) => {
      for (const dtype of DTYPES) {
        const m = new Model({ solver, schedule: 'adaptive', validationFraction: 0.2, seed: 1, dtype }).fit(X, y);
        expect(m.converged).toBe(true);
        expect(m.epochs).toBeLessThan(1000);
        expect(m.validationHistory.length).toBe(m.epochs);
        expect(m.bestEpoch).toBe(argmin1(m.validationHistory));
        // 'adaptive' divides its step η by 5 after each stall of `patience` (5) epochs and stops at
        // the first stall with η ≤ 1e-6: k = ⌈log₅(η/1e-6)⌉ divisions, so at least 5·(k + 1) epochs.
        const eta = m.learningRateUsed as number;
        const k = Math.ceil(Math.log(eta / 1e-6) / Math.log(5));
        expect(k).toBeGreaterThan(2);
        expect(m.epochs).toBeGreaterThanOrEqual(5 * (k + 1));
        // A sensible model: R² on all rows near the diabetes data's usual ~0.5.
        expect(m.score(X, y)).toBeGreaterThan(0.4);
      }
    });
  });
});

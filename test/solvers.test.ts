// Every solver against the exact least-squares solution (Householder QR in test/helpers.ts), and
// the textbook configuration against the literal textbook loop.
import { beforeAll, describe, expect, it } from 'vitest';
import { naiveFit } from '../src/engine/js/index.js';
import { init, LinearRegression } from '../src/index.js';
import { leastSquares, objective, relDiff, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

// Features of different scales and offsets, so that standardization matters. Without an intercept
// the model is a line through the origin: those cases use centered features and b = 0, since an
// offset column would stand in for the intercept along a direction gradient descent crawls on.
const scale = [1, 10, 0.1, 3, 1, 50];
const withOffsets = synthetic(600, 6, { seed: 11, noise: 0.3, scale, shift: [0, 5, -1, 100, 2, 0] });
const throughOrigin = synthetic(600, 6, { seed: 11, noise: 0.3, scale, b: 0 });
const DTYPES = ['float64', 'float32'] as const;

describe.each(DTYPES)('against the exact solution, %s', (dtype) => {
  for (const l2 of [0, 0.05]) {
    for (const fitIntercept of [true, false]) {
      const data = fitIntercept ? withOffsets : throughOrigin;
      const ref = leastSquares(data.X, data.y, { l2: 0, fitIntercept });
      const label = `l2=${l2} fitIntercept=${fitIntercept}`;

      it(`exact solver equals QR with standardize: false (${label})`, () => {
        const qr = leastSquares(data.X, data.y, { l2, fitIntercept });
        const m = new LinearRegression({ solver: 'exact', l2, fitIntercept, standardize: false, dtype }).fit(
          data.X,
          data.y,
        );
        const tol = dtype === 'float64' ? 1e-9 : 1e-4;
        expect(relDiff(m.coef, qr.w)).toBeLessThan(tol);
        expect(Math.abs(m.intercept - qr.b)).toBeLessThan(tol * Math.max(1, Math.abs(qr.b)) * 10);
        expect(m.converged).toBe(true);
        expect(m.epochs).toBe(0);
      });

      if (l2 === 0) {
        it(`batch GD reaches the exact loss within 1e-6 relative (${label})`, () => {
          const m = new LinearRegression({
            solver: 'batch',
            fitIntercept,
            dtype,
            maxEpochs: 5000,
            tolerance: 1e-12,
          }).fit(data.X, data.y);
          const best = objective(data.X, data.y, ref.w, ref.b);
          const gap = (objective(data.X, data.y, m.coef, m.intercept) - best) / best;
          expect(gap).toBeGreaterThanOrEqual(-1e-12);
          expect(gap).toBeLessThan(dtype === 'float64' ? 1e-6 : 1e-4);
        });

        for (const solver of ['minibatch', 'sgd'] as const) {
          // A constant step leaves stochastic solvers in a noise ball whose size is proportional to
          // the step: a small step and enough epochs bring them within 1% of the optimum.
          it(`${solver} gets within 1% of the exact loss (${label})`, () => {
            const m = new LinearRegression({
              solver,
              fitIntercept,
              dtype,
              seed: 3,
              schedule: 'constant',
              learningRate: solver === 'sgd' ? 2e-4 : 2e-3,
              maxEpochs: 300,
              batchSize: solver === 'sgd' ? undefined : 16,
            }).fit(data.X, data.y);
            const best = objective(data.X, data.y, ref.w, ref.b);
            const gap = (objective(data.X, data.y, m.coef, m.intercept) - best) / best;
            expect(gap).toBeGreaterThanOrEqual(-1e-12);
            expect(gap).toBeLessThan(0.01);
          });
        }
      }
    }
  }
});

describe('the textbook configuration equals the literal textbook loop', () => {
  // Textbook: a bias column of ones in X, no intercept, no scaling, a fixed step and epoch count.
  const small = synthetic(97, 4, { seed: 5, noise: 0.5 });
  const Xb = small.X.map((row) => [1, ...row]);
  const cases = [
    { solver: 'batch', learningRate: 0.05, epochs: 700 },
    { solver: 'sgd', learningRate: 0.01, epochs: 40 },
    { solver: 'minibatch', learningRate: 0.03, epochs: 60, batchSize: 10 }, // 97 rows: a last batch of 7
  ] as const;
  for (const dtype of DTYPES) {
    it.each(cases)(`$solver (${dtype})`, ({ solver, learningRate, epochs, ...rest }) => {
      const batchSize = 'batchSize' in rest ? rest.batchSize : undefined;
      const naive = naiveFit(Xb, small.y, { solver, learningRate, epochs, batchSize, seed: 8 });
      const m = new LinearRegression({
        solver,
        schedule: 'constant',
        learningRate,
        maxEpochs: epochs,
        batchSize,
        fitIntercept: false,
        standardize: false,
        tolerance: null,
        seed: 8,
        dtype,
      }).fit(Xb, small.y);
      const tol = dtype === 'float64' ? 1e-9 : 1e-4;
      expect(m.epochs).toBe(epochs);
      expect(relDiff(m.coef, naive.theta)).toBeLessThan(tol);
      expect(relDiff(m.history, naive.history)).toBeLessThan(tol);
      expect(m.intercept).toBe(0);
    });
  }
});

describe('solvers agree with each other', () => {
  const d = synthetic(200, 5, { seed: 2 });
  const base = { learningRate: 0.02, schedule: 'constant', maxEpochs: 30, tolerance: null, seed: 4 } as const;

  it('mini-batch with batchSize 1 is SGD', () => {
    const a = new LinearRegression({ ...base, solver: 'minibatch', batchSize: 1 }).fit(d.X, d.y);
    const b = new LinearRegression({ ...base, solver: 'sgd' }).fit(d.X, d.y);
    expect(relDiff(a.coef, b.coef)).toBeLessThan(1e-12);
    expect(relDiff(a.history, b.history)).toBeLessThan(1e-12);
  });

  it('mini-batch with batchSize n and no shuffle is batch GD', () => {
    const a = new LinearRegression({ ...base, solver: 'minibatch', batchSize: 200, shuffle: false }).fit(d.X, d.y);
    const b = new LinearRegression({ ...base, solver: 'batch' }).fit(d.X, d.y);
    expect(relDiff(a.coef, b.coef)).toBeLessThan(1e-13);
  });

  it('float32 and float64 agree to float32 precision', () => {
    for (const solver of ['batch', 'minibatch', 'sgd', 'exact'] as const) {
      const a = new LinearRegression({ ...base, solver, dtype: 'float32' }).fit(d.X, d.y);
      const b = new LinearRegression({ ...base, solver, dtype: 'float64' }).fit(d.X, d.y);
      expect(relDiff(a.coef, b.coef)).toBeLessThan(1e-4);
    }
  });
});

describe('seeds, stopping and progress', () => {
  const d = synthetic(300, 4, { seed: 9, noise: 1 });

  it('the same seed gives identical coefficients; another seed does not', () => {
    for (const solver of ['sgd', 'minibatch'] as const) {
      for (const dtype of DTYPES) {
        const train = (seed: number) =>
          new LinearRegression({ solver, seed, dtype, maxEpochs: 20, tolerance: null }).fit(d.X, d.y);
        expect(Array.from(train(1).coef)).toEqual(Array.from(train(1).coef));
        expect(Array.from(train(1).coef)).not.toEqual(Array.from(train(2).coef));
      }
    }
  });

  it('the same instance refits to the same result (its seed is drawn once)', () => {
    const m = new LinearRegression({ solver: 'sgd', maxEpochs: 5, tolerance: null });
    const first = m.fit(d.X, d.y).coef;
    expect(Array.from(m.fit(d.X, d.y).coef)).toEqual(Array.from(first));
    expect(Number.isInteger(m.options.seed)).toBe(true);
  });

  it('stops when the objective stalls, and runs every epoch with tolerance null', () => {
    const stopped = new LinearRegression({ solver: 'batch', maxEpochs: 100_000 }).fit(d.X, d.y);
    expect(stopped.converged).toBe(true);
    expect(stopped.epochs).toBeLessThan(100_000);
    expect(stopped.history.length).toBe(stopped.epochs);
    // The rule: the last `patience` epochs each improved on the best by less than tolerance·best.
    const h = stopped.history;
    const last = h.length - 1;
    expect(h[last - 5] - h[last]).toBeLessThan(5 * 1e-7 * h[last - 5]);
    const all = new LinearRegression({ solver: 'batch', maxEpochs: 50, tolerance: null }).fit(d.X, d.y);
    expect(all.epochs).toBe(50);
    expect(all.converged).toBe(false);
  });

  it('a larger tolerance stops earlier', () => {
    const loose = new LinearRegression({ solver: 'batch', tolerance: 1e-3 }).fit(d.X, d.y);
    const tight = new LinearRegression({ solver: 'batch', tolerance: 1e-9 }).fit(d.X, d.y);
    expect(loose.epochs).toBeLessThan(tight.epochs);
  });

  it('onEpoch is called every `every` epochs and after the last, with that epoch loss', () => {
    const calls: { epoch: number; loss: number }[] = [];
    const m = new LinearRegression({ solver: 'minibatch', maxEpochs: 95, tolerance: null, seed: 1 }).fit(d.X, d.y, {
      onEpoch: (info) => {
        calls.push(info);
      },
      every: 10,
    });
    expect(calls.map((c) => c.epoch)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    for (const c of calls) expect(c.loss).toBe(m.history[c.epoch - 1]);
    // Chunked runs continue exactly where they stopped: the same result as one call.
    const whole = new LinearRegression({ solver: 'minibatch', maxEpochs: 95, tolerance: null, seed: 1 }).fit(d.X, d.y);
    expect(Array.from(m.coef)).toEqual(Array.from(whole.coef));
  });

  it('returning false from onEpoch stops training there', () => {
    const m = new LinearRegression({ solver: 'batch', maxEpochs: 500, tolerance: null }).fit(d.X, d.y, {
      onEpoch: ({ epoch }) => epoch < 30,
    });
    expect(m.epochs).toBe(30);
    expect(m.history.length).toBe(30);
    expect(m.converged).toBe(false);
  });

  it("'auto' picks 1/(2λ) for batch GD, λ the top eigenvalue of ZᵀZ/n", () => {
    const m = new LinearRegression({ solver: 'batch', standardize: false, maxEpochs: 1 }).fit(d.X, d.y);
    // λ by 2000 plain power iterations on the explicit matrix ZᵀZ/n, Z = [X 1].
    const Z = d.X.map((r) => [...r, 1]);
    const p = Z[0].length;
    const M = Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, b) => Z.reduce((s, z) => s + z[a] * z[b], 0) / Z.length),
    );
    let v = new Array(p).fill(1);
    let lambda = 0;
    for (let it = 0; it < 2000; it++) {
      const u = M.map((row) => row.reduce((s, x, k) => s + x * v[k], 0));
      lambda = Math.hypot(...u);
      v = u.map((x) => x / lambda);
    }
    expect(m.learningRateUsed).toBeGreaterThan((1 / (2 * lambda)) * 0.999);
    expect(m.learningRateUsed).toBeLessThan((1 / (2 * lambda)) * 1.01);
  });
});

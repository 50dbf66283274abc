// Momentum, Nesterov and Adam against their update rules, step by step on a one-row problem
// (x = 1, y = 1, no intercept: the gradient at w is 2·(w − 1)), and against the least-squares
// solution on synthetic data. The rules are TensorFlow.js's: v ← μv + g, w ← w − η·v (Nesterov:
// w ← w − η·(g + μv)); Adam with bias corrections at step t.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import { leastSquares, objective, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const ONE_ROW = {
  solver: 'sgd',
  schedule: 'constant',
  fitIntercept: false,
  standardize: false,
  shuffle: false,
  tolerance: null,
} as const;

function momentumPath(steps: number, eta: number, mu: number, nesterov: boolean): number[] {
  const w = [0];
  let v = 0;
  for (let t = 1; t <= steps; t++) {
    const prev = w[w.length - 1];
    const g = 2 * (prev - 1);
    v = mu * v + g;
    w.push(prev - eta * (nesterov ? g + mu * v : v));
  }
  return w;
}

function adamPath(steps: number, eta: number, b1: number, b2: number, eps: number): number[] {
  const w = [0];
  let m = 0;
  let v = 0;
  for (let t = 1; t <= steps; t++) {
    const prev = w[w.length - 1];
    const g = 2 * (prev - 1);
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    w.push(prev - (eta * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps));
  }
  return w;
}

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s optimizers', (_name, Model) => {
  describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
    const tol = dtype === 'float64' ? 1e-12 : 1e-5;
    const steps = 12;
    const path = (o: LinearRegressionOptions) =>
      new Model({ ...ONE_ROW, dtype, maxEpochs: steps, ...o }).fit([[1]], [1]).history;
    const expectPath = (history: Float64Array, w: number[]) => {
      for (let t = 0; t < steps; t++) {
        expect(Math.abs(history[t] - (w[t] - 1) ** 2)).toBeLessThanOrEqual(tol * Math.max(1, (w[t] - 1) ** 2));
      }
    };

    it('momentum', () => {
      expectPath(
        path({ optimizer: 'momentum', learningRate: 0.05, momentum: 0.8 }),
        momentumPath(steps, 0.05, 0.8, false),
      );
    });

    it('Nesterov', () => {
      expectPath(
        path({ optimizer: 'momentum', nesterov: true, learningRate: 0.05, momentum: 0.8 }),
        momentumPath(steps, 0.05, 0.8, true),
      );
    });

    it('Adam: the first step moves each weight by η whatever the gradient scale', () => {
      expectPath(
        path({ optimizer: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, adamEpsilon: 1e-8 }),
        adamPath(steps, 0.1, 0.9, 0.999, 1e-8),
      );
      const first = new Model({ ...ONE_ROW, dtype, maxEpochs: 1, optimizer: 'adam', learningRate: 0.1 }).fit(
        [[1]],
        [1e6],
      );
      expect(first.coef[0]).toBeCloseTo(0.1, dtype === 'float64' ? 10 : 5);
    });
  });

  it.each([
    ['momentum', { optimizer: 'momentum' }],
    ['nesterov', { optimizer: 'momentum', nesterov: true }],
    ['adam', { optimizer: 'adam', learningRate: 0.01 }],
  ] as const)('%s minibatch converges to least squares', (_label, o) => {
    const { X, y } = synthetic(2000, 8, { seed: 11, noise: 0.1 });
    const exact = leastSquares(X, y);
    const best = objective(X, y, exact.w, exact.b);
    const model = new Model({ solver: 'minibatch', batchSize: 64, maxEpochs: 300, seed: 5, ...o }).fit(X, y);
    expect((objective(X, y, model.coef, model.intercept) - best) / best).toBeLessThan(0.05);
  });
});

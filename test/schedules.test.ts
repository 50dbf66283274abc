// The step sizes of the learning-rate schedules, checked against their formulas step by step. On a
// one-row problem (x = 1, y = 1, no intercept) SGD takes one step per epoch and the history records
// (w_t − 1)² before step t, so every step size can be read back. The expected values are computed
// here from the formulas (scikit-learn's, halved: linwasm's loss r² is twice scikit-learn's ½r²).
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import fixtures from './fixtures/sklearn_sgd.json' with { type: 'json' };

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

/** Weights w_1 … w_{k+1} of w ← w·(1 − 2η_t·l2) − 2η_t·(w − 1) from w_1 = 0. */
function trajectory(steps: number, eta: (t: number) => number, l2 = 0): number[] {
  const w = [0];
  for (let t = 1; t <= steps; t++) {
    const prev = w[w.length - 1];
    w.push(prev * (1 - 2 * eta(t) * l2) - 2 * eta(t) * (prev - 1));
  }
  return w;
}

function expectTrajectory(model: { history: Float64Array; coef: Float64Array }, w: number[], tol: number): void {
  const steps = w.length - 1;
  expect(model.history.length).toBe(steps);
  for (let t = 0; t < steps; t++) {
    expect(Math.abs(model.history[t] - (w[t] - 1) ** 2)).toBeLessThanOrEqual(tol * Math.max(1, (w[t] - 1) ** 2));
  }
  expect(Math.abs(model.coef[0] - w[steps])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[steps])));
}

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s schedules', (_name, Model) => {
  describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
    const tol = dtype === 'float64' ? 1e-12 : 1e-6;
    const fit = (o: LinearRegressionOptions, steps: number) =>
      new Model({ ...ONE_ROW, dtype, maxEpochs: steps, ...o }).fit([[1]], [1]);

    it('constant: η every step', () => {
      expectTrajectory(
        fit({ learningRate: 0.1 }, 8),
        trajectory(8, () => 0.1),
        tol,
      );
    });

    it('invscaling: η / t^powerT, t counting steps from 1', () => {
      for (const powerT of [0.25, 0.5, 1]) {
        const eta = (t: number) => 0.3 / t ** powerT;
        expectTrajectory(fit({ schedule: 'invscaling', learningRate: 0.3, powerT }, 8), trajectory(8, eta), tol);
      }
    });

    it('optimal: 1 / (2α(t₀ + t − 1)), t₀ = 1/(α·√(1/√α)), α = l2 + l1/2', () => {
      for (const l2 of [0.01, 0.1, 1]) {
        const typw = Math.sqrt(1 / Math.sqrt(l2));
        const t0 = 1 / (l2 * typw);
        const eta = (t: number) => 1 / (2 * l2 * (t0 + t - 1));
        const model = fit({ schedule: 'optimal', l2 }, 6);
        expectTrajectory(model, trajectory(6, eta, l2), tol);
        expect(model.learningRateUsed).toBeCloseTo(typw / 2, 12);
      }
    });

    it("optimal's first step is scikit-learn's (its one-row experiment in the fixtures)", () => {
      // scikit-learn: w₁ = η₁·(y − 0)·x = √(1/√alpha); linwasm: w₁ = 2·η₁ with η₁ half of it.
      for (const check of fixtures.scheduleChecks.optimalFirstStep.filter((c) => c.loss === 'squared_error')) {
        const model = fit({ schedule: 'optimal', l2: check.alpha }, 1);
        expect(Math.abs(model.coef[0] - check.coefAfter1)).toBeLessThanOrEqual(tol * check.coefAfter1);
      }
    });

    it('adaptive: η ÷ 5 after `patience` epochs without improvement, stop once η ≤ 1e-6', () => {
      // tolerance 2 asks every epoch to halve... more than the whole loss: every epoch after the
      // first is a stall, and patience 1 divides η at the end of each.
      const model = fit({ schedule: 'adaptive', learningRate: 0.1, tolerance: 2, patience: 1 }, 100);
      const etas = [0.1, 0.1];
      while (etas[etas.length - 1] > 1e-6) etas.push(etas[etas.length - 1] / 5);
      // η = 2.56e-7 runs one more epoch, whose stall stops the run.
      expect(model.epochs).toBe(etas.length);
      expect(model.converged).toBe(true);
      expectTrajectory(
        model,
        trajectory(etas.length, (t) => etas[t - 1]),
        tol,
      );
    });

    it('the step count t carries across epochs and batches: minibatch invscaling', () => {
      // Three identical rows in batches of 2 (then 1): two steps per epoch, t = 1, 2, 3, …
      const model = new Model({
        ...ONE_ROW,
        solver: 'minibatch',
        batchSize: 2,
        dtype,
        maxEpochs: 3,
        schedule: 'invscaling',
        learningRate: 0.2,
        powerT: 0.5,
      }).fit([[1], [1], [1]], [1, 1, 1]);
      const w = trajectory(6, (t) => 0.2 / Math.sqrt(t));
      expect(Math.abs(model.coef[0] - w[6])).toBeLessThanOrEqual(tol);
    });
  });
});

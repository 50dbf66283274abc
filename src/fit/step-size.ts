// The step sizes the data supports: 'auto' for every solver and optimizer, and the first step of
// 'optimal' (what learningRateUsed reports and DivergenceError suggests).

import type { ResolvedOptions } from '../api/options.js';
import type { StoredProblem } from '../engine/engine.js';

/** 'auto' for the chosen optimizer and sample weights (see autoLearningRate). */
export function autoStep(
  problem: StoredProblem,
  o: ResolvedOptions,
  n: number,
  batchSize: number,
  weights: Float64Array | null,
): number {
  // Adam's step is a distance in parameter space, not a fraction of the gradient: the data cannot
  // bound it, and Kingma and Ba's 0.001 (TensorFlow.js's default) is the usual safe start.
  if (o.optimizer === 'adam') return 0.001;
  let step = autoLearningRate(problem, o, n, batchSize);
  // Weights scale each row's curvature: the heaviest row bounds it.
  if (weights) step /= Math.max(1, maxOf(weights));
  // Momentum's steps add up to η/(1 − μ) along a steady gradient.
  if (o.optimizer === 'momentum') step *= 1 - o.momentum;
  return step;
}

export function maxOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
  return m;
}

/**
 * The step a run reports (learningRateUsed, DivergenceError): its learning rate, or for 'optimal',
 * which sets its own steps, the first of them: 1 / (2α·t₀) = √(1/√α) / 2, α = l2 + l1/2.
 */
export function firstStep(o: Pick<ResolvedOptions, 'schedule' | 'l1' | 'l2'>, learningRate: number): number {
  if (o.schedule !== 'optimal') return learningRate;
  const alpha = o.l2 + o.l1 / 2;
  return Math.sqrt(1 / Math.sqrt(alpha)) / 2;
}

/**
 * 'auto': the step the data supports. The objective's curvature is at most L = 2·(λ + l2), λ the
 * largest eigenvalue of (1/n)·ZᵀZ (power iteration, Z = [X 1]); batch GD takes 1/L. A stochastic
 * step on b rows sees the expected curvature L(b) of Gower et al. (2019, "SGD: general analysis and
 * improved rates"), between L (b = n) and L_max = 2·(max‖z_i‖² + l2) (b = 1); it takes 1/(2·L(b)).
 */
export function autoLearningRate(
  problem: StoredProblem,
  o: Pick<ResolvedOptions, 'solver' | 'l2' | 'fitIntercept'>,
  n: number,
  batchSize: number,
): number {
  // All-zero data has no curvature: any step is stable, and 1 is as good as another.
  const inverse = (curvature: number) => (curvature > 0 ? 1 / curvature : 1);
  if (o.solver === 'batch') return inverse(2 * (problem.powerIteration(o.fitIntercept) + o.l2));
  const lMax = 2 * (problem.maxRowNormSq() + (o.fitIntercept ? 1 : 0) + o.l2);
  if (batchSize === 1 || n === 1) return inverse(2 * lMax);
  const l = 2 * (problem.powerIteration(o.fitIntercept) + o.l2);
  const b = batchSize;
  const expected = ((n * (b - 1)) / (b * (n - 1))) * l + ((n - b) / (b * (n - 1))) * lMax;
  return inverse(2 * expected);
}

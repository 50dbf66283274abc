// What an exact, unpenalized fit keeps for summary(): the Gram matrix the solver factorized, the
// means it was centered with, the residual and total sums of squares. A few d² numbers, gathered
// while the data is still in the engine; not part of the model's JSON.
import type { Gram, StoredProblem } from '../engine/engine.js';

export interface InferenceStats {
  /** Σ (z_i − z̄)(z_i − z̄)ᵀ of the stored rows z (standardized when the fit standardized; z̄ = 0
   *  without an intercept), d×d row-major. */
  gram: Float64Array;
  /** z̄ then ȳ (d + 1; zeros without an intercept). */
  means: Float64Array;
  nSamples: number;
  /** Σ (y_i − ŷ_i)². */
  rss: number;
  /** Σ (y_i − ȳ)² with an intercept, Σ y_i² without (statsmodels' centered and uncentered totals). */
  tss: number;
}

/**
 * The statistics of the fit (coef, intercept in the stored units) of `problem`'s rows to y.
 */
export function inferenceStats(
  problem: StoredProblem,
  gram: Gram,
  coef: Float64Array,
  intercept: number,
  y: Float64Array,
  fitIntercept: boolean,
): InferenceStats {
  const n = y.length;
  let mean = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
  }
  let tss = 0;
  for (let i = 0; i < n; i++) tss += (y[i] - mean) * (y[i] - mean);
  const rss = problem.meanLoss(coef, intercept, 'squaredError', 0) * n;
  return { gram: gram.matrix, means: gram.means, nSamples: n, rss, tss };
}

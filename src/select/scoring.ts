// The scorings of model selection, and which way is better. Errors are reported as the error itself
// (a positive number, lower is better), not negated as scikit-learn's neg_mean_squared_error is:
// 'r2' is the one scoring where higher is better.
import { describe } from '../api/data.js';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from '../api/metrics.js';

/** 'r2' (R², higher is better), or an error, lower is better: 'mse', 'rmse', 'mae'. */
export type Scoring = 'r2' | 'mse' | 'rmse' | 'mae';

const METRICS: Record<Scoring, (y: ArrayLike<number>, yPred: ArrayLike<number>) => number> = {
  r2: r2Score,
  mse: meanSquaredError,
  rmse: rootMeanSquaredError,
  mae: meanAbsoluteError,
};
const NAMES = Object.keys(METRICS) as Scoring[];

/** @throws RangeError for a scoring that is not one of the four. */
export function checkScoring(scoring: unknown, where: string): Scoring {
  if (!NAMES.includes(scoring as Scoring)) {
    throw new RangeError(
      `${where}: scoring must be one of ${NAMES.map((s) => `'${s}'`).join(', ')}, got ${describe(scoring)}`,
    );
  }
  return scoring as Scoring;
}

/** The scoring's value of the predictions yPred of y. */
export function scoreOf(scoring: Scoring, y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return METRICS[scoring](y, yPred);
}

/** Whether a score a is strictly better than b (NaN, a failed candidate, is never better). */
export function isBetter(scoring: Scoring, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return scoring === 'r2' ? a > b : a < b;
}

/** Mean and population standard deviation (ddof 0, as numpy and scikit-learn's cv_results_). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(ss / values.length) };
}

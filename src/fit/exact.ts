// The exact solver: the normal equations solved in WASM (Cholesky), and — for an unpenalized,
// unweighted fit — what summary() needs of the data (the Gram matrix, residuals).
import { SingularMatrixError } from '../api/errors.js';
import type { Solution } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import type { StoredProblem } from '../engine/engine.js';
import { inferenceStats } from '../stats/inference.js';

/**
 * The exact minimizer on the stored (standardized) problem, keeping the inference statistics when
 * `forSummary` (y: the targets as given, for the residuals).
 * @throws SingularMatrixError when the system is singular.
 */
export function solveExact(problem: StoredProblem, o: ResolvedOptions, forSummary: boolean, y: Float64Array): Solution {
  const result = problem.solveExact(o.l2, o.fitIntercept, forSummary);
  if (!result.ok) throw new SingularMatrixError(result.column);
  const none = new Float64Array(0);
  const { gram, ...solution } = result;
  return {
    ...solution,
    inference: gram && inferenceStats(problem, gram, result.coef, result.intercept, y, o.fitIntercept),
    epochs: 0,
    converged: true,
    learningRate: null,
    history: none,
    validationHistory: none,
    bestEpoch: null,
    snapshot: null,
  };
}

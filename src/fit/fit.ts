// fit on data in memory: input checks, the copy into the engine (rows held out in order, X in the
// model's dtype), standardization, the exact solver or a descent, and the plain fitted model in the
// units of the original features.
import { checkFitOptions, checkSampleWeight, isVectorInput, readXY } from '../api/check-input.js';
import { nonFiniteError, type VectorInput } from '../api/data.js';
import type { FitOptions } from '../api/fit-options.js';
import type { FittedState, Solution } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import type { Engine } from '../engine/engine.js';
import { descend } from './descend.js';
import { solveExact } from './exact.js';
import { holdout } from './holdout.js';
import { planDescent } from './plan.js';
import { toOriginalUnits } from './units.js';

/**
 * The fitted state of a fit of X and y (as fit takes them), from θ = 0 or from `previous` (warmStart).
 * @throws as Estimator.fit.
 */
export function fit(
  engine: Engine,
  o: ResolvedOptions,
  previous: FittedState | null,
  X: unknown,
  y: unknown,
  fitOptions: FitOptions | VectorInput,
): FittedState {
  const { onEpoch, every, sampleWeight, featureNames } = checkFitOptions(
    isVectorInput(fitOptions) ? { sampleWeight: fitOptions } : fitOptions,
  );
  const { X: m, y: target, names } = readXY(X, y, featureNames ?? null);
  const s = sampleWeight === undefined ? null : checkSampleWeight(sampleWeight, m.rows);
  if (previous && previous.nFeatures !== m.cols) {
    throw new RangeError(
      `X has ${m.cols} features (columns), but warmStart continues a model fitted with ${previous.nFeatures}`,
    );
  }
  const split = o.solver === 'exact' ? null : holdout(m.rows, o.validationFraction, o.seed);
  const nTrain = m.rows - (split?.heldOutRows ?? 0);
  if (o.solver === 'minibatch' && o.batchSize > nTrain) {
    throw new RangeError(
      `Option batchSize (${o.batchSize}) is larger than the number of training rows (${nTrain}` +
        `${split ? `, after holding out ${split.heldOutRows} for validation` : ''})`,
    );
  }
  const problem = engine.storeProblem(m, target, o.dtype, {
    sampleWeight: s,
    order: split?.order ?? null,
    heldOutRows: split?.heldOutRows ?? 0,
  });
  try {
    const bad = problem.firstNonFinite();
    if (bad >= 0) throw nonFiniteError(m, bad, o.dtype);
    const scaling = o.standardize ? problem.standardize(o.fitIntercept) : null;
    let solution: Solution;
    if (o.solver === 'exact') {
      // An exact fit without penalty or sample weights keeps what summary() needs (OLS statistics).
      solution = solveExact(problem, o, o.l2 === 0 && s === null, target);
    } else {
      const plan = planDescent(problem, o, { n: nTrain, d: m.cols, sampleWeight: s, previous, scaling, chunk: false });
      solution = descend(problem, o, plan, nTrain, scaling !== null, onEpoch, every);
    }
    const { coef, intercept } = toOriginalUnits(solution.coef, solution.intercept, scaling);
    const state: FittedState = {
      nFeatures: m.cols,
      coef,
      intercept,
      scaling,
      training: {
        nSamples: m.rows,
        epochs: solution.epochs,
        converged: solution.converged,
        learningRate: solution.learningRate,
        history: solution.history,
        validationHistory: solution.validationHistory,
        bestEpoch: solution.bestEpoch,
        progressiveHistory: new Float64Array(0),
      },
      snapshot: solution.snapshot,
      stats: null,
      featureNames: names,
    };
    if (solution.inference) state.inference = solution.inference;
    return state;
  } finally {
    problem.dispose();
  }
}

// A gradient-descent run on a stored problem: the epochs run in WASM, `every` epochs per call when
// there is progress to report, until maxEpochs, the stopping rule, divergence or onEpoch says stop.
import { DivergenceError } from '../api/errors.js';
import type { EpochInfo, FitOptions } from '../api/fit-options.js';
import type { Solution } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import type { StoredProblem, Training } from '../engine/engine.js';
import { EXPLODED, STATUS_CONVERGED, STATUS_DIVERGED } from '../engine/layout.js';
import { autoLearningRate, type DescentPlan, firstStep } from './plan.js';

/**
 * Runs the plan on `problem` (n training rows; `standardized` when fit standardized them).
 * @throws DivergenceError when the run diverges; what onEpoch throws.
 */
export function descend(
  problem: StoredProblem,
  o: ResolvedOptions,
  plan: DescentPlan,
  n: number,
  standardized: boolean,
  onEpoch: FitOptions['onEpoch'],
  every: number,
): Solution {
  const heldOut = o.validationFraction > 0;
  const training = problem.startTraining(plan.config);
  let status = 0;
  while (training.epochs < o.maxEpochs) {
    const next = onEpoch ? Math.min(o.maxEpochs, (Math.floor(training.epochs / every) + 1) * every) : o.maxEpochs;
    status = training.run(next);
    if (status === STATUS_DIVERGED) throw divergence(problem, training, o, plan, n, standardized);
    if (onEpoch) {
      const epoch = training.epochs;
      const info: EpochInfo = { epoch, loss: training.loss(epoch - 1) };
      if (heldOut) info.validationLoss = training.validationHistory(epoch)[epoch - 1];
      if (onEpoch(info) === false) break;
    }
    if (status === STATUS_CONVERGED) break;
  }
  const epochs = training.epochs;
  // 'optimal' is given its overshoot (the trainer stops it only while its loss grows at stable steps);
  // a run that ends still EXPLODED-fold above where it started has not recovered: diverged.
  if (o.schedule === 'optimal' && !(training.loss(epochs - 1) <= EXPLODED * training.startObjective)) {
    throw divergence(problem, training, o, plan, n, standardized, training.epochs);
  }
  const best = training.bestEpoch;
  return {
    ...training.model(),
    epochs,
    converged: status === STATUS_CONVERGED,
    learningRate: firstStep(o, plan.learningRate),
    history: training.history(epochs),
    validationHistory: training.validationHistory(epochs),
    bestEpoch: heldOut && best >= 0 ? best + 1 : null,
    snapshot: training.snapshot(),
  };
}

/** The error of a run that diverged, with the step the data supports as advice. */
export function divergence(
  problem: StoredProblem,
  training: Training,
  o: ResolvedOptions,
  plan: DescentPlan,
  n: number,
  standardized: boolean,
  epoch = training.epochs + 1,
): DivergenceError {
  const suggested = autoLearningRate(problem, o, n, plan.batchSize);
  const used = firstStep(o, plan.learningRate);
  return new DivergenceError(epoch, used, suggested, standardized, training.history(epoch), o.schedule);
}

// How a gradient-descent run goes, decided in one place for fit and for every chunk of partialFit and
// fitStream: rows per step, the step size ('auto' from the data), and the trainer's settings.
import type { FittedState } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import type { StoredProblem, TrainConfig, TrainingSnapshot } from '../engine/engine.js';
import { resumeFrom } from './units.js';

export interface DescentPlan {
  /** Rows per step: 1 (sgd), all n (batch), or batchSize (minibatch; at most n). */
  batchSize: number;
  /** The step the run starts with ('auto' resolved). */
  learningRate: number;
  /** The trainer's settings, and the state it continues from. */
  config: TrainConfig;
}

/**
 * The plan of a descent on `problem` (standardized already) over its n training rows of d features,
 * from θ = 0 or continuing `previous` (warmStart, the next chunk) in the units of `scaling`. A chunk
 * (`chunk`: partialFit, fitStream) runs one epoch, never cut short — the stopping rule applies across
 * epochs, in fitStream — and keeps the step the previous chunks ended with (the schedule's η).
 */
export function planDescent(
  problem: StoredProblem,
  o: ResolvedOptions,
  run: {
    n: number;
    d: number;
    sampleWeight: Float64Array | null;
    previous: FittedState | null;
    scaling: FittedState['scaling'];
    chunk: boolean;
  },
): DescentPlan {
  const { n, d, sampleWeight, previous, scaling, chunk } = run;
  const batchSize = o.solver === 'sgd' ? 1 : o.solver === 'batch' ? n : Math.min(o.batchSize, n);
  const continued = chunk ? previous?.snapshot?.eta : undefined;
  // 'optimal' sets its own steps; it keeps the data's safe step, by which its trainer tells the
  // overshoot of its first steps from divergence.
  const learningRate =
    continued ??
    (o.learningRate === 'auto' || o.schedule === 'optimal'
      ? autoStep(problem, o, n, batchSize, sampleWeight)
      : o.learningRate);
  const initial = previous ? resumeFrom(previous, scaling, d, learningRate) : null;
  const config = configFor(o, batchSize, learningRate, sampleWeight !== null, initial);
  return { batchSize, learningRate, config: chunk ? { ...config, maxEpochs: 1, tolerance: -1 } : config };
}

/** The trainer's settings from the options (see TrainConfig). */
function configFor(
  o: ResolvedOptions,
  batchSize: number,
  learningRate: number,
  hasSampleWeight: boolean,
  initial: TrainingSnapshot | null,
): TrainConfig {
  return {
    solver: o.solver as TrainConfig['solver'],
    learningRate,
    l2: o.l2,
    fitIntercept: o.fitIntercept,
    tolerance: o.tolerance ?? -1,
    patience: o.patience,
    batchSize,
    shuffle: o.shuffle,
    seed: o.seed,
    maxEpochs: o.maxEpochs,
    // The fused plain trainers cover the plain case; anything else runs the general one.
    general:
      o.loss !== 'squaredError' ||
      o.schedule !== 'constant' ||
      o.l1 > 0 ||
      o.optimizer !== 'plain' ||
      o.average !== false ||
      hasSampleWeight ||
      o.validationFraction > 0,
    loss: o.loss,
    epsilon: o.epsilon,
    schedule: o.schedule,
    powerT: o.powerT,
    l1: o.l1,
    optimizer: o.optimizer === 'momentum' && o.nesterov ? 'nesterov' : o.optimizer,
    momentum: o.momentum,
    beta1: o.beta1,
    beta2: o.beta2,
    adamEpsilon: o.adamEpsilon,
    averageFrom: o.average === false ? -1 : o.average === true ? 0 : o.average - 1,
    initial,
  };
}

/** 'auto' for the chosen optimizer and sample weights (see autoLearningRate). */
function autoStep(
  problem: StoredProblem,
  o: ResolvedOptions,
  n: number,
  batchSize: number,
  sampleWeight: Float64Array | null,
): number {
  // Adam's step is a distance in parameter space, not a fraction of the gradient: the data cannot
  // bound it, and Kingma and Ba's 0.001 (TensorFlow.js's default) is the usual safe start.
  if (o.optimizer === 'adam') return 0.001;
  let step = autoLearningRate(problem, o, n, batchSize);
  // Sample weights scale each row's curvature: the heaviest row bounds it.
  if (sampleWeight) step /= Math.max(1, maxOf(sampleWeight));
  // Momentum's steps add up to η/(1 − μ) along a steady gradient.
  if (o.optimizer === 'momentum') step *= 1 - o.momentum;
  return step;
}

function maxOf(v: Float64Array): number {
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

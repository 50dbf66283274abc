// The settings block and the persistent state of a run, laid out for the core (CONFIG_*, SLOT_*,
// WORK_* in assembly/layout.ts) and shared by both engines, so that the WASM core and the JS twins
// start, resume and report a run the same way.
import type { Floats, TrainConfig, TrainingSnapshot, TrainSettings } from './engine.js';
import {
  CONFIG_ADAM_EPSILON,
  CONFIG_AVERAGE_FROM,
  CONFIG_BATCH_SIZE,
  CONFIG_BETA1,
  CONFIG_BETA2,
  CONFIG_EPSILON,
  CONFIG_FIT_INTERCEPT,
  CONFIG_L1,
  CONFIG_L2,
  CONFIG_LEARNING_RATE,
  CONFIG_LOSS,
  CONFIG_MOMENTUM,
  CONFIG_OPTIMIZER,
  CONFIG_PATIENCE,
  CONFIG_POWER_T,
  CONFIG_SCHEDULE,
  CONFIG_SHUFFLE,
  CONFIG_SLOTS,
  CONFIG_TOLERANCE,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  SCHEDULE_NAMES,
  SLOT_AVERAGED,
  SLOT_BEST,
  SLOT_BEST_EPOCH,
  SLOT_ETA,
  SLOT_INTERCEPT,
  SLOT_L1_TOTAL,
  SLOT_PREVIOUS,
  SLOT_STEP,
  STATE_SLOTS,
  WORK_AVERAGE,
  WORK_L1_APPLIED,
  WORK_MOMENT1,
  WORK_MOMENT2,
  WORK_VECTORS,
} from './layout.js';
import { penaltyValue } from './penalty.js';

/** The f64 settings block that every trainer reads (CONFIG_*). */
export function configBlock(k: TrainSettings): Float64Array {
  const c = new Float64Array(CONFIG_SLOTS);
  c[CONFIG_LOSS] = LOSS_NAMES.indexOf(k.loss);
  c[CONFIG_EPSILON] = k.epsilon;
  c[CONFIG_SCHEDULE] = SCHEDULE_NAMES.indexOf(k.schedule);
  c[CONFIG_POWER_T] = k.powerT;
  c[CONFIG_L1] = k.l1;
  c[CONFIG_L2] = k.l2;
  c[CONFIG_OPTIMIZER] = OPTIMIZER_NAMES.indexOf(k.optimizer);
  c[CONFIG_MOMENTUM] = k.momentum;
  c[CONFIG_BETA1] = k.beta1;
  c[CONFIG_BETA2] = k.beta2;
  c[CONFIG_ADAM_EPSILON] = k.adamEpsilon;
  c[CONFIG_AVERAGE_FROM] = k.averageFrom;
  c[CONFIG_BATCH_SIZE] = k.batchSize;
  c[CONFIG_SHUFFLE] = k.shuffle ? 1 : 0;
  c[CONFIG_FIT_INTERCEPT] = k.fitIntercept ? 1 : 0;
  c[CONFIG_TOLERANCE] = k.tolerance;
  c[CONFIG_PATIENCE] = k.patience;
  c[CONFIG_LEARNING_RATE] = k.learningRate;
  return c;
}

/**
 * The settings of a plain run (squared loss, constant step, no L1, plain steps, no averaging) with
 * the given step and defaults for the rest (l2 0, an intercept, no early stop, patience 5, batch
 * size 1, shuffled rows): the plain trainers' settings block, for their direct callers (the kernel
 * tests, the benchmark).
 */
export function plainSettings(s: Partial<TrainSettings> & Pick<TrainSettings, 'learningRate'>): TrainSettings {
  return {
    l2: 0,
    fitIntercept: true,
    tolerance: -1,
    patience: 5,
    batchSize: 1,
    shuffle: true,
    loss: 'squaredError',
    epsilon: 0.1,
    schedule: 'constant',
    powerT: 0.25,
    l1: 0,
    optimizer: 'plain',
    momentum: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    adamEpsilon: 1e-8,
    averageFrom: -1,
    ...s,
  };
}

/**
 * The starting weights, state slots, workspace and PRNG words of a run: θ = 0 and a fresh
 * schedule (t = 1, η = learningRate), or everything the snapshot carries (warmStart; a snapshot
 * without PRNG words takes the seeded ones). The stopping
 * rule, the epoch count and the validation losses start afresh on every run.
 */
/** The state slots of a run that has not begun: no epochs, intercept 0, best and previous objective +∞,
 *  no best epoch. The plain trainers' tests and benchmark start from it too (newState). */
export function freshState(): Float64Array {
  const state = new Float64Array(STATE_SLOTS);
  state[SLOT_BEST] = Number.POSITIVE_INFINITY;
  state[SLOT_PREVIOUS] = Number.POSITIVE_INFINITY;
  state[SLOT_BEST_EPOCH] = -1;
  return state;
}

export function initialState(
  k: TrainConfig,
  d: number,
  seededRng: ArrayLike<number>,
): { weights: Float64Array; state: Float64Array; work: Float64Array; rng: Uint32Array } {
  const state = freshState();
  const work = new Float64Array(WORK_VECTORS * (d + 1));
  const s = k.initial;
  if (!s) {
    state[SLOT_STEP] = 1;
    state[SLOT_ETA] = k.learningRate;
    return { weights: new Float64Array(d), state, work, rng: Uint32Array.from(seededRng) };
  }
  state[SLOT_INTERCEPT] = s.intercept;
  state[SLOT_STEP] = s.step;
  state[SLOT_ETA] = s.eta;
  state[SLOT_L1_TOTAL] = s.l1Total;
  work.set(s.moment1, WORK_MOMENT1 * (d + 1));
  work.set(s.moment2, WORK_MOMENT2 * (d + 1));
  work.set(s.l1Applied, WORK_L1_APPLIED * (d + 1));
  // An average carries over only into a run that averages (else it would stand for the model).
  if (k.general && k.averageFrom >= 0) {
    state[SLOT_AVERAGED] = s.averaged;
    work.set(s.average, WORK_AVERAGE * (d + 1));
  }
  // A state carried over from a model without one (an exact fit, an older file) has no PRNG words.
  const rng = s.rng.length === 4 ? s.rng.slice() : Uint32Array.from(seededRng);
  return { weights: s.weights.slice(), state, work, rng };
}

/** The snapshot of a run from its weights (as f64), state slots, workspace and PRNG words. */
export function snapshotOf(
  weights: Float64Array,
  state: Float64Array,
  work: Float64Array,
  rng: ArrayLike<number>,
): TrainingSnapshot {
  const d = weights.length;
  const vector = (k: number) => work.slice(k * (d + 1), (k + 1) * (d + 1));
  return {
    weights,
    intercept: state[SLOT_INTERCEPT],
    step: state[SLOT_STEP],
    eta: state[SLOT_ETA],
    l1Total: state[SLOT_L1_TOTAL],
    averaged: state[SLOT_AVERAGED],
    rng: Uint32Array.from(rng),
    moment1: vector(WORK_MOMENT1),
    moment2: vector(WORK_MOMENT2),
    l1Applied: vector(WORK_L1_APPLIED),
    average: vector(WORK_AVERAGE),
  };
}

/** Steps per epoch over n training rows. */
export function stepsPerEpoch(k: Pick<TrainConfig, 'solver' | 'batchSize'>, n: number): number {
  return k.solver === 'batch' ? 1 : Math.ceil(n / (k.solver === 'sgd' ? 1 : k.batchSize));
}

/** The objective at the starting weights (SLOT_START): their mean loss plus the penalty. */
export function startObjective(meanLoss: number, w: Floats, k: Pick<TrainConfig, 'l1' | 'l2'>): number {
  return meanLoss + penaltyValue(w, w.length, k.l1, k.l2);
}

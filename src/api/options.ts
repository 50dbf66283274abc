// Options of LinearRegression: types, defaults and checks. Every check names the option.

import type { DType } from '../engine/engine.js';
import { describe } from './data.js';

/**
 * How LinearRegression fits: gradient descent over all rows per step ('batch'), one row per step
 * ('sgd') or batchSize rows per step ('minibatch'), or the exact least-squares solution ('exact':
 * normal equations, Cholesky).
 */
export type Solver = 'batch' | 'sgd' | 'minibatch' | 'exact';

/**
 * The loss per row of the residual r = ŷ − y: 'squaredError' (r²), 'huber' (r² within ±epsilon,
 * linear beyond) or 'epsilonInsensitive' (2·max(0, |r| − epsilon)). scikit-learn's spellings
 * ('squared_error', 'squared', 'epsilon_insensitive') are accepted and stored as these.
 */
export type Loss = 'squaredError' | 'huber' | 'epsilonInsensitive';
/**
 * How the step size changes over the steps t = 1, 2, …: 'constant' (η), 'invscaling' (η / t^powerT),
 * 'optimal' (scikit-learn's 1 / (2α(t₀ + t − 1))) or 'adaptive' (η, divided by 5 after `patience`
 * epochs without improvement).
 */
export type Schedule = 'constant' | 'invscaling' | 'optimal' | 'adaptive';
/** The step rule of 'sgd' and 'minibatch': 'plain', 'momentum' (Nesterov's form with the option
 *  `nesterov`) or 'adam'. */
export type OptimizerName = 'plain' | 'momentum' | 'adam';

/**
 * The options of `new LinearRegression(options)`; every one is optional and has the default given
 * with it. Checked when the model is made: an unknown option or a wrong type is a TypeError, a value
 * out of range a RangeError, both naming the option.
 */
export interface LinearRegressionOptions {
  /** 'batch' (default), 'sgd' (one row per step), 'minibatch' (batchSize rows per step), 'exact'. */
  solver?: Solver;
  /** Step size η of θ ← θ − η·∇(objective), or 'auto' (default): a safe step from the data. The first
   *  step of 'invscaling' and 'adaptive'; unused by 'optimal'. */
  learningRate?: number | 'auto';
  /** How the step changes over the steps t = 1, 2, …: 'constant' (the default of 'batch' and
   *  'minibatch'), 'invscaling' (η / t^powerT; the default of 'sgd'), 'optimal' (1 / (2α(t₀ + t − 1)), scikit-learn's), 'adaptive' (η, divided by 5
   *  after `patience` epochs without improvement, stopping once below 1e-6). */
  schedule?: Schedule;
  /** Exponent of 'invscaling' (default 0.25). */
  powerT?: number;
  /** Passes over the data at most (default 1000). */
  maxEpochs?: number;
  /** Rows per step of 'minibatch' (default 32). 'sgd' always uses 1, 'batch' all rows. */
  batchSize?: number;
  /** Stop when the watched quantity (the training objective, or the validation loss with
   *  validationFraction) improves by less than tolerance × best for `patience` epochs in a row
   *  (default 1e-7, relative); null never stops early. */
  tolerance?: number | null;
  /** Epochs without improvement before stopping (or before 'adaptive' divides its step; default 5). */
  patience?: number;
  /** The loss per row of r = ŷ − y: 'squaredError' (default, r²), 'huber' (r² within ±epsilon,
   *  linear beyond: robust to outliers), 'epsilonInsensitive' (2·max(0, |r| − epsilon)). */
  loss?: Loss;
  /** The ε of 'huber' and 'epsilonInsensitive', in the units of y (default 0.1). */
  epsilon?: number;
  /** Weight of the L2 penalty l2·‖w‖² (default 0). */
  l2?: number;
  /** Weight of the L1 penalty l1·‖w‖₁ (default 0); with SGD it yields exact zeros. */
  l1?: number;
  /** scikit-learn's elastic-net strength: with l1Ratio ρ, the same as l1 = 2·alpha·ρ and
   *  l2 = alpha·(1 − ρ) (linwasm's losses are twice scikit-learn's). Instead of l1 and l2. */
  alpha?: number | null;
  /** The L1 share ρ ∈ [0, 1] of alpha (default 0: pure L2). */
  l1Ratio?: number | null;
  /** Step rule of 'sgd' and 'minibatch': 'plain' (default), 'momentum' (see nesterov) or 'adam'. */
  optimizer?: OptimizerName;
  /** μ of 'momentum' (default 0.9). */
  momentum?: number;
  /** Nesterov's accelerated form of 'momentum' (default false). */
  nesterov?: boolean;
  /** Adam's β₁ (default 0.9). */
  beta1?: number;
  /** Adam's β₂ (default 0.999). */
  beta2?: number;
  /** Adam's ε (default 1e-8). */
  adamEpsilon?: number;
  /** Averaged SGD: true averages the iterates of every epoch; a number k averages from epoch k
   *  (1-based) on. The model is the average (default false). */
  average?: boolean | number;
  /** Hold out this fraction of the rows (chosen by the seed) and stop on their loss, keeping the
   *  best epoch's model (default 0: no held-out rows). */
  validationFraction?: number;
  /** fit() continues from the current model and training state instead of θ = 0 (default false). */
  warmStart?: boolean;
  /** Fit an intercept (default true). It is never penalized. */
  fitIntercept?: boolean;
  /** Standardize features internally (default true); coef are reported in original units. */
  standardize?: boolean;
  /** Storage and SIMD arithmetic of X: 'float64' (default) or 'float32' (half the memory traffic). */
  dtype?: DType;
  /** Seed of the row shuffle and of the held-out rows (a 32-bit unsigned integer); drawn at random
   *  when not given. */
  seed?: number;
  /** Shuffle the row order every epoch for 'sgd' and 'minibatch' (default true). */
  shuffle?: boolean;
  /**
   * Threads of init's pool that fit and predict may use: 'auto' (default: all of them when X is at
   * least 512 KiB, one below) or a count (capped at the pool's size). Results are the same bits on any
   * number of threads. Threads run the full-batch gradient (solver 'batch'), mini-batch and general-trainer
   * steps of two or more row blocks, the power iteration of learningRate 'auto', the exact solver's Gram
   * matrix, the column statistics and predict; SGD's steps run on one thread.
   */
  threads?: 'auto' | number;
}

/**
 * The options a model runs with (`model.options`, the `options` of its JSON document): every option
 * given or its default, the seed drawn when none was given. tolerance is null when early stopping
 * was turned off; alpha and l1Ratio are null unless alpha was given.
 */
export type ResolvedOptions = Required<Omit<LinearRegressionOptions, 'tolerance' | 'alpha' | 'l1Ratio'>> & {
  tolerance: number | null;
  alpha: number | null;
  l1Ratio: number | null;
};

export const DEFAULTS: Omit<ResolvedOptions, 'seed'> = {
  solver: 'batch',
  learningRate: 'auto',
  schedule: 'constant',
  powerT: 0.25,
  maxEpochs: 1000,
  batchSize: 32,
  tolerance: 1e-7,
  patience: 5,
  loss: 'squaredError',
  epsilon: 0.1,
  l2: 0,
  l1: 0,
  alpha: null,
  l1Ratio: null,
  optimizer: 'plain',
  momentum: 0.9,
  nesterov: false,
  beta1: 0.9,
  beta2: 0.999,
  adamEpsilon: 1e-8,
  average: false,
  validationFraction: 0,
  warmStart: false,
  fitIntercept: true,
  standardize: true,
  dtype: 'float64',
  shuffle: true,
  threads: 'auto',
};

const SOLVERS: readonly Solver[] = ['batch', 'sgd', 'minibatch', 'exact'];
const DTYPES: readonly DType[] = ['float64', 'float32'];
const LOSS_NAMES: readonly Loss[] = ['squaredError', 'huber', 'epsilonInsensitive'];
/** scikit-learn's spellings, accepted and stored as linwasm's. */
const LOSS_ALIASES: Record<string, Loss> = {
  squared_error: 'squaredError',
  squared: 'squaredError',
  epsilon_insensitive: 'epsilonInsensitive',
};
const SCHEDULE_NAMES: readonly Schedule[] = ['constant', 'invscaling', 'optimal', 'adaptive'];
const OPTIMIZER_NAMES: readonly OptimizerName[] = ['plain', 'momentum', 'adam'];
const KEYS = [...Object.keys(DEFAULTS), 'seed'];
/** Options that only gradient descent has; the exact solver rejects them when set. */
const DESCENT_ONLY = ['loss', 'l1', 'schedule', 'optimizer', 'average', 'validationFraction'] as const;

/**
 * Checks options and fills in defaults.
 * @throws TypeError for an unknown option or a value of the wrong type; RangeError for a value out of range.
 */
export function resolveOptions(options: unknown = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`LinearRegression options must be an object, got ${describe(options)}`);
  }
  const given = stripUndefined(options as Record<string, unknown>);
  checkKeys(given, KEYS, 'LinearRegression option');
  const o = { ...DEFAULTS, seed: randomSeed(), ...given } as Record<string, unknown>;
  // One row per step leaves a constant step's last iterate as noisy as the rows: SGD decays its step
  // by default (scikit-learn's SGDRegressor does too), which lands every seed near the optimum.
  if (given.schedule === undefined && o.solver === 'sgd') o.schedule = 'invscaling';

  oneOf(o, 'solver', SOLVERS);
  oneOf(o, 'dtype', DTYPES);
  if (typeof o.loss === 'string' && o.loss in LOSS_ALIASES) o.loss = LOSS_ALIASES[o.loss];
  oneOf(o, 'loss', LOSS_NAMES);
  oneOf(o, 'schedule', SCHEDULE_NAMES);
  oneOf(o, 'optimizer', OPTIMIZER_NAMES);
  if (o.learningRate !== 'auto') positive(o, 'learningRate', "a positive number or 'auto'");
  positiveInteger(o, 'maxEpochs');
  positiveInteger(o, 'batchSize');
  positiveInteger(o, 'patience');
  if (o.tolerance !== null) atLeastZero(o, 'tolerance', 'a number ≥ 0 or null');
  atLeastZero(o, 'powerT', 'a finite number ≥ 0');
  atLeastZero(o, 'epsilon', 'a finite number ≥ 0');
  atLeastZero(o, 'l2', 'a finite number ≥ 0');
  atLeastZero(o, 'l1', 'a finite number ≥ 0');
  below1(o, 'momentum');
  below1(o, 'beta1');
  below1(o, 'beta2');
  positive(o, 'adamEpsilon', 'a positive number');
  boolean(o, 'nesterov');
  boolean(o, 'warmStart');
  boolean(o, 'fitIntercept');
  boolean(o, 'standardize');
  boolean(o, 'shuffle');
  if (o.threads !== 'auto') positiveInteger(o, 'threads', "'auto' or a positive integer");
  if (!Number.isInteger(o.seed) || (o.seed as number) < 0 || (o.seed as number) > 0xffffffff) {
    throw new RangeError(`Option seed must be an integer from 0 to 4294967295, got ${describe(o.seed)}`);
  }
  const average = o.average;
  if (typeof average !== 'boolean' && !(Number.isInteger(average) && (average as number) >= 1)) {
    throw new RangeError(
      `Option average must be true, false or the epoch (an integer ≥ 1) to start averaging from, got ${describe(average)}`,
    );
  }
  const vf = o.validationFraction;
  if (typeof vf !== 'number' || !(vf >= 0 && vf < 1)) {
    throw new RangeError(`Option validationFraction must be a number in [0, 1), got ${describe(vf)}`);
  }
  resolvePenalty(o, given);
  if (o.nesterov && o.optimizer !== 'momentum') {
    throw new RangeError(`Option nesterov: true needs optimizer 'momentum', got optimizer '${o.optimizer}'`);
  }
  if (o.schedule === 'optimal' && !((o.l2 as number) + (o.l1 as number) / 2 > 0)) {
    throw new RangeError(
      "Option schedule 'optimal' needs a penalty (l2, l1 or alpha > 0): its step is 1 / (2α(t₀ + t − 1)), " +
        'α = l2 + l1/2',
    );
  }
  if (o.solver === 'batch' && o.optimizer !== 'plain') {
    // One step per epoch: momentum's overshoot lasts epochs, which the stopping rule takes for a stall.
    throw new RangeError(
      `Option optimizer '${o.optimizer}' applies to solvers 'sgd' and 'minibatch'; solver 'batch' takes plain steps`,
    );
  }
  if (o.solver === 'exact') {
    for (const key of DESCENT_ONLY) {
      if (o[key] !== DEFAULTS[key]) {
        const what =
          key === 'l1' && given.l1 === undefined
            ? `l1Ratio ${o.l1Ratio} (an L1 penalty)`
            : `${key} (${describe(o[key])})`;
        throw new RangeError(
          `Option ${what} needs a gradient-descent solver ('batch', 'sgd' or 'minibatch'); ` +
            "solver 'exact' solves the squared-error objective with an L2 penalty directly",
        );
      }
    }
  }
  if (o.solver === 'sgd') {
    if (o.batchSize !== 1 && given.batchSize !== undefined) {
      throw new RangeError(
        `Option batchSize is ${o.batchSize}, but solver 'sgd' takes one row per step: use solver 'minibatch' ` +
          'for batches, or leave batchSize out',
      );
    }
    o.batchSize = 1;
  }
  return o as ResolvedOptions;
}

/** alpha and l1Ratio (scikit-learn's parameters) → l1 and l2; they exclude l1 and l2. */
function resolvePenalty(o: Record<string, unknown>, given: Record<string, unknown>): void {
  if (o.alpha === null) {
    if (o.l1Ratio !== null) {
      throw new RangeError('Option l1Ratio needs alpha (the overall penalty strength); or set l1 and l2 directly');
    }
    return;
  }
  atLeastZero(o, 'alpha', 'a finite number ≥ 0 or null');
  if (o.l1Ratio === null) o.l1Ratio = 0;
  const ratio = o.l1Ratio;
  if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
    throw new RangeError(`Option l1Ratio must be a number in [0, 1], got ${describe(ratio)}`);
  }
  const alpha = o.alpha as number;
  const l1 = 2 * alpha * ratio;
  const l2 = alpha * (1 - ratio);
  // Resolved options (with both pairs, consistent) resolve again to themselves.
  if ((given.l1 !== undefined && given.l1 !== l1) || (given.l2 !== undefined && given.l2 !== l2)) {
    throw new RangeError('Options alpha and l1Ratio replace l1 and l2: give one pair or the other');
  }
  o.l1 = l1;
  o.l2 = l2;
}

/** Throws a TypeError naming the first key of `given` not in `known`, with the nearest known key. */
export function checkKeys(given: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      const near = nearest(key, known);
      throw new TypeError(
        `Unknown ${what} '${key}'${near ? ` (did you mean '${near}'?)` : ''}; known: ${known.join(', ')}`,
      );
    }
  }
}

function oneOf<T>(o: Record<string, unknown>, key: string, allowed: readonly T[]): void {
  if (!allowed.includes(o[key] as T)) {
    throw new RangeError(
      `Option ${key} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(o[key])}`,
    );
  }
}

function positive(o: Record<string, unknown>, key: string, expected: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new RangeError(`Option ${key} must be ${expected}, got ${describe(v)}`);
  }
}

function atLeastZero(o: Record<string, unknown>, key: string, expected: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
    throw new RangeError(`Option ${key} must be ${expected}, got ${describe(v)}`);
  }
}

function below1(o: Record<string, unknown>, key: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    throw new RangeError(`Option ${key} must be a number in [0, 1), got ${describe(v)}`);
  }
}

function positiveInteger(o: Record<string, unknown>, key: string, what = 'a positive integer'): void {
  const v = o[key];
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 0x7fffffff) {
    throw new RangeError(`Option ${key} must be ${what}, got ${describe(v)}`);
  }
}

function boolean(o: Record<string, unknown>, key: string): void {
  if (typeof o[key] !== 'boolean') throw new TypeError(`Option ${key} must be true or false, got ${describe(o[key])}`);
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}

/** The known name within edit distance 2 of `key`, if any. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const dist = editDistance(key.toLowerCase(), k.toLowerCase());
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// The seam between the estimator and the arithmetic. The estimator (src/fit/) checks, chooses and
// reports; an engine stores data and runs kernels. Two engines implement it with the same
// semantics: the WASM core (wasm/) and the pure-JS twin of every kernel (js/, published as
// linwasm/baseline), so every behaviour can be checked one against the other.
import type { Dense } from '../api/data.js';
import type { LOSS_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES } from './layout.js';

/** How X and the weights are stored and multiplied (the option `dtype`): 'float64', or 'float32' for
 *  half the memory and twice the SIMD lanes; sums and the loss are float64 either way. */
export type DType = 'float64' | 'float32';
/** Values stored in a dtype: X and the weights of a float32 model are float32, all sums float64. */
export type Floats = Float64Array | Float32Array;
export type IterativeSolver = 'batch' | 'sgd' | 'minibatch';

/** X stored in an engine in a given dtype. Release with dispose() (in `finally`). */
export interface StoredX {
  /** Index (row-major) of the first value that is not finite as stored, or −1. */
  firstNonFinite(): number;
  /** ŷ = X·coef + intercept; coef is rounded to the stored dtype first. */
  predict(coef: Float64Array, intercept: number): Float64Array;
  dispose(): void;
}

/** How storeProblem lays the rows out. */
export interface ProblemLayout {
  /** Per-row weights s_i ≥ 0 of the loss (null: all 1), indexed like the rows of X. */
  sampleWeight?: Float64Array | null;
  /** The rows of X in the order to store them (null: as given). */
  order?: Uint32Array | null;
  /** The last heldOutRows stored rows are held out: every statistic and solver uses only the
   *  training rows before them (default 0). */
  heldOutRows?: number;
}

/** A training set stored in an engine: X in the model's dtype, y and sample weights in float64. */
export interface StoredProblem extends StoredX {
  /** Column means (zeros when center is false) and scales of the training rows; all of X is
   *  standardized in place with them. */
  standardize(center: boolean): { mean: Float64Array; scale: Float64Array };
  /** Column means and m2 = Σ(x − mean)² of the training rows, to merge across chunks. */
  columnMoments(): { mean: Float64Array; m2: Float64Array };
  /** Standardizes all of X in place with given means and scales (statistics gathered elsewhere). */
  standardizeWith(scaling: { mean: Float64Array; scale: Float64Array }): void;
  /** Mean of s·ℓ(x·w + b − y) over the training rows, w rounded to the stored dtype. */
  meanLoss(w: Float64Array, b: number, loss: Loss, epsilon: number): number;
  /** λ, the largest eigenvalue of (1/n)·ZᵀZ, Z = [X 1] or X (power iteration). */
  powerIteration(fitIntercept: boolean): number;
  /** max_i ‖x_i‖². */
  maxRowNormSq(): number;
  /** The exact minimizer of (1/n)·Σ s_i·r_i² + l2·‖w‖², or the singular column; with keepGram,
   *  also the (centered) Gram matrix and the means it was built from, for inference statistics. */
  solveExact(l2: number, fitIntercept: boolean, keepGram?: boolean): ExactResult;
  /**
   * Leave-one-out residuals of ridge regression on the training rows (unweighted) for every
   * penalty α > 0 in `alphas` (scikit-learn's Ridge alpha: Σ r² + α·‖w‖²), from one
   * eigendecomposition of the Gram matrix: alphas.length × nTrain values, penalty by penalty; null
   * when the eigen solver did not converge.
   */
  ridgeLoo(alphas: Float64Array, fitIntercept: boolean): Float64Array | null;
  /** Prepares a gradient-descent run; its state lives in the engine until dispose(). */
  startTraining(config: TrainConfig): Training;
}

export type ExactResult =
  | { ok: true; coef: Float64Array; intercept: number; gram?: Gram }
  | { ok: false; column: number };

/** Σ s_i(x_i − x̄)(x_i − x̄)ᵀ (d×d row-major; x̄ = 0 without an intercept) and the means [x̄, ȳ]
 *  (d + 1), of the data as stored (standardized when the fit standardized). */
export interface Gram {
  matrix: Float64Array;
  means: Float64Array;
}

/** The settings' names of the codes in assembly/layout.ts (the option `optimizer` plus 'nesterov'). */
export type Loss = (typeof LOSS_NAMES)[number];
export type Schedule = (typeof SCHEDULE_NAMES)[number];
export type Optimizer = (typeof OPTIMIZER_NAMES)[number];

/** How a run trains: what the settings block holds (TrainSettings), and how the run is driven. */
export interface TrainConfig extends TrainSettings {
  solver: IterativeSolver;
  seed: number;
  maxEpochs: number;
  /** Run the general trainer; false: the plain fast trainers, which read only the settings of a plain
   *  run (learningRate, l2, fitIntercept, tolerance, patience, batchSize, shuffle). */
  general: boolean;
  /** Continue from this state instead of θ = 0 (warmStart); its arrays have d (+1) entries. */
  initial: TrainingSnapshot | null;
}

/** The settings every trainer reads from the settings block (CONFIG_* in assembly/layout.ts). */
export interface TrainSettings {
  /** η: the constant step, or the first step of 'invscaling' and 'adaptive'. */
  learningRate: number;
  l2: number;
  fitIntercept: boolean;
  /** Relative tolerance of the stopping rule; negative disables it. */
  tolerance: number;
  patience: number;
  batchSize: number;
  shuffle: boolean;
  loss: Loss;
  epsilon: number;
  schedule: Schedule;
  powerT: number;
  l1: number;
  optimizer: Optimizer;
  momentum: number;
  beta1: number;
  beta2: number;
  adamEpsilon: number;
  /** First epoch (0-based) of averaging; −1: none. */
  averageFrom: number;
}

/**
 * Everything a run needs to continue where another stopped (warmStart, partialFit), in the
 * standardized units the trainer works in. Vectors of d + 1 hold the intercept last.
 */
export interface TrainingSnapshot {
  weights: Float64Array;
  intercept: number;
  /** The schedules' step count t (from 1). */
  step: number;
  /** The current step of 'constant' and 'adaptive'. */
  eta: number;
  /** u of the cumulative L1 penalty. */
  l1Total: number;
  /** Iterates averaged so far. */
  averaged: number;
  /** The PRNG's four 32-bit words. */
  rng: Uint32Array;
  /** Momentum's velocity or Adam's first moment (d + 1). */
  moment1: Float64Array;
  /** Adam's second moment (d + 1). */
  moment2: Float64Array;
  /** The L1 penalty applied to each weight so far (d + 1, last unused). */
  l1Applied: Float64Array;
  /** The average of the iterates (d + 1). */
  average: Float64Array;
}

export interface Training {
  /** Runs epochs until `epochEnd` epochs are complete or a stop; returns a status code. */
  run(epochEnd: number): number;
  /** Epochs completed. */
  readonly epochs: number;
  /** Training loss of epoch `epoch` (0-based). */
  loss(epoch: number): number;
  /** Training loss of epochs 0 … count−1 (a copy). */
  history(count: number): Float64Array;
  /** Loss on the held-out rows after epochs 0 … count−1 (a copy; empty without them). */
  validationHistory(count: number): Float64Array;
  /** The epoch (0-based) whose model is returned when there are held-out rows, or −1. */
  readonly bestEpoch: number;
  /** The objective (mean loss + penalty) at the weights the run started from. */
  readonly startObjective: number;
  /** The model: the epoch's with the best validation loss, else the average once averaging began, else θ. */
  model(): { coef: Float64Array; intercept: number };
  /** The state to continue from. */
  snapshot(): TrainingSnapshot;
}

export interface Engine {
  readonly name: string;
  /** Copies X (converted to dtype; columns transposed into rows) into the engine. */
  storeX(X: Dense, dtype: DType): StoredX;
  /**
   * ŷ = X·coef + intercept for every row, X converted to dtype (coef rounded to it), without keeping X.
   * @throws RangeError naming the row and column of the first value that is not finite as stored.
   */
  predict(X: Dense, dtype: DType, coef: Float64Array, intercept: number): Float64Array;
  /** Copies X (converted to dtype), y and the sample weights into the engine. */
  storeProblem(X: Dense, y: Float64Array, dtype: DType, layout?: ProblemLayout): StoredProblem;
}

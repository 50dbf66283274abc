// The seam between the estimator and the arithmetic. The estimator (LinearRegression) validates,
// chooses and reports; an engine stores data and runs kernels. Two engines implement it with the
// same semantics: the WASM core (src/wasm/engine.ts) and the pure-JS baseline
// (src/baseline/engine.ts), so every behaviour can be checked one against the other.
import type { Matrix } from './data.js';

export type DType = 'float64' | 'float32';
export type IterativeSolver = 'batch' | 'sgd' | 'minibatch';

/** X stored in an engine in a given dtype. Release with dispose() (in `finally`). */
export interface StoredX {
  /** Index (row-major) of the first value that is not finite as stored, or −1. */
  firstNonFinite(): number;
  /** ŷ = X·coef + intercept; coef is rounded to the stored dtype first. */
  predict(coef: Float64Array, intercept: number): Float64Array;
  dispose(): void;
}

/** A training set stored in an engine: X in the model's dtype, y in float64. */
export interface StoredProblem extends StoredX {
  /** Column means (zeros when center is false) and scales; X is standardized in place. */
  standardize(center: boolean): { mean: Float64Array; scale: Float64Array };
  /** λ, the largest eigenvalue of (1/n)·ZᵀZ, Z = [X 1] or X (power iteration). */
  powerIteration(fitIntercept: boolean): number;
  /** max_i ‖x_i‖². */
  maxRowNormSq(): number;
  /** The exact minimizer of MSE + l2·‖w‖², or the singular column. */
  solveExact(l2: number, fitIntercept: boolean): ExactResult;
  /** Prepares a gradient-descent run; its state lives in the engine until dispose(). */
  startTraining(config: TrainConfig): Training;
}

export type ExactResult = { ok: true; coef: Float64Array; intercept: number } | { ok: false; column: number };

export interface TrainConfig {
  solver: IterativeSolver;
  learningRate: number;
  l2: number;
  fitIntercept: boolean;
  /** Relative tolerance of the stopping rule; negative disables it. */
  tolerance: number;
  patience: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  maxEpochs: number;
}

export interface Training {
  /** Runs epochs until `epochEnd` epochs are complete or a stop; returns a status code. */
  run(epochEnd: number): number;
  /** Epochs completed. */
  readonly epochs: number;
  /** Training MSE of epoch `epoch` (0-based). */
  loss(epoch: number): number;
  /** Training MSE of epochs 0 … count−1 (a copy). */
  history(count: number): Float64Array;
  /** The current weights (a float64 copy) and intercept. */
  coef(): Float64Array;
  intercept(): number;
}

export interface Engine {
  readonly name: string;
  /** Copies X (converted to dtype) into the engine. */
  storeX(X: Matrix, dtype: DType): StoredX;
  /** Copies X (converted to dtype) and y into the engine. */
  storeProblem(X: Matrix, y: Float64Array, dtype: DType): StoredProblem;
}

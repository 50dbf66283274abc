// The estimator: options, validation, the choice of step size, progress and errors. All arithmetic
// is delegated to an Engine, so the same estimator runs on the WASM core (LinearRegression) and on
// the pure-JS baseline (linwasm/baseline), with identical behaviour.
import {
  checkSameLength,
  describe,
  type Matrix,
  type MatrixInput,
  nonFiniteError,
  toMatrix,
  toVector,
  type VectorInput,
} from './data.js';
import type { Engine, StoredProblem, Training } from './engine.js';
import { DivergenceError, NotFittedError, SingularMatrixError } from './errors.js';
import { r2Score } from './metrics.js';
import { type FittedState, fromModelJSON, type ModelJSON, toModelJSON } from './model.js';
import { checkKeys, type LinearRegressionOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { STATUS_CONVERGED, STATUS_DIVERGED } from './status.js';

/** What onEpoch receives. */
export interface EpochInfo {
  /** Epochs completed (1-based). */
  epoch: number;
  /** Training MSE of that epoch. */
  loss: number;
}

export interface FitOptions {
  /** Called every `every` epochs and after the last one; return false to stop training. */
  onEpoch?: (info: EpochInfo) => boolean | void;
  /** Epochs between onEpoch calls (default 1); WASM runs the epochs in between in one call. */
  every?: number;
}

export abstract class Estimator {
  /** The resolved options (defaults filled in, seed drawn). */
  readonly options: Readonly<ResolvedOptions>;
  private state: FittedState | null = null;

  /**
   * @throws TypeError for an unknown option or a wrong type; RangeError for a value out of range.
   */
  constructor(options: LinearRegressionOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
  }

  /** The engine that stores data and runs the kernels. */
  protected abstract engine(): Engine;

  /**
   * Fits the model to X (nSamples × nFeatures) and y. θ starts at zero on every call. The model is
   * changed only when fit succeeds; after an error it keeps its previous state.
   * @returns this
   * @throws TypeError/RangeError for bad input or fit options (naming the row, column or option);
   * DivergenceError when gradient descent diverges; SingularMatrixError when the exact solver's
   * system is singular; any error thrown by onEpoch.
   */
  fit(X: MatrixInput, y: VectorInput, fitOptions: FitOptions = {}): this {
    const { onEpoch, every } = checkFitOptions(fitOptions);
    const m = toMatrix(X, 'X');
    const target = toVector(y, 'y');
    checkSameLength(m, target);
    const o = this.options;
    if (o.solver === 'minibatch' && o.batchSize > m.rows) {
      throw new RangeError(`Option batchSize (${o.batchSize}) is larger than the number of rows of X (${m.rows})`);
    }
    const problem = this.engine().storeProblem(m, target, o.dtype);
    try {
      const bad = problem.firstNonFinite();
      if (bad >= 0) throw nonFiniteError(m, bad, o.dtype);
      const scaling = o.standardize ? problem.standardize(o.fitIntercept) : null;
      const fitted =
        o.solver === 'exact' ? this.solveExact(problem) : this.descend(problem, m, scaling !== null, onEpoch, every);
      const { coef, intercept } = toOriginalUnits(fitted.coef, fitted.intercept, scaling);
      const state: FittedState = {
        nFeatures: m.cols,
        coef,
        intercept,
        scaling,
        training: {
          nSamples: m.rows,
          epochs: fitted.epochs,
          converged: fitted.converged,
          learningRate: fitted.learningRate,
          history: fitted.history,
        },
      };
      this.state = state;
      return this;
    } finally {
      problem.dispose();
    }
  }

  /**
   * ŷ = X·coef + intercept for every row of X. Computed in float32 when X is given as a
   * Float32Array matrix, in float64 otherwise.
   * @throws NotFittedError before fit; TypeError/RangeError for bad X or the wrong number of features.
   */
  predict(X: MatrixInput): Float64Array {
    const s = this.fitted('predict');
    const m = toMatrix(X, 'X');
    if (m.cols !== s.nFeatures) {
      throw new RangeError(`X has ${m.cols} features (columns), but the model was fitted with ${s.nFeatures}`);
    }
    return predictWith(this.engine(), m, m.data instanceof Float32Array ? 'float32' : 'float64', s.coef, s.intercept);
  }

  /**
   * R², the coefficient of determination of predict(X) against y.
   * @throws as predict, and RangeError when X and y differ in length.
   */
  score(X: MatrixInput, y: VectorInput): number {
    const m = toMatrix(X, 'X');
    const target = toVector(y, 'y');
    checkSameLength(m, target);
    return r2Score(target, this.predict(m));
  }

  /** Coefficients in the units of the original features (a copy). */
  get coef(): Float64Array {
    return this.fitted('coef').coef.slice();
  }

  get intercept(): number {
    return this.fitted('intercept').intercept;
  }

  /** Training MSE per epoch (a copy; empty for the exact solver). */
  get history(): Float64Array {
    return this.fitted('history').training.history.slice();
  }

  /** Epochs run by the last fit. */
  get epochs(): number {
    return this.fitted('epochs').training.epochs;
  }

  /** Whether the last fit met its stopping rule (always true for the exact solver). */
  get converged(): boolean {
    return this.fitted('converged').training.converged;
  }

  /** The learning rate the last fit used ('auto' resolved), or null for the exact solver. */
  get learningRateUsed(): number | null {
    return this.fitted('learningRateUsed').training.learningRate;
  }

  /** Features the model was fitted with. */
  get nFeatures(): number {
    return this.fitted('nFeatures').nFeatures;
  }

  /** Whether fit has succeeded at least once. */
  get isFitted(): boolean {
    return this.state !== null;
  }

  /** A versioned, self-describing document of the model; JSON.stringify(model) uses it. */
  toJSON(): ModelJSON {
    return toModelJSON(this.options, this.fitted('toJSON'));
  }

  /**
   * Restores a model from toJSON()'s document (or its JSON text).
   * @throws TypeError for a document of another kind, an unknown format version, or malformed fields.
   */
  static fromJSON<T extends Estimator>(this: new (options?: LinearRegressionOptions) => T, json: unknown): T {
    const { options, state } = fromModelJSON(json);
    const model = new this(options);
    (model as unknown as { state: FittedState }).state = state;
    return model;
  }

  private fitted(method: string): FittedState {
    if (!this.state) throw new NotFittedError(method);
    return this.state;
  }

  private solveExact(problem: StoredProblem): Fitted {
    const o = this.options;
    const result = problem.solveExact(o.l2, o.fitIntercept);
    if (!result.ok) throw new SingularMatrixError(result.column);
    return { ...result, epochs: 0, converged: true, learningRate: null, history: new Float64Array(0) };
  }

  private descend(
    problem: StoredProblem,
    m: Matrix,
    standardized: boolean,
    onEpoch: FitOptions['onEpoch'],
    every: number,
  ): Fitted {
    const o = this.options;
    const solver = o.solver as 'batch' | 'sgd' | 'minibatch';
    const batchSize = solver === 'sgd' ? 1 : solver === 'batch' ? m.rows : o.batchSize;
    const learningRate = o.learningRate === 'auto' ? autoLearningRate(problem, o, m.rows, batchSize) : o.learningRate;
    const training = problem.startTraining({
      solver,
      learningRate,
      l2: o.l2,
      fitIntercept: o.fitIntercept,
      tolerance: o.tolerance ?? -1,
      patience: o.patience,
      batchSize,
      shuffle: o.shuffle,
      seed: o.seed,
      maxEpochs: o.maxEpochs,
    });
    let status = 0;
    while (training.epochs < o.maxEpochs) {
      const next = onEpoch ? Math.min(o.maxEpochs, (Math.floor(training.epochs / every) + 1) * every) : o.maxEpochs;
      status = training.run(next);
      if (status === STATUS_DIVERGED)
        throw this.divergence(problem, training, learningRate, batchSize, standardized, m.rows);
      if (onEpoch) {
        const epoch = training.epochs;
        if (onEpoch({ epoch, loss: training.loss(epoch - 1) }) === false) break;
      }
      if (status === STATUS_CONVERGED) break;
    }
    const epochs = training.epochs;
    return {
      coef: training.coef(),
      intercept: training.intercept(),
      epochs,
      converged: status === STATUS_CONVERGED,
      learningRate,
      history: training.history(epochs),
    };
  }

  private divergence(
    problem: StoredProblem,
    training: Training,
    learningRate: number,
    batchSize: number,
    standardized: boolean,
    nSamples: number,
  ): DivergenceError {
    const epoch = training.epochs + 1;
    const suggested = autoLearningRate(problem, this.options, nSamples, batchSize);
    return new DivergenceError(epoch, learningRate, suggested, standardized, training.history(epoch));
  }
}

interface Fitted {
  coef: Float64Array;
  intercept: number;
  epochs: number;
  converged: boolean;
  learningRate: number | null;
  history: Float64Array;
}

function checkFitOptions(fitOptions: unknown): { onEpoch: FitOptions['onEpoch']; every: number } {
  if (fitOptions === null || typeof fitOptions !== 'object') {
    throw new TypeError(`fit options must be an object, got ${describe(fitOptions)}`);
  }
  const f = fitOptions as Record<string, unknown>;
  checkKeys(f, ['onEpoch', 'every'], 'fit option');
  if (f.onEpoch !== undefined && typeof f.onEpoch !== 'function') {
    throw new TypeError(`fit option onEpoch must be a function, got ${describe(f.onEpoch)}`);
  }
  const every = f.every ?? 1;
  if (!Number.isInteger(every) || (every as number) < 1) {
    throw new RangeError(`fit option every must be a positive integer, got ${describe(f.every)}`);
  }
  return { onEpoch: f.onEpoch as FitOptions['onEpoch'], every: every as number };
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

/** w and b for standardized features → the same model on the original features. */
function toOriginalUnits(
  w: Float64Array,
  b: number,
  scaling: FittedState['scaling'],
): { coef: Float64Array; intercept: number } {
  if (!scaling) return { coef: w, intercept: b };
  const coef = new Float64Array(w.length);
  let intercept = b;
  for (let j = 0; j < w.length; j++) {
    coef[j] = w[j] / scaling.scale[j];
    intercept -= scaling.mean[j] * coef[j];
  }
  return { coef, intercept };
}

/** Stores X in the engine, rejects a non-finite value by row and column, predicts, releases. */
function predictWith(
  engine: Engine,
  m: Matrix,
  dtype: 'float64' | 'float32',
  coef: Float64Array,
  intercept: number,
): Float64Array {
  const stored = engine.storeX(m, dtype);
  try {
    const bad = stored.firstNonFinite();
    if (bad >= 0) throw nonFiniteError(m, bad, dtype);
    return stored.predict(coef, intercept);
  } finally {
    stored.dispose();
  }
}

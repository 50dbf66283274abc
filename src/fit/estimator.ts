// The estimator: the public methods of LinearRegression — fit, partialFit, fitStream, predict,
// score, the fitted attributes, summary, and the model's documents (JSON, ONNX, scikit-learn) — over
// an Engine, so that the same estimator runs on the WASM core (LinearRegression) and on the pure-JS
// twins (linwasm/baseline) with identical behaviour. The work is in the files beside it: fit.ts
// (fit), chunk.ts (partialFit), stream.ts (fitStream), plan.ts (batch size, step, settings: once).

import {
  checkPartialOptions,
  checkStreamOptions,
  isVectorInput,
  readChunk,
  readX,
  readXY,
  vectorOf,
} from '../api/check-input.js';
import type { MatrixInput, VectorInput } from '../api/data.js';
import { NotFittedError } from '../api/errors.js';
import type { FitOptions, StreamOptions, TargetInput } from '../api/fit-options.js';
import {
  modelFromOnnx,
  modelFromSklearn,
  modelToOnnx,
  modelToSklearn,
  type plainModel,
  type SklearnDocument,
} from '../api/interchange.js';
import { r2Score } from '../api/metrics.js';
import { type FittedState, fromModelJSON, type ModelJSON, toModelJSON } from '../api/model.js';
import { type FeatureRecord, isRecords } from '../api/names.js';
import { type LinearRegressionOptions, type ResolvedOptions, resolveOptions } from '../api/options.js';
import type { ArrowTableLike } from '../arrow/table.js';
import type { Engine } from '../engine/engine.js';
import { ResidentMatrix } from '../engine/wasm/resident.js';
import { requestThreads } from '../engine/wasm/threads.js';
import type { OnnxOptions } from '../onnx/write.js';
import { type RegressionSummary, type SummaryOptions, summarize } from '../stats/summary.js';
import { partialFit } from './chunk.js';
import { fit } from './fit.js';
import { PredictWeights, predictRows } from './predict.js';
import type { ChunkSource } from './sources.js';
import { fitStream } from './stream.js';

/**
 * What linwasm's LinearRegression and linwasm/baseline's share: every method and fitted attribute.
 * Exported as a type, for code that takes a model of either engine.
 */
export abstract class Estimator {
  /** The resolved options (defaults filled in, seed drawn). */
  readonly options: Readonly<ResolvedOptions>;
  private state: FittedState | null = null;
  /** The model's weights as predict uses them (float32 made once), for the state they were made from. */
  private weights: PredictWeights | null = null;
  private weightsOf: FittedState | null = null;

  /**
   * @throws TypeError for an unknown option or a wrong type; RangeError for a value out of range.
   */
  constructor(options: LinearRegressionOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
  }

  /** The engine that stores data and runs the kernels.
   *  @internal */
  protected abstract engine(): Engine;

  /**
   * Fits the model to X (nSamples × nFeatures) and y, with optional sample weights (the third
   * argument, or fitOptions.sampleWeight). θ starts at zero, or with warmStart from the current
   * model and training state. The model is changed only when fit succeeds; after an error it keeps
   * its previous state.
   * @returns this
   * @throws TypeError/RangeError for bad input or fit options (naming the row, column or option);
   * DivergenceError when gradient descent diverges; SingularMatrixError when the exact solver's
   * system is singular; any error thrown by onEpoch.
   */
  fit(
    X: MatrixInput | ArrowTableLike | readonly FeatureRecord[] | VectorInput,
    y: TargetInput,
    fitOptions: FitOptions | VectorInput = {},
  ): this {
    const o = this.options;
    const before = requestThreads(o.threads);
    try {
      this.state = fit(this.engine(), o, o.warmStart ? this.state : null, X, y, fitOptions);
    } finally {
      requestThreads(before);
    }
    return this;
  }

  /**
   * One pass of the solver over a chunk (X, y), continuing from the current state — weights,
   * optimizer state, the schedule's step count, the column statistics — or from θ = 0 on an
   * unfitted model. Over the chunks of a dataset, in order, it gives what fitting the whole dataset
   * one epoch at a time gives with the same row order. With standardize, each chunk's column
   * statistics are merged into running ones (Chan et al.) and the model is carried over into the
   * new scaling. The chunk's loss before training is appended to progressiveHistory, its training
   * loss to history.
   * @returns this
   * @throws as fit; RangeError for the exact solver or validationFraction (use progressive
   * validation), or a chunk with another number of features.
   */
  partialFit(
    X: MatrixInput | ArrowTableLike | readonly FeatureRecord[] | VectorInput,
    y: TargetInput,
    sampleWeight: VectorInput | { sampleWeight?: VectorInput } = {},
  ): this {
    const given = isVectorInput(sampleWeight) ? sampleWeight : checkPartialOptions(sampleWeight);
    this.checkStreaming('partialFit');
    this.state = partialFit(this.engine(), this.options, this.state, readChunk({ X, y, sampleWeight: given }));
    return this;
  }

  /**
   * Trains on a stream of chunks, one chunk in memory at a time: `source` is an iterable or async
   * iterable of { X, y, sampleWeight? }, a function returning one (called again for every read), or
   * in Node a CSV file path or readable stream (with options.csv). Each epoch is one pass of
   * partialFit over the chunks; the stopping rule (tolerance, patience, adaptive's step) applies per
   * epoch to the progressive validation loss. The model changes only when it succeeds.
   * @returns this, when done
   * @throws (rejects) as partialFit; TypeError for a bad source or options; signal.reason on abort.
   */
  async fitStream(source: ChunkSource, options: StreamOptions = {}): Promise<this> {
    const so = checkStreamOptions(options);
    this.checkStreaming('fitStream');
    const o = this.options;
    this.state = await fitStream(this.engine(), o, o.warmStart ? this.state : null, source, so);
    return this;
  }

  /**
   * ŷ = X·coef + intercept for every row of X. Computed in float32 when X is given as a
   * Float32Array matrix (or a flat Float32Array row), in float64 otherwise; a ResidentMatrix
   * (residentMatrix(X)) is read where it lies in WebAssembly memory, in its dtype.
   * @throws NotFittedError before fit; TypeError/RangeError for bad X or the wrong number of features;
   * TypeError for a ResidentMatrix that was disposed.
   */
  predict(X: MatrixInput | ArrowTableLike | readonly FeatureRecord[] | VectorInput | ResidentMatrix): Float64Array {
    const s = this.fitted('predict');
    if (X instanceof ResidentMatrix) return this.predictResident(X, s);
    const m = readX(X, s.featureNames, s.nFeatures);
    if (m.cols !== s.nFeatures) {
      throw new RangeError(`X has ${m.cols} features (columns), but the model was fitted with ${s.nFeatures}`);
    }
    if (this.weightsOf !== s) {
      this.weights = new PredictWeights(s.coef, s.intercept);
      this.weightsOf = s;
    }
    const before = requestThreads(this.options.threads);
    try {
      return predictRows(this.engine(), m, this.weights as PredictWeights);
    } finally {
      requestThreads(before);
    }
  }

  /** predict on a ResidentMatrix: its columns must be the model's features. */
  private predictResident(X: ResidentMatrix, s: FittedState): Float64Array {
    if (this.engine().name !== 'wasm') {
      throw new TypeError(
        `X is a ResidentMatrix, which lives in linwasm's WebAssembly memory; this model runs on the ${this.engine().name} engine: pass X as rows or a typed matrix`,
      );
    }
    if (X.cols !== s.nFeatures) {
      throw new RangeError(`X has ${X.cols} features (columns), but the model was fitted with ${s.nFeatures}`);
    }
    const names = s.featureNames;
    const given = X.featureNames;
    if (names && given?.some((n, j) => n !== names[j])) {
      throw new RangeError(
        `X's columns (${given.join(', ')}) are not the model's features in order (${names.join(', ')})`,
      );
    }
    const before = requestThreads(this.options.threads);
    try {
      return X.predict(s.coef, s.intercept);
    } finally {
      requestThreads(before);
    }
  }

  /**
   * R², the coefficient of determination of predict(X) against y.
   * @throws as predict, and RangeError when X and y differ in length.
   */
  score(
    X: MatrixInput | ArrowTableLike | readonly FeatureRecord[] | VectorInput | ResidentMatrix,
    y: TargetInput,
  ): number {
    if (X instanceof ResidentMatrix) {
      const target = vectorOf(y, 'y');
      if (target.length !== X.rows) {
        throw new RangeError(
          `X and y must have the same length: X has ${X.rows} rows but y has ${target.length} values`,
        );
      }
      return r2Score(target, this.predict(X));
    }
    const names = this.fitted('score').featureNames;
    const byName = typeof y === 'string' && names ? { target: y, features: names } : y;
    const { X: m, y: target } = readXY(X, byName, isRecords(X) ? names : null);
    return r2Score(target, this.predict(m));
  }

  /**
   * Coefficients in the units of the original features (a copy).
   * @throws NotFittedError before fit.
   */
  get coef(): Float64Array {
    return this.fitted('coef').coef.slice();
  }

  /**
   * The intercept b of ŷ = x·coef + b, in the units of y (0 with fitIntercept false).
   * @throws NotFittedError before fit.
   */
  get intercept(): number {
    return this.fitted('intercept').intercept;
  }

  /** Training loss per epoch (MSE for 'squaredError'; a copy; empty for the exact solver). */
  get history(): Float64Array {
    return this.fitted('history').training.history.slice();
  }

  /** Loss on the held-out rows after each epoch (a copy; empty without validationFraction). */
  get validationHistory(): Float64Array {
    return this.fitted('validationHistory').training.validationHistory.slice();
  }

  /** The epoch (1-based) whose model was kept, the best on the held-out rows; null without them. */
  get bestEpoch(): number | null {
    return this.fitted('bestEpoch').training.bestEpoch;
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

  /** The features' column names, when the model was fitted on named columns (an Arrow Table, a CSV,
   *  Parquet or Arrow file), else null. predict(table) selects its columns by them. */
  get featureNames(): string[] | null {
    const names = this.fitted('featureNames').featureNames;
    return names && [...names];
  }

  /** Whether fit has succeeded at least once. */
  get isFitted(): boolean {
    return this.state !== null;
  }

  /**
   * Ordinary least squares statistics, as statsmodels' OLS reports them: standard errors, t
   * statistics, p-values and confidence intervals of the intercept and every coefficient, R² and
   * adjusted R² (uncentered without an intercept, as statsmodels), the F test, the residual degrees
   * of freedom, log-likelihood, AIC, BIC. Features are named x0, x1, … unless options.names is given.
   * @throws NotFittedError before fit; RangeError for a model whose estimates are not OLS (a solver
   * other than 'exact', l2 > 0, sample weights) or restored from JSON, a constant column, no more
   * rows than coefficients, bad names or confidenceLevel.
   */
  summary(options: SummaryOptions = {}): RegressionSummary {
    return summarize(this.fitted('summary'), this.options, options);
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

  /**
   * The model as ONNX (IR version 8, opset 13): y = MatMul(X, coef) + intercept with the
   * standardization folded into coef and intercept, input `X` of shape [N, nFeatures] and output `y`
   * of shape [N], in float32 or float64 (options.dtype, default the model's dtype); the feature names
   * (the model's, or options.featureNames) and options.target in the metadata. Any ONNX runtime
   * (ONNX Runtime, Triton, KServe) serves it.
   * @throws NotFittedError before fit; TypeError/RangeError for a bad option.
   */
  toONNX(options: OnnxOptions = {}): Uint8Array {
    return modelToOnnx(this.options, this.fitted('toONNX'), options);
  }

  /**
   * A model from an ONNX linear regression, written by linwasm or another tool: a LinearRegressor
   * node (ai.onnx.ml), MatMul(X, W) with an optional Add of a constant, or Gemm. It predicts as the
   * graph does (in float32 for float graphs: dtype 'float32'); it has no training state to continue.
   * @throws TypeError when the bytes are not ONNX, or the graph is anything else (saying what it found).
   */
  static fromONNX<T extends Estimator>(this: new (options?: LinearRegressionOptions) => T, bytes: Uint8Array): T {
    return withState(this, modelFromOnnx(bytes));
  }

  /**
   * The model as scikit-learn's fitted attributes, a plain JSON document: { estimator, coef_,
   * intercept_, n_features_in_, fit_intercept, feature_names_in_? }. Load it in Python with
   * `LinearRegression()` and those attributes set (docs/onnx.md).
   * @throws NotFittedError before fit.
   */
  toSklearn(): SklearnDocument {
    return modelToSklearn(this.options, this.fitted('toSklearn'));
  }

  /**
   * A model from a scikit-learn linear estimator's attributes ({ coef_, intercept_, … }, an object or
   * JSON text), as dumped by the Python snippet in docs/onnx.md.
   * @throws TypeError naming a missing or malformed attribute.
   */
  static fromSklearn<T extends Estimator>(this: new (options?: LinearRegressionOptions) => T, doc: unknown): T {
    return withState(this, modelFromSklearn(doc));
  }

  private checkStreaming(method: string): void {
    const o = this.options;
    if (o.solver === 'exact') {
      throw new RangeError(`${method} needs a gradient-descent solver ('batch', 'sgd' or 'minibatch'), not 'exact'`);
    }
    if (o.validationFraction > 0) {
      throw new RangeError(
        `${method} does not hold rows out (validationFraction): it reports progressive validation instead, the loss ` +
          'of each chunk before training on it',
      );
    }
  }

  private fitted(method: string): FittedState {
    if (!this.state) throw new NotFittedError(method);
    return this.state;
  }
}

/** A model of class C with a fitted state made elsewhere (ONNX, scikit-learn). */
function withState<T extends Estimator>(
  C: new (options?: LinearRegressionOptions) => T,
  { options, state }: ReturnType<typeof plainModel>,
): T {
  const model = new C(options);
  (model as unknown as { state: FittedState }).state = state;
  return model;
}

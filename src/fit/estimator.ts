// The estimator: options, validation, the choice of step size, progress and errors. All arithmetic
// is delegated to an Engine, so the same estimator runs on the WASM core (LinearRegression) and on
// the pure-JS baseline (linwasm/baseline), with identical behaviour.

import {
  checkFitOptions,
  checkPartialOptions,
  checkSampleWeight,
  checkStreamOptions,
  isVectorInput,
  labelled,
  type ReadChunk,
  readChunk,
  readX,
  readXY,
  throwIfAborted,
} from '../api/check-input.js';
import { type Dense, isFloat32, type MatrixInput, nonFiniteError, type VectorInput } from '../api/data.js';
import { DivergenceError, NotFittedError, SingularMatrixError } from '../api/errors.js';
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
import { type LinearRegressionOptions, type ResolvedOptions, resolveOptions } from '../api/options.js';
import type { ArrowTableLike, ArrowVectorLike, ColumnSelection } from '../arrow/table.js';
import type { Engine, StoredProblem, Training, TrainingSnapshot } from '../engine/engine.js';
import { STATUS_CONVERGED, STATUS_DIVERGED } from '../engine/layout.js';
import { configFor } from '../engine/train-state.js';
import type { OnnxOptions } from '../onnx/write.js';
import { type InferenceStats, inferenceStats } from '../stats/inference.js';
import { type RegressionSummary, type SummaryOptions, summarize } from '../stats/summary.js';
import { holdout } from './holdout.js';
import { mergeMoments, type RunningStats, scalingOf } from './running-stats.js';
import { type ChunkSource, type CsvChunkOptions, canReread, chunksOf, type FileChunkOptions } from './sources.js';
import { autoLearningRate, autoStep, firstStep } from './step-size.js';
import { resumeFrom, toOriginalUnits } from './units.js';

/** What onEpoch receives. */
export interface EpochInfo {
  /** Epochs completed (1-based). */
  epoch: number;
  /** Training loss of that epoch (the mean of the loss per row: MSE for 'squaredError'). */
  loss: number;
  /** Loss on the held-out rows after that epoch (with validationFraction > 0). */
  validationLoss?: number;
}

export interface FitOptions {
  /** Called every `every` epochs and after the last one; return false to stop training. */
  onEpoch?: (info: EpochInfo) => boolean | void;
  /** Epochs between onEpoch calls (default 1); WASM runs the epochs in between in one call. */
  every?: number;
  /** Weight s_i ≥ 0 of each row's loss: the objective is (1/n)·Σ s_i·ℓ(r_i) + penalty. */
  sampleWeight?: VectorInput;
}

/** What fitStream's onChunk receives. */
export interface ChunkInfo {
  /** The epoch (1-based). */
  epoch: number;
  /** The chunk within the epoch (1-based). */
  chunk: number;
  /** Rows of this chunk, and of the epoch so far. */
  rows: number;
  rowsSeen: number;
  /** The chunk's mean loss before training on it (progressive validation). */
  chunkLoss: number;
  /** The running mean of chunkLoss over the epoch's rows so far: an honest estimate of the loss on
   *  data the model has not seen. */
  progressiveLoss: number;
  /** The training loss of the chunk's pass (the running loss, as history). */
  loss: number;
}

/** What fitStream's onEpoch receives. */
export interface StreamEpochInfo {
  epoch: number;
  /** The epoch's training loss (history) and progressive validation loss (progressiveHistory). */
  loss: number;
  progressiveLoss: number;
  /** Rows read in the epoch. */
  rows: number;
}

export interface StreamOptions {
  /** Passes over the source (default 1). */
  epochs?: number;
  /** With standardize: 'firstPass' reads the source once more first and merges every chunk's column
   *  statistics (exact for the whole); 'online' merges them as training goes. Default: 'firstPass'
   *  when the source can be read again, else 'online'. */
  scaling?: 'firstPass' | 'online';
  /** Called after every chunk; return false to stop. */
  onChunk?: (info: ChunkInfo) => boolean | void;
  /** Called after every epoch; return false to stop. */
  onEpoch?: (info: StreamEpochInfo) => boolean | void;
  /** Aborting rejects fitStream with signal.reason between chunks; the model keeps its state. */
  signal?: AbortSignal;
  /** How to read a CSV file path or Node readable source (Node only). */
  csv?: CsvChunkOptions;
  /** How to read a file path or readable source of any format — CSV, Parquet, Arrow IPC — (Node only):
   *  the target and features by name, rows per chunk, and the format when the extension does not say. */
  columns?: FileChunkOptions;
}

/** What `fit` and `partialFit` take as y: the values, an Arrow vector, or — when X is an Arrow Table —
 *  the target's column name or { target, features }. */
export type TargetInput = VectorInput | ArrowVectorLike | string | ColumnSelection;

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
   * Fits the model to X (nSamples × nFeatures) and y, with optional sample weights (the third
   * argument, or fitOptions.sampleWeight). θ starts at zero, or with warmStart from the current
   * model and training state. The model is changed only when fit succeeds; after an error it keeps
   * its previous state.
   * @returns this
   * @throws TypeError/RangeError for bad input or fit options (naming the row, column or option);
   * DivergenceError when gradient descent diverges; SingularMatrixError when the exact solver's
   * system is singular; any error thrown by onEpoch.
   */
  fit(X: MatrixInput | ArrowTableLike, y: TargetInput, fitOptions: FitOptions | VectorInput = {}): this {
    const { onEpoch, every, sampleWeight } = checkFitOptions(
      isVectorInput(fitOptions) ? { sampleWeight: fitOptions } : fitOptions,
    );
    const { X: m, y: target, names } = readXY(X, y);
    const weights = sampleWeight === undefined ? null : checkSampleWeight(sampleWeight, m.rows);
    const o = this.options;
    const previous = o.warmStart ? this.state : null;
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
    const problem = this.engine().storeProblem(m, target, o.dtype, {
      sampleWeight: weights,
      order: split?.order ?? null,
      heldOutRows: split?.heldOutRows ?? 0,
    });
    try {
      const bad = problem.firstNonFinite();
      if (bad >= 0) throw nonFiniteError(m, bad, o.dtype);
      const scaling = o.standardize ? problem.standardize(o.fitIntercept) : null;
      // An exact fit without penalty or weights keeps what summary() needs (OLS statistics).
      const forSummary = o.solver === 'exact' && o.l2 === 0 && weights === null;
      const fitted =
        o.solver === 'exact'
          ? this.solveExact(problem, forSummary, target)
          : this.descend(problem, nTrain, m.cols, scaling, weights, previous, onEpoch, every);
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
          validationHistory: fitted.validationHistory,
          bestEpoch: fitted.bestEpoch,
          progressiveHistory: new Float64Array(0),
        },
        snapshot: fitted.snapshot,
        stats: null,
        featureNames: names,
      };
      if (fitted.inference) state.inference = fitted.inference;
      this.state = state;
      return this;
    } finally {
      problem.dispose();
    }
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
    X: MatrixInput | ArrowTableLike,
    y: TargetInput,
    sampleWeight: VectorInput | { sampleWeight?: VectorInput } = {},
  ): this {
    const weightsInput = isVectorInput(sampleWeight) ? sampleWeight : checkPartialOptions(sampleWeight);
    this.checkStreaming('partialFit');
    const chunk = readChunk({ X, y, sampleWeight: weightsInput });
    const previous = this.state;
    const result = this.trainChunk(previous, chunk, null);
    const t = previous?.snapshot ? previous.training : null;
    result.state.training = {
      ...result.state.training,
      nSamples: (t?.nSamples ?? 0) + chunk.X.rows,
      epochs: (t?.epochs ?? 0) + 1,
      history: appended(t?.history, result.loss),
      progressiveHistory: appended(t?.progressiveHistory, result.chunkLoss),
    };
    this.state = result.state;
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
    const firstPass = o.standardize && (so.scaling ?? (canReread(source) ? 'firstPass' : 'online')) === 'firstPass';
    const reads = so.epochs + (firstPass ? 1 : 0);
    let fixed: FittedState['scaling'] = null;
    let stats: RunningStats | null = null;
    if (firstPass) {
      for await (const raw of await chunksOf(source, reads, fileOptions(so), o.dtype)) {
        throwIfAborted(so.signal);
        const chunk = readChunk(raw);
        const problem = this.engine().storeProblem(chunk.X, chunk.y, o.dtype);
        try {
          const moments = problem.columnMoments();
          stats = mergeMoments(stats, chunk.X.rows, moments.mean, moments.m2);
        } finally {
          problem.dispose();
        }
      }
      if (!stats) throw new RangeError('fitStream: the source has no rows');
      fixed = scalingOf(stats, o.fitIntercept);
    }
    let state = o.warmStart ? this.state : null;
    const history: number[] = [];
    const progressive: number[] = [];
    let best = Number.POSITIVE_INFINITY;
    let stall = 0;
    let converged = false;
    let rows = 0;
    for (let epoch = 1; epoch <= so.epochs; epoch++) {
      rows = 0;
      let lossSum = 0;
      let progressiveSum = 0;
      let index = 0;
      let stop = false;
      for await (const raw of await chunksOf(source, reads, fileOptions(so), o.dtype)) {
        throwIfAborted(so.signal);
        index++;
        const chunk = readChunk(raw, index);
        const result = this.trainChunk(state, chunk, fixed);
        state = result.state;
        const n = chunk.X.rows;
        rows += n;
        lossSum += result.loss * n;
        progressiveSum += result.chunkLoss * n;
        const info: ChunkInfo = {
          epoch,
          chunk: index,
          rows: n,
          rowsSeen: rows,
          chunkLoss: result.chunkLoss,
          progressiveLoss: progressiveSum / rows,
          loss: result.loss,
        };
        if (so.onChunk?.(info) === false) {
          stop = true;
          break;
        }
      }
      throwIfAborted(so.signal);
      if (rows === 0 || !state) throw new RangeError(`fitStream: the source has no rows in epoch ${epoch}`);
      history.push(lossSum / rows);
      progressive.push(progressiveSum / rows);
      const watched = progressiveSum / rows;
      if (stop || so.onEpoch?.({ epoch, loss: lossSum / rows, progressiveLoss: watched, rows }) === false) break;
      if (o.tolerance === null) continue;
      if (best === Number.POSITIVE_INFINITY || watched < best - o.tolerance * best) {
        stall = 0;
      } else if (++stall >= o.patience) {
        // As in the trainers: adaptive divides its step by 5 while above 1e-6, then stops.
        const snap = state.snapshot;
        if (o.schedule === 'adaptive' && snap && snap.eta > 1e-6) {
          snap.eta /= 5;
          stall = 0;
        } else {
          converged = true;
          break;
        }
      }
      best = Math.min(best, watched);
    }
    if (!state) throw new RangeError('fitStream: the source has no rows');
    state.stats = stats ?? state.stats;
    state.training = {
      ...state.training,
      nSamples: rows,
      epochs: history.length,
      converged,
      history: Float64Array.from(history),
      progressiveHistory: Float64Array.from(progressive),
    };
    this.state = state;
    return this;
  }

  /**
   * ŷ = X·coef + intercept for every row of X. Computed in float32 when X is given as a
   * Float32Array matrix, in float64 otherwise.
   * @throws NotFittedError before fit; TypeError/RangeError for bad X or the wrong number of features.
   */
  predict(X: MatrixInput | ArrowTableLike): Float64Array {
    const s = this.fitted('predict');
    const m = readX(X, s.featureNames);
    if (m.cols !== s.nFeatures) {
      throw new RangeError(`X has ${m.cols} features (columns), but the model was fitted with ${s.nFeatures}`);
    }
    return predictWith(this.engine(), m, isFloat32(m) ? 'float32' : 'float64', s.coef, s.intercept);
  }

  /**
   * R², the coefficient of determination of predict(X) against y.
   * @throws as predict, and RangeError when X and y differ in length.
   */
  score(X: MatrixInput | ArrowTableLike, y: TargetInput): number {
    const names = this.fitted('score').featureNames;
    const { X: m, y: target } = readXY(X, typeof y === 'string' && names ? { target: y, features: names } : y);
    return r2Score(target, this.predict(m));
  }

  /** Coefficients in the units of the original features (a copy). */
  get coef(): Float64Array {
    return this.fitted('coef').coef.slice();
  }

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

  /**
   * One pass over a chunk from `previous` (or θ = 0): standardize it (with `fixed` statistics, or
   * the running ones merged with this chunk's), measure its loss, train one epoch. Returns the new
   * state (training summary to be completed by the caller), the chunk's loss before and during training.
   */
  private trainChunk(
    previous: FittedState | null,
    chunk: ReadChunk,
    fixed: FittedState['scaling'],
  ): { state: FittedState; loss: number; chunkLoss: number } {
    const o = this.options;
    const m = chunk.X;
    if (previous && previous.nFeatures !== m.cols) {
      throw new RangeError(`${chunk.label}X has ${m.cols} features (columns), but the model has ${previous.nFeatures}`);
    }
    const known = previous?.featureNames ?? null;
    if (known && chunk.names?.some((name, j) => name !== known[j])) {
      throw new RangeError(
        `${chunk.label}the features are ${chunk.names!.map((n) => `'${n}'`).join(', ')}, but the model was trained on ` +
          `${known.map((n) => `'${n}'`).join(', ')}`,
      );
    }
    const problem = this.engine().storeProblem(m, chunk.y, o.dtype, { sampleWeight: chunk.sampleWeight });
    try {
      const bad = problem.firstNonFinite();
      if (bad >= 0) throw labelled(nonFiniteError(m, bad, o.dtype), chunk.label);
      let stats = previous?.stats ?? null;
      let scaling: FittedState['scaling'] = null;
      if (o.standardize) {
        if (fixed) {
          scaling = fixed;
        } else {
          const moments = problem.columnMoments();
          stats = mergeMoments(stats, m.rows, moments.mean, moments.m2);
          scaling = scalingOf(stats, o.fitIntercept);
        }
        problem.standardizeWith(scaling);
      }
      const n = m.rows;
      const batchSize = o.solver === 'sgd' ? 1 : o.solver === 'batch' ? n : Math.min(o.batchSize, n);
      const learningRate =
        previous?.snapshot?.eta ??
        (o.learningRate === 'auto' ? autoStep(problem, o, n, batchSize, chunk.sampleWeight) : o.learningRate);
      const initial = previous ? resumeFrom(previous, scaling, m.cols, learningRate) : null;
      const chunkLoss = initial
        ? problem.meanLoss(initial.weights, initial.intercept, o.loss, o.epsilon)
        : problem.meanLoss(new Float64Array(m.cols), 0, o.loss, o.epsilon);
      const config = configFor(o, batchSize, learningRate, chunk.sampleWeight !== null, initial);
      // One epoch, never cut short: the stopping rule applies across epochs (fitStream).
      const training = problem.startTraining({ ...config, maxEpochs: 1, tolerance: -1 });
      if (training.run(1) === STATUS_DIVERGED) {
        throw labelled(this.divergence(problem, training, learningRate, batchSize, scaling, n), chunk.label);
      }
      const model = training.model();
      const { coef, intercept } = toOriginalUnits(model.coef, model.intercept, scaling);
      const none = new Float64Array(0);
      const state: FittedState = {
        nFeatures: m.cols,
        coef,
        intercept,
        scaling,
        stats,
        snapshot: training.snapshot(),
        featureNames: chunk.names ?? known,
        training: {
          nSamples: n,
          epochs: 1,
          converged: false,
          learningRate: firstStep(o, learningRate),
          history: training.history(1),
          validationHistory: none,
          bestEpoch: null,
          progressiveHistory: none,
        },
      };
      return { state, loss: training.loss(0), chunkLoss };
    } finally {
      problem.dispose();
    }
  }

  private fitted(method: string): FittedState {
    if (!this.state) throw new NotFittedError(method);
    return this.state;
  }

  private solveExact(problem: StoredProblem, forSummary: boolean, y: Float64Array): Fitted {
    const o = this.options;
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

  private descend(
    problem: StoredProblem,
    n: number,
    d: number,
    scaling: FittedState['scaling'],
    weights: Float64Array | null,
    previous: FittedState | null,
    onEpoch: FitOptions['onEpoch'],
    every: number,
  ): Fitted {
    const o = this.options;
    const solver = o.solver as 'batch' | 'sgd' | 'minibatch';
    const batchSize = solver === 'sgd' ? 1 : solver === 'batch' ? n : o.batchSize;
    const learningRate =
      o.learningRate === 'auto' ? autoStep(problem, o, n, batchSize, weights) : (o.learningRate as number);
    const validating = o.validationFraction > 0;
    const initial = previous ? resumeFrom(previous, scaling, d, learningRate) : null;
    const config = configFor(o, batchSize, learningRate, weights !== null, initial);
    const training = problem.startTraining(config);
    let status = 0;
    while (training.epochs < o.maxEpochs) {
      const next = onEpoch ? Math.min(o.maxEpochs, (Math.floor(training.epochs / every) + 1) * every) : o.maxEpochs;
      status = training.run(next);
      if (status === STATUS_DIVERGED) throw this.divergence(problem, training, learningRate, batchSize, scaling, n);
      if (onEpoch) {
        const epoch = training.epochs;
        const info: EpochInfo = { epoch, loss: training.loss(epoch - 1) };
        if (validating) info.validationLoss = training.validationHistory(epoch)[epoch - 1];
        if (onEpoch(info) === false) break;
      }
      if (status === STATUS_CONVERGED) break;
    }
    const epochs = training.epochs;
    const best = training.bestEpoch;
    return {
      ...training.model(),
      epochs,
      converged: status === STATUS_CONVERGED,
      learningRate: firstStep(o, learningRate),
      history: training.history(epochs),
      validationHistory: training.validationHistory(epochs),
      bestEpoch: validating && best >= 0 ? best + 1 : null,
      snapshot: training.snapshot(),
    };
  }

  private divergence(
    problem: StoredProblem,
    training: Training,
    learningRate: number,
    batchSize: number,
    scaling: FittedState['scaling'],
    nSamples: number,
  ): DivergenceError {
    const o = this.options;
    const epoch = training.epochs + 1;
    const suggested = autoLearningRate(problem, o, nSamples, batchSize);
    const used = firstStep(o, learningRate);
    return new DivergenceError(epoch, used, suggested, scaling !== null, training.history(epoch), o.schedule);
  }
}

interface Fitted {
  coef: Float64Array;
  intercept: number;
  epochs: number;
  converged: boolean;
  learningRate: number | null;
  history: Float64Array;
  validationHistory: Float64Array;
  bestEpoch: number | null;
  snapshot: TrainingSnapshot | null;
  inference?: InferenceStats;
}

/**
 * values with value appended, in spare room of values' buffer when there is some (capacity doubles),
 * so that a long run of partialFit calls costs linear, not quadratic, time. The entries before are
 * never written, so the previous state's view stays valid.
 */
function appended(values: Float64Array | undefined, value: number): Float64Array {
  const length = values?.length ?? 0;
  const room = values && values.byteOffset === 0 && values.buffer.byteLength >= (length + 1) * 8;
  const out = room ? new Float64Array(values.buffer, 0, length + 1) : new Float64Array(Math.max(16, 2 * length));
  if (!room && values) out.set(values);
  out[length] = value;
  return room ? out : out.subarray(0, length + 1);
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

/** The file-reading options of fitStream: `columns`, or `csv` (its older name for CSV files). */
function fileOptions(so: StreamOptions): FileChunkOptions | undefined {
  if (so.columns && so.csv)
    throw new TypeError("fitStream takes the option 'columns' or 'csv' (the same thing), not both");
  return so.columns ?? so.csv;
}

/** Stores X in the engine, rejects a non-finite value by row and column, predicts, releases. */
function predictWith(
  engine: Engine,
  m: Dense,
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

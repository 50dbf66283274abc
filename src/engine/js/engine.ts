// The pure-JS engine: the same StoredProblem/Training contract as the WASM engine, on typed arrays.
import { type Dense, isColumnar, nonFiniteError, writeColumns } from '../../api/data.js';
import type {
  DType,
  Engine,
  ExactResult,
  Floats,
  Loss,
  ProblemLayout,
  StoredProblem,
  StoredX,
  TrainConfig,
  Training,
  TrainingSnapshot,
} from '../engine.js';
import {
  CONFIG_LOSS,
  LOSS_NAMES,
  SLOT_BEST_EPOCH,
  SLOT_EPOCH,
  SLOT_INTERCEPT,
  SLOT_START,
  SLOT_STEP,
} from '../layout.js';
import { permutationInit, Rng } from '../rng.js';
import { configBlock, initialState, snapshotOf, startObjective, stepsPerEpoch } from '../train-state.js';
import { jacobiEigen } from './eigen.js';
import { choleskySolve, gram } from './exact.js';
import { trainGeneral } from './general.js';
import { matvec } from './kernels.js';
import { ridgeLoo } from './loo.js';
import { columnMoments, columnStats, firstNonFinite, maxRowNormSq, standardize } from './stats.js';
import { powerIteration, trainBatch, trainMinibatch, trainSgd } from './train.js';
import { transpose } from './transpose.js';
import { meanLoss, modelWeights } from './validation.js';

const POWER_TOL = 1e-3;
const POWER_MAX_ITER = 50;
const EIGEN_MAX_SWEEPS = 100;

/**
 * The engine of linwasm/baseline's LinearRegression: the seam (src/engine/engine.ts) implemented on
 * typed arrays. Exported for the tests that run one problem on both engines; not a stable API.
 * @internal
 */
export const jsEngine: Engine = {
  name: 'js',
  storeX(X, dtype) {
    return new JsX(X, dtype);
  },
  predict(X, dtype, coef, intercept) {
    const stored = new JsX(X, dtype);
    const bad = stored.firstNonFinite();
    if (bad >= 0) throw nonFiniteError(X, bad, dtype);
    return stored.predict(coef, intercept);
  },
  storeProblem(X, y, dtype, layout) {
    return new JsProblem(X, y, dtype, layout ?? {});
  },
};

function floats(dtype: DType, length: number): Floats {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

class JsX implements StoredX {
  protected readonly X: Floats;
  protected readonly n: number;
  protected readonly d: number;

  constructor(
    X: Dense,
    protected readonly dtype: DType,
    order: Uint32Array | null = null,
  ) {
    this.n = order ? order.length : X.rows;
    this.d = X.cols;
    this.X = floats(dtype, this.n * this.d);
    if (isColumnar(X)) {
      const columns = new Float64Array(this.n * this.d);
      writeColumns(X, order, columns);
      transpose(columns, this.n, this.d, this.X);
      return;
    }
    if (!order) {
      this.X.set(X.data);
    } else {
      const d = this.d;
      for (let i = 0; i < order.length; i++) this.X.set(X.data.subarray(order[i] * d, (order[i] + 1) * d), i * d);
    }
  }

  firstNonFinite(): number {
    return firstNonFinite(this.X);
  }

  predict(coef: Float64Array, intercept: number): Float64Array {
    const w = floats(this.dtype, this.d);
    w.set(coef);
    const out = new Float64Array(this.n);
    matvec(this.X, this.n, this.d, w, intercept, out);
    return out;
  }

  dispose(): void {}
}

/** What a training run reads: the stored rows, the first n of them for training. */
interface JsLayout {
  X: Floats;
  y: Float64Array;
  /** null: all 1. */
  s: Float64Array | null;
  n: number;
  nHeldOut: number;
  d: number;
}

class JsProblem extends JsX implements StoredProblem {
  private readonly y: Float64Array;
  private readonly s: Float64Array | null;
  /** Training rows: the first nTrain stored rows; the rest are held out. */
  private readonly nTrain: number;

  constructor(X: Dense, y: Float64Array, dtype: DType, layout: ProblemLayout) {
    const order = layout.order ?? null;
    super(X, dtype, order);
    this.nTrain = this.n - (layout.heldOutRows ?? 0);
    this.y = order ? reorder(y, order) : Float64Array.from(y);
    const s = layout.sampleWeight;
    this.s = s ? (order ? reorder(s, order) : Float64Array.from(s)) : null;
  }

  standardize(center: boolean): { mean: Float64Array; scale: Float64Array } {
    const stats = columnStats(this.X, this.nTrain, this.d, center);
    standardize(this.X, this.n, this.d, stats.mean, stats.scale);
    return stats;
  }

  columnMoments(): { mean: Float64Array; m2: Float64Array } {
    return columnMoments(this.X, this.nTrain, this.d);
  }

  standardizeWith(scaling: { mean: Float64Array; scale: Float64Array }): void {
    standardize(this.X, this.n, this.d, scaling.mean, scaling.scale);
  }

  meanLoss(w: Float64Array, b: number, loss: Loss, epsilon: number): number {
    const stored = floats(this.dtype, this.d);
    stored.set(w);
    return meanLoss(this.X, this.y, this.s, 0, this.nTrain, this.d, stored, b, LOSS_NAMES.indexOf(loss), epsilon);
  }

  powerIteration(fitIntercept: boolean): number {
    return powerIteration(this.X, this.nTrain, this.d, fitIntercept, POWER_MAX_ITER, POWER_TOL);
  }

  maxRowNormSq(): number {
    return maxRowNormSq(this.X, this.nTrain, this.d);
  }

  solveExact(l2: number, fitIntercept: boolean, keepGram = false): ExactResult {
    const n = this.nTrain;
    const { A, c, means } = gram(this.X, this.y, n, this.d, fitIntercept, this.s);
    const kept = keepGram ? { matrix: A.slice(), means: means.slice() } : undefined;
    const result = choleskySolve(A, c, this.d, n * l2);
    if (!result.ok) return result;
    let intercept = 0;
    if (fitIntercept) {
      intercept = means[this.d];
      for (let j = 0; j < this.d; j++) intercept -= means[j] * result.w[j];
    }
    return { ok: true, coef: result.w, intercept, gram: kept };
  }

  ridgeLoo(alphas: Float64Array, fitIntercept: boolean): Float64Array | null {
    const n = this.nTrain;
    const d = this.d;
    const { A, c, means } = gram(this.X, this.y, n, d, fitIntercept, null);
    const V = new Float64Array(d * d);
    const eig = new Float64Array(d);
    if (jacobiEigen(A, d, V, eig, EIGEN_MAX_SWEEPS) < 0) return null;
    return ridgeLoo(this.X, this.y, n, d, fitIntercept, means, c, V, eig, alphas);
  }

  startTraining(config: TrainConfig): Training {
    return new JsTraining(this.layout(), this.dtype, config);
  }

  private layout(): JsLayout {
    return { X: this.X, y: this.y, s: this.s, n: this.nTrain, nHeldOut: this.n - this.nTrain, d: this.d };
  }
}

function reorder(v: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = v[order[i]];
  return out;
}

/** Twin of WasmTraining: the same initial state, trainers, step count and model. */
class JsTraining implements Training {
  private readonly w: Floats;
  private readonly g: Float64Array;
  private readonly historyBuffer: Float64Array;
  private readonly validationBuffer: Float64Array;
  private readonly state: Float64Array;
  private readonly work: Float64Array;
  private readonly block: Float64Array;
  private readonly perm: Uint32Array;
  private readonly rng: Rng;

  constructor(
    private readonly p: JsLayout,
    dtype: DType,
    private readonly config: TrainConfig,
  ) {
    const d = p.d;
    this.g = new Float64Array(d + 1);
    this.historyBuffer = new Float64Array(config.maxEpochs);
    this.validationBuffer = new Float64Array(config.maxEpochs);
    this.block = configBlock(config);
    this.perm = permutationInit(p.n);
    // The seeded words as the core's rngSeed writes them; the stream continues from the initial
    // state's words (the snapshot's on a warm start).
    this.rng = new Rng(config.seed);
    const init = initialState(config, d, this.rng.words());
    this.w = floats(dtype, d);
    this.w.set(init.weights);
    this.state = init.state;
    this.work = init.work;
    this.rng.setWords(init.rng);
    const start = meanLoss(
      p.X,
      p.y,
      p.s,
      0,
      p.n,
      d,
      this.w,
      this.state[SLOT_INTERCEPT],
      this.block[CONFIG_LOSS],
      config.epsilon,
    );
    this.state[SLOT_START] = startObjective(start, this.w, config);
  }

  get epochs(): number {
    return this.state[SLOT_EPOCH];
  }

  get bestEpoch(): number {
    return this.state[SLOT_BEST_EPOCH];
  }

  get startObjective(): number {
    return this.state[SLOT_START];
  }

  run(epochEnd: number): number {
    const { p, w, state } = this;
    const k = this.config;
    if (k.general) {
      return trainGeneral(
        p.X,
        p.y,
        p.s,
        p.n,
        p.nHeldOut,
        p.d,
        w,
        this.work,
        this.historyBuffer,
        this.validationBuffer,
        state,
        this.block,
        this.perm,
        this.rng,
        epochEnd,
      );
    }
    const before = this.epochs;
    const status = this.runPlain(epochEnd);
    // The plain trainers do not count steps; the schedules' t must still advance for a warm start.
    state[SLOT_STEP] += (this.epochs - before) * stepsPerEpoch(k, p.n);
    return status;
  }

  private runPlain(epochEnd: number): number {
    const { p, w, g, historyBuffer: h, state, block, perm, rng } = this;
    switch (this.config.solver) {
      case 'batch':
        return trainBatch(p.X, p.y, p.n, p.d, w, g, h, state, block, epochEnd);
      case 'minibatch':
        return trainMinibatch(p.X, p.y, p.n, p.d, w, g, h, state, block, perm, rng, epochEnd);
      case 'sgd':
        return trainSgd(p.X, p.y, p.n, p.d, w, h, state, block, perm, rng, epochEnd);
    }
  }

  loss(epoch: number): number {
    return this.historyBuffer[epoch];
  }

  history(count: number): Float64Array {
    return this.historyBuffer.slice(0, count);
  }

  validationHistory(count: number): Float64Array {
    return this.config.general && this.p.nHeldOut > 0 ? this.validationBuffer.slice(0, count) : new Float64Array(0);
  }

  model(): { coef: Float64Array; intercept: number } {
    const d = this.p.d;
    const out = modelWeights(this.state, this.work, this.w, d);
    return { coef: out.slice(0, d), intercept: out[d] };
  }

  snapshot(): TrainingSnapshot {
    return snapshotOf(Float64Array.from(this.w), this.state, this.work, this.rng.words());
  }
}

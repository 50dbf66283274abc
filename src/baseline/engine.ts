// The pure-JS engine: the same StoredProblem/Training contract as the WASM engine, on typed arrays.
import type { Matrix } from '../data.js';
import type { DType, Engine, ExactResult, StoredProblem, StoredX, TrainConfig, Training } from '../engine.js';
import { SLOT_EPOCH, SLOT_INTERCEPT } from '../status.js';
import { choleskySolve, gram } from './exact.js';
import { type Floats, matvec } from './kernels.js';
import { permutationInit, Rng } from './rng.js';
import { columnStats, firstNonFinite, maxRowNormSq, standardize } from './stats.js';
import { newState, powerIteration, type TrainParams, trainBatch, trainMinibatch, trainSgd } from './train.js';

const POWER_TOL = 1e-3;
const POWER_MAX_ITER = 50;

export const jsEngine: Engine = {
  name: 'js',
  storeX(X, dtype) {
    return new JsX(X, dtype);
  },
  storeProblem(X, y, dtype) {
    return new JsProblem(X, y, dtype);
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
    X: Matrix,
    protected readonly dtype: DType,
  ) {
    this.X = floats(dtype, X.data.length);
    this.X.set(X.data);
    this.n = X.rows;
    this.d = X.cols;
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

class JsProblem extends JsX implements StoredProblem {
  constructor(
    X: Matrix,
    private readonly y: Float64Array,
    dtype: DType,
  ) {
    super(X, dtype);
  }

  standardize(center: boolean): { mean: Float64Array; scale: Float64Array } {
    const stats = columnStats(this.X, this.n, this.d, center);
    standardize(this.X, this.n, this.d, stats.mean, stats.scale);
    return stats;
  }

  powerIteration(fitIntercept: boolean): number {
    return powerIteration(this.X, this.n, this.d, fitIntercept, POWER_MAX_ITER, POWER_TOL);
  }

  maxRowNormSq(): number {
    return maxRowNormSq(this.X, this.n, this.d);
  }

  solveExact(l2: number, fitIntercept: boolean): ExactResult {
    const { A, c, means } = gram(this.X, this.y, this.n, this.d, fitIntercept);
    const result = choleskySolve(A, c, this.d, this.n * l2);
    if (!result.ok) return result;
    let intercept = 0;
    if (fitIntercept) {
      intercept = means[this.d];
      for (let j = 0; j < this.d; j++) intercept -= means[j] * result.w[j];
    }
    return { ok: true, coef: result.w, intercept };
  }

  startTraining(config: TrainConfig): Training {
    return new JsTraining(this.X, this.y, this.n, this.d, this.dtype, config);
  }
}

class JsTraining implements Training {
  private readonly w: Floats;
  private readonly g: Float64Array;
  private readonly historyBuffer: Float64Array;
  private readonly state = newState();
  private readonly perm: Uint32Array | null;
  private readonly rng: Rng;
  private readonly params: TrainParams;

  constructor(
    private readonly X: Floats,
    private readonly y: Float64Array,
    private readonly n: number,
    private readonly d: number,
    dtype: DType,
    private readonly config: TrainConfig,
  ) {
    this.w = floats(dtype, d);
    this.g = new Float64Array(d + 1);
    this.historyBuffer = new Float64Array(config.maxEpochs);
    this.perm = config.shuffle ? permutationInit(n) : null;
    this.rng = new Rng(config.seed);
    this.params = config;
  }

  get epochs(): number {
    return this.state[SLOT_EPOCH];
  }

  run(epochEnd: number): number {
    const { X, y, n, d, w, g, historyBuffer: h, state, params: p } = this;
    switch (this.config.solver) {
      case 'batch':
        return trainBatch(X, y, n, d, w, g, h, state, p, epochEnd);
      case 'minibatch':
        return trainMinibatch(X, y, n, d, w, g, h, state, this.perm, this.rng, this.config.batchSize, p, epochEnd);
      case 'sgd':
        return trainSgd(X, y, n, d, w, h, state, this.perm, this.rng, p, epochEnd);
    }
  }

  loss(epoch: number): number {
    return this.historyBuffer[epoch];
  }

  history(count: number): Float64Array {
    return this.historyBuffer.slice(0, count);
  }

  coef(): Float64Array {
    return Float64Array.from(this.w);
  }

  intercept(): number {
    return this.state[SLOT_INTERCEPT];
  }
}

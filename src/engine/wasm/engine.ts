// The WASM engine: stores data in linear memory through the arena and calls the core's kernels.
// Every pointer lives only as long as the stored object that allocated it.
import { type Dense, isColumnar, writeColumns } from '../../api/data.js';
import type {
  DType,
  Engine,
  ExactResult,
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
  LOSSES,
  SLOT_BEST_EPOCH,
  SLOT_EPOCH,
  SLOT_INTERCEPT,
  SLOT_START,
  SLOT_STEP,
  STATE_SLOTS,
  STATUS_OK,
  WORK_VECTORS,
} from '../layout.js';
import { configBlock, initialState, snapshotOf, startObjective, stepsPerEpoch } from '../train-state.js';
import { Arena } from './arena.js';
import type { CoreExports } from './exports.js';
import { core } from './module.js';

/** Power iteration stops when λ moves by less than this (relative), or after POWER_MAX_ITER passes. */
const POWER_TOL = 1e-3;
const POWER_MAX_ITER = 50;
/** Jacobi sweeps at most: the method converges quadratically, in under 15 sweeps in practice. */
const EIGEN_MAX_SWEEPS = 100;

const arenas = new WeakMap<CoreExports, Arena>();

/** The arena of the live instance. */
export function arena(): Arena {
  const c = core();
  let a = arenas.get(c);
  if (!a) {
    a = new Arena(c);
    arenas.set(c, a);
  }
  return a;
}

export const wasmEngine: Engine = {
  name: 'wasm',
  storeX(X, dtype) {
    return new WasmX(core(), arena(), X, dtype);
  },
  storeProblem(X, y, dtype, layout) {
    return new WasmProblem(core(), arena(), X, y, dtype, layout ?? {});
  },
};

class WasmX implements StoredX {
  protected readonly mark: number;
  protected readonly n: number;
  protected readonly d: number;
  protected readonly f32: boolean;
  protected readonly xPtr: number;

  constructor(
    protected readonly core: CoreExports,
    protected readonly arena: Arena,
    X: Dense,
    dtype: DType,
    order: Uint32Array | null = null,
  ) {
    this.mark = arena.mark();
    this.n = order ? order.length : X.rows;
    this.d = X.cols;
    this.f32 = dtype === 'float32';
    const count = this.n * this.d;
    this.xPtr = arena.alloc(count * (this.f32 ? 4 : 8));
    if (isColumnar(X)) {
      // The columns go in as float64, one after another, and the transpose kernel writes the rows.
      const temp = arena.mark();
      const srcPtr = arena.alloc(count * 8);
      writeColumns(X, order, arena.f64(srcPtr, count));
      (this.f32 ? core.transposeF32 : core.transposeF64)(srcPtr, this.n, this.d, this.xPtr);
      arena.release(temp);
      return;
    }
    // TypedArray.set converts between float64 and float32 natively.
    const view = this.f32 ? arena.f32(this.xPtr, count) : arena.f64(this.xPtr, count);
    if (!order) {
      view.set(X.data);
    } else {
      const d = this.d;
      for (let i = 0; i < order.length; i++) view.set(X.data.subarray(order[i] * d, (order[i] + 1) * d), i * d);
    }
  }

  firstNonFinite(): number {
    const count = this.n * this.d;
    return this.f32 ? this.core.firstNonFiniteF32(this.xPtr, count) : this.core.firstNonFiniteF64(this.xPtr, count);
  }

  predict(coef: Float64Array, intercept: number): Float64Array {
    const a = this.arena;
    const mark = a.mark();
    try {
      const wPtr = this.storeWeights(coef);
      const outPtr = a.alloc(this.n * 8);
      (this.f32 ? this.core.matvecF32 : this.core.matvecF64)(this.xPtr, this.n, this.d, wPtr, intercept, outPtr);
      return a.f64(outPtr, this.n).slice();
    } finally {
      a.release(mark);
    }
  }

  dispose(): void {
    this.arena.release(this.mark);
  }

  /** Copies weights in, as the stored dtype. */
  protected storeWeights(coef: Float64Array): number {
    const ptr = this.arena.alloc(this.d * (this.f32 ? 4 : 8));
    (this.f32 ? this.arena.f32(ptr, this.d) : this.arena.f64(ptr, this.d)).set(coef);
    return ptr;
  }

  protected weightBytes(): number {
    return this.d * (this.f32 ? 4 : 8);
  }
}

class WasmProblem extends WasmX implements StoredProblem {
  private readonly yPtr: number;
  /** 0 when there are no sample weights. */
  private readonly sPtr: number;
  /** Training rows: the first nTrain stored rows; the rest are held out. */
  private readonly nTrain: number;

  constructor(core: CoreExports, arena: Arena, X: Dense, y: Float64Array, dtype: DType, layout: ProblemLayout) {
    const order = layout.order ?? null;
    super(core, arena, X, dtype, order);
    this.nTrain = this.n - (layout.validationRows ?? 0);
    this.yPtr = arena.alloc(y.length * 8);
    arena.f64(this.yPtr, y.length).set(order ? reorder(y, order) : y);
    const s = layout.sampleWeight;
    this.sPtr = s ? arena.alloc(s.length * 8) : 0;
    if (s) arena.f64(this.sPtr, s.length).set(order ? reorder(s, order) : s);
  }

  standardize(center: boolean): { mean: Float64Array; scale: Float64Array } {
    const a = this.arena;
    const mark = a.mark();
    try {
      const meanPtr = a.alloc(this.d * 8);
      const scalePtr = a.alloc(this.d * 8);
      const c = this.core;
      (this.f32 ? c.columnStatsF32 : c.columnStatsF64)(
        this.xPtr,
        this.nTrain,
        this.d,
        center ? 1 : 0,
        meanPtr,
        scalePtr,
      );
      (this.f32 ? c.standardizeF32 : c.standardizeF64)(this.xPtr, this.n, this.d, meanPtr, scalePtr);
      return { mean: a.f64(meanPtr, this.d).slice(), scale: a.f64(scalePtr, this.d).slice() };
    } finally {
      a.release(mark);
    }
  }

  columnMoments(): { mean: Float64Array; m2: Float64Array } {
    const a = this.arena;
    const mark = a.mark();
    try {
      const meanPtr = a.alloc(this.d * 8);
      const m2Ptr = a.alloc(this.d * 8);
      (this.f32 ? this.core.columnMomentsF32 : this.core.columnMomentsF64)(
        this.xPtr,
        this.nTrain,
        this.d,
        meanPtr,
        m2Ptr,
      );
      return { mean: a.f64(meanPtr, this.d).slice(), m2: a.f64(m2Ptr, this.d).slice() };
    } finally {
      a.release(mark);
    }
  }

  standardizeWith(scaling: { mean: Float64Array; scale: Float64Array }): void {
    const a = this.arena;
    const mark = a.mark();
    try {
      const meanPtr = a.alloc(this.d * 8);
      const scalePtr = a.alloc(this.d * 8);
      a.f64(meanPtr, this.d).set(scaling.mean);
      a.f64(scalePtr, this.d).set(scaling.scale);
      (this.f32 ? this.core.standardizeF32 : this.core.standardizeF64)(this.xPtr, this.n, this.d, meanPtr, scalePtr);
    } finally {
      a.release(mark);
    }
  }

  meanLoss(w: Float64Array, b: number, loss: Loss, epsilon: number): number {
    const a = this.arena;
    const mark = a.mark();
    try {
      const wPtr = this.storeWeights(w);
      const f = this.f32 ? this.core.meanLossF32 : this.core.meanLossF64;
      return f(this.xPtr, this.yPtr, this.sPtr, 0, this.nTrain, this.d, wPtr, b, LOSSES.indexOf(loss), epsilon);
    } finally {
      a.release(mark);
    }
  }

  powerIteration(fitIntercept: boolean): number {
    const a = this.arena;
    const mark = a.mark();
    try {
      const vPtr = a.alloc((this.d + 1) * 8);
      const wPtr = a.alloc(this.weightBytes());
      const gPtr = a.alloc((this.d + 1) * 8);
      const accPtr = a.alloc(this.weightBytes());
      a.zero(accPtr, this.weightBytes());
      const rngPtr = a.alloc(16);
      const c = this.core;
      return (this.f32 ? c.powerIterationF32 : c.powerIterationF64)(
        this.xPtr,
        this.nTrain,
        this.d,
        fitIntercept ? 1 : 0,
        vPtr,
        wPtr,
        gPtr,
        accPtr,
        rngPtr,
        POWER_MAX_ITER,
        POWER_TOL,
      );
    } finally {
      a.release(mark);
    }
  }

  maxRowNormSq(): number {
    return (this.f32 ? this.core.maxRowNormSqF32 : this.core.maxRowNormSqF64)(this.xPtr, this.nTrain, this.d);
  }

  solveExact(l2: number, fitIntercept: boolean, keepGram = false): ExactResult {
    const a = this.arena;
    const mark = a.mark();
    const d = this.d;
    const n = this.nTrain;
    try {
      const meanPtr = a.alloc((d + 1) * 8);
      const aPtr = a.alloc(d * d * 8);
      const cPtr = a.alloc(d * 8);
      const rowsPtr = a.alloc(4 * d * 8);
      const wPtr = a.alloc(d * 8);
      const infoPtr = a.alloc(4);
      const c = this.core;
      (this.f32 ? c.gramF32 : c.gramF64)(
        this.xPtr,
        this.yPtr,
        this.sPtr,
        n,
        d,
        fitIntercept ? 1 : 0,
        meanPtr,
        aPtr,
        cPtr,
        rowsPtr,
      );
      // The factorization overwrites the Gram matrix: copy it out first when it is wanted.
      const gram = keepGram ? { matrix: a.f64(aPtr, d * d).slice(), means: a.f64(meanPtr, d + 1).slice() } : undefined;
      const status = c.choleskySolve(aPtr, cPtr, d, n * l2, wPtr, infoPtr);
      if (status !== STATUS_OK) return { ok: false, column: a.i32(infoPtr, 1)[0] };
      const coef = a.f64(wPtr, d).slice();
      const means = a.f64(meanPtr, d + 1);
      let intercept = 0;
      if (fitIntercept) {
        intercept = means[d];
        for (let j = 0; j < d; j++) intercept -= means[j] * coef[j];
      }
      return { ok: true, coef, intercept, gram };
    } finally {
      a.release(mark);
    }
  }

  ridgeLoo(alphas: Float64Array, fitIntercept: boolean): Float64Array | null {
    const a = this.arena;
    const mark = a.mark();
    const d = this.d;
    const n = this.nTrain;
    const k = alphas.length;
    try {
      const meanPtr = a.alloc((d + 1) * 8);
      const aPtr = a.alloc(d * d * 8);
      const cPtr = a.alloc(d * 8);
      const rowsPtr = a.alloc(4 * d * 8);
      const vPtr = a.alloc(d * d * 8);
      const eigPtr = a.alloc(d * 8);
      const alphasPtr = a.alloc(k * 8);
      const rowPtr = a.alloc(d * 8);
      const zPtr = a.alloc(d * 8);
      const fitPtr = a.alloc(d * 8);
      const levPtr = a.alloc(d * 8);
      const invPtr = a.alloc(k * d * 8);
      const outPtr = a.alloc(k * n * 8);
      a.f64(alphasPtr, k).set(alphas);
      const c = this.core;
      const center = fitIntercept ? 1 : 0;
      (this.f32 ? c.gramF32 : c.gramF64)(this.xPtr, this.yPtr, 0, n, d, center, meanPtr, aPtr, cPtr, rowsPtr);
      if (c.jacobiEigen(aPtr, d, vPtr, eigPtr, EIGEN_MAX_SWEEPS) < 0) return null;
      (this.f32 ? c.ridgeLooF32 : c.ridgeLooF64)(
        this.xPtr,
        this.yPtr,
        n,
        d,
        center,
        meanPtr,
        cPtr,
        vPtr,
        eigPtr,
        alphasPtr,
        k,
        rowPtr,
        zPtr,
        fitPtr,
        levPtr,
        invPtr,
        outPtr,
      );
      return a.f64(outPtr, k * n).slice();
    } finally {
      a.release(mark);
    }
  }

  startTraining(config: TrainConfig): Training {
    return new WasmTraining(this.core, this.arena, this, config);
  }

  /** What a training run reads (for WasmTraining only). */
  layout() {
    return {
      xPtr: this.xPtr,
      yPtr: this.yPtr,
      sPtr: this.sPtr,
      n: this.nTrain,
      nValidation: this.n - this.nTrain,
      d: this.d,
      f32: this.f32,
    };
  }
}

function reorder(v: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = v[order[i]];
  return out;
}

class WasmTraining implements Training {
  private readonly xPtr: number;
  private readonly yPtr: number;
  private readonly sPtr: number;
  private readonly n: number;
  private readonly nValidation: number;
  private readonly d: number;
  private readonly f32: boolean;
  private readonly wPtr: number;
  private readonly gPtr: number;
  private readonly accPtr: number;
  private readonly historyPtr: number;
  private readonly validationPtr: number;
  private readonly statePtr: number;
  private readonly permPtr: number;
  private readonly rngPtr: number;
  private readonly workPtr: number;
  private readonly configPtr: number;

  constructor(
    private readonly core: CoreExports,
    private readonly arena: Arena,
    problem: WasmProblem,
    private readonly config: TrainConfig,
  ) {
    const p = problem.layout();
    this.xPtr = p.xPtr;
    this.yPtr = p.yPtr;
    this.sPtr = p.sPtr;
    this.n = p.n;
    this.nValidation = p.nValidation;
    this.d = p.d;
    this.f32 = p.f32;
    const a = arena;
    const d = this.d;
    const size = this.f32 ? 4 : 8;
    this.wPtr = a.alloc(d * size);
    this.gPtr = a.alloc((d + 1) * 8);
    this.accPtr = a.alloc(d * size);
    this.historyPtr = a.alloc(config.maxEpochs * 8);
    this.validationPtr = a.alloc(config.maxEpochs * 8);
    this.statePtr = a.alloc(STATE_SLOTS * 8);
    this.permPtr = a.alloc(this.n * 4);
    this.rngPtr = a.alloc(16);
    this.workPtr = a.alloc(WORK_VECTORS * (d + 1) * 8);
    const block = configBlock(config);
    this.configPtr = a.alloc(block.length * 8);
    a.f64(this.configPtr, block.length).set(block);
    // The float32 block accumulator must start (and stays) zeroed.
    a.zero(this.accPtr, d * size);
    core.rngSeed(this.rngPtr, config.seed >>> 0);
    core.permutationInit(this.permPtr, this.n);
    const init = initialState(config, d, Array.from(a.u32(this.rngPtr, 4)));
    (this.f32 ? a.f32(this.wPtr, d) : a.f64(this.wPtr, d)).set(init.weights);
    a.f64(this.statePtr, STATE_SLOTS).set(init.state);
    a.f64(this.workPtr, WORK_VECTORS * (d + 1)).set(init.work);
    a.u32(this.rngPtr, 4).set(init.rng);
    const start = (this.f32 ? core.meanLossF32 : core.meanLossF64)(
      this.xPtr,
      this.yPtr,
      this.sPtr,
      0,
      this.n,
      d,
      this.wPtr,
      init.state[SLOT_INTERCEPT],
      block[CONFIG_LOSS],
      config.epsilon,
    );
    this.state()[SLOT_START] = startObjective(start, this.f32 ? a.f32(this.wPtr, d) : a.f64(this.wPtr, d), config);
  }

  get epochs(): number {
    return this.state()[SLOT_EPOCH];
  }

  get bestEpoch(): number {
    return this.state()[SLOT_BEST_EPOCH];
  }

  run(epochEnd: number): number {
    const c = this.core;
    const k = this.config;
    if (k.general) {
      return (this.f32 ? c.trainGeneralF32 : c.trainGeneralF64)(
        this.xPtr,
        this.yPtr,
        this.sPtr,
        this.n,
        this.nValidation,
        this.d,
        this.wPtr,
        this.workPtr,
        this.historyPtr,
        this.validationPtr,
        this.statePtr,
        this.configPtr,
        this.permPtr,
        this.rngPtr,
        epochEnd,
      );
    }
    const before = this.epochs;
    const status = this.runPlain(epochEnd);
    // The plain trainers do not count steps; the schedules' t must still advance for a warm start.
    this.state()[SLOT_STEP] += (this.epochs - before) * stepsPerEpoch(k, this.n);
    return status;
  }

  private runPlain(epochEnd: number): number {
    const c = this.core;
    const k = this.config;
    const fitIntercept = k.fitIntercept ? 1 : 0;
    const shuffle = k.shuffle ? 1 : 0;
    switch (k.solver) {
      case 'batch':
        return (this.f32 ? c.trainBatchF32 : c.trainBatchF64)(
          this.xPtr,
          this.yPtr,
          this.n,
          this.d,
          this.wPtr,
          this.gPtr,
          this.accPtr,
          this.historyPtr,
          this.statePtr,
          k.learningRate,
          k.l2,
          fitIntercept,
          k.tolerance,
          k.patience,
          epochEnd,
        );
      case 'minibatch':
        return (this.f32 ? c.trainMinibatchF32 : c.trainMinibatchF64)(
          this.xPtr,
          this.yPtr,
          this.n,
          this.d,
          this.wPtr,
          this.gPtr,
          this.accPtr,
          this.historyPtr,
          this.statePtr,
          this.permPtr,
          this.rngPtr,
          shuffle,
          k.batchSize,
          k.learningRate,
          k.l2,
          fitIntercept,
          k.tolerance,
          k.patience,
          epochEnd,
        );
      case 'sgd':
        return (this.f32 ? c.trainSgdF32 : c.trainSgdF64)(
          this.xPtr,
          this.yPtr,
          this.n,
          this.d,
          this.wPtr,
          this.historyPtr,
          this.statePtr,
          this.permPtr,
          this.rngPtr,
          shuffle,
          k.learningRate,
          k.l2,
          fitIntercept,
          k.tolerance,
          k.patience,
          epochEnd,
        );
    }
  }

  loss(epoch: number): number {
    return this.arena.f64(this.historyPtr + epoch * 8, 1)[0];
  }

  history(count: number): Float64Array {
    return this.arena.f64(this.historyPtr, count).slice();
  }

  validationHistory(count: number): Float64Array {
    return this.config.general && this.nValidation > 0
      ? this.arena.f64(this.validationPtr, count).slice()
      : new Float64Array(0);
  }

  model(): { coef: Float64Array; intercept: number } {
    const a = this.arena;
    const mark = a.mark();
    try {
      const outPtr = a.alloc((this.d + 1) * 8);
      (this.f32 ? this.core.modelWeightsF32 : this.core.modelWeightsF64)(
        this.statePtr,
        this.workPtr,
        this.wPtr,
        this.d,
        outPtr,
      );
      const out = a.f64(outPtr, this.d + 1);
      return { coef: out.slice(0, this.d), intercept: out[this.d] };
    } finally {
      a.release(mark);
    }
  }

  snapshot(): TrainingSnapshot {
    const a = this.arena;
    const d = this.d;
    return snapshotOf(
      Float64Array.from(this.f32 ? a.f32(this.wPtr, d) : a.f64(this.wPtr, d)),
      this.state(),
      a.f64(this.workPtr, WORK_VECTORS * (d + 1)),
      a.u32(this.rngPtr, 4),
    );
  }

  private state(): Float64Array {
    return this.arena.f64(this.statePtr, STATE_SLOTS);
  }
}

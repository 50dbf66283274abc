// The WASM engine: stores data in linear memory through the arena and calls the core's kernels.
// Every pointer lives only as long as the stored object that allocated it.
import type { Matrix } from '../data.js';
import type { DType, Engine, ExactResult, StoredProblem, StoredX, TrainConfig, Training } from '../engine.js';
import { SLOT_BEST, SLOT_EPOCH, SLOT_INTERCEPT, STATE_SLOTS, STATUS_OK } from '../status.js';
import type { CoreExports } from './abi.js';
import { Arena } from './arena.js';
import { core } from './module.js';

/** Power iteration stops when λ moves by less than this (relative), or after POWER_MAX_ITER passes. */
const POWER_TOL = 1e-3;
const POWER_MAX_ITER = 50;

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
  storeProblem(X, y, dtype) {
    return new WasmProblem(core(), arena(), X, y, dtype);
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
    X: Matrix,
    dtype: DType,
  ) {
    this.mark = arena.mark();
    this.n = X.rows;
    this.d = X.cols;
    this.f32 = dtype === 'float32';
    this.xPtr = arena.alloc(X.data.length * (this.f32 ? 4 : 8));
    // TypedArray.set converts between float64 and float32 natively.
    (this.f32 ? arena.f32(this.xPtr, X.data.length) : arena.f64(this.xPtr, X.data.length)).set(X.data);
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

  constructor(core: CoreExports, arena: Arena, X: Matrix, y: Float64Array, dtype: DType) {
    super(core, arena, X, dtype);
    this.yPtr = arena.alloc(y.length * 8);
    arena.f64(this.yPtr, y.length).set(y);
  }

  standardize(center: boolean): { mean: Float64Array; scale: Float64Array } {
    const a = this.arena;
    const mark = a.mark();
    try {
      const meanPtr = a.alloc(this.d * 8);
      const scalePtr = a.alloc(this.d * 8);
      const c = this.core;
      (this.f32 ? c.columnStatsF32 : c.columnStatsF64)(this.xPtr, this.n, this.d, center ? 1 : 0, meanPtr, scalePtr);
      (this.f32 ? c.standardizeF32 : c.standardizeF64)(this.xPtr, this.n, this.d, meanPtr, scalePtr);
      return { mean: a.f64(meanPtr, this.d).slice(), scale: a.f64(scalePtr, this.d).slice() };
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
        this.n,
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
    return (this.f32 ? this.core.maxRowNormSqF32 : this.core.maxRowNormSqF64)(this.xPtr, this.n, this.d);
  }

  solveExact(l2: number, fitIntercept: boolean): ExactResult {
    const a = this.arena;
    const mark = a.mark();
    const d = this.d;
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
        this.n,
        d,
        fitIntercept ? 1 : 0,
        meanPtr,
        aPtr,
        cPtr,
        rowsPtr,
      );
      const status = c.choleskySolve(aPtr, cPtr, d, this.n * l2, wPtr, infoPtr);
      if (status !== STATUS_OK) return { ok: false, column: a.i32(infoPtr, 1)[0] };
      const coef = a.f64(wPtr, d).slice();
      const means = a.f64(meanPtr, d + 1);
      let intercept = 0;
      if (fitIntercept) {
        intercept = means[d];
        for (let j = 0; j < d; j++) intercept -= means[j] * coef[j];
      }
      return { ok: true, coef, intercept };
    } finally {
      a.release(mark);
    }
  }

  startTraining(config: TrainConfig): Training {
    return new WasmTraining(this.core, this.arena, this.xPtr, this.yPtr, this.n, this.d, this.f32, config);
  }
}

class WasmTraining implements Training {
  private readonly wPtr: number;
  private readonly gPtr: number;
  private readonly accPtr: number;
  private readonly historyPtr: number;
  private readonly statePtr: number;
  private readonly permPtr: number;
  private readonly rngPtr: number;

  constructor(
    private readonly core: CoreExports,
    private readonly arena: Arena,
    private readonly xPtr: number,
    private readonly yPtr: number,
    private readonly n: number,
    private readonly d: number,
    private readonly f32: boolean,
    private readonly config: TrainConfig,
  ) {
    const a = arena;
    const size = f32 ? 4 : 8;
    this.wPtr = a.alloc(d * size);
    this.gPtr = a.alloc((d + 1) * 8);
    this.accPtr = a.alloc(d * size);
    this.historyPtr = a.alloc(config.maxEpochs * 8);
    this.statePtr = a.alloc(STATE_SLOTS * 8);
    this.permPtr = a.alloc(n * 4);
    this.rngPtr = a.alloc(16);
    // θ starts at zero; the float32 block accumulator must start (and stays) zeroed.
    a.zero(this.wPtr, d * size);
    a.zero(this.accPtr, d * size);
    const state = a.f64(this.statePtr, STATE_SLOTS);
    state.fill(0);
    state[SLOT_BEST] = Number.POSITIVE_INFINITY;
    core.rngSeed(this.rngPtr, config.seed >>> 0);
    core.permutationInit(this.permPtr, n);
  }

  get epochs(): number {
    return this.arena.f64(this.statePtr, STATE_SLOTS)[SLOT_EPOCH];
  }

  run(epochEnd: number): number {
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

  coef(): Float64Array {
    return Float64Array.from(this.f32 ? this.arena.f32(this.wPtr, this.d) : this.arena.f64(this.wPtr, this.d));
  }

  intercept(): number {
    return this.arena.f64(this.statePtr, STATE_SLOTS)[SLOT_INTERCEPT];
  }
}

// The copy into WASM: X (in the model's dtype, columns transposed into rows by the core), y and the
// sample weights go into linear memory through the arena, and the kernels of that dtype run on them.
// A stored problem owns every byte it allocates — its data, and the buffers of a training run on
// it (training.ts) — and gives them all back on dispose(). Results are copied out (`.slice()`), so
// no caller keeps a view that a later memory.grow would detach.
import { type Dense, isColumnar, writeColumns } from '../../api/data.js';
import { allocAligned, allocSlots } from '../blocks.js';
import type {
  DType,
  ExactResult,
  Loss,
  ProblemLayout,
  StoredProblem,
  StoredX,
  TrainConfig,
  Training,
} from '../engine.js';
import { LOSS_NAMES, STATUS_OK } from '../layout.js';
import type { Arena } from './arena.js';
import type { CoreExports } from './exports.js';
import { type Kernels, kernelsOf } from './kernels.js';
import { useThreadsFor } from './threads.js';
import { type StoredRows, WasmTraining } from './training.js';

/** Power iteration stops when λ moves by less than this (relative), or after POWER_MAX_ITER passes. */
const POWER_TOL = 1e-3;
const POWER_MAX_ITER = 50;
/** Jacobi sweeps at most: the method converges quadratically, in under 15 sweeps in practice. */
const EIGEN_MAX_SWEEPS = 100;

export class WasmX implements StoredX {
  protected readonly mark: number;
  protected readonly n: number;
  protected readonly d: number;
  protected readonly f32: boolean;
  protected readonly kernels: Kernels;
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
    this.kernels = kernelsOf(core, dtype);
    const count = this.n * this.d;
    this.xPtr = arena.alloc(count * (this.f32 ? 4 : 8));
    if (isColumnar(X)) {
      // The columns go in as float64, one after another, and the transpose kernel writes the rows.
      const temp = arena.mark();
      const srcPtr = arena.alloc(count * 8);
      writeColumns(X, order, arena.f64(srcPtr, count));
      this.kernels.transpose(srcPtr, this.n, this.d, this.xPtr);
      arena.release(temp);
      return;
    }
    // TypedArray.set converts between float64 and float32 natively.
    const view = this.stored(this.xPtr, count);
    if (!order) {
      view.set(X.data);
    } else {
      const d = this.d;
      for (let i = 0; i < order.length; i++) view.set(X.data.subarray(order[i] * d, (order[i] + 1) * d), i * d);
    }
  }

  firstNonFinite(): number {
    this.useThreads(this.n);
    return this.kernels.firstNonFinite(this.xPtr, this.n * this.d);
  }

  predict(coef: Float64Array, intercept: number): Float64Array {
    const a = this.arena;
    const mark = a.mark();
    try {
      const wPtr = this.storeWeights(coef);
      const outPtr = a.alloc(this.n * 8);
      this.useThreads(this.n);
      this.kernels.matvec(this.xPtr, this.n, this.d, wPtr, intercept, outPtr);
      return a.f64(outPtr, this.n).slice();
    } finally {
      a.release(mark);
    }
  }

  dispose(): void {
    this.arena.release(this.mark);
  }

  /** Tells the core how many threads the next job over `rows` stored rows may use (threads.ts). */
  protected useThreads(rows: number): void {
    useThreadsFor(this.core, rows * this.d * (this.f32 ? 4 : 8));
  }

  /** A view of `length` values of the stored dtype at ptr (fresh: memory may have grown). */
  protected stored(ptr: number, length: number): Float32Array | Float64Array {
    return this.f32 ? this.arena.f32(ptr, length) : this.arena.f64(ptr, length);
  }

  /** Copies weights in, as the stored dtype. */
  protected storeWeights(coef: Float64Array): number {
    const ptr = this.arena.alloc(this.d * (this.f32 ? 4 : 8));
    this.stored(ptr, this.d).set(coef);
    return ptr;
  }
}

export class WasmProblem extends WasmX implements StoredProblem {
  private readonly yPtr: number;
  /** 0 when there are no sample weights. */
  private readonly sPtr: number;
  /** Training rows: the first nTrain stored rows; the rest are held out. */
  private readonly nTrain: number;

  constructor(core: CoreExports, arena: Arena, X: Dense, y: Float64Array, dtype: DType, layout: ProblemLayout) {
    const order = layout.order ?? null;
    super(core, arena, X, dtype, order);
    this.nTrain = this.n - (layout.heldOutRows ?? 0);
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
      const partPtr = allocAligned(a, this.kernels.columnPartBytes(this.nTrain, this.d));
      this.useThreads(this.nTrain);
      this.kernels.columnStats(this.xPtr, this.nTrain, this.d, center, meanPtr, scalePtr, partPtr);
      this.useThreads(this.n);
      this.kernels.standardize(this.xPtr, this.n, this.d, meanPtr, scalePtr);
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
      const partPtr = allocAligned(a, this.kernels.columnPartBytes(this.nTrain, this.d));
      this.useThreads(this.nTrain);
      this.kernels.columnMoments(this.xPtr, this.nTrain, this.d, meanPtr, m2Ptr, partPtr);
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
      this.useThreads(this.n);
      this.kernels.standardize(this.xPtr, this.n, this.d, meanPtr, scalePtr);
    } finally {
      a.release(mark);
    }
  }

  meanLoss(w: Float64Array, b: number, loss: Loss, epsilon: number): number {
    const a = this.arena;
    const mark = a.mark();
    try {
      const wPtr = this.storeWeights(w);
      const code = LOSS_NAMES.indexOf(loss);
      const partPtr = allocSlots(a, this.nTrain, this.d, this.f32 ? 4 : 8);
      this.useThreads(this.nTrain);
      return this.kernels.meanLoss(
        this.xPtr,
        this.yPtr,
        this.sPtr,
        0,
        this.nTrain,
        this.d,
        wPtr,
        b,
        code,
        epsilon,
        partPtr,
      );
    } finally {
      a.release(mark);
    }
  }

  powerIteration(fitIntercept: boolean): number {
    const a = this.arena;
    const mark = a.mark();
    try {
      const weightBytes = this.d * (this.f32 ? 4 : 8);
      const vPtr = a.alloc((this.d + 1) * 8);
      const wPtr = a.alloc(weightBytes);
      const gPtr = a.alloc((this.d + 1) * 8);
      const accPtr = a.alloc(weightBytes);
      a.zero(accPtr, weightBytes);
      const rngPtr = a.alloc(16);
      const partPtr = allocSlots(a, this.nTrain, this.d, this.f32 ? 4 : 8);
      this.useThreads(this.nTrain);
      return this.kernels.powerIteration(
        this.xPtr,
        this.nTrain,
        this.d,
        fitIntercept,
        vPtr,
        wPtr,
        gPtr,
        accPtr,
        rngPtr,
        POWER_MAX_ITER,
        POWER_TOL,
        partPtr,
      );
    } finally {
      a.release(mark);
    }
  }

  maxRowNormSq(): number {
    return this.kernels.maxRowNormSq(this.xPtr, this.nTrain, this.d);
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
      const partPtr = allocAligned(a, this.kernels.gramPartBytes(n, d));
      this.useThreads(n);
      this.kernels.gram(this.xPtr, this.yPtr, this.sPtr, n, d, fitIntercept, meanPtr, aPtr, cPtr, rowsPtr, partPtr);
      // The factorization overwrites the Gram matrix: copy it out first when it is wanted.
      const gram = keepGram ? { matrix: a.f64(aPtr, d * d).slice(), means: a.f64(meanPtr, d + 1).slice() } : undefined;
      const status = this.core.choleskySolve(aPtr, cPtr, d, n * l2, wPtr, infoPtr);
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
      const partPtr = allocAligned(a, this.kernels.gramPartBytes(n, d));
      this.useThreads(n);
      this.kernels.gram(this.xPtr, this.yPtr, 0, n, d, fitIntercept, meanPtr, aPtr, cPtr, rowsPtr, partPtr);
      if (this.core.jacobiEigen(aPtr, d, vPtr, eigPtr, EIGEN_MAX_SWEEPS) < 0) return null;
      this.kernels.ridgeLoo(
        this.xPtr,
        this.yPtr,
        n,
        d,
        fitIntercept,
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
    const rows: StoredRows = {
      xPtr: this.xPtr,
      yPtr: this.yPtr,
      sPtr: this.sPtr,
      n: this.nTrain,
      nHeldOut: this.n - this.nTrain,
      d: this.d,
      f32: this.f32,
      kernels: this.kernels,
    };
    return new WasmTraining(this.core, this.arena, rows, config);
  }
}

function reorder(v: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = v[order[i]];
  return out;
}

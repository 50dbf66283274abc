// X kept in WASM memory between calls, for data predicted on again and again (issue 15): every
// predict on an array copies X in first, which on tall data costs more than the products, and only the
// calling thread can do it. A ResidentMatrix is copied in (and checked) once; each predict then reads it
// where it lies, on every thread of the pool, until dispose() — as tf.tensor(...).dispose() in
// TensorFlow.js. Its bytes live in the arena's resident region, not on the stack that calls release.

import {
  type Dense,
  describe,
  isColumnar,
  isFloat32,
  type MatrixInput,
  nonFiniteError,
  toMatrix,
  writeColumns,
} from '../../api/data.js';
import { checkKeys } from '../../api/options.js';
import { type ArrowTableLike, isArrowTable, readTable } from '../../arrow/table.js';
import type { DType } from '../engine.js';
import { type Arena, arena } from './arena.js';
import type { CoreExports } from './exports.js';
import { kernelsOf } from './kernels.js';
import { core, isInitialized } from './module.js';
import { useThreadsFor } from './threads.js';

/** residentMatrix's options. */
export interface ResidentOptions {
  /** How X is stored and multiplied: 'float32' when X is a Float32Array matrix or Float32Array columns,
   *  else 'float64' (as predict(X) decides). */
  dtype?: DType;
}

/**
 * X held in WebAssembly memory for repeated predictions: `model.predict(resident)` and
 * `model.score(resident, y)` read it there, with no copy, on every thread of the pool. Made by
 * {@link residentMatrix}; give its memory back with dispose().
 */
export class ResidentMatrix {
  readonly rows: number;
  readonly cols: number;
  /** The dtype X is stored in, and predictions on it are computed in. */
  readonly dtype: DType;
  /** Column names of the data it was made from (typed columns with names, an Arrow Table), else null. */
  readonly featureNames: readonly string[] | null;
  private readonly core: CoreExports;
  private readonly arena: Arena;
  private ptr: number;

  /** @internal Use residentMatrix(X). */
  constructor(X: Dense, dtype: DType) {
    this.rows = X.rows;
    this.cols = X.cols;
    this.dtype = dtype;
    this.featureNames = isColumnar(X) && X.names ? Object.freeze([...X.names]) : null;
    this.core = core();
    this.arena = arena();
    const a = this.arena;
    const count = X.rows * X.cols;
    const f32 = dtype === 'float32';
    const k = kernelsOf(this.core, dtype);
    const ptr = a.allocResident(count * (f32 ? 4 : 8));
    try {
      if (isColumnar(X)) {
        // The columns go in as float64, one after another, and the transpose kernel writes the rows.
        const mark = a.mark();
        try {
          const srcPtr = a.alloc(count * 8);
          writeColumns(X, null, a.f64(srcPtr, count));
          k.transpose(srcPtr, X.rows, X.cols, ptr);
        } finally {
          a.release(mark);
        }
      } else {
        (f32 ? a.f32(ptr, count) : a.f64(ptr, count)).set(X.data);
      }
      // Checked once here, so that no prediction on it needs to look again.
      const bad = k.firstNonFinite(ptr, count);
      if (bad >= 0) throw nonFiniteError(X, bad, dtype);
    } catch (error) {
      a.freeResident(ptr);
      throw error;
    }
    this.ptr = ptr;
  }

  /** Whether dispose() was called, or releaseMemory() (or init() moving to a new memory) gave its memory back. */
  get isDisposed(): boolean {
    return this.ptr < 0 || !this.live();
  }

  /** Bytes of WebAssembly memory it holds (0 once disposed). */
  get bytes(): number {
    return this.isDisposed ? 0 : this.rows * this.cols * (this.dtype === 'float32' ? 4 : 8);
  }

  /** Gives its WebAssembly memory back. Later calls with it throw; calling dispose() again does nothing. */
  dispose(): void {
    if (this.ptr < 0) return;
    // Memory of an instance that releaseMemory() replaced is gone already: nothing to free in the new one.
    if (this.live()) this.arena.freeResident(this.ptr);
    this.ptr = -1;
  }

  /**
   * @internal ŷ = X·coef + intercept (coef rounded to the stored dtype), on the threads the caller requested.
   * @throws TypeError once disposed.
   */
  predict(coef: Float64Array, intercept: number, name = 'X'): Float64Array {
    this.check(name);
    const a = this.arena;
    const f32 = this.dtype === 'float32';
    const n = this.rows;
    const d = this.cols;
    const mark = a.mark();
    try {
      const wPtr = a.alloc(d * (f32 ? 4 : 8));
      const outPtr = a.alloc(n * 8);
      (f32 ? a.f32(wPtr, d) : a.f64(wPtr, d)).set(coef);
      useThreadsFor(this.core, n * d * (f32 ? 4 : 8));
      kernelsOf(this.core, this.dtype).matvec(this.ptr, n, d, wPtr, intercept, outPtr);
      return a.f64(outPtr, n).slice();
    } finally {
      a.release(mark);
    }
  }

  /** @throws TypeError naming why it cannot be used. */
  private check(name: string): void {
    if (this.ptr < 0) {
      throw new TypeError(`${name} is a ResidentMatrix that was disposed: create another with residentMatrix(X)`);
    }
    if (!this.live()) {
      throw new TypeError(
        `${name} is a ResidentMatrix whose WebAssembly memory was given back (releaseMemory(), or init() ` +
          'starting the core on a new memory): create it again with residentMatrix(X)',
      );
    }
  }

  private live(): boolean {
    return isInitialized() && core() === this.core;
  }
}

/**
 * Copies X into WebAssembly memory once, for repeated predictions: `model.predict(resident)` and
 * `model.score(resident, y)` then read it there — with any model of X's number of features — on every
 * thread of the pool, without copying it again. Call `resident.dispose()` when done (memory is not
 * freed otherwise); `releaseMemory()` gives back every resident matrix's memory too.
 * @param X rows of numbers, a typed matrix { data, rows, cols }, typed columns, or an Arrow Table (all
 *   its columns, by name).
 * @throws Error when linwasm is not initialized, or while a fit or predict is using WASM memory (from
 *   an onEpoch callback); TypeError/RangeError for bad X or options, naming the row and column of a value
 *   that is not finite (or overflows float32); RangeError when WebAssembly memory cannot grow.
 */
export function residentMatrix(X: MatrixInput | ArrowTableLike, options: ResidentOptions = {}): ResidentMatrix {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`residentMatrix options must be an object, got ${describe(options)}`);
  }
  checkKeys(options as Record<string, unknown>, ['dtype'], 'residentMatrix option');
  const { dtype } = options;
  if (dtype !== undefined && dtype !== 'float64' && dtype !== 'float32') {
    throw new RangeError(`residentMatrix option dtype must be one of 'float64', 'float32', got ${describe(dtype)}`);
  }
  const m = isArrowTable(X) ? readTable(X, null).X : toMatrix(X, 'X');
  return new ResidentMatrix(m, dtype ?? (isFloat32(m) ? 'float32' : 'float64'));
}

// predict without keeping X: row-major X goes into WASM a chunk at a time, and each chunk is
// multiplied while it is still in cache. Copying all of X first and then reading it twice (the
// non-finite scan, then the products) streamed it through memory three times; on narrow data the
// copy cost as much as the products. Columns (Arrow, Parquet) are transposed by the core on the way
// in, as every stored X is.
import { type Dense, isColumnar, nonFiniteError } from '../../api/data.js';
import type { DType } from '../engine.js';
import type { Arena } from './arena.js';
import type { CoreExports } from './exports.js';
import { kernelsOf } from './kernels.js';
import { WasmX } from './store.js';
import { useOneThread } from './threads.js';

/** Values of X per chunk: 256 KiB of float64 (half of it as float32), well inside L2. */
export const PREDICT_CHUNK_VALUES = 32768;

/**
 * ŷ = X·coef + intercept for every row of X, stored in dtype a chunk at a time.
 * @throws RangeError naming the row and column of the first value that is not finite as stored.
 */
export function predictChunked(
  core: CoreExports,
  a: Arena,
  X: Dense,
  dtype: DType,
  coef: Float64Array,
  intercept: number,
): Float64Array {
  if (isColumnar(X)) {
    const stored = new WasmX(core, a, X, dtype);
    try {
      const bad = stored.firstNonFinite();
      if (bad >= 0) throw nonFiniteError(X, bad, dtype);
      return stored.predict(coef, intercept);
    } finally {
      stored.dispose();
    }
  }
  const k = kernelsOf(core, dtype);
  const f32 = dtype === 'float32';
  const { data, rows: n, cols: d } = X;
  // One thread, whatever the pool: only the calling thread can read the caller's array, the copy costs
  // more than the products, and handing chunks to a worker on another core cost more than it saved
  // (docs/performance-native.md#predict-on-threads). X in WASM already (a ResidentMatrix) runs threaded.
  useOneThread(core);
  const chunkRows = Math.max(1, Math.min(n, Math.floor(PREDICT_CHUNK_VALUES / d)));
  const out = new Float64Array(n);
  const mark = a.mark();
  try {
    const wPtr = a.alloc(d * (f32 ? 4 : 8));
    const xPtr = a.alloc(chunkRows * d * (f32 ? 4 : 8));
    const outPtr = a.alloc(chunkRows * 8);
    (f32 ? a.f32(wPtr, d) : a.f64(wPtr, d)).set(coef);
    // One view of each buffer for the whole call: nothing below allocates, so memory cannot grow.
    const x = f32 ? a.f32(xPtr, chunkRows * d) : a.f64(xPtr, chunkRows * d);
    const y = a.f64(outPtr, chunkRows);
    for (let r0 = 0; r0 < n; r0 += chunkRows) {
      const rows = Math.min(chunkRows, n - r0);
      const values = rows * d;
      x.set(data.subarray(r0 * d, r0 * d + values));
      k.matvec(xPtr, rows, d, wPtr, intercept, outPtr);
      // A value that is not finite makes its row's prediction non-finite, so the chunk's input is
      // scanned only when an output is (predictions of finite inputs can overflow; they are returned).
      if (core.firstNonFiniteF64(outPtr, rows) >= 0) {
        const bad = k.firstNonFinite(xPtr, values);
        if (bad >= 0) throw nonFiniteError(X, r0 * d + bad, dtype);
      }
      out.set(rows === chunkRows ? y : y.subarray(0, rows), r0);
    }
    return out;
  } finally {
    a.release(mark);
  }
}

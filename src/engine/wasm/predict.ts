// predict without keeping X: row-major X goes into WASM a chunk at a time, and each chunk is
// multiplied while it is still in cache. Copying all of X first and then reading it twice (the
// non-finite scan, then the products) streamed it through memory three times; on narrow data the
// copy cost as much as the products. On more than one thread the copy (which only the calling thread
// can do: it alone can read the caller's array) and the products overlap: predictPipelined. Columns
// (Arrow, Parquet) are transposed by the core on the way in, as every stored X is.
import { type Dense, isColumnar, type Matrix, nonFiniteError } from '../../api/data.js';
import type { DType } from '../engine.js';
import type { Arena } from './arena.js';
import type { CoreExports } from './exports.js';
import { kernelsOf } from './kernels.js';
import { WasmX } from './store.js';
import { useThreadsFor } from './threads.js';

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
  const threads = useThreadsFor(core, n * d * (f32 ? 4 : 8));
  if (threads > 1) return predictPipelined(core, a, X, dtype, coef, intercept);
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

/** Bytes of X per chunk of the pipeline (two chunks in flight: one copied in, one multiplied). Four of the
 *  core's row blocks: enough work per fork–join for its cost (a few µs) to vanish, small enough to stay in cache. */
export const PIPELINE_CHUNK_BYTES = 1 << 20;

/**
 * On more than one thread: the calling thread copies chunk k + 1 of X into one buffer while the pool's
 * workers multiply chunk k in the other (matvecStart … matvecFinish), so the products are hidden behind
 * the copy, which only the calling thread can do (it alone can read the caller's array).
 */
function predictPipelined(
  core: CoreExports,
  a: Arena,
  X: Matrix,
  dtype: DType,
  coef: Float64Array,
  intercept: number,
): Float64Array {
  const k = kernelsOf(core, dtype);
  const f32 = dtype === 'float32';
  const { data, rows: n, cols: d } = X;
  const rowBytes = d * (f32 ? 4 : 8);
  const chunkRows = Math.max(1, Math.min(n, Math.floor(PIPELINE_CHUNK_BYTES / rowBytes)));
  const mark = a.mark();
  let running = false;
  try {
    const wPtr = a.alloc(rowBytes);
    const xPtrs = [a.alloc(chunkRows * rowBytes), a.alloc(chunkRows * rowBytes)];
    const outPtr = a.alloc(n * 8);
    (f32 ? a.f32(wPtr, d) : a.f64(wPtr, d)).set(coef);
    // Views made once: nothing below allocates, so memory cannot grow.
    const xs = xPtrs.map((p) => (f32 ? a.f32(p, chunkRows * d) : a.f64(p, chunkRows * d)));
    xs[0].set(data.subarray(0, Math.min(n, chunkRows) * d));
    for (let c = 0, r0 = 0; r0 < n; c++, r0 += chunkRows) {
      const rows = Math.min(chunkRows, n - r0);
      const xPtr = xPtrs[c & 1];
      k.matvecStart(xPtr, rows, d, wPtr, intercept, outPtr + r0 * 8);
      running = true;
      const next = r0 + chunkRows;
      if (next < n) xs[(c + 1) & 1].set(data.subarray(next * d, Math.min(n, next + chunkRows) * d));
      core.matvecFinish();
      running = false;
      if (core.firstNonFiniteF64(outPtr + r0 * 8, rows) >= 0) {
        const bad = k.firstNonFinite(xPtr, rows * d);
        if (bad >= 0) throw nonFiniteError(X, r0 * d + bad, dtype);
      }
    }
    return a.f64(outPtr, n).slice();
  } finally {
    // Never give the buffers back while a worker may still read them.
    if (running) core.matvecFinish();
    a.release(mark);
  }
}

// Column statistics and checks over X (n×d of type T, row-major at xPtr). Each runs once per fit.

import { GRADIENT_BLOCK_BYTES } from "../layout";
import {
  blockCount,
  blockRows,
  found,
  JOB_COLUMN_M2,
  JOB_COLUMN_SUM,
  JOB_FIRST_NON_FINITE,
  JOB_STANDARDIZE,
  runJob,
  setFound,
  setJob,
} from "../parallel/pool";
import { addF64, addRow, addSquaredDeviation } from "./vector";

/**
 * Index of the first non-finite element among count elements of type T at ptr, or −1. Data of more than one
 * of the gradient's blocks (GRADIENT_BLOCK_BYTES) is scanned block by block on the pool's threads; the first
 * block with a non-finite element (the smallest such block, whichever thread found it) is scanned again for
 * the index: the answer does not depend on the threads.
 */
export function firstNonFinite<T>(ptr: usize, count: i32): i32 {
  const rows = <i32>(<usize>GRADIENT_BLOCK_BYTES / sizeof<T>());
  if (blockCount(count, rows) <= 1) return scanNonFinite<T>(ptr, count);
  // Elements are the job's "rows" of one value each.
  setJob(sizeof<T>() == 4 ? JOB_FIRST_NON_FINITE + 1 : JOB_FIRST_NON_FINITE, ptr, 0, count, 1, 0, 0, 0, rows);
  setFound(i32.MAX_VALUE);
  runJob();
  const k = found();
  if (k == i32.MAX_VALUE) return -1;
  const start = k * rows;
  return start + scanNonFinite<T>(ptr + <usize>start * sizeof<T>(), min(rows, count - start));
}

/** Index of the first non-finite element among count elements of type T at ptr, or −1, in order. */
// A float is NaN or ±Infinity exactly when its exponent bits are all ones: the SIMD body tests 64
// bytes per step with one mask and compare per vector, and the scalar tail finds the index.
export function scanNonFinite<T>(ptr: usize, count: i32): i32 {
  const end = ptr + <usize>count * sizeof<T>();
  let p = ptr;
  if (sizeof<T>() == 8) {
    const mask = i64x2.splat(0x7ff0000000000000);
    for (; p + 64 <= end; p += 64) {
      const a = i64x2.eq(v128.and(v128.load(p), mask), mask);
      const b = i64x2.eq(v128.and(v128.load(p, 16), mask), mask);
      const c = i64x2.eq(v128.and(v128.load(p, 32), mask), mask);
      const e = i64x2.eq(v128.and(v128.load(p, 48), mask), mask);
      if (v128.any_true(v128.or(v128.or(a, b), v128.or(c, e)))) break;
    }
  } else {
    const mask = i32x4.splat(0x7f800000);
    for (; p + 64 <= end; p += 64) {
      const a = i32x4.eq(v128.and(v128.load(p), mask), mask);
      const b = i32x4.eq(v128.and(v128.load(p, 16), mask), mask);
      const c = i32x4.eq(v128.and(v128.load(p, 32), mask), mask);
      const e = i32x4.eq(v128.and(v128.load(p, 48), mask), mask);
      if (v128.any_true(v128.or(v128.or(a, b), v128.or(c, e)))) break;
    }
  }
  for (; p < end; p += sizeof<T>()) {
    if (!isFinite(<f64>load<T>(p))) return <i32>((p - ptr) / sizeof<T>());
  }
  return -1;
}

/** Bytes of a column-sum slot: d f64, rounded up to 128 (no cache line shared by two threads' slots). */
// @ts-ignore: decorator
@inline export function columnSlotBytes(d: i32): usize {
  return ((<usize>d << 3) + 127) & ~(<usize>127);
}

/** Bytes of the block slots columnMoments needs at partPtr for n×d of elementBytes (0: one block). */
export function columnPartBytes(n: i32, d: i32, elementBytes: usize): usize {
  const blocks = blockCount(n, blockRows(<usize>d * elementBytes));
  return blocks > 1 ? <usize>blocks * columnSlotBytes(d) : 0;
}

/**
 * columnMoments: mean[j] and m2[j] = Σ_i (x[i][j] − mean[j])² of every column (two passes, so that
 * m2 carries no cancellation), written as d f64 at meanPtr and m2Ptr. The moments of chunks merge
 * exactly (src/fit/running-stats.ts), which is how streamed data gets the statistics of the whole.
 * Each pass sums the gradient's fixed row blocks into slots at partPtr (columnPartBytes), on the
 * pool's threads, and adds them in block order: the same bits on any number of threads.
 */
export function columnMoments<T>(xPtr: usize, n: i32, d: i32, meanPtr: usize, m2Ptr: usize, partPtr: usize): void {
  blockedColumnSums<T>(JOB_COLUMN_SUM, xPtr, n, d, 0, meanPtr, partPtr);
  for (let j = 0; j < d; j++) {
    const m = meanPtr + (<usize>j << 3);
    store<f64>(m, load<f64>(m) / <f64>n);
  }
  blockedColumnSums<T>(JOB_COLUMN_M2, xPtr, n, d, meanPtr, m2Ptr, partPtr);
}

/** out = Σ over all rows of x (job JOB_COLUMN_SUM) or of (x − mean)² (JOB_COLUMN_M2), in fixed blocks. */
function blockedColumnSums<T>(job: i32, xPtr: usize, n: i32, d: i32, meanPtr: usize, outPtr: usize, partPtr: usize): void {
  const rows = blockRows(<usize>d * sizeof<T>());
  const blocks = blockCount(n, rows);
  if (blocks <= 1) {
    columnSumBlock<T>(job == JOB_COLUMN_M2, xPtr, 0, n, d, meanPtr, outPtr);
    return;
  }
  // Without slots the blocks' sums would land at address 0 (the pool's own state on the threaded build).
  if (partPtr == 0) abort("column statistics: more than one row block needs block slots (partPtr)");
  setJob(sizeof<T>() == 4 ? job + 1 : job, xPtr, 0, n, d, meanPtr, 0, partPtr, rows);
  runJob();
  memory.fill(outPtr, 0, <usize>d << 3);
  const stride = columnSlotBytes(d);
  for (let k = 0; k < blocks; k++) addF64(outPtr, partPtr + <usize>k * stride, d);
}

/** out[j] = Σ x[i][j] (squared: Σ (x[i][j] − mean[j])²) over rows start … end−1, d f64 at outPtr. */
export function columnSumBlock<T>(squared: bool, xPtr: usize, start: i32, end: i32, d: i32, meanPtr: usize, outPtr: usize): void {
  const rowBytes = <usize>d * sizeof<T>();
  memory.fill(outPtr, 0, <usize>d << 3);
  let xRow = xPtr + <usize>start * rowBytes;
  if (squared) {
    for (let i = start; i < end; i++, xRow += rowBytes) addSquaredDeviation<T>(outPtr, xRow, meanPtr, d);
  } else {
    for (let i = start; i < end; i++, xRow += rowBytes) addRow<T>(outPtr, xRow, d);
  }
}

/**
 * columnStats: mean[j] and scale[j] (population standard deviation) of every column, written as d
 * f64 at meanPtr and scalePtr. A constant column (spread below 1e-12 of its magnitude, round-off of
 * a mean included) gets scale 1, as scikit-learn's StandardScaler does. center = false leaves mean
 * at 0 (the column is then only scaled). Mirrored for merged moments in src/fit/running-stats.ts.
 */
export function columnStats<T>(
  xPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, scalePtr: usize, partPtr: usize,
): void {
  columnMoments<T>(xPtr, n, d, meanPtr, scalePtr, partPtr);
  for (let j = 0; j < d; j++) {
    const v = scalePtr + (<usize>j << 3);
    const m = meanPtr + (<usize>j << 3);
    const mean = load<f64>(m);
    const scale = Math.sqrt(load<f64>(v) / <f64>n);
    store<f64>(v, scale > 1e-12 * Math.abs(mean) && scale > 0 ? scale : 1);
    if (!center) store<f64>(m, 0);
  }
}

/** x[i][j] = (x[i][j] − mean[j]) / scale[j], in place, computed in f64 and stored as T; every element on
 *  its own, so the rows' blocks run on the pool's threads with nothing to add up. */
export function standardize<T>(xPtr: usize, n: i32, d: i32, meanPtr: usize, scalePtr: usize): void {
  const rows = blockRows(<usize>d * sizeof<T>());
  if (blockCount(n, rows) <= 1) {
    standardizeRows<T>(xPtr, 0, n, d, meanPtr, scalePtr);
    return;
  }
  setJob(sizeof<T>() == 4 ? JOB_STANDARDIZE + 1 : JOB_STANDARDIZE, xPtr, scalePtr, n, d, meanPtr, 0, 0, rows);
  runJob();
}

/** standardize over rows start … end−1. */
export function standardizeRows<T>(xPtr: usize, start: i32, end: i32, d: i32, meanPtr: usize, scalePtr: usize): void {
  const rowBytes = <usize>d * sizeof<T>();
  let xRow = xPtr + <usize>start * rowBytes;
  for (let i = start; i < end; i++) {
    for (let j = 0; j < d; j++) {
      const p = xRow + (<usize>j) * sizeof<T>();
      const c = (<f64>load<T>(p) - load<f64>(meanPtr + (<usize>j << 3))) / load<f64>(scalePtr + (<usize>j << 3));
      store<T>(p, <T>c);
    }
    xRow += rowBytes;
  }
}

/** max_i ‖x_i‖²: the largest squared row norm, which bounds the curvature of one SGD step. */
export function maxRowNormSq<T>(xPtr: usize, n: i32, d: i32): f64 {
  const rowBytes = <usize>d * sizeof<T>();
  let best: f64 = 0;
  let xRow = xPtr;
  for (let i = 0; i < n; i++) {
    let s: f64 = 0;
    for (let j = 0; j < d; j++) {
      const v = <f64>load<T>(xRow + (<usize>j) * sizeof<T>());
      s += v * v;
    }
    if (s > best) best = s;
    xRow += rowBytes;
  }
  return best;
}

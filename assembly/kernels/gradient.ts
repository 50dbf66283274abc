import { gradientShortF32, SHORT_F32_MAX } from "./gradient-short";
import { axpy, axpy2, dot, dot2, dot2Result1, TOUCH_ROWS, touchRows, touchSink } from "./vector";

// Rows are summed in float32 for this many rows at a time, then added into the f64 gradient:
// float32 data keeps float32 arithmetic in the hot loop without losing the gradient to round-off
// over 100 000 rows.
const F32_BLOCK = 32;

// Rows in order are paired (one load and store of the running sums per two rows) only while a row is
// at most this long: on long rows the per-row overhead is already amortized, and pairing measured slower.
const PAIR_ROW_BYTES: usize = 1024;
const DOT2_ROW_BYTES: usize = 256;

/**
 * gradient: the fused pass over rows i = start … end−1 (or rows idx[start … end−1] when idxPtr ≠ 0):
 *   r_i = x_i·w + b − y_i,  g[0 … d−1] += r_i·x_i,  g[d] += r_i,  returns Σ r_i².
 * X is n×d of type T row-major at xPtr, w is d of type T; y is f64 (yPtr = 0 reads y as 0, which the
 * power iteration uses); idx is u32; g is d+1 f64 and is accumulated into, not cleared.
 * accPtr is d of type T scratch, used (and left zeroed) only when T is f32.
 * Rows go two at a time: the running sums are loaded and stored once per two rows (axpy2), with the
 * arithmetic of one row at a time, bit for bit. touchTo > 0 (shuffled rows of a large X, from the
 * mini-batch trainer) touches the rows idx[i + TOUCH_ROWS …] ahead, up to idx[touchTo − 1].
 * Short float32 rows in order take gradientShortF32 (the same bits, without the inner loops).
 */
export function gradient<T>(
  xPtr: usize,
  yPtr: usize,
  d: i32,
  idxPtr: usize,
  start: i32,
  end: i32,
  wPtr: usize,
  b: f64,
  gPtr: usize,
  accPtr: usize,
  touchTo: i32 = 0,
): f64 {
  if (sizeof<T>() == 4 && !idxPtr && d <= SHORT_F32_MAX) {
    return gradientShortF32(xPtr, yPtr, d, start, end, wPtr, b, gPtr);
  }
  const rowBytes = <usize>d * sizeof<T>();
  const sumPtr = sizeof<T>() == 8 ? gPtr : accPtr;
  let loss: f64 = 0;
  let sumR: f64 = 0;
  let i = start;
  let sink: u32 = 0;
  while (i < end) {
    const blockEnd = sizeof<T>() == 8 ? end : min(i + F32_BLOCK, end);
    if (idxPtr) {
      // Rows in shuffled order: two rows per dot2 keep twice the cache misses in flight.
      for (; i + 2 <= blockEnd; i += 2) {
        if (touchTo > 0 && ((i - start) & (TOUCH_ROWS - 1)) == 0) {
          sink ^= touchRows(xPtr, rowBytes, idxPtr, i + TOUCH_ROWS, touchTo);
        }
        const row0 = rowAt(idxPtr, i);
        const row1 = rowAt(idxPtr, i + 1);
        const x0 = xPtr + row0 * rowBytes;
        const x1 = xPtr + row1 * rowBytes;
        const r0 = dot2<T>(x0, x1, wPtr, d) + b - target(yPtr, row0);
        const r1 = dot2Result1() + b - target(yPtr, row1);
        loss += r0 * r0;
        sumR += r0;
        loss += r1 * r1;
        sumR += r1;
        axpy2<T>(sumPtr, x0, x1, d, r0, r1);
      }
    } else if (rowBytes <= PAIR_ROW_BYTES) {
      // Rows in order: one dot per row keeps a single sequential stream for the prefetcher (a dot2 of
      // neighbouring rows interleaves two streams, which is slower on long rows); axpy2 then reads both
      // rows back from L1.
      for (; i + 2 <= blockEnd; i += 2) {
        const x0 = xPtr + <usize>i * rowBytes;
        const x1 = x0 + rowBytes;
        let r0: f64;
        let r1: f64;
        if (rowBytes <= DOT2_ROW_BYTES) {
          r0 = dot2<T>(x0, x1, wPtr, d) + b - target(yPtr, <usize>i);
          r1 = dot2Result1() + b - target(yPtr, <usize>i + 1);
        } else {
          r0 = dot<T>(x0, wPtr, d) + b - target(yPtr, <usize>i);
          r1 = dot<T>(x1, wPtr, d) + b - target(yPtr, <usize>i + 1);
        }
        loss += r0 * r0;
        sumR += r0;
        loss += r1 * r1;
        sumR += r1;
        axpy2<T>(sumPtr, x0, x1, d, r0, r1);
      }
    }
    for (; i < blockEnd; i++) {
      const row = rowAt(idxPtr, i);
      const xRow = xPtr + row * rowBytes;
      const r = dot<T>(xRow, wPtr, d) + b - target(yPtr, row);
      loss += r * r;
      sumR += r;
      axpy<T>(sumPtr, xRow, d, r);
    }
    if (sizeof<T>() == 4) flushF32(gPtr, accPtr, d);
  }
  if (touchTo > 0) touchSink(sink);
  const gbPtr = gPtr + (<usize>d << 3);
  store<f64>(gbPtr, load<f64>(gbPtr) + sumR);
  return loss;
}

/** Row i of the pass: i itself, or idx[i]. */
// @ts-ignore: decorator
@inline function rowAt(idxPtr: usize, i: i32): usize {
  return idxPtr ? <usize>load<u32>(idxPtr + (<usize>i << 2)) : <usize>i;
}

/** y[row], or 0 when there is no y. */
// @ts-ignore: decorator
@inline function target(yPtr: usize, row: usize): f64 {
  return yPtr ? load<f64>(yPtr + (row << 3)) : 0;
}

/** g[j] += acc[j] (f64 ← f32), then acc[j] = 0, for j < d. */
function flushF32(gPtr: usize, accPtr: usize, d: i32): void {
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const ap = accPtr + (<usize>j << 2);
    const a = v128.load(ap);
    const g = gPtr + (<usize>j << 3);
    v128.store(g, f64x2.add(v128.load(g), f64x2.promote_low_f32x4(a)));
    v128.store(g, f64x2.add(v128.load(g, 16), f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1))), 16);
    v128.store(ap, zero);
  }
  for (; j < d; j++) {
    const g = gPtr + (<usize>j << 3);
    const ap = accPtr + (<usize>j << 2);
    store<f64>(g, load<f64>(g) + <f64>load<f32>(ap));
    store<f32>(ap, 0);
  }
}

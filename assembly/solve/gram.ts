// Normal equations for min (1/n)·Σ s_i·(x_i·w + b − y_i)² + l2·‖w‖², all in f64 whatever the data
// type (s_i the sample weights, all 1 when none are given).
// With an intercept, X and y are centered first (b then follows from the means), which keeps the
// Gram matrix well conditioned compared with appending a column of ones.
//
// Both passes run in fixed blocks of rows on the pool's threads (parallel/pool.ts): the means in the
// gradient's blocks, the Gram matrix in blocks of whole gradient blocks (gramBlockRows), each block
// summing into a slot of its own; the slots are added in block order. Which rows form a block depends
// on the data's shape only, so A, c and the means are the same bits on any number of threads.

import { GRAM_PART_BYTES } from "../layout";
import { blockCount, blockRows, JOB_GRAM, JOB_GRAM_MEANS, runJob, setJob, setJobWeights } from "../parallel/pool";
import { addF64 } from "../kernels/vector";

const BLOCK = 4; // rows per pass over the Gram matrix: it is read and written once per 4 rows

/** Bytes of a means slot: Σ s·x (d f64), Σ s·y, Σ s; rounded up to 128 (no cache line shared by two threads). */
// @ts-ignore: decorator
@inline export function meansSlotBytes(d: i32): usize {
  return ((<usize>(d + 2) << 3) + 127) & ~(<usize>127);
}

/** Bytes of a Gram slot: the partial A (d×d f64, upper triangle used), c (d f64), the block's BLOCK centered
 *  rows (BLOCK·d f64 of scratch); rounded up to 128. */
// @ts-ignore: decorator
@inline export function gramSlotBytes(d: i32): usize {
  return ((<usize>d * <usize>d + <usize>(BLOCK + 1) * <usize>d) * 8 + 127) & ~(<usize>127);
}

/**
 * Rows per Gram block: a whole number of the gradient's blocks (blockRows), as few as keep every block's
 * partial Gram within GRAM_PART_BYTES together. Tall data keeps the gradient's blocks (100 000 × 64 f64:
 * 196 partials of 32 KiB); wide data gets super-blocks (20 000 × 512 f64: 15 partials of 2 MiB, not 313);
 * d above 2 047 gets one block (no partial, one thread). Depends on the data's shape only.
 */
export function gramBlockRows(n: i32, d: i32, elementBytes: usize): i32 {
  const rows = blockRows(<usize>d * elementBytes);
  const most = max<usize>(1, <usize>GRAM_PART_BYTES / gramSlotBytes(d));
  const blocks = <usize>blockCount(n, rows);
  return rows * <i32>((blocks + most - 1) / most);
}

/** Bytes of the block slots gram needs at partPtr for n×d of elementBytes (at a 128-byte boundary, not zeroed). */
export function gramPartBytes(n: i32, d: i32, elementBytes: usize): usize {
  const means = <usize>blockCount(n, blockRows(<usize>d * elementBytes)) * meansSlotBytes(d);
  const blocks = blockCount(n, gramBlockRows(n, d, elementBytes));
  return max(means, blocks > 1 ? <usize>blocks * gramSlotBytes(d) : 0);
}

/**
 * gram: A = Σ_i s_i(x_i − x̄)(x_i − x̄)ᵀ (d×d f64 at aPtr, full symmetric), c = Σ_i s_i(x_i − x̄)(y_i − ȳ)
 * (d f64 at cPtr), and the s-weighted means x̄ (d f64) then ȳ at meanPtr (all zero when center is
 * false). X is n×d of type T row-major at xPtr, y is n f64 at yPtr, s is n f64 at sPtr (0: all 1);
 * rowsPtr is BLOCK·d f64 of scratch; partPtr is gramPartBytes(n, d) of block slots. Weighted rows enter
 * as √s_i·(x_i − x̄).
 */
export function gram<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  n: i32,
  d: i32,
  center: bool,
  meanPtr: usize,
  aPtr: usize,
  cPtr: usize,
  rowsPtr: usize,
  partPtr: usize,
): void {
  assert(n >= 1 && d >= 1, "gram: needs n >= 1 rows and d >= 1 features");
  const ud = <usize>d;
  memory.fill(meanPtr, 0, (ud + 1) << 3);
  memory.fill(aPtr, 0, (ud * ud) << 3);
  memory.fill(cPtr, 0, ud << 3);
  const f32 = sizeof<T>() == 4;
  // The means always run as a job, the products when there is more than one block: both need slots,
  // or their partial sums would land at address 0 (the pool's own state on the threaded build). An
  // abort, not an assert: the release builds compile asserts away.
  if (partPtr == 0 && (center || blockCount(n, gramBlockRows(n, d, sizeof<T>())) > 1)) {
    abort("gram: needs block slots (partPtr) for the means and for more than one row block");
  }
  if (center) {
    // Σ s·x, Σ s·y and Σ s of each block, added in block order.
    const rows = blockRows(ud * sizeof<T>());
    setJob(f32 ? JOB_GRAM_MEANS + 1 : JOB_GRAM_MEANS, xPtr, yPtr, n, d, 0, 0, partPtr, rows);
    setJobWeights(sPtr, meanPtr);
    runJob();
    const stride = meansSlotBytes(d);
    let total: f64 = 0;
    for (let k = 0, blocks = blockCount(n, rows); k < blocks; k++) {
      const slot = partPtr + <usize>k * stride;
      addF64(meanPtr, slot, d + 1);
      total += load<f64>(slot + ((ud + 1) << 3));
    }
    for (let j = 0; j <= d; j++) {
      const m = meanPtr + (<usize>j << 3);
      store<f64>(m, load<f64>(m) / total);
    }
  }
  const rows = gramBlockRows(n, d, sizeof<T>());
  const blocks = blockCount(n, rows);
  if (blocks <= 1) {
    gramRows<T>(xPtr, yPtr, sPtr, 0, n, d, meanPtr, aPtr, cPtr, rowsPtr);
  } else {
    setJob(f32 ? JOB_GRAM + 1 : JOB_GRAM, xPtr, yPtr, n, d, 0, 0, partPtr, rows);
    setJobWeights(sPtr, meanPtr);
    runJob();
    const stride = gramSlotBytes(d);
    const cOffset = (ud * ud) << 3;
    for (let k = 0; k < blocks; k++) {
      const slot = partPtr + <usize>k * stride;
      for (let j = 0; j < d; j++) {
        const o = (<usize>j * ud + <usize>j) << 3;
        addF64(aPtr + o, slot + o, d - j);
      }
      addF64(cPtr, slot + cOffset, d);
    }
  }
  // Mirror the upper triangle so the solver can read rows.
  for (let j = 0; j < d; j++) {
    for (let k = j + 1; k < d; k++) {
      store<f64>(aPtr + ((<usize>k * ud + <usize>j) << 3), load<f64>(aPtr + ((<usize>j * ud + <usize>k) << 3)));
    }
  }
}

/** Block k of a means job: Σ s·x (d f64), Σ s·y, Σ s over rows start … end−1, into slot (meansSlotBytes). */
export function gramMeansBlock<T>(xPtr: usize, yPtr: usize, sPtr: usize, start: i32, end: i32, d: i32, slot: usize): void {
  const ud = <usize>d;
  memory.fill(slot, 0, (ud + 2) << 3);
  const rowBytes = ud * sizeof<T>();
  let xRow = xPtr + <usize>start * rowBytes;
  let sy: f64 = 0;
  let total: f64 = 0;
  for (let i = start; i < end; i++) {
    const s = sPtr ? load<f64>(sPtr + (<usize>i << 3)) : 1;
    for (let j = 0; j < d; j++) {
      const m = slot + (<usize>j << 3);
      store<f64>(m, load<f64>(m) + s * <f64>load<T>(xRow + (<usize>j) * sizeof<T>()));
    }
    sy += s * load<f64>(yPtr + (<usize>i << 3));
    total += s;
    xRow += rowBytes;
  }
  store<f64>(slot + (ud << 3), sy);
  store<f64>(slot + ((ud + 1) << 3), total);
}

/** Block k of a Gram job: its partial A and c (zeroed first) in slot (gramSlotBytes), rows start … end−1. */
export function gramBlock<T>(
  xPtr: usize, yPtr: usize, sPtr: usize, start: i32, end: i32, d: i32, meanPtr: usize, slot: usize,
): void {
  const ud = <usize>d;
  const cPtr = slot + ((ud * ud) << 3);
  memory.fill(slot, 0, ((ud * ud) + ud) << 3);
  gramRows<T>(xPtr, yPtr, sPtr, start, end, d, meanPtr, slot, cPtr, cPtr + (ud << 3));
}

/** A (upper triangle) += Σ r rᵀ and c += Σ r·(√s·(y − ȳ)) over rows start … end−1, r = √s·(x − x̄). */
function gramRows<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  start: i32,
  end: i32,
  d: i32,
  meanPtr: usize,
  aPtr: usize,
  cPtr: usize,
  rowsPtr: usize,
): void {
  const rowBytes = <usize>d * sizeof<T>();
  const ud = <usize>d;
  const yMean = load<f64>(meanPtr + (ud << 3));
  const rowStride = ud << 3;
  for (let i0 = start; i0 < end; i0 += BLOCK) {
    const m = min(BLOCK, end - i0);
    // Centered rows of this block in f64; unused rows of a short last block are zero.
    memory.fill(rowsPtr, 0, (<usize>BLOCK * ud) << 3);
    for (let k = 0; k < m; k++) {
      const xRow = xPtr + <usize>(i0 + k) * rowBytes;
      const r = rowsPtr + <usize>k * rowStride;
      const root = sPtr ? Math.sqrt(load<f64>(sPtr + (<usize>(i0 + k) << 3))) : 1;
      const yc = root * (load<f64>(yPtr + (<usize>(i0 + k) << 3)) - yMean);
      for (let j = 0; j < d; j++) {
        const c = root * (<f64>load<T>(xRow + (<usize>j) * sizeof<T>()) - load<f64>(meanPtr + (<usize>j << 3)));
        store<f64>(r + (<usize>j << 3), c);
        const cj = cPtr + (<usize>j << 3);
        store<f64>(cj, load<f64>(cj) + c * yc);
      }
    }
    const r0 = rowsPtr;
    const r1 = r0 + rowStride;
    const r2 = r1 + rowStride;
    const r3 = r2 + rowStride;
    // Upper triangle: A[j][k] += Σ_rows r[j]·r[k] for k ≥ j, f64x2 across k.
    for (let j = 0; j < d; j++) {
      const oj = <usize>j << 3;
      const a0 = f64x2.splat(load<f64>(r0 + oj));
      const a1 = f64x2.splat(load<f64>(r1 + oj));
      const a2 = f64x2.splat(load<f64>(r2 + oj));
      const a3 = f64x2.splat(load<f64>(r3 + oj));
      const aRow = aPtr + <usize>j * rowStride;
      let k = j;
      for (; k + 2 <= d; k += 2) {
        const ok = <usize>k << 3;
        let s = f64x2.mul(a0, v128.load(r0 + ok));
        s = f64x2.add(s, f64x2.mul(a1, v128.load(r1 + ok)));
        s = f64x2.add(s, f64x2.mul(a2, v128.load(r2 + ok)));
        s = f64x2.add(s, f64x2.mul(a3, v128.load(r3 + ok)));
        v128.store(aRow + ok, f64x2.add(v128.load(aRow + ok), s));
      }
      for (; k < d; k++) {
        const ok = <usize>k << 3;
        const s =
          load<f64>(r0 + oj) * load<f64>(r0 + ok) +
          load<f64>(r1 + oj) * load<f64>(r1 + ok) +
          load<f64>(r2 + oj) * load<f64>(r2 + ok) +
          load<f64>(r3 + oj) * load<f64>(r3 + ok);
        store<f64>(aRow + ok, load<f64>(aRow + ok) + s);
      }
    }
  }
}

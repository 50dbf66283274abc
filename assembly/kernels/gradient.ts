import { axpy, dot } from "./vector";

// Rows are summed in float32 for this many rows at a time, then added into the f64 gradient:
// float32 data keeps float32 arithmetic in the hot loop without losing the gradient to round-off
// over 100 000 rows.
const F32_BLOCK = 32;

/**
 * gradient: the fused pass over rows i = start … end−1 (or rows idx[start … end−1] when idxPtr ≠ 0):
 *   r_i = x_i·w + b − y_i,  g[0 … d−1] += r_i·x_i,  g[d] += r_i,  returns Σ r_i².
 * X is n×d of type T row-major at xPtr, w is d of type T; y is f64 (yPtr = 0 reads y as 0, which the
 * power iteration uses); idx is u32; g is d+1 f64 and is accumulated into, not cleared.
 * accPtr is d of type T scratch, used (and left zeroed) only when T is f32.
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
): f64 {
  const rowBytes = <usize>d * sizeof<T>();
  let loss: f64 = 0;
  let sumR: f64 = 0;
  let i = start;
  while (i < end) {
    const blockEnd = sizeof<T>() == 8 ? end : min(i + F32_BLOCK, end);
    for (; i < blockEnd; i++) {
      const row: usize = idxPtr ? <usize>load<u32>(idxPtr + (<usize>i << 2)) : <usize>i;
      const xRow = xPtr + row * rowBytes;
      const target: f64 = yPtr ? load<f64>(yPtr + (row << 3)) : 0;
      const r = dot<T>(xRow, wPtr, d) + b - target;
      loss += r * r;
      sumR += r;
      axpy<T>(sizeof<T>() == 8 ? gPtr : accPtr, xRow, d, r);
    }
    if (sizeof<T>() == 4) flushF32(gPtr, accPtr, d);
  }
  const gbPtr = gPtr + (<usize>d << 3);
  store<f64>(gbPtr, load<f64>(gbPtr) + sumR);
  return loss;
}

/** g[j] += acc[j] (f64 ← f32), then acc[j] = 0, for j < d. */
function flushF32(gPtr: usize, accPtr: usize, d: i32): void {
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const a = v128.load(accPtr + (<usize>j << 2));
    const g = gPtr + (<usize>j << 3);
    v128.store(g, f64x2.add(v128.load(g), f64x2.promote_low_f32x4(a)));
    v128.store(g, f64x2.add(v128.load(g, 16), f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1))), 16);
  }
  for (; j < d; j++) {
    const g = gPtr + (<usize>j << 3);
    store<f64>(g, load<f64>(g) + <f64>load<f32>(accPtr + (<usize>j << 2)));
  }
  memory.fill(accPtr, 0, <usize>d << 2);
}

import { madd32 } from "./vector";

// The fused gradient pass for short float32 rows in order (d ≤ SHORT_F32_MAX: rows of at most 32 bytes, the
// small workload and many real data sets), bit for bit what gradient<f32> computes with dot2/axpy2/dot/axpy
// and flushF32, without their inner loops: w and the 32-row block's float32 sums stay in v128 (and f32)
// locals for the whole pass and are written to g once per block. On rows this short the inner loops cost
// more than the arithmetic: V8 puts a stack check on every loop back-edge, and the running sums were
// loaded and stored for every pair of rows.
//
// A row of d floats is nv = 0, 1 or 2 whole f32x4 vectors (columns 0–3, 4–7) and a tail of d − 4·nv
// columns summed one at a time (at most three: t0, t1, t2), as dot<f32> splits it.

/** The longest float32 row (in columns) gradientShortF32 takes. */
export const SHORT_F32_MAX = 8;

// The float32 gradient's block (kernels/gradient.ts F32_BLOCK): rows summed in f32, then added into g.
const BLOCK = 32;

/**
 * gradient<f32>(xPtr, yPtr, d, 0, start, end, wPtr, b, gPtr, accPtr) for 1 ≤ d ≤ SHORT_F32_MAX: rows
 * start … end−1 in order, r_i = x_i·w + b − y_i, g[0 … d−1] += r_i·x_i, g[d] += r_i; returns Σ r_i².
 * The accumulator memory of gradient<f32> is not used (its sums are locals here).
 */
export function gradientShortF32(
  xPtr: usize,
  yPtr: usize,
  d: i32,
  start: i32,
  end: i32,
  wPtr: usize,
  b: f64,
  gPtr: usize,
): f64 {
  // Rows of 8 and 4 columns (whole vectors, no tail) get code of their own, where the shape is a constant
  // and every test of it folds away; other lengths share one body that tests the shape as it goes.
  if (d == 8) return shortPass(xPtr, yPtr, 8, start, end, wPtr, b, gPtr, 2, 0);
  if (d == 4) return shortPass(xPtr, yPtr, 4, start, end, wPtr, b, gPtr, 1, 0);
  return shortPass(xPtr, yPtr, d, start, end, wPtr, b, gPtr, d >> 2, d & 3);
}

/** gradientShortF32's pass for rows of nv whole vectors and a tail of `tail` columns (d = 4·nv + tail). */
// @ts-ignore: decorator
@inline function shortPass(
  xPtr: usize,
  yPtr: usize,
  d: i32,
  start: i32,
  end: i32,
  wPtr: usize,
  b: f64,
  gPtr: usize,
  nv: i32,
  tail: i32,
): f64 {
  const rowBytes = <usize>d << 2;
  const tailPtr = wPtr + (<usize>nv << 4);
  const zero = f32x4.splat(0);
  const wa = nv >= 1 ? v128.load(wPtr) : zero;
  const wb = nv == 2 ? v128.load(wPtr, 16) : zero;
  const w0: f32 = tail >= 1 ? load<f32>(tailPtr) : 0;
  const w1: f32 = tail >= 2 ? load<f32>(tailPtr, 4) : 0;
  const w2: f32 = tail >= 3 ? load<f32>(tailPtr, 8) : 0;
  const tailOffset = <usize>nv << 4;
  let loss: f64 = 0;
  let sumR: f64 = 0;
  let i = start;
  let x = xPtr + <usize>start * rowBytes;
  while (i < end) {
    const blockEnd = min(i + BLOCK, end);
    // The block's float32 sums (gradient<f32>'s accumulator, zero at the start of every block).
    let sa = zero;
    let sb = zero;
    let s0: f32 = 0;
    let s1: f32 = 0;
    let s2: f32 = 0;
    for (; i + 2 <= blockEnd; i += 2) {
      const x1 = x + rowBytes;
      // dot2<f32>: both rows' lanes against the same w, lanes summed in f64, then the tail. Each row's
      // vectors are loaded here and again below (from L1), so that fewer values stay live across the pair:
      // with them all in registers V8 spilled the running sums on every pair.
      let a0 = zero;
      let b0 = zero;
      let a1 = zero;
      let b1 = zero;
      if (nv >= 1) {
        a0 = madd32(v128.load(x), wa, a0);
        a1 = madd32(v128.load(x1), wa, a1);
      }
      if (nv == 2) {
        b0 = madd32(v128.load(x, 16), wb, b0);
        b1 = madd32(v128.load(x1, 16), wb, b1);
      }
      let d0 = laneSum(f32x4.add(a0, b0));
      let d1 = laneSum(f32x4.add(a1, b1));
      const xt = x + tailOffset;
      const yt = x1 + tailOffset;
      if (tail >= 1) {
        d0 += <f64>(load<f32>(xt) * w0);
        d1 += <f64>(load<f32>(yt) * w0);
      }
      if (tail >= 2) {
        d0 += <f64>(load<f32>(xt, 4) * w1);
        d1 += <f64>(load<f32>(yt, 4) * w1);
      }
      if (tail >= 3) {
        d0 += <f64>(load<f32>(xt, 8) * w2);
        d1 += <f64>(load<f32>(yt, 8) * w2);
      }
      const r0 = d0 + b - target(yPtr, i);
      const r1 = d1 + b - target(yPtr, i + 1);
      loss += r0 * r0;
      sumR += r0;
      loss += r1 * r1;
      sumR += r1;
      // axpy2<f32>: the sums += r0·x0, then += r1·x1, in float32.
      const c0 = <f32>r0;
      const c1 = <f32>r1;
      const v0 = f32x4.splat(c0);
      const v1 = f32x4.splat(c1);
      if (nv == 2) {
        sa = madd32(v0, v128.load(x), sa);
        sb = madd32(v0, v128.load(x, 16), sb);
        sa = madd32(v1, v128.load(x1), sa);
        sb = madd32(v1, v128.load(x1, 16), sb);
      } else if (nv == 1) {
        sa = madd32(v0, v128.load(x), sa);
        sa = madd32(v1, v128.load(x1), sa);
      }
      if (tail >= 1) {
        s0 += c0 * load<f32>(xt);
        s0 += c1 * load<f32>(yt);
      }
      if (tail >= 2) {
        s1 += c0 * load<f32>(xt, 4);
        s1 += c1 * load<f32>(yt, 4);
      }
      if (tail >= 3) {
        s2 += c0 * load<f32>(xt, 8);
        s2 += c1 * load<f32>(yt, 8);
      }
      x = x1 + rowBytes;
    }
    if (i < blockEnd) {
      // The block's last row when it has an odd count (dot<f32>, then axpy<f32>).
      let a0 = zero;
      let b0 = zero;
      let p0 = zero;
      let p1 = zero;
      if (nv >= 1) {
        p0 = v128.load(x);
        a0 = madd32(p0, wa, a0);
      }
      if (nv == 2) {
        p1 = v128.load(x, 16);
        b0 = madd32(p1, wb, b0);
      }
      let d0 = laneSum(f32x4.add(a0, b0));
      const xt = x + tailOffset;
      if (tail >= 1) d0 += <f64>(load<f32>(xt) * w0);
      if (tail >= 2) d0 += <f64>(load<f32>(xt, 4) * w1);
      if (tail >= 3) d0 += <f64>(load<f32>(xt, 8) * w2);
      const r = d0 + b - target(yPtr, i);
      loss += r * r;
      sumR += r;
      const c = <f32>r;
      const v = f32x4.splat(c);
      if (nv >= 1) sa = madd32(v, p0, sa);
      if (nv == 2) sb = madd32(v, p1, sb);
      if (tail >= 1) s0 = s0 + c * load<f32>(xt);
      if (tail >= 2) s1 = s1 + c * load<f32>(xt, 4);
      if (tail >= 3) s2 = s2 + c * load<f32>(xt, 8);
      i++;
      x += rowBytes;
    }
    // flushF32: g[j] += the block's sums, promoted to f64, in column order.
    if (nv >= 1) addPromoted(gPtr, sa);
    if (nv == 2) addPromoted(gPtr + 32, sb);
    const gt = gPtr + (<usize>nv << 5);
    if (tail >= 1) store<f64>(gt, load<f64>(gt) + <f64>s0);
    if (tail >= 2) store<f64>(gt, load<f64>(gt, 8) + <f64>s1, 8);
    if (tail >= 3) store<f64>(gt, load<f64>(gt, 16) + <f64>s2, 16);
  }
  const gbPtr = gPtr + (<usize>d << 3);
  store<f64>(gbPtr, load<f64>(gbPtr) + sumR);
  return loss;
}

/** g[0 … 3] += the four f32 lanes of s, as f64 (flushF32's arithmetic). */
// @ts-ignore: decorator
@inline function addPromoted(g: usize, s: v128): void {
  v128.store(g, f64x2.add(v128.load(g), f64x2.promote_low_f32x4(s)));
  v128.store(g, f64x2.add(v128.load(g, 16), f64x2.promote_low_f32x4(i32x4.shuffle(s, s, 2, 3, 0, 1))), 16);
}

/** Σ of the four f32 lanes of v, in f64, in lane order (vector.ts laneSumF32). */
// @ts-ignore: decorator
@inline function laneSum(v: v128): f64 {
  return (
    <f64>f32x4.extract_lane(v, 0) +
    <f64>f32x4.extract_lane(v, 1) +
    <f64>f32x4.extract_lane(v, 2) +
    <f64>f32x4.extract_lane(v, 3)
  );
}

/** y[i], or 0 when there is no y. */
// @ts-ignore: decorator
@inline function target(yPtr: usize, i: i32): f64 {
  return yPtr ? load<f64>(yPtr + (<usize>i << 3)) : 0;
}

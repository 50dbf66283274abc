// Row-level building blocks shared by every kernel and trainer. Generic in the element type T of X
// (f64 or f32); `sizeof<T>()` is a compile-time constant, so each instantiation keeps one SIMD body:
// f64x2 for float64 data, f32x4 for float32 data, and a scalar tail for the last d % lanes columns.
// Weights have the same element type as X (a float32 model keeps float32 working weights); every
// sum over rows is accumulated in f64 by the callers.

// The relaxed-SIMD build (asconfig.json's `relaxed` target, asc --enable relaxed-simd) turns every
// a·b + c of these row kernels into one relaxed_madd, which a CPU with FMA runs fused (one rounding
// instead of two): faster and closer to the exact sum, but not the bits of the default build, so it is
// opt-in (init({ relaxedSimd: true })). The default build compiles madd to the plain mul and add,
// instruction for instruction what it was before. Scalar tails stay unfused in both builds
// (WebAssembly has no scalar fused multiply-add).

/** c + a·b on four f32 lanes: fused (relaxed_madd) in the relaxed-SIMD build, mul then add otherwise. */
// @ts-ignore: decorator
@inline export function madd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** c + a·b on two f64 lanes: fused (relaxed_madd) in the relaxed-SIMD build, mul then add otherwise. */
// @ts-ignore: decorator
@inline export function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/**
 * Σ_j a[j]·b[j] over d elements of type T at aPtr and bPtr. The loops walk pointers (one add per
 * pointer per step, loads with immediate offsets), which V8 compiles to fewer instructions than
 * indexed addressing.
 */
// @ts-ignore: decorator
@inline export function dot<T>(aPtr: usize, bPtr: usize, d: i32): f64 {
  let s: f64 = 0;
  let a = aPtr;
  let b = bPtr;
  const end = aPtr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    // Two independent accumulators hide the add latency.
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    if (ASC_FEATURE_RELAXED_SIMD) {
      // A fused multiply-add waits for the previous one on its accumulator (4 cycles, where an add took 3 and
      // the multiply ran beside it): four accumulators keep long rows from waiting on that chain. Only dot
      // (rows over 256 bytes; dot2 takes the shorter ones): in dot2 the extra accumulators cost short rows
      // more in spills than they saved (the small matvec ran 0.5× the default build's speed).
      let acc2 = f64x2.splat(0);
      let acc3 = f64x2.splat(0);
      for (; a + 64 <= end; a += 64, b += 64) {
        acc0 = madd64(v128.load(a), v128.load(b), acc0);
        acc1 = madd64(v128.load(a, 16), v128.load(b, 16), acc1);
        acc2 = madd64(v128.load(a, 32), v128.load(b, 32), acc2);
        acc3 = madd64(v128.load(a, 48), v128.load(b, 48), acc3);
      }
      acc0 = f64x2.add(acc0, acc2);
      acc1 = f64x2.add(acc1, acc3);
    }
    for (; a + 32 <= end; a += 32, b += 32) {
      acc0 = madd64(v128.load(a), v128.load(b), acc0);
      acc1 = madd64(v128.load(a, 16), v128.load(b, 16), acc1);
    }
    if (a + 16 <= end) {
      acc0 = madd64(v128.load(a), v128.load(b), acc0);
      a += 16;
      b += 16;
    }
    acc0 = f64x2.add(acc0, acc1);
    s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    for (; a < end; a += 8, b += 8) s += load<f64>(a) * load<f64>(b);
  } else {
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    if (ASC_FEATURE_RELAXED_SIMD) {
      let acc2 = f32x4.splat(0);
      let acc3 = f32x4.splat(0);
      for (; a + 64 <= end; a += 64, b += 64) {
        acc0 = madd32(v128.load(a), v128.load(b), acc0);
        acc1 = madd32(v128.load(a, 16), v128.load(b, 16), acc1);
        acc2 = madd32(v128.load(a, 32), v128.load(b, 32), acc2);
        acc3 = madd32(v128.load(a, 48), v128.load(b, 48), acc3);
      }
      acc0 = f32x4.add(acc0, acc2);
      acc1 = f32x4.add(acc1, acc3);
    }
    for (; a + 32 <= end; a += 32, b += 32) {
      acc0 = madd32(v128.load(a), v128.load(b), acc0);
      acc1 = madd32(v128.load(a, 16), v128.load(b, 16), acc1);
    }
    if (a + 16 <= end) {
      acc0 = madd32(v128.load(a), v128.load(b), acc0);
      a += 16;
      b += 16;
    }
    // Lanes are summed in f64 so the float32 round-off stays per lane.
    s = laneSumF32(f32x4.add(acc0, acc1));
    for (; a < end; a += 4, b += 4) s += <f64>(load<f32>(a) * load<f32>(b));
  }
  return s;
}

// The second result of dot2 (a module global: AssemblyScript functions return one value).
let dot2Second: f64 = 0;

/** The dot product of the second row of the last dot2. */
// @ts-ignore: decorator
@inline export function dot2Result1(): f64 {
  return dot2Second;
}

/**
 * The dot products x0·w (returned) and x1·w (dot2Result1()) of two rows with the same w (d elements of type
 * T). Each is summed exactly as dot<T> sums it (same accumulators, same order: bit for bit equal); w is loaded
 * once for both rows.
 */
// @ts-ignore: decorator
@inline export function dot2<T>(x0: usize, x1: usize, wPtr: usize, d: i32): f64 {
  let s0: f64 = 0;
  let s1: f64 = 0;
  let p = x0;
  let q = x1;
  let w = wPtr;
  const end = wPtr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    let a0 = f64x2.splat(0);
    let b0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    for (; w + 32 <= end; w += 32, p += 32, q += 32) {
      const wa = v128.load(w);
      const wb = v128.load(w, 16);
      a0 = madd64(v128.load(p), wa, a0);
      b0 = madd64(v128.load(p, 16), wb, b0);
      a1 = madd64(v128.load(q), wa, a1);
      b1 = madd64(v128.load(q, 16), wb, b1);
    }
    if (w + 16 <= end) {
      const wa = v128.load(w);
      a0 = madd64(v128.load(p), wa, a0);
      a1 = madd64(v128.load(q), wa, a1);
      w += 16;
      p += 16;
      q += 16;
    }
    a0 = f64x2.add(a0, b0);
    a1 = f64x2.add(a1, b1);
    s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
    s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
    for (; w < end; w += 8, p += 8, q += 8) {
      const v = load<f64>(w);
      s0 += load<f64>(p) * v;
      s1 += load<f64>(q) * v;
    }
  } else {
    let a0 = f32x4.splat(0);
    let b0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let b1 = f32x4.splat(0);
    for (; w + 32 <= end; w += 32, p += 32, q += 32) {
      const wa = v128.load(w);
      const wb = v128.load(w, 16);
      a0 = madd32(v128.load(p), wa, a0);
      b0 = madd32(v128.load(p, 16), wb, b0);
      a1 = madd32(v128.load(q), wa, a1);
      b1 = madd32(v128.load(q, 16), wb, b1);
    }
    if (w + 16 <= end) {
      const wa = v128.load(w);
      a0 = madd32(v128.load(p), wa, a0);
      a1 = madd32(v128.load(q), wa, a1);
      w += 16;
      p += 16;
      q += 16;
    }
    s0 = laneSumF32(f32x4.add(a0, b0));
    s1 = laneSumF32(f32x4.add(a1, b1));
    for (; w < end; w += 4, p += 4, q += 4) {
      const v = load<f32>(w);
      s0 += <f64>(load<f32>(p) * v);
      s1 += <f64>(load<f32>(q) * v);
    }
  }
  dot2Second = s1;
  return s0;
}

/** Σ of the four f32 lanes of v, in f64 (so the float32 round-off stays per lane). */
// @ts-ignore: decorator
@inline function laneSumF32(v: v128): f64 {
  return (
    <f64>f32x4.extract_lane(v, 0) +
    <f64>f32x4.extract_lane(v, 1) +
    <f64>f32x4.extract_lane(v, 2) +
    <f64>f32x4.extract_lane(v, 3)
  );
}

/**
 * y[j] += a0·x0[j], then y[j] += a1·x1[j], over d elements of type T: two axpy calls in one pass, the same
 * operations in the same order (bit for bit equal), y loaded and stored once.
 */
// @ts-ignore: decorator
@inline export function axpy2<T>(yPtr: usize, x0: usize, x1: usize, d: i32, a0: f64, a1: f64): void {
  let y = yPtr;
  let p = x0;
  let q = x1;
  const end = yPtr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    const v0 = f64x2.splat(a0);
    const v1 = f64x2.splat(a1);
    for (; y + 32 <= end; y += 32, p += 32, q += 32) {
      let u = v128.load(y);
      let v = v128.load(y, 16);
      u = madd64(v0, v128.load(p), u);
      v = madd64(v0, v128.load(p, 16), v);
      u = madd64(v1, v128.load(q), u);
      v = madd64(v1, v128.load(q, 16), v);
      v128.store(y, u);
      v128.store(y, v, 16);
    }
    for (; y < end; y += 8, p += 8, q += 8) {
      let u = load<f64>(y);
      u += a0 * load<f64>(p);
      u += a1 * load<f64>(q);
      store<f64>(y, u);
    }
  } else {
    const c0 = <f32>a0;
    const c1 = <f32>a1;
    const v0 = f32x4.splat(c0);
    const v1 = f32x4.splat(c1);
    for (; y + 32 <= end; y += 32, p += 32, q += 32) {
      let u = v128.load(y);
      let v = v128.load(y, 16);
      u = madd32(v0, v128.load(p), u);
      v = madd32(v0, v128.load(p, 16), v);
      u = madd32(v1, v128.load(q), u);
      v = madd32(v1, v128.load(q, 16), v);
      v128.store(y, u);
      v128.store(y, v, 16);
    }
    if (y + 16 <= end) {
      let u = v128.load(y);
      u = madd32(v0, v128.load(p), u);
      u = madd32(v1, v128.load(q), u);
      v128.store(y, u);
      y += 16;
      p += 16;
      q += 16;
    }
    for (; y < end; y += 4, p += 4, q += 4) {
      let u = load<f32>(y);
      u += c0 * load<f32>(p);
      u += c1 * load<f32>(q);
      store<f32>(y, u);
    }
  }
}

/** y[j] = y[j]·s + a·x[j] over d elements of type T (s = 1 makes it a plain axpy). */
// @ts-ignore: decorator
@inline export function scaleAxpy<T>(yPtr: usize, xPtr: usize, d: i32, s: f64, a: f64): void {
  let y = yPtr;
  let x = xPtr;
  const end = yPtr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    const sv = f64x2.splat(s);
    const av = f64x2.splat(a);
    for (; y + 16 <= end; y += 16, x += 16) {
      v128.store(y, madd64(av, v128.load(x), f64x2.mul(v128.load(y), sv)));
    }
    if (y < end) store<f64>(y, load<f64>(y) * s + a * load<f64>(x));
  } else {
    const s32 = <f32>s;
    const a32 = <f32>a;
    const sv = f32x4.splat(s32);
    const av = f32x4.splat(a32);
    for (; y + 16 <= end; y += 16, x += 16) {
      v128.store(y, madd32(av, v128.load(x), f32x4.mul(v128.load(y), sv)));
    }
    for (; y < end; y += 4, x += 4) store<f32>(y, load<f32>(y) * s32 + a32 * load<f32>(x));
  }
}

/**
 * The SGD step fused with the next row's dot product, in one pass over w: w[j] = w[j]·s + a·x[j] (exactly
 * as scaleAxpy), then returns xNext·w with the new w (exactly as dot<T> sums it). w is read and written
 * once, and the next row's loads overlap the update: bit for bit the same as scaleAxpy then dot.
 */
// @ts-ignore: decorator
@inline export function scaleAxpyDot<T>(wPtr: usize, xPtr: usize, xNext: usize, d: i32, s: f64, a: f64): f64 {
  let w = wPtr;
  let x = xPtr;
  let z = xNext;
  let dotNext: f64 = 0;
  const end = wPtr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    const sv = f64x2.splat(s);
    const av = f64x2.splat(a);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    for (; w + 32 <= end; w += 32, x += 32, z += 32) {
      const w0 = madd64(av, v128.load(x), f64x2.mul(v128.load(w), sv));
      const w1 = madd64(av, v128.load(x, 16), f64x2.mul(v128.load(w, 16), sv));
      v128.store(w, w0);
      v128.store(w, w1, 16);
      acc0 = madd64(v128.load(z), w0, acc0);
      acc1 = madd64(v128.load(z, 16), w1, acc1);
    }
    if (w + 16 <= end) {
      const w0 = madd64(av, v128.load(x), f64x2.mul(v128.load(w), sv));
      v128.store(w, w0);
      acc0 = madd64(v128.load(z), w0, acc0);
      w += 16;
      x += 16;
      z += 16;
    }
    acc0 = f64x2.add(acc0, acc1);
    dotNext = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    if (w < end) {
      const wj = load<f64>(w) * s + a * load<f64>(x);
      store<f64>(w, wj);
      dotNext += load<f64>(z) * wj;
    }
  } else {
    const s32 = <f32>s;
    const a32 = <f32>a;
    const sv = f32x4.splat(s32);
    const av = f32x4.splat(a32);
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    for (; w + 32 <= end; w += 32, x += 32, z += 32) {
      const w0 = madd32(av, v128.load(x), f32x4.mul(v128.load(w), sv));
      const w1 = madd32(av, v128.load(x, 16), f32x4.mul(v128.load(w, 16), sv));
      v128.store(w, w0);
      v128.store(w, w1, 16);
      acc0 = madd32(v128.load(z), w0, acc0);
      acc1 = madd32(v128.load(z, 16), w1, acc1);
    }
    if (w + 16 <= end) {
      const w0 = madd32(av, v128.load(x), f32x4.mul(v128.load(w), sv));
      v128.store(w, w0);
      acc0 = madd32(v128.load(z), w0, acc0);
      w += 16;
      x += 16;
      z += 16;
    }
    dotNext = laneSumF32(f32x4.add(acc0, acc1));
    for (; w < end; w += 4, x += 4, z += 4) {
      const wj = load<f32>(w) * s32 + a32 * load<f32>(x);
      store<f32>(w, wj);
      dotNext += <f64>(load<f32>(z) * wj);
    }
  }
  return dotNext;
}

/** y[j] += a·x[j] over d elements of type T. */
// @ts-ignore: decorator
@inline export function axpy<T>(yPtr: usize, xPtr: usize, d: i32, a: f64): void {
  let y = yPtr;
  let x = xPtr;
  const end = yPtr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    const av = f64x2.splat(a);
    for (; y + 32 <= end; y += 32, x += 32) {
      v128.store(y, madd64(av, v128.load(x), v128.load(y)));
      v128.store(y, madd64(av, v128.load(x, 16), v128.load(y, 16)), 16);
    }
    if (y + 16 <= end) {
      v128.store(y, madd64(av, v128.load(x), v128.load(y)));
      y += 16;
      x += 16;
    }
    if (y < end) store<f64>(y, load<f64>(y) + a * load<f64>(x));
  } else {
    const a32 = <f32>a;
    const av = f32x4.splat(a32);
    for (; y + 32 <= end; y += 32, x += 32) {
      v128.store(y, madd32(av, v128.load(x), v128.load(y)));
      v128.store(y, madd32(av, v128.load(x, 16), v128.load(y, 16)), 16);
    }
    if (y + 16 <= end) {
      v128.store(y, madd32(av, v128.load(x), v128.load(y)));
      y += 16;
      x += 16;
    }
    for (; y < end; y += 4, x += 4) store<f32>(y, load<f32>(y) + a32 * load<f32>(x));
  }
}

// Rows visited in shuffled order come from anywhere in X. Every TOUCH_ROWS rows, a loop reads one word of
// every cache line of the TOUCH_ROWS rows after the next ones, all at once, so that their cache and TLB
// misses overlap instead of stalling the arithmetic one row at a time (WebAssembly has no prefetch
// instruction). It pays only when X does not fit in the caches anyway.
export const TOUCH_ROWS = 8;
const TOUCH_MIN_BYTES: u64 = 1 << 20;
// The touched words are folded into this static word, so that no compiler can drop the loads.
const TOUCH_SINK = memory.data(4);

/** Whether n rows of rowBytes are worth touching ahead. */
// @ts-ignore: decorator
@inline export function worthTouching(n: i32, rowBytes: usize): bool {
  return <u64>n * <u64>rowBytes > TOUCH_MIN_BYTES;
}

/** Reads one u32 per 64-byte line of rows idx[from … min(from + TOUCH_ROWS, to) − 1]; returns their xor. */
export function touchRows(xPtr: usize, rowBytes: usize, idxPtr: usize, from: i32, to: i32): u32 {
  let sink: u32 = 0;
  const last = min(from + TOUCH_ROWS, to);
  for (let k = from; k < last; k++) {
    const row = xPtr + <usize>load<u32>(idxPtr + (<usize>k << 2)) * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 64) sink ^= load<u32>(row + o);
  }
  return sink;
}

/** Keeps the touched words (see touchRows). */
// @ts-ignore: decorator
@inline export function touchSink(sink: u32): void {
  store<u32>(TOUCH_SINK, load<u32>(TOUCH_SINK) ^ sink);
}

/** Sets count f64 at ptr to zero. Short vectors (a gradient of a few columns, cleared every epoch) with
 *  stores: V8 runs memory.fill as a call out of the WASM code, which costs more than storing 64 bytes. */
// @ts-ignore: decorator
@inline export function zeroF64(ptr: usize, count: i32): void {
  if (count > 16) {
    memory.fill(ptr, 0, <usize>count << 3);
    return;
  }
  const zero = f64x2.splat(0);
  let p = ptr;
  const end = ptr + (<usize>count << 3);
  for (; p + 16 <= end; p += 16) v128.store(p, zero);
  if (p < end) store<f64>(p, 0);
}

/** y[j] += x[j] over count f64 (a block's partial sums added into the total, f64x2). */
export function addF64(yPtr: usize, xPtr: usize, count: i32): void {
  let j = 0;
  for (; j + 2 <= count; j += 2) {
    const o = <usize>j << 3;
    v128.store(yPtr + o, f64x2.add(v128.load(yPtr + o), v128.load(xPtr + o)));
  }
  if (j < count) {
    const o = <usize>j << 3;
    store<f64>(yPtr + o, load<f64>(yPtr + o) + load<f64>(xPtr + o));
  }
}

/** out[j] += x[j] (x of type T, widened) over d elements: one row into column sums. */
// @ts-ignore: decorator
@inline export function addRow<T>(outPtr: usize, xPtr: usize, d: i32): void {
  let j = 0;
  if (sizeof<T>() == 8) {
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(outPtr + o, f64x2.add(v128.load(outPtr + o), v128.load(xPtr + o)));
    }
  } else {
    for (; j + 4 <= d; j += 4) {
      const x = v128.load(xPtr + (<usize>j << 2));
      const o = outPtr + (<usize>j << 3);
      v128.store(o, f64x2.add(v128.load(o), f64x2.promote_low_f32x4(x)));
      v128.store(o, f64x2.add(v128.load(o, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1))), 16);
    }
  }
  for (; j < d; j++) {
    const o = outPtr + (<usize>j << 3);
    store<f64>(o, load<f64>(o) + <f64>load<T>(xPtr + <usize>j * sizeof<T>()));
  }
}

/** out[j] += (x[j] − m[j])² (x of type T, widened; m f64) over d elements: one row into column m2. */
// @ts-ignore: decorator
@inline export function addSquaredDeviation<T>(outPtr: usize, xPtr: usize, mPtr: usize, d: i32): void {
  let j = 0;
  if (sizeof<T>() == 8) {
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      const c = f64x2.sub(v128.load(xPtr + o), v128.load(mPtr + o));
      v128.store(outPtr + o, f64x2.add(v128.load(outPtr + o), f64x2.mul(c, c)));
    }
  } else {
    for (; j + 4 <= d; j += 4) {
      const x = v128.load(xPtr + (<usize>j << 2));
      const o = <usize>j << 3;
      const c0 = f64x2.sub(f64x2.promote_low_f32x4(x), v128.load(mPtr + o));
      const c1 = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)), v128.load(mPtr + o, 16));
      v128.store(outPtr + o, f64x2.add(v128.load(outPtr + o), f64x2.mul(c0, c0)));
      v128.store(outPtr + o, f64x2.add(v128.load(outPtr + o, 16), f64x2.mul(c1, c1)), 16);
    }
  }
  for (; j < d; j++) {
    const o = outPtr + (<usize>j << 3);
    const c = <f64>load<T>(xPtr + <usize>j * sizeof<T>()) - load<f64>(mPtr + (<usize>j << 3));
    store<f64>(o, load<f64>(o) + c * c);
  }
}

/** Σ w[j]² over d elements of type T. */
// @ts-ignore: decorator
@inline export function sumSquares<T>(wPtr: usize, d: i32): f64 {
  return dot<T>(wPtr, wPtr, d);
}

/** True when all d elements of type T at ptr are finite: x − x is 0 for every finite x and NaN for
 *  ±Infinity and NaN, so the lanes of Σ (x − x) are all 0 exactly when every x is finite (checked at the end
 *  of every epoch: four or two lanes a step instead of one element). */
export function allFinite<T>(ptr: usize, d: i32): bool {
  let p = ptr;
  const end = ptr + <usize>d * sizeof<T>();
  if (sizeof<T>() == 8) {
    let acc = f64x2.splat(0);
    for (; p + 16 <= end; p += 16) {
      const v = v128.load(p);
      acc = f64x2.add(acc, f64x2.sub(v, v));
    }
    if (!v128.all_true<i64>(f64x2.eq(acc, f64x2.splat(0)))) return false;
  } else {
    let acc = f32x4.splat(0);
    for (; p + 16 <= end; p += 16) {
      const v = v128.load(p);
      acc = f32x4.add(acc, f32x4.sub(v, v));
    }
    if (!v128.all_true<i32>(f32x4.eq(acc, f32x4.splat(0)))) return false;
  }
  for (; p < end; p += sizeof<T>()) {
    if (!isFinite(<f64>load<T>(p))) return false;
  }
  return true;
}

/** x·w for x of type T and w of f64 (an averaged or saved model against the stored rows). */
// @ts-ignore: decorator
@inline export function dotF64<T>(xPtr: usize, wPtr: usize, d: i32): f64 {
  if (sizeof<T>() == 8) return dot<f64>(xPtr, wPtr, d);
  let s: f64 = 0;
  for (let j = 0; j < d; j++) s += <f64>load<T>(xPtr + (<usize>j << 2)) * load<f64>(wPtr + (<usize>j << 3));
  return s;
}

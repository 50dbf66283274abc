// Row-level building blocks shared by every kernel and trainer. Generic in the element type T of X
// (f64 or f32); `sizeof<T>()` is a compile-time constant, so each instantiation keeps one SIMD body:
// f64x2 for float64 data, f32x4 for float32 data, and a scalar tail for the last d % lanes columns.
// Weights have the same element type as X (a float32 model keeps float32 working weights); every
// sum over rows is accumulated in f64 by the callers.

/** Σ_j a[j]·b[j] over d elements of type T at aPtr and bPtr. */
// @ts-ignore: decorator
@inline export function dot<T>(aPtr: usize, bPtr: usize, d: i32): f64 {
  let j = 0;
  let s: f64 = 0;
  if (sizeof<T>() == 8) {
    // Two independent accumulators hide the add latency.
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    for (; j + 4 <= d; j += 4) {
      const o = <usize>j << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(aPtr + o), v128.load(bPtr + o)));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load(aPtr + o, 16), v128.load(bPtr + o, 16)));
    }
    if (j + 2 <= d) {
      const o = <usize>j << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(aPtr + o), v128.load(bPtr + o)));
      j += 2;
    }
    acc0 = f64x2.add(acc0, acc1);
    s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
    for (; j < d; j++) s += load<f64>(aPtr + (<usize>j << 3)) * load<f64>(bPtr + (<usize>j << 3));
  } else {
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    for (; j + 8 <= d; j += 8) {
      const o = <usize>j << 2;
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(aPtr + o), v128.load(bPtr + o)));
      acc1 = f32x4.add(acc1, f32x4.mul(v128.load(aPtr + o, 16), v128.load(bPtr + o, 16)));
    }
    if (j + 4 <= d) {
      const o = <usize>j << 2;
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(aPtr + o), v128.load(bPtr + o)));
      j += 4;
    }
    acc0 = f32x4.add(acc0, acc1);
    // Lanes are summed in f64 so the float32 round-off stays per lane.
    s =
      <f64>f32x4.extract_lane(acc0, 0) +
      <f64>f32x4.extract_lane(acc0, 1) +
      <f64>f32x4.extract_lane(acc0, 2) +
      <f64>f32x4.extract_lane(acc0, 3);
    for (; j < d; j++) {
      s += <f64>(load<f32>(aPtr + (<usize>j << 2)) * load<f32>(bPtr + (<usize>j << 2)));
    }
  }
  return s;
}

/** y[j] = y[j]·s + a·x[j] over d elements of type T (s = 1 makes it a plain axpy). */
// @ts-ignore: decorator
@inline export function scaleAxpy<T>(yPtr: usize, xPtr: usize, d: i32, s: f64, a: f64): void {
  let j = 0;
  if (sizeof<T>() == 8) {
    const sv = f64x2.splat(s);
    const av = f64x2.splat(a);
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(yPtr + o, f64x2.add(f64x2.mul(v128.load(yPtr + o), sv), f64x2.mul(av, v128.load(xPtr + o))));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(yPtr + o, load<f64>(yPtr + o) * s + a * load<f64>(xPtr + o));
    }
  } else {
    const s32 = <f32>s;
    const a32 = <f32>a;
    const sv = f32x4.splat(s32);
    const av = f32x4.splat(a32);
    for (; j + 4 <= d; j += 4) {
      const o = <usize>j << 2;
      v128.store(yPtr + o, f32x4.add(f32x4.mul(v128.load(yPtr + o), sv), f32x4.mul(av, v128.load(xPtr + o))));
    }
    for (; j < d; j++) {
      const o = <usize>j << 2;
      store<f32>(yPtr + o, load<f32>(yPtr + o) * s32 + a32 * load<f32>(xPtr + o));
    }
  }
}

/** y[j] += a·x[j] over d elements of type T. */
// @ts-ignore: decorator
@inline export function axpy<T>(yPtr: usize, xPtr: usize, d: i32, a: f64): void {
  let j = 0;
  if (sizeof<T>() == 8) {
    const av = f64x2.splat(a);
    for (; j + 4 <= d; j += 4) {
      const o = <usize>j << 3;
      v128.store(yPtr + o, f64x2.add(v128.load(yPtr + o), f64x2.mul(av, v128.load(xPtr + o))));
      v128.store(yPtr + o, f64x2.add(v128.load(yPtr + o, 16), f64x2.mul(av, v128.load(xPtr + o, 16))), 16);
    }
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(yPtr + o, f64x2.add(v128.load(yPtr + o), f64x2.mul(av, v128.load(xPtr + o))));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(yPtr + o, load<f64>(yPtr + o) + a * load<f64>(xPtr + o));
    }
  } else {
    const a32 = <f32>a;
    const av = f32x4.splat(a32);
    for (; j + 8 <= d; j += 8) {
      const o = <usize>j << 2;
      v128.store(yPtr + o, f32x4.add(v128.load(yPtr + o), f32x4.mul(av, v128.load(xPtr + o))));
      v128.store(yPtr + o, f32x4.add(v128.load(yPtr + o, 16), f32x4.mul(av, v128.load(xPtr + o, 16))), 16);
    }
    for (; j + 4 <= d; j += 4) {
      const o = <usize>j << 2;
      v128.store(yPtr + o, f32x4.add(v128.load(yPtr + o), f32x4.mul(av, v128.load(xPtr + o))));
    }
    for (; j < d; j++) {
      const o = <usize>j << 2;
      store<f32>(yPtr + o, load<f32>(yPtr + o) + a32 * load<f32>(xPtr + o));
    }
  }
}

/** Sets count f64 at ptr to zero. */
// @ts-ignore: decorator
@inline export function zeroF64(ptr: usize, count: i32): void {
  memory.fill(ptr, 0, <usize>count << 3);
}

/** Σ w[j]² over d elements of type T. */
// @ts-ignore: decorator
@inline export function sumSquares<T>(wPtr: usize, d: i32): f64 {
  return dot<T>(wPtr, wPtr, d);
}

/** True when all d elements of type T at ptr are finite. */
export function allFinite<T>(ptr: usize, d: i32): bool {
  for (let j = 0; j < d; j++) {
    const v = <f64>load<T>(ptr + (<usize>j) * sizeof<T>());
    if (!isFinite(v)) return false;
  }
  return true;
}

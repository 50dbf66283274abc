// Column statistics and checks over X (n×d of type T, row-major at xPtr). Each runs once per fit.

/** Index of the first non-finite element among count elements of type T at ptr, or −1. */
// A float is NaN or ±Infinity exactly when its exponent bits are all ones: the SIMD body tests 64
// bytes per step with one mask and compare per vector, and the scalar tail finds the index.
export function firstNonFinite<T>(ptr: usize, count: i32): i32 {
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

/**
 * columnMoments: mean[j] and m2[j] = Σ_i (x[i][j] − mean[j])² of every column (two passes, so that
 * m2 carries no cancellation), written as d f64 at meanPtr and m2Ptr. The moments of chunks merge
 * exactly (src/fit/running-stats.ts), which is how streamed data gets the statistics of the whole.
 */
export function columnMoments<T>(xPtr: usize, n: i32, d: i32, meanPtr: usize, m2Ptr: usize): void {
  const rowBytes = <usize>d * sizeof<T>();
  memory.fill(meanPtr, 0, <usize>d << 3);
  memory.fill(m2Ptr, 0, <usize>d << 3);
  let xRow = xPtr;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const m = meanPtr + (<usize>j << 3);
      store<f64>(m, load<f64>(m) + <f64>load<T>(xRow + (<usize>j) * sizeof<T>()));
    }
    xRow += rowBytes;
  }
  for (let j = 0; j < d; j++) {
    const m = meanPtr + (<usize>j << 3);
    store<f64>(m, load<f64>(m) / <f64>n);
  }
  xRow = xPtr;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = m2Ptr + (<usize>j << 3);
      const c = <f64>load<T>(xRow + (<usize>j) * sizeof<T>()) - load<f64>(meanPtr + (<usize>j << 3));
      store<f64>(v, load<f64>(v) + c * c);
    }
    xRow += rowBytes;
  }
}

/**
 * columnStats: mean[j] and scale[j] (population standard deviation) of every column, written as d
 * f64 at meanPtr and scalePtr. A constant column (spread below 1e-12 of its magnitude, round-off of
 * a mean included) gets scale 1, as scikit-learn's StandardScaler does. center = false leaves mean
 * at 0 (the column is then only scaled). Mirrored for merged moments in src/fit/running-stats.ts.
 */
export function columnStats<T>(xPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, scalePtr: usize): void {
  columnMoments<T>(xPtr, n, d, meanPtr, scalePtr);
  for (let j = 0; j < d; j++) {
    const v = scalePtr + (<usize>j << 3);
    const m = meanPtr + (<usize>j << 3);
    const mean = load<f64>(m);
    const scale = Math.sqrt(load<f64>(v) / <f64>n);
    store<f64>(v, scale > 1e-12 * Math.abs(mean) && scale > 0 ? scale : 1);
    if (!center) store<f64>(m, 0);
  }
}

/** x[i][j] = (x[i][j] − mean[j]) / scale[j], in place, computed in f64 and stored as T. */
export function standardize<T>(xPtr: usize, n: i32, d: i32, meanPtr: usize, scalePtr: usize): void {
  const rowBytes = <usize>d * sizeof<T>();
  let xRow = xPtr;
  for (let i = 0; i < n; i++) {
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

// Column-major → row-major: the layout Arrow and Parquet hold data in, turned into the layout every other
// kernel reads. Columns arrive as float64 (TypedArray.set widens float32 and integer columns on the way
// in, natively); the rows are written as T, so float32 models get their rounding here, once.

/**
 * transpose: dst[i·d + j] = <T>src[j·n + i] for i < n, j < d.
 * Reads d columns of n f64, one after another, at srcPtr; writes n×d elements of type T row-major at
 * dstPtr (the two regions must not overlap). Blocks of 2 rows × 2 columns (f64: one f64x2 load per
 * column, two shuffles) or 4 × 4 (f32: each column's four values demoted into one f32x4, then a 4×4
 * shuffle transpose); scalar edges. Every value is copied or rounded to nearest, so the result equals
 * a scalar loop's bit for bit.
 */
export function transpose<T>(srcPtr: usize, n: i32, d: i32, dstPtr: usize): void {
  assert(n >= 0 && d >= 0, "transpose: needs n >= 0 rows and d >= 0 columns");
  const colBytes = <usize>n << 3;
  const rowBytes = <usize>d * sizeof<T>();
  const lanes: i32 = sizeof<T>() == 8 ? 2 : 4;
  const nBlock = n - (n % lanes);
  const dBlock = d - (d % lanes);
  for (let i = 0; i < nBlock; i += lanes) {
    const src = srcPtr + (<usize>i << 3);
    const dst = dstPtr + <usize>i * rowBytes;
    let j = 0;
    for (; j < dBlock; j += lanes) {
      const s = src + <usize>j * colBytes;
      const o = dst + <usize>j * sizeof<T>();
      if (sizeof<T>() == 8) {
        const a = v128.load(s); // column j, rows i and i+1
        const b = v128.load(s + colBytes); // column j+1
        v128.store(o, v128.shuffle<f64>(a, b, 0, 2));
        v128.store(o + rowBytes, v128.shuffle<f64>(a, b, 1, 3));
      } else {
        // Each column's rows i … i+3, demoted to four float32 lanes.
        const c0 = column4(s);
        const c1 = column4(s + colBytes);
        const c2 = column4(s + 2 * colBytes);
        const c3 = column4(s + 3 * colBytes);
        // 4×4 transpose: t0 = [c0₀ c1₀ c0₁ c1₁], t1 = [c2₀ c3₀ c2₁ c3₁], …
        const t0 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
        const t2 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
        const t3 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
        v128.store(o, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
        v128.store(o + rowBytes, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
        v128.store(o + 2 * rowBytes, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
        v128.store(o + 3 * rowBytes, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
      }
    }
    // The last d % lanes columns of these rows.
    for (; j < d; j++) {
      const s = src + <usize>j * colBytes;
      for (let k = 0; k < lanes; k++) {
        store<T>(dst + <usize>k * rowBytes + <usize>j * sizeof<T>(), <T>load<f64>(s + (<usize>k << 3)));
      }
    }
  }
  // The last n % lanes rows.
  for (let i = nBlock; i < n; i++) {
    const dst = dstPtr + <usize>i * rowBytes;
    for (let j = 0; j < d; j++) {
      store<T>(dst + <usize>j * sizeof<T>(), <T>load<f64>(srcPtr + <usize>j * colBytes + (<usize>i << 3)));
    }
  }
}

/** The four f64 at p, rounded to float32, as one f32x4. */
// @ts-ignore: decorator
@inline function column4(p: usize): v128 {
  const lo = f32x4.demote_f64x2_zero(v128.load(p));
  const hi = f32x4.demote_f64x2_zero(v128.load(p, 16));
  return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

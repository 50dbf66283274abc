// Normal equations for min (1/n)·Σ s_i·(x_i·w + b − y_i)² + l2·‖w‖², all in f64 whatever the data
// type (s_i the sample weights, all 1 when none are given).
// With an intercept, X and y are centered first (b then follows from the means), which keeps the
// Gram matrix well conditioned compared with appending a column of ones.

const BLOCK = 4; // rows per pass over the Gram matrix: it is read and written once per 4 rows

/**
 * gram: A = Σ_i s_i(x_i − x̄)(x_i − x̄)ᵀ (d×d f64 at aPtr, full symmetric), c = Σ_i s_i(x_i − x̄)(y_i − ȳ)
 * (d f64 at cPtr), and the s-weighted means x̄ (d f64) then ȳ at meanPtr (all zero when center is
 * false). X is n×d of type T row-major at xPtr, y is n f64 at yPtr, s is n f64 at sPtr (0: all 1);
 * rowsPtr is BLOCK·d f64 of scratch. Weighted rows enter as √s_i·(x_i − x̄).
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
): void {
  assert(n >= 1 && d >= 1, "gram: needs n >= 1 rows and d >= 1 features");
  const rowBytes = <usize>d * sizeof<T>();
  const ud = <usize>d;
  memory.fill(meanPtr, 0, (ud + 1) << 3);
  memory.fill(aPtr, 0, (ud * ud) << 3);
  memory.fill(cPtr, 0, ud << 3);
  if (center) {
    let xRow = xPtr;
    let sy: f64 = 0;
    let total: f64 = 0;
    for (let i = 0; i < n; i++) {
      const s = sPtr ? load<f64>(sPtr + (<usize>i << 3)) : 1;
      for (let j = 0; j < d; j++) {
        const m = meanPtr + (<usize>j << 3);
        store<f64>(m, load<f64>(m) + s * <f64>load<T>(xRow + (<usize>j) * sizeof<T>()));
      }
      sy += s * load<f64>(yPtr + (<usize>i << 3));
      total += s;
      xRow += rowBytes;
    }
    for (let j = 0; j < d; j++) {
      const m = meanPtr + (<usize>j << 3);
      store<f64>(m, load<f64>(m) / total);
    }
    store<f64>(meanPtr + (ud << 3), sy / total);
  }
  const yMean = load<f64>(meanPtr + (ud << 3));
  const rowStride = ud << 3;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const m = min(BLOCK, n - i0);
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
  // Mirror the upper triangle so the solver can read rows.
  for (let j = 0; j < d; j++) {
    for (let k = j + 1; k < d; k++) {
      store<f64>(aPtr + ((<usize>k * ud + <usize>j) << 3), load<f64>(aPtr + ((<usize>j * ud + <usize>k) << 3)));
    }
  }
}

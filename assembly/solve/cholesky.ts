import { STATUS_OK, STATUS_SINGULAR } from "../layout";

// A column whose centered sum of squares is below this fraction of the largest one carries no
// information (a constant column); its coefficient is set to 0, the minimum-norm choice.
const ZERO_COLUMN = 1e-24;
// A pivot below this fraction of its column's own sum of squares means the column is a linear
// combination of earlier ones: the system is singular.
const SINGULAR_PIVOT = 1e-12;

/**
 * choleskySolve: solves (A + ridge·I)·w = c for the symmetric d×d f64 matrix A at aPtr (overwritten
 * by its Cholesky factor L, lower, row-major) and c (d f64 at cPtr, overwritten); writes w (d f64)
 * at wPtr. Returns STATUS_OK, or STATUS_SINGULAR with the offending column index at infoPtr (i32).
 */
export function choleskySolve(aPtr: usize, cPtr: usize, d: i32, ridge: f64, wPtr: usize, infoPtr: usize): i32 {
  const ud = <usize>d;
  let maxDiag: f64 = 0;
  for (let j = 0; j < d; j++) maxDiag = max(maxDiag, load<f64>(aPtr + ((<usize>j * ud + <usize>j) << 3)));
  for (let j = 0; j < d; j++) {
    const jj = aPtr + ((<usize>j * ud + <usize>j) << 3);
    if (load<f64>(jj) <= ZERO_COLUMN * maxDiag) {
      for (let k = 0; k < d; k++) {
        store<f64>(aPtr + ((<usize>j * ud + <usize>k) << 3), 0);
        store<f64>(aPtr + ((<usize>k * ud + <usize>j) << 3), 0);
      }
      store<f64>(jj, 1);
      store<f64>(cPtr + (<usize>j << 3), 0);
    } else {
      store<f64>(jj, load<f64>(jj) + ridge);
    }
  }
  // Row-oriented Cholesky: L[i][j] = (A[i][j] − Σ_{k<j} L[i][k]·L[j][k]) / L[j][j].
  for (let i = 0; i < d; i++) {
    const li = aPtr + ((<usize>i * ud) << 3);
    for (let j = 0; j <= i; j++) {
      const lj = aPtr + ((<usize>j * ud) << 3);
      let s = load<f64>(li + (<usize>j << 3));
      let k = 0;
      let acc = f64x2.splat(0);
      for (; k + 2 <= j; k += 2) {
        acc = f64x2.add(acc, f64x2.mul(v128.load(li + (<usize>k << 3)), v128.load(lj + (<usize>k << 3))));
      }
      s -= f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      for (; k < j; k++) s -= load<f64>(li + (<usize>k << 3)) * load<f64>(lj + (<usize>k << 3));
      if (i == j) {
        const diag = load<f64>(li + (<usize>i << 3));
        if (!(s > SINGULAR_PIVOT * diag)) {
          store<i32>(infoPtr, i);
          return STATUS_SINGULAR;
        }
        store<f64>(li + (<usize>i << 3), Math.sqrt(s));
      } else {
        store<f64>(li + (<usize>j << 3), s / load<f64>(lj + (<usize>j << 3)));
      }
    }
  }
  // L·z = c (forward), then Lᵀ·w = z (backward).
  for (let i = 0; i < d; i++) {
    const li = aPtr + ((<usize>i * ud) << 3);
    let s = load<f64>(cPtr + (<usize>i << 3));
    for (let k = 0; k < i; k++) s -= load<f64>(li + (<usize>k << 3)) * load<f64>(cPtr + (<usize>k << 3));
    store<f64>(cPtr + (<usize>i << 3), s / load<f64>(li + (<usize>i << 3)));
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = load<f64>(cPtr + (<usize>i << 3));
    for (let k = i + 1; k < d; k++) {
      s -= load<f64>(aPtr + ((<usize>k * ud + <usize>i) << 3)) * load<f64>(wPtr + (<usize>k << 3));
    }
    store<f64>(wPtr + (<usize>i << 3), s / load<f64>(aPtr + ((<usize>i * ud + <usize>i) << 3)));
  }
  store<i32>(infoPtr, -1);
  return STATUS_OK;
}

// Leave-one-out residuals of ridge regression for many penalties from one eigendecomposition
// (the efficient LOO of scikit-learn's RidgeCV). With Z the centered design (or X without an
// intercept), ZᵀZ = Vᵀ·diag(λ)·V, the fit at penalty α is ŷ = ȳ + Z·(ZᵀZ + αI)⁻¹·Zᵀy_c, its hat
// matrix has diagonal h_i = 1/n + Σ_m q_im²/(λ_m + α) with q_i = V·z_i (no 1/n without an
// intercept), and the residual of row i when it is left out of the fit is (y_i − ŷ_i)/(1 − h_i).
import { dot } from "../kernels/vector";

/**
 * ridgeLoo: for every α_a (nAlphas f64 at alphasPtr, each > 0) and row i, the leave-one-out
 * residual e = (y_i − ŷ_i)/(1 − h_i), written at outPtr + (a·n + i)·8 (nAlphas×n f64). Reads X
 * (n×d of T, row-major, at xPtr), y (n f64), what gram wrote (the means x̄ then ȳ, d + 1 f64 at
 * meanPtr; c = Zᵀy_c, d f64 at cPtr) and what jacobiEigen wrote (eigenvectors as rows, d×d f64 at
 * vPtr; eigenvalues, d f64 at eigPtr). Scratch: d f64 at each of rowPtr, zPtr, fitPtr, levPtr,
 * and nAlphas·d f64 at invPtr. O(n·d²) for the projections, then O(n·d) per penalty.
 */
export function ridgeLoo<T>(
  xPtr: usize,
  yPtr: usize,
  n: i32,
  d: i32,
  center: bool,
  meanPtr: usize,
  cPtr: usize,
  vPtr: usize,
  eigPtr: usize,
  alphasPtr: usize,
  nAlphas: i32,
  rowPtr: usize,
  zPtr: usize,
  fitPtr: usize,
  levPtr: usize,
  invPtr: usize,
  outPtr: usize,
): void {
  const ud = <usize>d;
  const rowBytes = ud << 3;
  // 1/(λ_m + α_a) for every penalty (λ_m ≥ 0: round-off can leave a zero eigenvalue of the
  // semidefinite Gram matrix slightly negative), and the projections z_m = V_m·c of Zᵀy_c.
  for (let a = 0; a < nAlphas; a++) {
    const alpha = load<f64>(alphasPtr + (<usize>a << 3));
    for (let m = 0; m < d; m++) {
      store<f64>(invPtr + <usize>a * rowBytes + (<usize>m << 3), 1 / (max(load<f64>(eigPtr + (<usize>m << 3)), 0) + alpha));
    }
  }
  for (let m = 0; m < d; m++) store<f64>(zPtr + (<usize>m << 3), dot<f64>(vPtr + <usize>m * rowBytes, cPtr, d));
  const yMean = load<f64>(meanPtr + (ud << 3));
  const base: f64 = center ? 1 / <f64>n : 0;
  for (let i = 0; i < n; i++) {
    const xRow = xPtr + <usize>i * ud * sizeof<T>();
    for (let j = 0; j < d; j++) {
      store<f64>(
        rowPtr + (<usize>j << 3),
        <f64>load<T>(xRow + <usize>j * sizeof<T>()) - load<f64>(meanPtr + (<usize>j << 3)),
      );
    }
    // q_m = V_m·z_i; the fit's terms q_m·z_m and the leverage's q_m².
    for (let m = 0; m < d; m++) {
      const q = dot<f64>(vPtr + <usize>m * rowBytes, rowPtr, d);
      store<f64>(fitPtr + (<usize>m << 3), q * load<f64>(zPtr + (<usize>m << 3)));
      store<f64>(levPtr + (<usize>m << 3), q * q);
    }
    const yc = load<f64>(yPtr + (<usize>i << 3)) - yMean;
    for (let a = 0; a < nAlphas; a++) {
      const inv = invPtr + <usize>a * rowBytes;
      const fit = dot<f64>(fitPtr, inv, d);
      const h = base + dot<f64>(levPtr, inv, d);
      store<f64>(outPtr + ((<usize>a * <usize>n + <usize>i) << 3), (yc - fit) / (1 - h));
    }
  }
}

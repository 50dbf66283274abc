// Eigendecomposition of a symmetric matrix by the cyclic Jacobi method (Golub & Van Loan, Matrix
// Computations, §8.5): sweeps of plane rotations, each zeroing one off-diagonal pair, until no
// pair is large enough to rotate. Quadratically convergent and accurate for the small eigenvalues
// of a Gram matrix, which ridgeLoo divides by; O(d³) per sweep, usually under 10 sweeps.
// Every rotation updates rows (contiguous, f64x2) and mirrors them into the columns, so the
// arithmetic is element by element: the pure-JS twin (src/engine/js/eigen.ts) equals it bit for bit.

/** A pair is rotated only when |a_pq| exceeds this fraction of √|a_pp·a_qq| … */
const RELATIVE = 1e-16;
/** … and of the matrix's Frobenius norm (pairs below both are already zero to working precision). */
const ABSOLUTE = 1e-18;

/**
 * jacobiEigen: the eigenvalues and eigenvectors of the symmetric d×d f64 matrix at aPtr (row-major,
 * both triangles; overwritten: it ends diagonal). Writes the eigenvalues (d f64, unsorted) at eigPtr
 * and the eigenvectors as the rows of the d×d f64 matrix at vPtr (row k belongs to eigenvalue k),
 * so that A = Vᵀ·diag(eig)·V. Returns the sweeps it took, or −1 when maxSweeps were not enough.
 */
export function jacobiEigen(aPtr: usize, d: i32, vPtr: usize, eigPtr: usize, maxSweeps: i32): i32 {
  const ud = <usize>d;
  const rowBytes = ud << 3;
  memory.fill(vPtr, 0, ud * rowBytes);
  let norm2: f64 = 0;
  for (let j = 0; j < d; j++) {
    store<f64>(vPtr + <usize>j * rowBytes + (<usize>j << 3), 1);
    const row = aPtr + <usize>j * rowBytes;
    for (let k = 0; k < d; k++) {
      const v = load<f64>(row + (<usize>k << 3));
      norm2 += v * v;
    }
  }
  const floor = ABSOLUTE * Math.sqrt(norm2);
  let sweeps = -1;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotations = 0;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const rowP = aPtr + <usize>p * rowBytes;
        const rowQ = aPtr + <usize>q * rowBytes;
        const apq = load<f64>(rowP + (<usize>q << 3));
        const app = load<f64>(rowP + (<usize>p << 3));
        const aqq = load<f64>(rowQ + (<usize>q << 3));
        const size = Math.abs(apq);
        if (size <= floor || size <= RELATIVE * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) continue;
        rotations++;
        // The rotation that zeroes a_pq: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (aqq - app) / (2 * apq);
        const t =
          Math.abs(tau) > 1e150
            ? 0.5 / tau
            : (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        rotateRows(rowP, rowQ, d, c, s);
        rotateRows(vPtr + <usize>p * rowBytes, vPtr + <usize>q * rowBytes, d, c, s);
        // Mirror the new rows p and q into columns p and q, then set the 2×2 block.
        for (let k = 0; k < d; k++) {
          const row = aPtr + <usize>k * rowBytes;
          store<f64>(row + (<usize>p << 3), load<f64>(rowP + (<usize>k << 3)));
          store<f64>(row + (<usize>q << 3), load<f64>(rowQ + (<usize>k << 3)));
        }
        store<f64>(rowP + (<usize>p << 3), app - t * apq);
        store<f64>(rowQ + (<usize>q << 3), aqq + t * apq);
        store<f64>(rowP + (<usize>q << 3), 0);
        store<f64>(rowQ + (<usize>p << 3), 0);
      }
    }
    if (rotations == 0) {
      sweeps = sweep;
      break;
    }
  }
  for (let j = 0; j < d; j++) {
    store<f64>(eigPtr + (<usize>j << 3), load<f64>(aPtr + <usize>j * rowBytes + (<usize>j << 3)));
  }
  return sweeps;
}

/** (row p, row q) ← (c·p − s·q, s·p + c·q), element by element (f64x2, then the tail). */
// @ts-ignore: decorator
@inline function rotateRows(pPtr: usize, qPtr: usize, d: i32, c: f64, s: f64): void {
  const cc = f64x2.splat(c);
  const ss = f64x2.splat(s);
  const end = <usize>d << 3;
  let k: usize = 0;
  for (; k + 16 <= end; k += 16) {
    const a = v128.load(pPtr + k);
    const b = v128.load(qPtr + k);
    v128.store(pPtr + k, f64x2.sub(f64x2.mul(cc, a), f64x2.mul(ss, b)));
    v128.store(qPtr + k, f64x2.add(f64x2.mul(ss, a), f64x2.mul(cc, b)));
  }
  for (; k < end; k += 8) {
    const a = load<f64>(pPtr + k);
    const b = load<f64>(qPtr + k);
    store<f64>(pPtr + k, c * a - s * b);
    store<f64>(qPtr + k, s * a + c * b);
  }
}

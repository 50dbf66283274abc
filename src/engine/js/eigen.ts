// Pure-JS twin of assembly/solve/eigen.ts: the cyclic Jacobi eigendecomposition, with the same
// rotations in the same order, so its results equal the core's bit for bit.

const RELATIVE = 1e-16;
const ABSOLUTE = 1e-18;

/**
 * jacobiEigen: eigenvalues (eig, unsorted) and eigenvectors (the rows of V) of the symmetric d×d
 * matrix A (row-major, both triangles; overwritten: it ends diagonal), A = Vᵀ·diag(eig)·V.
 * Returns the sweeps it took, or −1 when maxSweeps were not enough.
 */
export function jacobiEigen(A: Float64Array, d: number, V: Float64Array, eig: Float64Array, maxSweeps: number): number {
  V.fill(0, 0, d * d);
  let norm2 = 0;
  for (let j = 0; j < d; j++) {
    V[j * d + j] = 1;
    for (let k = 0; k < d; k++) norm2 += A[j * d + k] * A[j * d + k];
  }
  const floor = ABSOLUTE * Math.sqrt(norm2);
  let sweeps = -1;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotations = 0;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q];
        const app = A[p * d + p];
        const aqq = A[q * d + q];
        const size = Math.abs(apq);
        if (size <= floor || size <= RELATIVE * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) continue;
        rotations++;
        const tau = (aqq - app) / (2 * apq);
        const t = Math.abs(tau) > 1e150 ? 0.5 / tau : (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        rotateRows(A, p * d, q * d, d, c, s);
        rotateRows(V, p * d, q * d, d, c, s);
        for (let k = 0; k < d; k++) {
          A[k * d + p] = A[p * d + k];
          A[k * d + q] = A[q * d + k];
        }
        A[p * d + p] = app - t * apq;
        A[q * d + q] = aqq + t * apq;
        A[p * d + q] = 0;
        A[q * d + p] = 0;
      }
    }
    if (rotations === 0) {
      sweeps = sweep;
      break;
    }
  }
  for (let j = 0; j < d; j++) eig[j] = A[j * d + j];
  return sweeps;
}

function rotateRows(M: Float64Array, p: number, q: number, d: number, c: number, s: number): void {
  for (let k = 0; k < d; k++) {
    const a = M[p + k];
    const b = M[q + k];
    M[p + k] = c * a - s * b;
    M[q + k] = s * a + c * b;
  }
}

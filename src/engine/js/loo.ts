// Pure-JS twin of assembly/solve/loo.ts: leave-one-out residuals of ridge regression for many
// penalties from one eigendecomposition, summed in the core's order (dot in SIMD lane order).
import { dot, type Floats } from './kernels.js';

/**
 * ridgeLoo: out[a·n + i] = (y_i − ŷ_i)/(1 − h_i) at penalty alphas[a], from gram's means (x̄ then
 * ȳ) and c = Zᵀy_c, and jacobiEigen's eigenvectors (rows of V) and eigenvalues.
 */
export function ridgeLoo(
  X: Floats,
  y: Float64Array,
  n: number,
  d: number,
  center: boolean,
  means: Float64Array,
  c: Float64Array,
  V: Float64Array,
  eig: Float64Array,
  alphas: Float64Array,
): Float64Array {
  const k = alphas.length;
  const inv = new Float64Array(k * d);
  for (let a = 0; a < k; a++) for (let m = 0; m < d; m++) inv[a * d + m] = 1 / (Math.max(eig[m], 0) + alphas[a]);
  const z = new Float64Array(d);
  for (let m = 0; m < d; m++) z[m] = dot(V, m * d, c, d);
  const row = new Float64Array(d);
  const fit = new Float64Array(d);
  const lev = new Float64Array(d);
  const out = new Float64Array(k * n);
  const base = center ? 1 / n : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[i * d + j] - means[j];
    for (let m = 0; m < d; m++) {
      const q = dot(V, m * d, row, d);
      fit[m] = q * z[m];
      lev[m] = q * q;
    }
    const yc = y[i] - means[d];
    for (let a = 0; a < k; a++) {
      const w = inv.subarray(a * d, (a + 1) * d);
      out[a * n + i] = (yc - dot(fit, 0, w, d)) / (1 - (base + dot(lev, 0, w, d)));
    }
  }
  return out;
}

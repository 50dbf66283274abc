// Pure-JS twins of assembly/kernels/stats.ts.
import type { Floats } from '../engine.js';

/** Index of the first non-finite value, or −1. */
export function firstNonFinite(a: Floats): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/** Column means and m2 = Σ(x − mean)² (twin of columnMoments). */
export function columnMoments(X: Floats, n: number, d: number): { mean: Float64Array; m2: Float64Array } {
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = X[i * d + j] - mean[j];
      m2[j] += c * c;
    }
  }
  return { mean, m2 };
}

/** Column means (zero when center is false) and population standard deviations (1 for a constant column). */
export function columnStats(
  X: Floats,
  n: number,
  d: number,
  center: boolean,
): { mean: Float64Array; scale: Float64Array } {
  const { mean, m2: scale } = columnMoments(X, n, d);
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(scale[j] / n);
    scale[j] = s > 1e-12 * Math.abs(mean[j]) && s > 0 ? s : 1;
    if (!center) mean[j] = 0;
  }
  return { mean, scale };
}

/** x[i][j] = (x[i][j] − mean[j]) / scale[j], in place. */
export function standardize(X: Floats, n: number, d: number, mean: Float64Array, scale: Float64Array): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X[i * d + j] = (X[i * d + j] - mean[j]) / scale[j];
}

/** max_i ‖x_i‖². */
export function maxRowNormSq(X: Floats, n: number, d: number): number {
  let best = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] * X[i * d + j];
    if (s > best) best = s;
  }
  return best;
}

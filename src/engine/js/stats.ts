// Pure-JS twins of assembly/kernels/stats.ts.
import { blockRows } from '../blocks.js';
import type { Floats } from '../engine.js';

/** Index of the first non-finite value, or −1. */
export function firstNonFinite(a: Floats): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/**
 * Column means and m2 = Σ(x − mean)² (twin of columnMoments, bit for bit): each pass sums the gradient's
 * fixed row blocks (src/engine/blocks.ts) on their own and adds the block sums in block order.
 */
export function columnMoments(X: Floats, n: number, d: number): { mean: Float64Array; m2: Float64Array } {
  const mean = blockedSums(X, n, d, null);
  for (let j = 0; j < d; j++) mean[j] /= n;
  return { mean, m2: blockedSums(X, n, d, mean) };
}

/** Σ x[i][j] (mean given: Σ (x[i][j] − mean[j])²) over all rows, block by block. */
function blockedSums(X: Floats, n: number, d: number, mean: Float64Array | null): Float64Array {
  const rows = blockRows(d * X.BYTES_PER_ELEMENT);
  const total = new Float64Array(d);
  const part = n > rows ? new Float64Array(d) : total;
  for (let start = 0; start < n; start += rows) {
    const end = Math.min(n, start + rows);
    if (part !== total) part.fill(0);
    for (let i = start; i < end; i++) {
      for (let j = 0; j < d; j++) {
        if (mean) {
          const c = X[i * d + j] - mean[j];
          part[j] += c * c;
        } else {
          part[j] += X[i * d + j];
        }
      }
    }
    if (part !== total) for (let j = 0; j < d; j++) total[j] += part[j];
  }
  return total;
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

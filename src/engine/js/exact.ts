// Pure-JS twins of assembly/solve: centered normal equations and their Cholesky solution.
import type { Floats } from '../engine.js';

const ZERO_COLUMN = 1e-24;
const SINGULAR_PIVOT = 1e-12;

/**
 * A = Σ s_i(x_i−x̄)(x_i−x̄)ᵀ (d×d), c = Σ s_i(x_i−x̄)(y_i−ȳ), means = [x̄, ȳ] weighted by s (zeros
 * when center is false); s = null: all 1. Weighted rows enter as √s_i·(x_i − x̄), as in
 * assembly/solve/gram.ts.
 */
export function gram(
  X: Floats,
  y: Float64Array,
  n: number,
  d: number,
  center: boolean,
  s: Float64Array | null = null,
): { A: Float64Array; c: Float64Array; means: Float64Array } {
  const means = new Float64Array(d + 1);
  if (center) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const si = s ? s[i] : 1;
      for (let j = 0; j < d; j++) means[j] += si * X[i * d + j];
      means[d] += si * y[i];
      total += si;
    }
    for (let j = 0; j <= d; j++) means[j] /= total;
  }
  const A = new Float64Array(d * d);
  const c = new Float64Array(d);
  const r = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const root = s ? Math.sqrt(s[i]) : 1;
    const yc = root * (y[i] - means[d]);
    for (let j = 0; j < d; j++) {
      r[j] = root * (X[i * d + j] - means[j]);
      c[j] += r[j] * yc;
    }
    for (let j = 0; j < d; j++) for (let k = j; k < d; k++) A[j * d + k] += r[j] * r[k];
  }
  for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) A[k * d + j] = A[j * d + k];
  return { A, c, means };
}

/** Solves (A + ridge·I)·w = c in place (A becomes L); returns w, or the singular column. */
export function choleskySolve(
  A: Float64Array,
  c: Float64Array,
  d: number,
  ridge: number,
): { ok: true; w: Float64Array } | { ok: false; column: number } {
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, A[j * d + j]);
  for (let j = 0; j < d; j++) {
    if (A[j * d + j] <= ZERO_COLUMN * maxDiag) {
      for (let k = 0; k < d; k++) A[j * d + k] = A[k * d + j] = 0;
      A[j * d + j] = 1;
      c[j] = 0;
    } else {
      A[j * d + j] += ridge;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= A[i * d + k] * A[j * d + k];
      if (i === j) {
        if (!(s > SINGULAR_PIVOT * A[i * d + i])) return { ok: false, column: i };
        A[i * d + i] = Math.sqrt(s);
      } else {
        A[i * d + j] = s / A[j * d + j];
      }
    }
  }
  for (let i = 0; i < d; i++) {
    let s = c[i];
    for (let k = 0; k < i; k++) s -= A[i * d + k] * c[k];
    c[i] = s / A[i * d + i];
  }
  const w = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = c[i];
    for (let k = i + 1; k < d; k++) s -= A[k * d + i] * w[k];
    w[i] = s / A[i * d + i];
  }
  return { ok: true, w };
}

// Shared test data and references. Everything here is independent of the code under test:
// data comes from its own seeded generator, and least-squares references are solved by
// Householder QR (not the normal equations and Cholesky that linwasm uses). Browser-safe (the
// kernel and solver tests also run in Chromium); what needs Node is in node-helpers.ts.

/** Mulberry32: a small seeded generator for test data (deliberately not linwasm's PRNG). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller). */
export function normal(seed: number): () => number {
  const u = random(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface Dataset {
  X: number[][];
  y: number[];
  w: number[];
  b: number;
}

/** y = X·w + b + noise·N(0, 1), X ~ N(0, 1) (per column: × scale[j] + shift[j] when given). */
export function synthetic(
  n: number,
  d: number,
  {
    seed = 1,
    noise = 0.1,
    b = 0.5,
    scale,
    shift,
  }: { seed?: number; noise?: number; b?: number; scale?: number[]; shift?: number[] } = {},
): Dataset {
  const g = normal(seed);
  const w = Array.from({ length: d }, (_, j) => ((j % 5) - 2) * 0.5 + 0.25);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, (_, j) => g() * (scale?.[j] ?? 1) + (shift?.[j] ?? 0));
    X.push(row);
    y.push(row.reduce((s, x, j) => s + x * w[j], b) + noise * g());
  }
  return { X, y, w, b };
}

/** Row-major Float64Array of X. */
export function flat(X: number[][]): { data: Float64Array; rows: number; cols: number } {
  const rows = X.length;
  const cols = X[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) data.set(X[i], i * cols);
  return { data, rows, cols };
}

/**
 * Minimizer of (1/n)·‖Xw + b − y‖² + l2·‖w‖² by Householder QR of the augmented system
 * [X 1; √(n·l2)·I 0] (the intercept column unpenalized).
 */
export function leastSquares(
  X: number[][],
  y: number[],
  { l2 = 0, fitIntercept = true } = {},
): { w: number[]; b: number } {
  const n = X.length;
  const d = X[0].length;
  const p = d + (fitIntercept ? 1 : 0);
  const A: number[][] = X.map((row) => (fitIntercept ? [...row, 1] : [...row]));
  const rhs = [...y];
  if (l2 > 0) {
    for (let j = 0; j < d; j++) {
      const row = new Array(p).fill(0);
      row[j] = Math.sqrt(n * l2);
      A.push(row);
      rhs.push(0);
    }
  }
  const m = A.length;
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += A[i][k] * A[i][k];
    norm = Math.sqrt(norm);
    const alpha = A[k][k] > 0 ? -norm : norm;
    const v = new Array(m).fill(0);
    for (let i = k; i < m; i++) v[i] = A[i][k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    for (let j = k; j < p; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i] * A[i][j];
      const f = (2 * s) / vv;
      for (let i = k; i < m; i++) A[i][j] -= f * v[i];
    }
    let s = 0;
    for (let i = k; i < m; i++) s += v[i] * rhs[i];
    const f = (2 * s) / vv;
    for (let i = k; i < m; i++) rhs[i] -= f * v[i];
  }
  const x = new Array(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let s = rhs[k];
    for (let j = k + 1; j < p; j++) s -= A[k][j] * x[j];
    x[k] = s / A[k][k];
  }
  return { w: x.slice(0, d), b: fitIntercept ? x[d] : 0 };
}

/** (1/n)·Σ(x·w + b − y)² + l2·‖w‖². */
export function objective(X: number[][], y: number[], w: ArrayLike<number>, b: number, l2 = 0): number {
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    let p = b;
    for (let j = 0; j < w.length; j++) p += X[i][j] * w[j];
    s += (p - y[i]) ** 2;
  }
  let pen = 0;
  for (let j = 0; j < w.length; j++) pen += w[j] * w[j];
  return s / X.length + l2 * pen;
}

/** max_j |a_j − b_j| / max(|b|_∞, floor). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  let num = 0;
  let den = floor;
  for (let j = 0; j < b.length; j++) {
    num = Math.max(num, Math.abs(a[j] - b[j]));
    den = Math.max(den, Math.abs(b[j]));
  }
  return num / den;
}

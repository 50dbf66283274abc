// Pure-JS twins of assembly/kernels: the same formulas on typed arrays. X is row-major
// (Float64Array or Float32Array); the weights have the same type as X, so storing into them rounds
// exactly as the WASM float32 path does; sums are accumulated in float64.

export type Floats = Float64Array | Float32Array;

/** Σ_j x[off + j]·w[j]. */
export function dot(x: Floats, off: number, w: Floats, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[off + j] * w[j];
  return s;
}

/** matvec: out[i] = x_i·w + b. */
export function matvec(X: Floats, n: number, d: number, w: Floats, b: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = dot(X, i * d, w, d) + b;
}

/**
 * gradient: over rows i = start … end−1 (or idx[i]): r = x_i·w + b − y_i, g[0 … d−1] += r·x_i,
 * g[d] += r; returns Σ r². y = null reads y as 0.
 */
export function gradient(
  X: Floats,
  y: Float64Array | null,
  d: number,
  idx: Uint32Array | null,
  start: number,
  end: number,
  w: Floats,
  b: number,
  g: Float64Array,
): number {
  let loss = 0;
  let sumR = 0;
  for (let i = start; i < end; i++) {
    const row = idx ? idx[i] : i;
    const off = row * d;
    const r = dot(X, off, w, d) + b - (y ? y[row] : 0);
    loss += r * r;
    sumR += r;
    for (let j = 0; j < d; j++) g[j] += r * X[off + j];
  }
  g[d] += sumR;
  return loss;
}

/** update: w[j] = w[j]·shrink − step·g[j]. */
export function update(w: Floats, g: Float64Array, d: number, shrink: number, step: number): void {
  for (let j = 0; j < d; j++) w[j] = w[j] * shrink - step * g[j];
}

/** w[j] = w[j]·s + a·x[off + j]: the SGD step. */
export function scaleAxpy(w: Floats, x: Floats, off: number, d: number, s: number, a: number): void {
  for (let j = 0; j < d; j++) w[j] = w[j] * s + a * x[off + j];
}

/** Σ w[j]². */
export function sumSquares(w: Floats): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j] * w[j];
  return s;
}

// Pure-JS twins of assembly/kernels (vector.ts, matvec.ts, gradient.ts, update.ts): the same
// formulas on typed arrays. X is row-major (Float64Array or Float32Array); the weights have the same
// type as X, so storing into them rounds exactly as the WASM float32 path does; sums over rows are
// accumulated in float64. The dot products are the one place where the summation order is the
// core's own, bit for bit: dot and dotF64 add the products in the order of the SIMD lanes.

import { blockRows } from '../blocks.js';
import type { Floats } from '../engine.js';

export type { Floats };

const fround = Math.fround;

/**
 * Twin of dot<T>: Σ_j x[off + j]·w[j] with w of the type of X, summed as the core's SIMD loop sums
 * it — float64: lanes of f64x2 in two accumulators (4 columns a pass, then 2), the lanes added,
 * then the tail; float32: f32x4 lanes in two accumulators (8 then 4 columns), every lane product
 * and sum rounded to float32, the lanes added in float64, then the tail's float32 products. dot2
 * and scaleAxpyDot sum each of their rows the same way, so it is their twin row by row too.
 */
export function dot(x: Floats, off: number, w: Floats, d: number): number {
  return x instanceof Float32Array ? dotLanesF32(x, off, w, d) : dotLanesF64(x, off, w, d);
}

/** Twin of dotF64<T>: x[off …]·v for v of f64 (the averaged or kept model). */
export function dotF64(x: Floats, off: number, v: Float64Array, d: number): number {
  if (!(x instanceof Float32Array)) return dotLanesF64(x, off, v, d);
  let s = 0;
  for (let j = 0; j < d; j++) s += x[off + j] * v[j];
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

/**
 * Twin of blockedGradient<T> (assembly/parallel/pool.ts): the full-batch pass over all n rows in the
 * fixed blocks of ../blocks.ts — each block summed from zero on its own, the blocks' sums then added
 * into g and the loss in block order (one block: straight into g, the same bits). Returns Σ r².
 */
export function blockedGradient(
  X: Floats,
  y: Float64Array | null,
  n: number,
  d: number,
  w: Floats,
  b: number,
  g: Float64Array,
): number {
  return blockedGradientRange(X, y, d, null, 0, n, w, b, g);
}

/**
 * Twin of blockedGradientRange<T>: blockedGradient over positions start … end−1 of idx (null: stored
 * order), in blocks of positions start + k·blockRows … (a mini-batch step of many blocks).
 */
export function blockedGradientRange(
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
  const rows = blockRows(d * X.BYTES_PER_ELEMENT);
  if (end - start <= rows) return gradient(X, y, d, idx, start, end, w, b, g);
  const part = new Float64Array(d + 1);
  let loss = 0;
  for (let from = start; from < end; from += rows) {
    part.fill(0);
    const blockLoss = gradient(X, y, d, idx, from, Math.min(end, from + rows), w, b, part);
    for (let j = 0; j <= d; j++) g[j] += part[j];
    loss += blockLoss;
  }
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

/** Twin of sumSquares<T>: Σ w[j]², summed as dot sums it. */
export function sumSquares(w: Floats): number {
  return dot(w, 0, w, w.length);
}

/** Twin of allFinite<T>: whether w[0 … d−1] are all finite. */
export function allFinite(w: Floats, d: number): boolean {
  for (let j = 0; j < d; j++) if (!Number.isFinite(w[j])) return false;
  return true;
}

function dotLanesF64(x: Floats, off: number, w: Floats, d: number): number {
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    a0 += x[off + j] * w[j];
    a1 += x[off + j + 1] * w[j + 1];
    b0 += x[off + j + 2] * w[j + 2];
    b1 += x[off + j + 3] * w[j + 3];
  }
  if (j + 2 <= d) {
    a0 += x[off + j] * w[j];
    a1 += x[off + j + 1] * w[j + 1];
    j += 2;
  }
  let s = a0 + b0 + (a1 + b1);
  for (; j < d; j++) s += x[off + j] * w[j];
  return s;
}

function dotLanesF32(x: Floats, off: number, w: Floats, d: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let j = 0;
  for (; j + 8 <= d; j += 8) {
    const o = off + j;
    a0 = fround(a0 + fround(x[o] * w[j]));
    a1 = fround(a1 + fround(x[o + 1] * w[j + 1]));
    a2 = fround(a2 + fround(x[o + 2] * w[j + 2]));
    a3 = fround(a3 + fround(x[o + 3] * w[j + 3]));
    b0 = fround(b0 + fround(x[o + 4] * w[j + 4]));
    b1 = fround(b1 + fround(x[o + 5] * w[j + 5]));
    b2 = fround(b2 + fround(x[o + 6] * w[j + 6]));
    b3 = fround(b3 + fround(x[o + 7] * w[j + 7]));
  }
  if (j + 4 <= d) {
    const o = off + j;
    a0 = fround(a0 + fround(x[o] * w[j]));
    a1 = fround(a1 + fround(x[o + 1] * w[j + 1]));
    a2 = fround(a2 + fround(x[o + 2] * w[j + 2]));
    a3 = fround(a3 + fround(x[o + 3] * w[j + 3]));
    j += 4;
  }
  let s = fround(a0 + b0) + fround(a1 + b1) + fround(a2 + b2) + fround(a3 + b3);
  for (; j < d; j++) s += fround(x[off + j] * w[j]);
  return s;
}

// Seeded workloads: X standard normal (rows × cols), y = X·w + 0.1·noise with w and noise standard normal.
// The normal draws come from the baseline's Rng (xoshiro128**), so every run and every machine sees the same
// data. X is made in float64; its float32 copy is the same values rounded.
import { Rng } from '../dist/engine/js/index.js';

const SEED = 20240611;
const TWO_POW_32 = 4294967296;

/**
 * Sizes of the benchmark. `epochs` is the length of a whole fit on that workload: 1 000 on small (where call
 * overhead dominates, and all epochs stay in one WASM call), 100 elsewhere. `cases`: only the cases whose id
 * starts with one of these (narrow: predict on 10 float64 columns, where copying X in costs as much as the products).
 */
const SIZES = {
  full: [
    { name: 'small', rows: 1000, cols: 8, epochs: 1000 },
    { name: 'tall', rows: 100000, cols: 64, epochs: 100 },
    { name: 'wide', rows: 20000, cols: 512, epochs: 100 },
    { name: 'narrow', rows: 100000, cols: 10, epochs: 100, cases: ['predict'] },
  ],
  quick: [
    { name: 'small', rows: 1000, cols: 8, epochs: 100 },
    { name: 'tall', rows: 10000, cols: 64, epochs: 10 },
    { name: 'wide', rows: 1000, cols: 256, epochs: 10 },
    { name: 'narrow', rows: 10000, cols: 10, epochs: 10, cases: ['predict'] },
  ],
};

/** The workload sizes of a run (quick: the same shapes of cases, on small sizes). */
export function workloadSizes(quick) {
  return quick ? SIZES.quick : SIZES.full;
}

/** Standard normal draws from the seeded stream (Box–Muller on two uniforms in (0, 1)). */
export function normals(rng, count) {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = (rng.next() + 0.5) / TWO_POW_32;
    const u2 = (rng.next() + 0.5) / TWO_POW_32;
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * Generates a workload: { name, rows, cols, epochs, X64, X32, y, wTrue, arrays() }. arrays() gives X as an
 * array of row arrays (for the textbook port), made on first use.
 */
export function makeWorkload(size) {
  const { rows, cols } = size;
  const rng = new Rng(SEED ^ (rows * 31 + cols));
  const wTrue = normals(rng, cols);
  const X64 = normals(rng, rows * cols);
  const noise = normals(rng, rows);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += X64[i * cols + j] * wTrue[j];
    y[i] = s + 0.1 * noise[i];
  }
  let rowArrays = null;
  return {
    ...size,
    X64,
    X32: Float32Array.from(X64),
    y,
    wTrue,
    arrays() {
      if (!rowArrays) {
        rowArrays = [];
        for (let i = 0; i < rows; i++) rowArrays.push(Array.from(X64.subarray(i * cols, (i + 1) * cols)));
      }
      return rowArrays;
    },
  };
}

/** X of the workload in a dtype. */
export function dataOf(workload, dtype) {
  return dtype === 'float32' ? workload.X32 : workload.X64;
}

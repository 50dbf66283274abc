// Pure-JS twin of assembly/kernels/transpose.ts: column-major float64 → row-major in the stored dtype.
import type { Floats } from '../engine.js';

/** transpose: dst[i·d + j] = src[j·n + i], rounded to dst's type (Float32Array rounds to nearest, as the core). */
export function transpose(src: Float64Array, n: number, d: number, dst: Floats): void {
  for (let j = 0; j < d; j++) {
    const col = j * n;
    for (let i = 0; i < n; i++) dst[i * d + j] = src[col + i];
  }
}

// The fixed row blocks of the full-batch gradient and of predict (assembly/parallel/pool.ts): which
// rows form a block depends on the data's shape only, never on the number of threads, and sums are
// added block by block in block order — so results are the same bits on 1, 2 or 16 threads, in the
// single-threaded build, and in the JS engine, which sums in the same blocks.
import { GRADIENT_BLOCK_BYTES } from './layout.js';

/** Rows per block for rows of rowBytes: about GRADIENT_BLOCK_BYTES of X, a multiple of 32, at least 32. */
export function blockRows(rowBytes: number): number {
  return Math.max(32, Math.floor(GRADIENT_BLOCK_BYTES / rowBytes) & ~31);
}

/** Blocks of n rows of rowBytes. */
export function blockCount(n: number, rowBytes: number): number {
  return Math.ceil(n / blockRows(rowBytes));
}

/** Bytes of a gradient block's slot in WASM memory: g (d + 1 f64), the loss, the float32 accumulator. */
export function slotBytes(d: number, elementBytes: number): number {
  return ((d + 2) * 8 + d * elementBytes + 15) & ~15;
}

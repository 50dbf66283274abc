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

/** Bytes of a gradient block's slot in WASM memory: g (d + 1 f64), the loss, the float32 accumulator,
 *  rounded up to 128 (no cache line shared between two threads' slots). */
export function slotBytes(d: number, elementBytes: number): number {
  return ((d + 2) * 8 + d * elementBytes + 127) & ~127;
}

/**
 * Allocates (with `alloc`, zeroed with `zero`) the batch gradient's block slots for n rows of d values of
 * elementBytes, at a 128-byte boundary; 0 when the rows make one block (the pass then needs no slots).
 */
export function allocSlots(
  arena: { alloc(bytes: number): number; zero(ptr: number, bytes: number): void },
  n: number,
  d: number,
  elementBytes: number,
): number {
  const count = blockCount(n, d * elementBytes);
  if (count <= 1) return 0;
  const bytes = count * slotBytes(d, elementBytes);
  const ptr = allocAligned(arena, bytes);
  arena.zero(ptr, bytes);
  return ptr;
}

/**
 * Allocates `bytes` (not zeroed) at a 128-byte boundary, where blocks' slots must start so that two
 * threads' slots never share a cache line; 0 for 0 bytes (a call of one block needs no slots).
 */
export function allocAligned(arena: { alloc(bytes: number): number }, bytes: number): number {
  return bytes > 0 ? (arena.alloc(bytes + 128) + 127) & ~127 : 0;
}

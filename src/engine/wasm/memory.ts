import { arena } from './arena.js';
import { core, isInitialized, resetInstance } from './module.js';

/** Bytes of WebAssembly memory the core holds now, how many are in use by a running call, and how
 *  many are held by resident matrices not yet disposed (residentMatrix). */
export function memoryInfo(): { wasmBytes: number; inUseBytes: number; residentBytes: number } {
  if (!isInitialized()) return { wasmBytes: 0, inUseBytes: 0, residentBytes: 0 };
  const a = arena();
  return { wasmBytes: core().memory.buffer.byteLength, inUseBytes: a.inUse, residentBytes: a.residentBytes };
}

/**
 * Gives the WebAssembly memory of past fits back to the JavaScript engine. WASM memory grows to the
 * largest fit and never shrinks on its own; this replaces the instance with a fresh one (the
 * compiled module is kept). Fitted models are unaffected: they keep no WASM memory. Resident matrices
 * (residentMatrix) lose theirs: using one afterwards throws a TypeError that says to create it again.
 * @throws Error when called while a fit or predict is running (from an onEpoch callback).
 */
export async function releaseMemory(): Promise<void> {
  if (!isInitialized()) return;
  if (arena().inUse > 0) throw new Error('releaseMemory() cannot run while a fit or predict is using WASM memory');
  await resetInstance();
}

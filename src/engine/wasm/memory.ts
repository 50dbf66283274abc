import { arena } from './arena.js';
import { core, isInitialized, resetInstance } from './module.js';

/** Bytes of WebAssembly memory the core holds now, and how many are in use by a running call. */
export function memoryInfo(): { wasmBytes: number; inUseBytes: number } {
  if (!isInitialized()) return { wasmBytes: 0, inUseBytes: 0 };
  return { wasmBytes: core().memory.buffer.byteLength, inUseBytes: arena().inUse };
}

/**
 * Gives the WebAssembly memory of past fits back to the JavaScript engine. WASM memory grows to the
 * largest fit and never shrinks on its own; this replaces the instance with a fresh one (the
 * compiled module is kept). Fitted models are unaffected: they keep no WASM memory.
 * @throws Error when called while a fit or predict is running (from an onEpoch callback).
 */
export async function releaseMemory(): Promise<void> {
  if (!isInitialized()) return;
  if (arena().inUse > 0) throw new Error('releaseMemory() cannot run while a fit or predict is using WASM memory');
  await resetInstance();
}

// The WASM core embedded in the package (base64, generated at build time), and the main entry's
// `init`, which compiles it when no other source is given. Only the entries that embed the core
// import this file; the worker script and linwasm/slim do not, so their bundles carry no binary.
import { wasmBase64 } from './binary.js';
import { initCore, type WasmSource } from './module.js';

/**
 * Compiles the WASM core (embedded in the package, or from `source`) once and instantiates it.
 * Call it once before any other call; later calls return at once.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available in this runtime, or `source`
 * cannot be loaded (an HTTP error of a fetch Response, bytes that are not the core).
 */
export function init(source?: WasmSource): Promise<void> {
  return initCore(source, embeddedWasm);
}

/** The embedded module's bytes. */
export function embeddedWasm(): Uint8Array<ArrayBuffer> {
  const binary = atob(wasmBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// linwasm/slim: linwasm without the embedded WebAssembly, for applications that serve the core's
// .wasm file themselves (the package's 'linwasm/wasm', build/linwasm.wasm): `await init(fetch(url))`.
// Everything else is the main entry's, and the two share one instance when both are imported.
import { initCore, type WasmSource } from './engine/wasm/module.js';

export * from './library.js';

/**
 * Compiles the WASM core from `source` — the bytes of linwasm's .wasm file, a fetch Response for it
 * (or its promise), or a compiled WebAssembly.Module — once, and instantiates it. Call it once before
 * any other call; later calls return at once.
 * @throws TypeError when no source is given (this entry embeds none); Error when WebAssembly or
 * WebAssembly SIMD is not available, or the source cannot be loaded (an HTTP error, other bytes).
 */
export function init(source: WasmSource): Promise<void> {
  return initCore(source, null);
}

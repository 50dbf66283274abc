// linwasm/slim: linwasm without the embedded WebAssembly, for applications that serve the core's
// .wasm file themselves (the package's 'linwasm/wasm', build/linwasm.wasm): `await init(fetch(url))`.
// Everything else is the main entry's, and the two share one instance when both are imported.
import { type InitOptions, initCore, type WasmSource } from './engine/wasm/module.js';

export * from './library.js';

/**
 * Compiles the WASM core from `source` — the bytes of linwasm's .wasm file, a fetch Response for it
 * (or its promise), or a compiled WebAssembly.Module — once, and instantiates it. Call it once before
 * any other call; later calls return at once. Threads need the shared-memory build as well
 * (options.threadsSource: 'linwasm/wasm-threads'); without it the core runs on one thread. The relaxed-SIMD
 * build (options.relaxedSimd) needs its own source (options.relaxedSimdSource: 'linwasm/wasm-relaxed', and
 * relaxedSimdThreadsSource: 'linwasm/wasm-threads-relaxed' for threads); without it the default build runs.
 * @throws TypeError when no source is given (this entry embeds none); Error when WebAssembly or
 * WebAssembly SIMD is not available, or the source cannot be loaded (an HTTP error, other bytes);
 * RangeError for a bad options.threads; TypeError for a bad options.relaxedSimd.
 */
export function init(source: WasmSource, options?: InitOptions): Promise<void> {
  return initCore(source, null, options);
}

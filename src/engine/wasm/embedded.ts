// The WASM core embedded in the package (base64, generated at build time), and the main entry's
// `init`, which compiles it when no other source is given. Only the entries that embed the core
// import this file; the worker script and linwasm/slim do not, so their bundles carry no binary.
import { wasmBase64 } from './binary.js';
import { type EmbeddedBuilds, type InitOptions, initCore, type WasmSource } from './module.js';

/**
 * Compiles the WASM core (embedded in the package, or from `source`) once and instantiates it, and
 * starts the thread pool (options.threads, 'auto' by default: every core, where memory can be shared).
 * options.relaxedSimd runs the relaxed-SIMD build where the runtime supports it (faster, not the same bits).
 * Call it once before any other call; later calls return at once, or resize the pool when
 * options.threads changes. `init({ threads })` is `init(undefined, { threads })`.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available in this runtime, or `source`
 * cannot be loaded (an HTTP error of a fetch Response, bytes that are not the core); RangeError for
 * a bad options.threads; TypeError for a bad options.relaxedSimd.
 */
export function init(source?: WasmSource | InitOptions, options?: InitOptions): Promise<void> {
  if (isInitOptions(source)) return initCore(undefined, embeddedWasm, source, EMBEDDED_BUILDS);
  return initCore(source, embeddedWasm, options, EMBEDDED_BUILDS);
}

/** Whether init's first argument is its options rather than a source. */
export function isInitOptions(v: unknown): v is InitOptions {
  return (
    v !== null &&
    typeof v === 'object' &&
    !ArrayBuffer.isView(v) &&
    !(v instanceof ArrayBuffer) &&
    !(v instanceof WebAssembly.Module) &&
    !(typeof Response !== 'undefined' && v instanceof Response) &&
    typeof (v as { then?: unknown }).then !== 'function'
  );
}

/** The other builds' bytes, each a chunk of its own in bundles, loaded only when init asks for that build:
 *  the shared-memory build when a pool starts, the relaxed-SIMD ones with init({ relaxedSimd: true }). */
const EMBEDDED_BUILDS: EmbeddedBuilds = {
  threads: async () => decode((await import('./binary-threads.js')).wasmBase64),
  relaxedSimd: async () => decode((await import('./binary-relaxed.js')).wasmBase64),
  relaxedSimdThreads: async () => decode((await import('./binary-threads-relaxed.js')).wasmBase64),
};

/** The embedded module's bytes. */
export function embeddedWasm(): Uint8Array<ArrayBuffer> {
  return decode(wasmBase64);
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The WASM core embedded in the package (base64, generated at build time), and the main entry's
// `init`, which compiles it when no other source is given. Only the entries that embed the core
// import this file; the worker script and linwasm/slim do not, so their bundles carry no binary.
import { wasmBase64 } from './binary.js';
import { type InitOptions, initCore, type WasmSource } from './module.js';

/**
 * Compiles the WASM core (embedded in the package, or from `source`) once and instantiates it, and
 * starts the thread pool (options.threads, 'auto' by default: every core, where memory can be shared).
 * Call it once before any other call; later calls return at once, or resize the pool when
 * options.threads changes. `init({ threads })` is `init(undefined, { threads })`.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available in this runtime, or `source`
 * cannot be loaded (an HTTP error of a fetch Response, bytes that are not the core); RangeError for
 * a bad options.threads.
 */
export function init(source?: WasmSource | InitOptions, options?: InitOptions): Promise<void> {
  if (isInitOptions(source)) return initCore(undefined, embeddedWasm, source, embeddedThreadsWasm);
  return initCore(source, embeddedWasm, options, embeddedThreadsWasm);
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

/** The shared-memory build's bytes, loaded (a chunk of its own in bundles) only when a pool starts. */
async function embeddedThreadsWasm(): Promise<Uint8Array<ArrayBuffer>> {
  const { wasmBase64: threaded } = await import('./binary-threads.js');
  return decode(threaded);
}

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

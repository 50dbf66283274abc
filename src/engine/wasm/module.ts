// The one place that knows how the WASM core is compiled and instantiated. Everything else in
// src/ asks for `core()` and receives the typed exports of a live instance.
import { instantiate } from '@assemblyscript/loader';
import { wasmBase64 } from './binary.js';
import type { CoreExports } from './exports.js';

/** What `init` accepts: the module's bytes, a compiled module, or a fetch response for them. */
export type WasmSource = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>;

// The smallest module that uses a SIMD instruction (v128.const, drop): it validates only where
// WebAssembly SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 26, 11,
]);

let compiled: Promise<WebAssembly.Module> | undefined;
let compiledModule: WebAssembly.Module | undefined;
let live: CoreExports | undefined;

/**
 * Compiles the WASM core (embedded in the package, or from `source`) once and instantiates it.
 * Call it once before any other call; later calls return at once.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available in this runtime.
 */
export async function init(source?: WasmSource): Promise<void> {
  if (live) return;
  if (!compiled) {
    compiled = compile(source);
    compiled.catch(() => {
      compiled = undefined; // let a later init() retry, e.g. with another source
    });
  }
  const module = await compiled;
  compiledModule = module;
  if (!live) live = await instantiateCore(module);
}

/**
 * The compiled WASM core once `init()` has completed. A WebAssembly.Module can be posted to workers,
 * where `init(module)` then instantiates it without compiling again.
 */
export function wasmModule(): WebAssembly.Module | undefined {
  return compiledModule;
}

/** The exports of the live instance. @throws Error when `init()` has not completed. */
export function core(): CoreExports {
  if (!live) throw new Error('linwasm is not initialized: call `await init()` once before using it');
  return live;
}

/** Whether `init()` has completed. */
export function isInitialized(): boolean {
  return live !== undefined;
}

/**
 * Drops the instance and its linear memory (WebAssembly memory can grow but never shrink) and
 * starts a fresh one from the compiled module. Models keep working: they hold no WASM memory.
 */
export async function resetInstance(): Promise<void> {
  if (!compiled) throw new Error('linwasm is not initialized: call `await init()` once before using it');
  const module = await compiled;
  live = await instantiateCore(module);
}

async function compile(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  if (typeof WebAssembly !== 'object') {
    throw new Error('linwasm needs WebAssembly, which this JavaScript runtime does not provide');
  }
  if (!WebAssembly.validate(SIMD_PROBE)) {
    throw new Error(
      'linwasm needs WebAssembly SIMD (fixed-width 128-bit), which this runtime does not support: ' +
        'use Node 16.4+, Chrome 91+, Firefox 89+ or Safari 16.4+',
    );
  }
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined) return WebAssembly.compile(decodeBase64(wasmBase64));
  const resolved = await source;
  if (isResponse(resolved)) {
    if (!resolved.ok) throw new Error(`linwasm could not load its WASM: HTTP ${resolved.status} ${resolved.url}`);
    return WebAssembly.compile(await resolved.arrayBuffer());
  }
  return WebAssembly.compile(resolved as BufferSource);
}

async function instantiateCore(module: WebAssembly.Module): Promise<CoreExports> {
  // The loader supplies `env.abort`, which turns an AssemblyScript abort (a bug, never bad input)
  // into an Error naming the file and line.
  const { exports } = await instantiate<Record<string, unknown>>(module, {});
  return exports as unknown as CoreExports;
}

function isResponse(value: unknown): value is Response {
  return typeof Response !== 'undefined' && value instanceof Response;
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The one place that knows how the WASM core is compiled and instantiated. Everything else in src/
// asks for `core()` and receives the typed exports of a live instance. The module's bytes come from
// the caller: the main entry passes the embedded copy (embedded.ts), linwasm/slim the user's source,
// a worker the module its page compiled — so no bundle needs the binary twice.
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
 * Compiles the core once — from `source`, or from `embedded()` when no source is given — and
 * instantiates it; later calls return at once. `embedded` is null where the package's copy is not
 * bundled (linwasm/slim, the worker script): a source is then required.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available, or the source cannot be
 * loaded; TypeError when no source is given and none is embedded.
 */
export async function initCore(source: WasmSource | undefined, embedded: (() => BufferSource) | null): Promise<void> {
  if (live) return;
  if (!compiled) {
    compiled = compile(source, embedded);
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
 * where `init(module)` then instantiates it without compiling (or downloading) it again.
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

async function compile(
  source: WasmSource | undefined,
  embedded: (() => BufferSource) | null,
): Promise<WebAssembly.Module> {
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
  if (source === undefined) {
    if (!embedded) {
      throw new TypeError(
        "linwasm/slim carries no WebAssembly: call init(source) with linwasm's .wasm file (the package's " +
          "'linwasm/wasm', build/linwasm.wasm), e.g. init(fetch(url)) where you serve it, or import from 'linwasm', " +
          'which embeds it',
      );
    }
    return WebAssembly.compile(embedded());
  }
  const resolved = await source;
  if (isResponse(resolved)) {
    if (!resolved.ok) throw new Error(`linwasm could not load its WASM: HTTP ${resolved.status} ${resolved.url}`);
    return WebAssembly.compile(await resolved.arrayBuffer());
  }
  return WebAssembly.compile(resolved as BufferSource);
}

async function instantiateCore(module: WebAssembly.Module): Promise<CoreExports> {
  let memory: WebAssembly.Memory | undefined;
  const env = {
    // AssemblyScript's abort, imported by the debug build only (the release build compiles asserts
    // away): a bug, never bad input, surfaced as an Error naming the message, file and line.
    abort(message: number, file: number, line: number, column: number): never {
      throw new Error(`abort: ${readString(memory, message)} at ${readString(memory, file)}:${line}:${column}`);
    },
  };
  const instance = await WebAssembly.instantiate(module, { env });
  memory = instance.exports.memory as WebAssembly.Memory;
  return instance.exports as unknown as CoreExports;
}

/** An AssemblyScript string at ptr: UTF-16 code units, their byte length in the u32 before them. */
function readString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || !ptr) return '<unknown>';
  const bytes = new DataView(memory.buffer).getUint32(ptr - 4, true);
  const units = new Uint16Array(memory.buffer, ptr, bytes >>> 1);
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.subarray(i, i + 4096));
  return text;
}

function isResponse(value: unknown): value is Response {
  return typeof Response !== 'undefined' && value instanceof Response;
}

// The one place that knows how the WASM core is compiled and instantiated. Everything else in src/
// asks for `core()` and receives the typed exports of a live instance. The module's bytes come from
// the caller: the main entry passes the embedded copy (embedded.ts), linwasm/slim the user's source,
// a worker the module its page compiled — so no bundle needs the binary twice.
import type { CoreExports } from './exports.js';
import {
  canShareMemory,
  hardwareThreads,
  poolThreads,
  sharedMemory,
  startPool,
  stopPool,
  type Threads,
} from './threads.js';

/** What `init` accepts: the module's bytes, a compiled module, or a fetch response for them. */
export type WasmSource = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>;

/** `init`'s options. */
export interface InitOptions {
  /**
   * Threads of the pool that fits and predictions may use: 'auto' (every core the runtime reports;
   * the default when the core is the embedded one), a count, or 1 for none. Threads need shared
   * memory: Node, or a cross-origin isolated page (COOP/COEP headers); elsewhere the core runs on one
   * thread, with the same results. A source given to init without `threadsSource` runs on one thread.
   */
  threads?: Threads;
  /** The shared-memory build (the package's 'linwasm/wasm-threads', build/linwasm-threads.wasm), for
   *  linwasm/slim; the main entry embeds it. */
  threadsSource?: WasmSource;
}

// The smallest module that uses a SIMD instruction (v128.const, drop): it validates only where
// WebAssembly SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 26, 11,
]);

let compiled: Promise<WebAssembly.Module> | undefined;
let compiledModule: WebAssembly.Module | undefined;
let live: CoreExports | undefined;
/** The shared-memory build, once compiled; the live instance is of it while a pool runs. */
let threadedModule: WebAssembly.Module | undefined;
/** Threads asked for at init (the pool is started again with them after resetInstance). */
let poolSize = 1;

/**
 * Compiles the core once — from `source`, or from `embedded()` when no source is given — and
 * instantiates it; later calls return at once, or start, resize or stop the thread pool when
 * options.threads asks for another size. `embedded` is null where the package's copy is not bundled
 * (linwasm/slim, the worker script): a source is then required; `embeddedThreads` loads the
 * shared-memory build where it is bundled.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available, or the source cannot be
 * loaded; TypeError when no source is given and none is embedded; RangeError for a bad options.threads.
 */
export async function initCore(
  source: WasmSource | undefined,
  embedded: (() => BufferSource) | null,
  options: InitOptions = {},
  embeddedThreads: (() => Promise<BufferSource>) | null = null,
): Promise<void> {
  const threads = options.threads ?? (source === undefined && !live ? 'auto' : undefined);
  if (threads !== undefined && threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`init option threads must be 'auto' or an integer ≥ 1, got ${String(threads)}`);
  }
  if (!compiled) {
    compiled = compile(source, embedded);
    compiled.catch(() => {
      compiled = undefined; // let a later init() retry, e.g. with another source
    });
  }
  const module = await compiled;
  compiledModule = module;
  if (threads === undefined) {
    if (!live) live = await instantiateCore(module);
    return;
  }
  const wanted = threads === 'auto' ? await hardwareThreads() : threads;
  if (live && wanted === poolThreads()) return;
  poolSize = wanted;
  const threadsSource = options.threadsSource ?? (source === undefined && embeddedThreads ? embeddedThreads : null);
  if (wanted > 1 && canShareMemory() && (threadedModule || threadsSource)) {
    try {
      if (!threadedModule) {
        const s = typeof threadsSource === 'function' ? await threadsSource() : threadsSource;
        threadedModule = await compile(s as WasmSource, null);
      }
      if (!live || !isShared(live)) live = await instantiateCore(threadedModule, sharedMemory());
      await startPool(live, threadedModule, live.memory, wanted);
      return;
    } catch {
      // No threads here (a worker could not start): the single-threaded build, with the same results.
      await stopPool();
      live = undefined;
    }
  }
  await stopPool();
  if (!live) live = await instantiateCore(module);
}

/** Ends the thread pool's workers; later calls run on one thread until init({ threads }) starts it again. */
export async function terminate(): Promise<void> {
  await stopPool();
  poolSize = 1;
}

function isShared(c: CoreExports): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && c.memory.buffer instanceof SharedArrayBuffer;
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
  if (live && isShared(live) && threadedModule) {
    const threads = poolThreads() > 1 ? poolSize : 1;
    await stopPool();
    live = await instantiateCore(threadedModule, sharedMemory());
    if (threads > 1) await startPool(live, threadedModule, live.memory, threads);
    return;
  }
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

async function instantiateCore(module: WebAssembly.Module, shared?: WebAssembly.Memory): Promise<CoreExports> {
  let memory: WebAssembly.Memory | undefined = shared;
  const env: Record<string, WebAssembly.ImportValue> = {
    // AssemblyScript's abort, imported by the debug build only (the release build compiles asserts
    // away): a bug, never bad input, surfaced as an Error naming the message, file and line.
    abort(message: number, file: number, line: number, column: number): never {
      throw new Error(`abort: ${readString(memory, message)} at ${readString(memory, file)}:${line}:${column}`);
    },
  };
  // The shared-memory build imports its memory; the single-threaded build has its own.
  if (shared) env.memory = shared;
  const instance = await WebAssembly.instantiate(module, { env });
  memory = instance.exports.memory as WebAssembly.Memory;
  const exports = instance.exports as unknown as CoreExports;
  exports.poolSetThreads(1, 0);
  return exports;
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

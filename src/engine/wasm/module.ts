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
  /**
   * Run the relaxed-SIMD build of the core (false by default): its row kernels use `relaxed_madd`, which
   * CPUs with fused multiply-add run as one instruction — it can be faster (docs/performance-native.md,
   * "Relaxed SIMD"), and its results are close to the default build's but not the same bits (docs/threads.md,
   * "Parity"). Used only where the runtime supports relaxed SIMD (Chrome ≥ 114,
   * Node ≥ 22, Node 20 with `--experimental-wasm-relaxed-simd`: checked with `WebAssembly.validate`);
   * elsewhere the default build runs. `wasmBuild()` says which one is active. Changing it on a later
   * `init` replaces the instance (as `releaseMemory()` does; fitted models are unaffected).
   */
  relaxedSimd?: boolean;
  /** The relaxed-SIMD build (the package's 'linwasm/wasm-relaxed', build/linwasm-relaxed.wasm), for
   *  linwasm/slim with relaxedSimd; the main entry embeds it (a chunk loaded only when used). */
  relaxedSimdSource?: WasmSource;
  /** The relaxed-SIMD shared-memory build ('linwasm/wasm-threads-relaxed', build/linwasm-threads-relaxed.wasm),
   *  for linwasm/slim with relaxedSimd and threads; without it relaxedSimd runs on one thread. */
  relaxedSimdThreadsSource?: WasmSource;
}

/** Which build of the core is running, from `wasmBuild()`. */
export interface WasmBuild {
  /** The relaxed-SIMD build (init's relaxedSimd, where the runtime supports it). */
  readonly relaxedSimd: boolean;
  /** Threads of the pool (1: no pool; the shared-memory build runs when more). */
  readonly threads: number;
}

/** The builds a package entry embeds besides the default one, each loaded (a chunk of its own in bundles)
 *  only when init asks for it. */
export interface EmbeddedBuilds {
  threads: () => Promise<BufferSource>;
  relaxedSimd: () => Promise<BufferSource>;
  relaxedSimdThreads: () => Promise<BufferSource>;
}

// The smallest module that uses a SIMD instruction (v128.const, drop): it validates only where
// WebAssembly SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 26, 11,
]);

// The smallest module that uses a relaxed-SIMD instruction (a v128 local, f32x4.relaxed_madd of it three
// times, drop): it validates only where relaxed SIMD is supported.
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 16, 1, 14, 1, 1, 123, 32, 0, 32, 0, 32, 0, 253, 133,
  2, 26, 11,
]);

/** Whether this runtime runs relaxed-SIMD WebAssembly (the relaxed build of `init({ relaxedSimd: true })`). */
export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_SIMD_PROBE);
}

let compiled: Promise<WebAssembly.Module> | undefined;
let compiledModule: WebAssembly.Module | undefined;
let live: CoreExports | undefined;
/** The shared-memory build, once compiled; the live instance is of it while a pool runs. */
let threadedModule: WebAssembly.Module | undefined;
/** The relaxed-SIMD builds (single-threaded and shared-memory), once compiled. */
let relaxedModule: WebAssembly.Module | undefined;
let relaxedThreadedModule: WebAssembly.Module | undefined;
/** Whether the live instance is of a relaxed-SIMD build. */
let relaxedActive = false;
/** Threads asked for at init (the pool is started again with them after resetInstance). */
let poolSize = 1;

/**
 * Compiles the core once — from `source`, or from `embedded()` when no source is given — and
 * instantiates it; later calls return at once, or start, resize or stop the thread pool when
 * options.threads asks for another size, or switch builds when options.relaxedSimd asks for the other.
 * `embedded` is null where the package's copy is not bundled (linwasm/slim, the worker script): a source
 * is then required; `builds` loads the other builds (shared-memory, relaxed SIMD) where they are bundled.
 * @throws Error when WebAssembly or WebAssembly SIMD is not available, or a source cannot be
 * loaded; TypeError when no source is given and none is embedded, or for a bad options.relaxedSimd;
 * RangeError for a bad options.threads.
 */
export async function initCore(
  source: WasmSource | undefined,
  embedded: (() => BufferSource) | null,
  options: InitOptions = {},
  builds: EmbeddedBuilds | null = null,
): Promise<void> {
  let threads = options.threads ?? (source === undefined && !live ? 'auto' : undefined);
  if (threads !== undefined && threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`init option threads must be 'auto' or an integer ≥ 1, got ${String(threads)}`);
  }
  if (options.relaxedSimd !== undefined && typeof options.relaxedSimd !== 'boolean') {
    throw new TypeError(`init option relaxedSimd must be true or false, got ${String(options.relaxedSimd)}`);
  }
  if (!compiled) {
    compiled = compile(source, embedded);
    compiled.catch(() => {
      compiled = undefined; // let a later init() retry, e.g. with another source
    });
  }
  const module = await compiled;
  const own = (given: WasmSource | undefined, bundled: (() => Promise<BufferSource>) | undefined) =>
    given ?? (source === undefined ? bundled : undefined);
  const relaxed = await relaxedBuild(
    options.relaxedSimd ?? relaxedActive,
    own(options.relaxedSimdSource, builds?.relaxedSimd),
  );
  if (live && relaxed !== relaxedActive) {
    // Another build: a fresh instance (models hold no WASM memory), the pool started again on it.
    threads ??= poolThreads();
    await stopPool();
    live = undefined;
  }
  relaxedActive = relaxed;
  const single = relaxed ? (relaxedModule as WebAssembly.Module) : module;
  compiledModule = single;
  if (threads === undefined) {
    if (!live) live = await instantiateCore(single);
    return;
  }
  const wanted = threads === 'auto' ? await hardwareThreads() : threads;
  if (live && wanted === poolThreads()) return;
  poolSize = wanted;
  const threadsSource = relaxed
    ? own(options.relaxedSimdThreadsSource, builds?.relaxedSimdThreads)
    : own(options.threadsSource, builds?.threads);
  const shared = relaxed ? relaxedThreadedModule : threadedModule;
  if (wanted > 1 && canShareMemory() && (shared || threadsSource)) {
    try {
      const threaded = shared ?? (await compile(await loaded(threadsSource), null));
      if (relaxed) relaxedThreadedModule = threaded;
      else threadedModule = threaded;
      if (!live || !isShared(live)) live = await instantiateCore(threaded, sharedMemory());
      await startPool(live, threaded, live.memory, wanted);
      return;
    } catch {
      // No threads here (a worker could not start): the single-threaded build, with the same results.
      await stopPool();
      live = undefined;
    }
  }
  await stopPool();
  if (!live) live = await instantiateCore(single);
}

/**
 * Whether the relaxed-SIMD build is to run: asked for, supported by the runtime and given (or embedded);
 * compiles it on first use.
 * @throws Error when its source cannot be loaded.
 */
async function relaxedBuild(
  wanted: boolean,
  source: WasmSource | (() => Promise<BufferSource>) | undefined,
): Promise<boolean> {
  if (!wanted || !relaxedSimdSupported()) return false;
  if (relaxedModule) return true;
  if (source === undefined) return false; // linwasm/slim without relaxedSimdSource: the default build
  relaxedModule = await compile(await loaded(source), null);
  return true;
}

/** A source, or the bytes a bundled build's loader gives. */
async function loaded(source: WasmSource | (() => Promise<BufferSource>) | undefined): Promise<WasmSource> {
  return typeof source === 'function' ? source() : (source as WasmSource);
}

/** Which build of the core is running (undefined before `init()` has completed). */
export function wasmBuild(): WasmBuild | undefined {
  if (!live) return undefined;
  return { relaxedSimd: relaxedActive, threads: poolThreads() };
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
  const module = relaxedActive ? (relaxedModule as WebAssembly.Module) : await compiled;
  const threaded = relaxedActive ? relaxedThreadedModule : threadedModule;
  if (live && isShared(live) && threaded) {
    const threads = poolThreads() > 1 ? poolSize : 1;
    await stopPool();
    live = await instantiateCore(threaded, sharedMemory());
    if (threads > 1) await startPool(live, threaded, live.memory, threads);
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
    // AssemblyScript's abort: the debug build's asserts, and the release builds' few explicit checks of
    // what a caller passes (block slots: solve/gram.ts, parallel/pool.ts); the release builds compile
    // asserts away. A bug, never bad input, surfaced as an Error naming the message (and, in the debug
    // build, the file and line).
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

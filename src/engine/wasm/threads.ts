// The thread pool: workers that instantiate the shared-memory build of the core on the page's (or
// process's) shared WebAssembly.Memory and wait inside WASM for jobs (assembly/parallel/pool.ts).
// Started once by init, reused by every call, ended by terminate() — or with the process: Node's
// workers are unref'd, so they never keep it alive. worker_threads in Node; Web Workers in browsers,
// which give a page shared memory only when it is cross-origin isolated (COOP/COEP headers).
//
// How many threads a call uses is decided here, per call: the estimator's `threads` option ('auto' or
// a count, capped at the pool's size), and under 'auto' one thread for work too small to gain.
import { GRADIENT_BLOCK_BYTES } from '../layout.js';
import type { CoreExports } from './exports.js';

/** The `threads` option: 'auto' (every thread of the pool when the work is large enough), or a count. */
export type Threads = 'auto' | number;

/**
 * Bytes of X under which 'auto' keeps a call on one thread: two of the core's row blocks
 * (GRADIENT_BLOCK_BYTES), below which there is nothing to split. Measured with bench/threads.mjs on 2
 * cores: from 512 KiB on, two threads ran the batch epoch 1.2–1.8× and matvec 1.2–1.9× faster than one
 * (a fork–join costs a few microseconds while the workers spin); below it one block runs on one thread.
 * The same rule serves the Gram matrix (d/2 multiply-adds per value of X, so a fork–join weighs less), the
 * column statistics and the general trainer's steps: a pass of one block never forks, whatever this says.
 */
export const AUTO_MIN_BYTES = 2 * GRADIENT_BLOCK_BYTES;

/** Source of a worker in Node (eval'd as CommonJS). */
const NODE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, id } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('linwasm worker: abort'); } } });
parentPort.postMessage('ready');
instance.exports.workerLoop(id);
`;

/** Source of a Web Worker (from a blob: URL). */
const WEB_WORKER = `
onmessage = (event) => {
  const { module, memory, id } = event.data;
  const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('linwasm worker: abort'); } } });
  postMessage('ready');
  instance.exports.workerLoop(id);
};
`;

interface PoolWorker {
  terminate(): unknown;
}

/** The running pool: its workers (threads − 1: the calling thread is thread 0). */
export interface Pool {
  readonly core: CoreExports;
  readonly workers: PoolWorker[];
}

let pool: Pool | null = null;
let requested: Threads = 'auto';

/** The threads the next calls ask for (the estimator's option), until changed. */
export function requestThreads(threads: Threads): Threads {
  const before = requested;
  requested = threads;
  return before;
}

/** Threads of the running pool (1 without one). */
export function poolThreads(): number {
  return pool ? pool.workers.length + 1 : 1;
}

/** Tells the core how many threads the next job on `bytes` of X may use; returns that number. */
export function useThreadsFor(core: CoreExports, bytes: number): number {
  if (!pool || pool.core !== core) return 1;
  const size = pool.workers.length + 1;
  const threads = requested === 'auto' ? (bytes >= AUTO_MIN_BYTES ? size : 1) : Math.min(requested, size);
  core.poolSetThreads(threads, pool.workers.length);
  return threads;
}

/** Tells the core that the next jobs run on the calling thread alone. */
export function useOneThread(core: CoreExports): void {
  if (pool && pool.core === core) core.poolSetThreads(1, pool.workers.length);
}

/** The cores this runtime reports (1 when it reports none). */
export async function hardwareThreads(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  const os = await nodeModule<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
  if (os) return os.availableParallelism?.() ?? os.cpus().length;
  return 1;
}

/** Whether this runtime can share a WebAssembly.Memory with workers. */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const g = globalThis as {
    crossOriginIsolated?: boolean;
    Worker?: unknown;
    process?: { versions?: { node?: string } };
  };
  if (g.process?.versions?.node) return true;
  return g.crossOriginIsolated === true && typeof g.Worker === 'function';
}

/** A fresh shared memory for the threaded build (it imports its memory: env.memory). */
export function sharedMemory(): WebAssembly.Memory {
  for (const maximum of [65536, 16384]) {
    try {
      return new WebAssembly.Memory({ initial: 2, maximum, shared: true });
    } catch {
      // a browser that cannot reserve 4 GiB of address space: try 1 GiB
    }
  }
  throw new Error('linwasm could not create a shared WebAssembly memory');
}

/**
 * Starts threads − 1 workers on `core`'s shared memory, each instantiating `module`; resolves when
 * all wait in WASM. Ends a pool already running first.
 * @throws Error when a worker cannot be started.
 */
export async function startPool(
  core: CoreExports,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  threads: number,
): Promise<void> {
  await stopPool();
  core.poolReset();
  core.poolSetThreads(1, 0);
  const workers: PoolWorker[] = [];
  const wt = await nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
  try {
    const ready: Promise<void>[] = [];
    for (let id = 1; id < threads; id++) {
      if (wt) {
        const worker = new wt.Worker(NODE_WORKER, { eval: true, workerData: { module, memory, id } });
        worker.unref();
        workers.push(worker);
        ready.push(onceReady(worker));
      } else {
        const url = URL.createObjectURL(new Blob([WEB_WORKER], { type: 'text/javascript' }));
        const worker = new Worker(url);
        URL.revokeObjectURL(url);
        workers.push(worker);
        ready.push(onceReady(worker));
        worker.postMessage({ module, memory, id });
      }
    }
    await Promise.all(ready);
  } catch (error) {
    core.poolStop();
    for (const w of workers) w.terminate();
    throw error;
  }
  pool = { core, workers };
  core.poolSetThreads(1, workers.length);
}

/** Stops the workers (they return from WASM, then are terminated); calls run on one thread after. */
export async function stopPool(): Promise<void> {
  const p = pool;
  if (!p) return;
  pool = null;
  p.core.poolStop();
  p.core.poolSetThreads(1, 0);
  await Promise.all(p.workers.map((w) => w.terminate()));
}

function onceReady(worker: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = worker as {
      once?: (event: string, listener: (value: unknown) => void) => void;
      addEventListener?: (event: string, listener: (value: unknown) => void, options?: { once: boolean }) => void;
    };
    if (w.once) {
      w.once('message', () => resolve());
      w.once('error', reject);
    } else {
      w.addEventListener?.('message', () => resolve(), { once: true });
      w.addEventListener?.('error', (e) => reject(new Error(`linwasm could not start a worker: ${String(e)}`)), {
        once: true,
      });
    }
  });
}

/** A Node built-in module, or null outside Node. Never a static import: browser bundles must not see it. */
async function nodeModule<T>(name: string): Promise<T | null> {
  const proc = (
    globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }
  ).process;
  if (!proc?.versions?.node) return null;
  if (proc.getBuiltinModule) return proc.getBuiltinModule(name) as T;
  return (await import(/* @vite-ignore */ name)) as T;
}

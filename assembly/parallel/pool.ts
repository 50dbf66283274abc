import { GRADIENT_BLOCK_BYTES } from "../layout";

// The thread pool's side in WASM: a control block in shared memory, a fork–join over fixed blocks of
// rows, and the loop the workers wait in. The blocks do not depend on the number of threads: each
// block's partial sums land in a slot of their own, and the caller adds the slots in block order,
// so a result is the same bits with 1, 2 or 16 threads — and in the single-threaded build, where
// ASC_FEATURE_THREADS is false and every block runs here in order (no atomics are compiled).
//
// Workers claim blocks from a ticket (generation << 32 | next block), so a worker that wakes late
// can never run a block of a later job with the settings of an earlier one: its claim carries the
// generation it read the settings for, and fails once the job has moved on. The coordinator (the
// thread that called into WASM) claims blocks too, then spins until every block is done: a browser's
// main thread may not block in atomic.wait, and the wait is one block long at most. Workers spin a
// while after a job (the next epoch's job follows within microseconds), then sleep in atomic.wait.

/** Bytes of the control block, at the first 64-byte boundary after the static data. */
const CTRL_BYTES: usize = 128;
const GEN = 0; // i32: the job's generation
const STOP = 4; // i32: 1 tells the workers to return
const TICKET = 8; // i64: generation << 32 | next block to claim
const DONE = 16; // i32: blocks of the current job done
const SLEEPERS = 20; // i32: workers in atomic.wait
const THREADS = 24; // i32: threads the next job may use (set by TypeScript)
const WORKERS = 28; // i32: workers started (set by TypeScript)
const JOB = 32; // i32: JOB_* below
const D = 36; // i32
const N = 40; // i32: rows
const BLOCKS = 44; // i32
const BLOCK_ROWS = 48; // i32
const X = 56; // usize
const Y = 60; // usize
const W = 64; // usize
const PART = 68; // usize: the blocks' slots (gradient) or the output (matvec)
const B = 72; // f64

const JOB_GRADIENT_F64 = 1;
const JOB_GRADIENT_F32 = 2;
const JOB_MATVEC_F64 = 3;
const JOB_MATVEC_F32 = 4;

/** Spins of an idle worker (a few hundred microseconds) before it sleeps in atomic.wait. */
const SPINS = 1 << 17;

// @ts-ignore: decorator
@inline function ctrl(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

/** First byte after the static data and the control block: where the TypeScript arena starts. */
export function heapBase(): usize {
  return ctrl() + CTRL_BYTES;
}

/** Rows per block for rows of rowBytes: about GRADIENT_BLOCK_BYTES of X, a multiple of 32 rows (the
 *  float32 gradient's inner block), at least 32. Depends on the data's shape only, never on threads. */
export function blockRows(rowBytes: usize): i32 {
  if (rowBytes == 0) return 32; // d = 0: a contract violation the kernel's own assert reports
  const rows = <i32>(<usize>GRADIENT_BLOCK_BYTES / rowBytes) & ~31;
  return max(32, rows);
}

/** The number of blocks of n rows. */
// @ts-ignore: decorator
@inline export function blockCount(n: i32, rows: i32): i32 {
  return (n + rows - 1) / rows;
}

/** Sets the threads the next jobs may use (1: the calling thread only) and the workers started. */
export function poolSetThreads(threads: i32, workers: i32): void {
  store<i32>(ctrl() + THREADS, threads);
  store<i32>(ctrl() + WORKERS, workers);
}

/** Sets the job's fields (plain stores: publish() orders them before the generation). */
export function setJob(kind: i32, xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, b: f64, partPtr: usize, rows: i32): void {
  const c = ctrl();
  store<i32>(c + JOB, kind);
  store<usize>(c + X, xPtr);
  store<usize>(c + Y, yPtr);
  store<i32>(c + N, n);
  store<i32>(c + D, d);
  store<usize>(c + W, wPtr);
  store<f64>(c + B, b);
  store<usize>(c + PART, partPtr);
  store<i32>(c + BLOCK_ROWS, rows);
  store<i32>(c + BLOCKS, blockCount(n, rows));
}

/** Runs every block of the job set by setJob, on up to THREADS threads; returns when all are done. */
export function runJob(): void {
  const c = ctrl();
  const blocks = load<i32>(c + BLOCKS);
  if (ASC_FEATURE_THREADS) {
    if (load<i32>(c + THREADS) > 1 && load<i32>(c + WORKERS) > 0 && blocks > 1) {
      const gen = atomic.load<i32>(c + GEN) + 1;
      atomic.store<i32>(c + DONE, 0);
      atomic.store<i64>(c + TICKET, (<i64>gen) << 32);
      atomic.store<i32>(c + GEN, gen);
      if (atomic.load<i32>(c + SLEEPERS) > 0) atomic.notify(c + GEN, -1);
      claim(c, gen);
      while (atomic.load<i32>(c + DONE) < blocks) {}
      return;
    }
  }
  for (let k = 0; k < blocks; k++) runBlock(c, k);
}

/** Claims and runs blocks of job `gen` until none is left (or the job has moved on). */
function claim(c: usize, gen: i32): void {
  const blocks = load<i32>(c + BLOCKS);
  while (true) {
    const ticket = atomic.load<i64>(c + TICKET);
    if (<i32>(ticket >>> 32) != gen) return;
    const k = <i32>ticket;
    if (k >= blocks) return;
    if (atomic.cmpxchg<i64>(c + TICKET, ticket, ticket + 1) != ticket) continue;
    runBlock(c, k);
    atomic.add<i32>(c + DONE, 1);
  }
}

/**
 * A worker's life: waits for a job (spinning, then in atomic.wait), claims blocks of it while it is
 * among the job's THREADS (worker `id` counts from 1; the coordinator is thread 0), and returns when
 * told to stop. Only the threaded build has workers.
 */
export function workerLoop(id: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  const c = ctrl();
  let seen = atomic.load<i32>(c + GEN);
  while (true) {
    let spins = 0;
    while (atomic.load<i32>(c + GEN) == seen) {
      if (++spins < SPINS) continue;
      atomic.add<i32>(c + SLEEPERS, 1);
      memory.atomic.wait32(c + GEN, seen, -1);
      atomic.sub<i32>(c + SLEEPERS, 1);
      spins = 0;
    }
    seen = atomic.load<i32>(c + GEN);
    if (atomic.load<i32>(c + STOP)) return;
    if (id < atomic.load<i32>(c + THREADS)) claim(c, seen);
  }
}

/** Tells every worker to return from workerLoop (they are woken if asleep). */
export function poolStop(): void {
  if (!ASC_FEATURE_THREADS) return;
  const c = ctrl();
  atomic.store<i32>(c + STOP, 1);
  atomic.add<i32>(c + GEN, 1);
  atomic.notify(c + GEN, -1);
}

/** Clears the stop flag (before a new pool starts on this memory). */
export function poolReset(): void {
  store<i32>(ctrl() + STOP, 0);
}

// The blocks' work. Imported here, not above, to keep the pool's bookkeeping first in the file.
import { gradient } from "../kernels/gradient";
import { matvec } from "../kernels/matvec";
import { zeroF64 } from "../kernels/vector";

/** Bytes of block k's slot in a gradient job: g (d + 1 f64), the loss (f64), the float32
 *  accumulator (d of T, zeroed), rounded up to 128: two threads summing into neighbouring slots must
 *  not share a cache line (or the pair the prefetcher fetches together), or every row's store bounces it. */
// @ts-ignore: decorator
@inline export function slotBytes(d: i32, elementBytes: usize): usize {
  return ((<usize>(d + 2) << 3) + <usize>d * elementBytes + 127) & ~(<usize>127);
}

function runBlock(c: usize, k: i32): void {
  const job = load<i32>(c + JOB);
  const rows = load<i32>(c + BLOCK_ROWS);
  const n = load<i32>(c + N);
  const d = load<i32>(c + D);
  const start = k * rows;
  const end = min(n, start + rows);
  const xPtr = load<usize>(c + X);
  const wPtr = load<usize>(c + W);
  const b = load<f64>(c + B);
  const part = load<usize>(c + PART);
  if (job == JOB_GRADIENT_F64 || job == JOB_GRADIENT_F32) {
    const f32 = job == JOB_GRADIENT_F32;
    const slot = part + <usize>k * slotBytes(d, f32 ? 4 : 8);
    zeroF64(slot, d + 1);
    const yPtr = load<usize>(c + Y);
    const accPtr = slot + (<usize>(d + 2) << 3);
    const loss = f32
      ? gradient<f32>(xPtr, yPtr, d, 0, start, end, wPtr, b, slot, accPtr)
      : gradient<f64>(xPtr, yPtr, d, 0, start, end, wPtr, b, slot, accPtr);
    store<f64>(slot + (<usize>(d + 1) << 3), loss);
  } else if (job == JOB_MATVEC_F64) {
    matvec<f64>(xPtr + <usize>start * <usize>d * 8, end - start, d, wPtr, b, part + (<usize>start << 3));
  } else if (job == JOB_MATVEC_F32) {
    matvec<f32>(xPtr + <usize>start * <usize>d * 4, end - start, d, wPtr, b, part + (<usize>start << 3));
  }
}

/**
 * The full-batch gradient pass in fixed blocks: g[0 … d] += Σ over all n rows (as gradient<T>), returns Σ r².
 * One block: the pass runs into g directly (the same bits as block sums added to g = 0). More: each
 * block sums into its slot at partPtr (nBlocks × slotBytes, accumulators zeroed), on the pool's
 * threads, and the slots are added into g and the loss in block order.
 */
export function blockedGradient<T>(
  xPtr: usize,
  yPtr: usize,
  n: i32,
  d: i32,
  wPtr: usize,
  b: f64,
  gPtr: usize,
  accPtr: usize,
  partPtr: usize,
): f64 {
  const rows = blockRows(<usize>d * sizeof<T>());
  const blocks = blockCount(n, rows);
  if (blocks <= 1) return gradient<T>(xPtr, yPtr, d, 0, 0, n, wPtr, b, gPtr, accPtr);
  setJob(sizeof<T>() == 8 ? JOB_GRADIENT_F64 : JOB_GRADIENT_F32, xPtr, yPtr, n, d, wPtr, b, partPtr, rows);
  runJob();
  const stride = slotBytes(d, sizeof<T>());
  let loss: f64 = 0;
  for (let k = 0; k < blocks; k++) {
    const slot = partPtr + <usize>k * stride;
    let j = 0;
    for (; j + 2 <= d + 1; j += 2) {
      const g = gPtr + (<usize>j << 3);
      v128.store(g, f64x2.add(v128.load(g), v128.load(slot + (<usize>j << 3))));
    }
    if (j <= d) {
      const g = gPtr + (<usize>j << 3);
      store<f64>(g, load<f64>(g) + load<f64>(slot + (<usize>j << 3)));
    }
    loss += load<f64>(slot + (<usize>(d + 1) << 3));
  }
  return loss;
}

/** out[i] = x_i·w + b for i < n (as matvec<T>), the rows' blocks on the pool's threads. */
export function blockedMatvec<T>(xPtr: usize, n: i32, d: i32, wPtr: usize, b: f64, outPtr: usize): void {
  const rows = blockRows(<usize>d * sizeof<T>());
  if (blockCount(n, rows) <= 1) {
    matvec<T>(xPtr, n, d, wPtr, b, outPtr);
    return;
  }
  setJob(sizeof<T>() == 8 ? JOB_MATVEC_F64 : JOB_MATVEC_F32, xPtr, 0, n, d, wPtr, b, outPtr, rows);
  runJob();
}

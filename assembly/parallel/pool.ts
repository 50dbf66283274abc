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
const S = 80; // usize: sample weights (0: none)
const IDX = 84; // usize: the rows' order (u32 positions → rows; 0: stored order)
const FIRST = 88; // i32: the first position of block 0 (N is then the end position)
const TOUCH = 92; // i32: touch shuffled rows ahead up to this position (gradient jobs; 0: never)
const LOSS = 96; // i32: the loss (LOSS_* of layout.ts)
const EPSILON = 104; // f64: the loss's epsilon
const FOUND = 112; // i32: the first block found to hold a non-finite value (i32.MAX_VALUE: none yet)

// The jobs; a job's float32 form is its number + 1.
const JOB_GRADIENT_F64 = 1;
const JOB_GRADIENT_F32 = 2;
const JOB_MATVEC_F64 = 3;
const JOB_MATVEC_F32 = 4;
/** solve/gram.ts: Σ s·x, Σ s·y, Σ s of a block (W: unused). */
export const JOB_GRAM_MEANS = 5;
/** solve/gram.ts: a block's partial Gram matrix and Xᵀy, centered by the means at W. */
export const JOB_GRAM = 7;
/** kernels/stats.ts: a block's column sums. */
export const JOB_COLUMN_SUM = 9;
/** kernels/stats.ts: a block's Σ (x − mean)², the means at W. */
export const JOB_COLUMN_M2 = 11;
/** kernels/stats.ts: standardize a block's rows in place (means at W, scales at Y). */
export const JOB_STANDARDIZE = 13;
/** train/general.ts: a block's Σ s·ψ(r)·x, Σ s·ψ(r) and Σ s·ℓ(r) (loss, epsilon and weights set by setJobLoss). */
export const JOB_LOSS_GRADIENT = 15;
/** train/validation.ts: a block's Σ s·ℓ(r). */
export const JOB_MEAN_LOSS = 17;
/** kernels/stats.ts: whether a block of values (d = 1) holds a non-finite one (FOUND: the smallest such block). */
export const JOB_FIRST_NON_FINITE = 19;

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
  store<usize>(c + IDX, 0);
  store<i32>(c + FIRST, 0);
  store<i32>(c + TOUCH, 0);
}

/** Makes the job (set by setJob with n the end position) cover positions first … n−1 of the order idx
 *  (0: rows in stored order): block k is positions first + k·rows …. touchTo as gradient's. */
export function setJobRange(idxPtr: usize, first: i32, touchTo: i32): void {
  const c = ctrl();
  store<usize>(c + IDX, idxPtr);
  store<i32>(c + FIRST, first);
  store<i32>(c + TOUCH, touchTo);
  store<i32>(c + BLOCKS, blockCount(load<i32>(c + N) - first, load<i32>(c + BLOCK_ROWS)));
}

/** Sets FOUND (before a JOB_FIRST_NON_FINITE job). */
export function setFound(k: i32): void {
  store<i32>(ctrl() + FOUND, k);
}

/** FOUND after a JOB_FIRST_NON_FINITE job: the first block with a non-finite value, or i32.MAX_VALUE. */
export function found(): i32 {
  return load<i32>(ctrl() + FOUND);
}

/** FOUND = min(FOUND, k): a compare-and-swap loop where other threads may lower it too. */
function lowerFound(c: usize, k: i32): void {
  if (ASC_FEATURE_THREADS) {
    let seen = atomic.load<i32>(c + FOUND);
    while (k < seen) {
      const before = atomic.cmpxchg<i32>(c + FOUND, seen, k);
      if (before == seen) return;
      seen = before;
    }
  } else if (k < load<i32>(c + FOUND)) {
    store<i32>(c + FOUND, k);
  }
}

/** Sets a loss job's loss, epsilon and sample weights (0: none), after setJob. */
export function setJobLoss(loss: i32, epsilon: f64, sPtr: usize): void {
  const c = ctrl();
  store<i32>(c + LOSS, loss);
  store<f64>(c + EPSILON, epsilon);
  store<usize>(c + S, sPtr);
}

/** Sets a job's sample weights (0: none) and its means (after setJob, which leaves W to its caller). */
export function setJobWeights(sPtr: usize, meanPtr: usize): void {
  const c = ctrl();
  store<usize>(c + S, sPtr);
  store<usize>(c + W, meanPtr);
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
import { columnSlotBytes, columnSumBlock, scanNonFinite, standardizeRows } from "../kernels/stats";
import { gramBlock, gramMeansBlock, gramSlotBytes, meansSlotBytes } from "../solve/gram";
import { lossGradient } from "../train/general";
import { sumLoss } from "../train/validation";
import { addF64, zeroF64 } from "../kernels/vector";

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
  const start = load<i32>(c + FIRST) + k * rows;
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
    const idxPtr = load<usize>(c + IDX);
    const touchTo = load<i32>(c + TOUCH);
    const loss = f32
      ? gradient<f32>(xPtr, yPtr, d, idxPtr, start, end, wPtr, b, slot, accPtr, touchTo)
      : gradient<f64>(xPtr, yPtr, d, idxPtr, start, end, wPtr, b, slot, accPtr, touchTo);
    store<f64>(slot + (<usize>(d + 1) << 3), loss);
  } else if (job == JOB_MATVEC_F64) {
    matvec<f64>(xPtr + <usize>start * <usize>d * 8, end - start, d, wPtr, b, part + (<usize>start << 3));
  } else if (job == JOB_MATVEC_F32) {
    matvec<f32>(xPtr + <usize>start * <usize>d * 4, end - start, d, wPtr, b, part + (<usize>start << 3));
  } else if (job == JOB_GRAM || job == JOB_GRAM + 1) {
    const yPtr = load<usize>(c + Y);
    const sPtr = load<usize>(c + S);
    const slot = part + <usize>k * gramSlotBytes(d);
    if (job == JOB_GRAM) gramBlock<f64>(xPtr, yPtr, sPtr, start, end, d, wPtr, slot);
    else gramBlock<f32>(xPtr, yPtr, sPtr, start, end, d, wPtr, slot);
  } else if (job == JOB_GRAM_MEANS || job == JOB_GRAM_MEANS + 1) {
    const yPtr = load<usize>(c + Y);
    const sPtr = load<usize>(c + S);
    const slot = part + <usize>k * meansSlotBytes(d);
    if (job == JOB_GRAM_MEANS) gramMeansBlock<f64>(xPtr, yPtr, sPtr, start, end, d, slot);
    else gramMeansBlock<f32>(xPtr, yPtr, sPtr, start, end, d, slot);
  } else if (job >= JOB_COLUMN_SUM && job <= JOB_COLUMN_M2 + 1) {
    const squared = job >= JOB_COLUMN_M2;
    const slot = part + <usize>k * columnSlotBytes(d);
    if ((job & 1) != 0) columnSumBlock<f64>(squared, xPtr, start, end, d, wPtr, slot);
    else columnSumBlock<f32>(squared, xPtr, start, end, d, wPtr, slot);
  } else if (job == JOB_LOSS_GRADIENT || job == JOB_LOSS_GRADIENT + 1 || job == JOB_MEAN_LOSS || job == JOB_MEAN_LOSS + 1) {
    // Slots of the gradient's stride: g (d f64), Σ s·ψ, Σ s·ℓ (the mean loss: Σ s·ℓ alone, at 0).
    const slot = part + <usize>k * slotBytes(d, job == JOB_LOSS_GRADIENT || job == JOB_MEAN_LOSS ? 8 : 4);
    const yPtr = load<usize>(c + Y);
    const sPtr = load<usize>(c + S);
    const idxPtr = load<usize>(c + IDX);
    const loss = load<i32>(c + LOSS);
    const epsilon = load<f64>(c + EPSILON);
    if (job == JOB_LOSS_GRADIENT) {
      lossGradient<f64>(xPtr, yPtr, sPtr, idxPtr, start, end, d, wPtr, b, loss, epsilon, slot);
    } else if (job == JOB_LOSS_GRADIENT + 1) {
      lossGradient<f32>(xPtr, yPtr, sPtr, idxPtr, start, end, d, wPtr, b, loss, epsilon, slot);
    } else if (job == JOB_MEAN_LOSS) {
      store<f64>(slot, sumLoss<f64>(xPtr, yPtr, sPtr, start, end, d, wPtr, b, loss, epsilon));
    } else {
      store<f64>(slot, sumLoss<f32>(xPtr, yPtr, sPtr, start, end, d, wPtr, b, loss, epsilon));
    }
  } else if (job == JOB_FIRST_NON_FINITE || job == JOB_FIRST_NON_FINITE + 1) {
    // A block after one already found cannot hold the first non-finite value: skip its scan.
    const known = ASC_FEATURE_THREADS ? atomic.load<i32>(c + FOUND) : load<i32>(c + FOUND);
    if (k < known) {
      const hit =
        job == JOB_FIRST_NON_FINITE
          ? scanNonFinite<f64>(xPtr + (<usize>start << 3), end - start)
          : scanNonFinite<f32>(xPtr + (<usize>start << 2), end - start);
      if (hit >= 0) lowerFound(c, k);
    }
  } else if (job == JOB_STANDARDIZE) {
    standardizeRows<f64>(xPtr, start, end, d, wPtr, load<usize>(c + Y));
  } else if (job == JOB_STANDARDIZE + 1) {
    standardizeRows<f32>(xPtr, start, end, d, wPtr, load<usize>(c + Y));
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
  return blockedGradientRange<T>(xPtr, yPtr, 0, 0, n, d, wPtr, b, gPtr, accPtr, partPtr, 0);
}

/**
 * blockedGradient over positions start … end−1 of the order idx (0: stored order), as gradient<T> with
 * those arguments: the blocks are positions start + k·blockRows …, so a mini-batch of many blocks runs on
 * the pool's threads. partPtr: blockCount(end − start) slots (0 when the batch is one block).
 */
export function blockedGradientRange<T>(
  xPtr: usize,
  yPtr: usize,
  idxPtr: usize,
  start: i32,
  end: i32,
  d: i32,
  wPtr: usize,
  b: f64,
  gPtr: usize,
  accPtr: usize,
  partPtr: usize,
  touchTo: i32,
): f64 {
  const rows = blockRows(<usize>d * sizeof<T>());
  const blocks = blockCount(end - start, rows);
  if (blocks <= 1) return gradient<T>(xPtr, yPtr, d, idxPtr, start, end, wPtr, b, gPtr, accPtr, touchTo);
  // Checked before the job starts (an abort, not an assert: the release builds compile asserts away):
  // without slots the blocks' partial sums would land at address 0, over the pool's own state on the
  // threaded build.
  if (partPtr == 0) abort("gradient: more than one row block needs block slots (partPtr)");
  setJob(sizeof<T>() == 8 ? JOB_GRADIENT_F64 : JOB_GRADIENT_F32, xPtr, yPtr, end, d, wPtr, b, partPtr, rows);
  setJobRange(idxPtr, start, touchTo);
  runJob();
  const stride = slotBytes(d, sizeof<T>());
  let loss: f64 = 0;
  for (let k = 0; k < blocks; k++) {
    const slot = partPtr + <usize>k * stride;
    addF64(gPtr, slot, d + 1);
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

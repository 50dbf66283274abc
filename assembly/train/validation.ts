import { dot, dotF64 } from "../kernels/vector";
import { SLOT_AVERAGED, SLOT_BEST_EPOCH, SLOT_INTERCEPT, WORK_AVERAGE, WORK_BEST } from "../layout";
import { work } from "./config";
import { lossValue } from "./loss";
import { getSlot } from "./state";
import { blockCount, blockRows, JOB_MEAN_LOSS, runJob, setJob, setJobLoss, setJobRange, slotBytes } from "../parallel/pool";

// Which weights are the model, and how well they do on held-out rows. The model is the average once
// averaging has begun, else θ; with held-out rows, the returned model is the best epoch's (by validation loss).

/**
 * Mean loss (weighted by s when sPtr ≠ 0) of the current model on rows from … to−1 of X (rows of d
 * of type T) and y, in stored order: the average once averaging has begun (summed in order), else w (of
 * type T) and b (meanLoss: in blocks, with partPtr).
 */
export function validationLoss<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  from: i32,
  to: i32,
  d: i32,
  wPtr: usize,
  b: f64,
  statePtr: usize,
  workPtr: usize,
  loss: i32,
  epsilon: f64,
  partPtr: usize,
): f64 {
  if (getSlot(statePtr, SLOT_AVERAGED) == 0) {
    return meanLoss<T>(xPtr, yPtr, sPtr, from, to, d, wPtr, b, loss, epsilon, partPtr);
  }
  const avg = work(workPtr, d, WORK_AVERAGE);
  const intercept = load<f64>(avg + (<usize>d << 3));
  const rowBytes = <usize>d * sizeof<T>();
  let sum: f64 = 0;
  for (let i = from; i < to; i++) {
    const r = dotF64<T>(xPtr + <usize>i * rowBytes, avg, d) + intercept - load<f64>(yPtr + (<usize>i << 3));
    sum += (sPtr ? load<f64>(sPtr + (<usize>i << 3)) : 1) * lossValue(loss, r, epsilon);
  }
  return sum / <f64>(to - from);
}

/**
 * Mean of s·ℓ(x·w + b − y) over rows from … to−1 (w: d of type T; sPtr = 0: s = 1). The rows are summed in
 * the gradient's fixed blocks (parallel/pool.ts), on the pool's threads, into slots at partPtr
 * (blockCount(to − from) × slotBytes), and the block sums added in block order: the same bits on any number
 * of threads. One block (or partPtr = 0) sums in order directly.
 */
export function meanLoss<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  from: i32,
  to: i32,
  d: i32,
  wPtr: usize,
  b: f64,
  loss: i32,
  epsilon: f64,
  partPtr: usize,
): f64 {
  const rows = blockRows(<usize>d * sizeof<T>());
  const blocks = blockCount(to - from, rows);
  if (blocks <= 1 || partPtr == 0) return sumLoss<T>(xPtr, yPtr, sPtr, from, to, d, wPtr, b, loss, epsilon) / <f64>(to - from);
  setJob(sizeof<T>() == 8 ? JOB_MEAN_LOSS : JOB_MEAN_LOSS + 1, xPtr, yPtr, to, d, wPtr, b, partPtr, rows);
  setJobRange(0, from, 0);
  setJobLoss(loss, epsilon, sPtr);
  runJob();
  const stride = slotBytes(d, sizeof<T>());
  let sum: f64 = 0;
  for (let k = 0; k < blocks; k++) sum += load<f64>(partPtr + <usize>k * stride);
  return sum / <f64>(to - from);
}

/** Σ s·ℓ(x·w + b − y) over rows from … to−1, in order. */
export function sumLoss<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  from: i32,
  to: i32,
  d: i32,
  wPtr: usize,
  b: f64,
  loss: i32,
  epsilon: f64,
): f64 {
  const rowBytes = <usize>d * sizeof<T>();
  let sum: f64 = 0;
  for (let i = from; i < to; i++) {
    const r = dot<T>(xPtr + <usize>i * rowBytes, wPtr, d) + b - load<f64>(yPtr + (<usize>i << 3));
    sum += (sPtr ? load<f64>(sPtr + (<usize>i << 3)) : 1) * lossValue(loss, r, epsilon);
  }
  return sum;
}

/** Copies the current model (see modelWeights) into the workspace's best vector. */
export function keepBest<T>(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, b: f64): void {
  currentModel<T>(statePtr, workPtr, wPtr, d, b, work(workPtr, d, WORK_BEST));
}

/**
 * The model the trainer returns, as d + 1 f64 at outPtr (slot d the intercept): the best validation
 * epoch's once one is kept, else the current model.
 */
export function modelWeights<T>(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, outPtr: usize): void {
  if (getSlot(statePtr, SLOT_BEST_EPOCH) >= 0) {
    memory.copy(outPtr, work(workPtr, d, WORK_BEST), (<usize>(d + 1)) << 3);
  } else {
    currentModel<T>(statePtr, workPtr, wPtr, d, getSlot(statePtr, SLOT_INTERCEPT), outPtr);
  }
}

function currentModel<T>(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, b: f64, outPtr: usize): void {
  if (getSlot(statePtr, SLOT_AVERAGED) > 0) {
    memory.copy(outPtr, work(workPtr, d, WORK_AVERAGE), (<usize>(d + 1)) << 3);
    return;
  }
  for (let j = 0; j < d; j++) store<f64>(outPtr + (<usize>j << 3), <f64>load<T>(wPtr + (<usize>j) * sizeof<T>()));
  store<f64>(outPtr + (<usize>d << 3), b);
}

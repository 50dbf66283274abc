import { update } from "../kernels/update";
import { sumSquares, zeroF64 } from "../kernels/vector";
import {
  CONFIG_FIT_INTERCEPT,
  CONFIG_L2,
  CONFIG_LEARNING_RATE,
  CONFIG_PATIENCE,
  CONFIG_TOLERANCE,
  SLOT_EPOCH,
  SLOT_INTERCEPT,
  STATUS_DIVERGED,
  STATUS_OK,
} from "../layout";
import { blockCount, blockedGradient, blockRows } from "../parallel/pool";
import { gradient } from "../kernels/gradient";
import { config } from "./config";
import { endEpoch, getSlot, setSlot } from "./state";

/**
 * Batch gradient descent, epochs state.epoch … epochEnd−1, all inside WASM. Each epoch is one
 * step over all n rows: r = Xw + b − y, history[epoch] = (1/n)·Σr², then
 * w ← w − η·((2/n)·Xᵀr + 2·l2·w) and b ← b − η·(2/n)·Σr (when fitIntercept).
 * X: n×d of type T at xPtr; y: n f64; w: d of type T; g: d+1 f64 scratch; acc: d of type T
 * scratch (f32 only); history: f64 per epoch; state: SLOT_*; settings at configPtr (η, l2,
 * fitIntercept, tolerance, patience); part: the gradient's block slots (parallel/pool.ts
 * blockedGradient: blockCount × slotBytes, zeroed). Returns a status code.
 */
export function trainBatch<T>(
  xPtr: usize,
  yPtr: usize,
  n: i32,
  d: i32,
  wPtr: usize,
  gPtr: usize,
  accPtr: usize,
  historyPtr: usize,
  statePtr: usize,
  configPtr: usize,
  epochEnd: i32,
  partPtr: usize,
): i32 {
  assert(n >= 1 && d >= 1, "trainBatch: needs n >= 1 rows and d >= 1 features");
  const learningRate = config(configPtr, CONFIG_LEARNING_RATE);
  const l2 = config(configPtr, CONFIG_L2);
  const fitIntercept = config(configPtr, CONFIG_FIT_INTERCEPT) != 0;
  const tolerance = config(configPtr, CONFIG_TOLERANCE);
  const patience = config(configPtr, CONFIG_PATIENCE);
  let b = getSlot(statePtr, SLOT_INTERCEPT);
  let epoch = <i32>getSlot(statePtr, SLOT_EPOCH);
  const step = (2 * learningRate) / <f64>n;
  const shrink = 1 - 2 * learningRate * l2;
  let status = STATUS_OK;
  // Data of one block (blockedGradient's own shortcut, decided once rather than every epoch): the pass itself.
  const oneBlock = blockCount(n, blockRows(<usize>d * sizeof<T>())) <= 1;
  while (epoch < epochEnd) {
    zeroF64(gPtr, d + 1);
    const penalty = l2 > 0 ? l2 * sumSquares<T>(wPtr, d) : 0;
    const loss = oneBlock
      ? gradient<T>(xPtr, yPtr, d, 0, 0, n, wPtr, b, gPtr, accPtr)
      : blockedGradient<T>(xPtr, yPtr, n, d, wPtr, b, gPtr, accPtr, partPtr);
    const mse = loss / <f64>n;
    update<T>(wPtr, gPtr, d, shrink, step);
    if (fitIntercept) b -= step * load<f64>(gPtr + (<usize>d << 3));
    status = endEpoch<T>(statePtr, historyPtr, epoch, mse, penalty, wPtr, d, b, tolerance, patience, true);
    if (status == STATUS_DIVERGED) break;
    epoch++;
    if (status != STATUS_OK) break;
  }
  setSlot(statePtr, SLOT_INTERCEPT, b);
  setSlot(statePtr, SLOT_EPOCH, <f64>epoch);
  return status;
}

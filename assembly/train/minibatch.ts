import { update } from "../kernels/update";
import { sumSquares, worthTouching, zeroF64 } from "../kernels/vector";
import {
  CONFIG_BATCH_SIZE,
  CONFIG_FIT_INTERCEPT,
  CONFIG_L2,
  CONFIG_LEARNING_RATE,
  CONFIG_PATIENCE,
  CONFIG_SHUFFLE,
  CONFIG_TOLERANCE,
  SLOT_EPOCH,
  SLOT_INTERCEPT,
  STATUS_DIVERGED,
  STATUS_OK,
} from "../layout";
import { blockedGradientRange } from "../parallel/pool";
import { shuffle } from "../rng";
import { config } from "./config";
import { endEpoch, getSlot, setSlot } from "./state";

/**
 * Mini-batch gradient descent, epochs state.epoch … epochEnd−1. Each epoch shuffles the row order
 * when the settings say so (perm, n u32, with the PRNG state at rngPtr), then steps over consecutive
 * batches of batchSize rows, the last partial batch included: for a batch of m rows,
 * w ← w − η·((2/m)·Σ r·x + 2·l2·w), b ← b − η·(2/m)·Σr. history[epoch] is the mean of r² over
 * the epoch, each r taken with the weights of its batch (the running loss, as scikit-learn and
 * Keras report it). Buffers and settings as in trainBatch, plus batchSize and shuffle; a batch of two or
 * more of the gradient's fixed blocks runs on the pool's threads (parallel/pool.ts blockedGradientRange),
 * partPtr: blockCount(min(batchSize, n)) slots. Returns a status code.
 */
export function trainMinibatch<T>(
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
  permPtr: usize,
  rngPtr: usize,
  epochEnd: i32,
  partPtr: usize,
): i32 {
  const learningRate = config(configPtr, CONFIG_LEARNING_RATE);
  const l2 = config(configPtr, CONFIG_L2);
  const fitIntercept = config(configPtr, CONFIG_FIT_INTERCEPT) != 0;
  const tolerance = config(configPtr, CONFIG_TOLERANCE);
  const patience = config(configPtr, CONFIG_PATIENCE);
  const batchSize = <i32>config(configPtr, CONFIG_BATCH_SIZE);
  const doShuffle = config(configPtr, CONFIG_SHUFFLE) != 0;
  let b = getSlot(statePtr, SLOT_INTERCEPT);
  let epoch = <i32>getSlot(statePtr, SLOT_EPOCH);
  const shrink = 1 - 2 * learningRate * l2;
  const idxPtr: usize = doShuffle ? permPtr : 0;
  // Shuffled rows of a large X are touched ahead (see touchRows), across batch boundaries.
  const touchTo = doShuffle && worthTouching(n, <usize>d * sizeof<T>()) ? n : 0;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (doShuffle) shuffle(permPtr, n, rngPtr);
    let loss: f64 = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = min(start + batchSize, n);
      const step = (2 * learningRate) / <f64>(end - start);
      zeroF64(gPtr, d + 1);
      loss += blockedGradientRange<T>(xPtr, yPtr, idxPtr, start, end, d, wPtr, b, gPtr, accPtr, partPtr, touchTo);
      update<T>(wPtr, gPtr, d, shrink, step);
      if (fitIntercept) b -= step * load<f64>(gPtr + (<usize>d << 3));
    }
    const penalty = l2 > 0 ? l2 * sumSquares<T>(wPtr, d) : 0;
    status = endEpoch<T>(statePtr, historyPtr, epoch, loss / <f64>n, penalty, wPtr, d, b, tolerance, patience);
    if (status == STATUS_DIVERGED) break;
    epoch++;
    if (status != STATUS_OK) break;
  }
  setSlot(statePtr, SLOT_INTERCEPT, b);
  setSlot(statePtr, SLOT_EPOCH, <f64>epoch);
  return status;
}

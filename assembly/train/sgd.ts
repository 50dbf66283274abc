import {
  dot,
  scaleAxpy,
  scaleAxpyDot,
  sumSquares,
  TOUCH_ROWS,
  touchRows,
  touchSink,
  worthTouching,
} from "../kernels/vector";
import {
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
import { shuffle } from "../rng";
import { config } from "./config";
import { endEpoch, getSlot, setSlot } from "./state";

/**
 * Stochastic gradient descent, one row per step, epochs state.epoch … epochEnd−1. For row x with
 * r = x·w + b − y: w ← w·(1 − 2η·l2) − 2η·r·x in one pass over w, b ← b − 2η·r. Rows are visited
 * in a fresh shuffled order each epoch (or in order when the settings do not shuffle). history[epoch]
 * is the mean of r² over the epoch, each r taken before its own step. Buffers and settings as in
 * trainMinibatch (batchSize is 1).
 * Each step is one pass over w fused with the next row's dot product, and the shuffled rows of a
 * large X are touched ahead (touchRows); the arithmetic is that of one row at a time, bit for bit.
 */
export function trainSgd<T>(
  xPtr: usize,
  yPtr: usize,
  n: i32,
  d: i32,
  wPtr: usize,
  historyPtr: usize,
  statePtr: usize,
  configPtr: usize,
  permPtr: usize,
  rngPtr: usize,
  epochEnd: i32,
): i32 {
  const learningRate = config(configPtr, CONFIG_LEARNING_RATE);
  const l2 = config(configPtr, CONFIG_L2);
  const fitIntercept = config(configPtr, CONFIG_FIT_INTERCEPT) != 0;
  const tolerance = config(configPtr, CONFIG_TOLERANCE);
  const patience = config(configPtr, CONFIG_PATIENCE);
  const doShuffle = config(configPtr, CONFIG_SHUFFLE) != 0;
  let b = getSlot(statePtr, SLOT_INTERCEPT);
  let epoch = <i32>getSlot(statePtr, SLOT_EPOCH);
  const shrink = 1 - 2 * learningRate * l2;
  const rowBytes = <usize>d * sizeof<T>();
  const touch = doShuffle && worthTouching(n, rowBytes);
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (doShuffle) shuffle(permPtr, n, rngPtr);
    let loss: f64 = 0;
    // Each step is fused with the next row's dot product (scaleAxpyDot): one pass over w per row
    // instead of two, with the same arithmetic in the same order.
    let row = rowOf(permPtr, doShuffle, 0);
    let xRow = xPtr + row * rowBytes;
    let r = dot<T>(xRow, wPtr, d) + b - load<f64>(yPtr + (row << 3));
    let sink: u32 = 0;
    for (let i = 0; i < n; i++) {
      if (touch && (i & (TOUCH_ROWS - 1)) == 0) sink ^= touchRows(xPtr, rowBytes, permPtr, i + TOUCH_ROWS, n);
      loss += r * r;
      const step = 2 * learningRate * r;
      if (fitIntercept) b -= step;
      if (i + 1 < n) {
        row = rowOf(permPtr, doShuffle, i + 1);
        const xNext = xPtr + row * rowBytes;
        r = scaleAxpyDot<T>(wPtr, xRow, xNext, d, shrink, -step) + b - load<f64>(yPtr + (row << 3));
        xRow = xNext;
      } else {
        scaleAxpy<T>(wPtr, xRow, d, shrink, -step);
      }
    }
    touchSink(sink);
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

/** Row i of the epoch: perm[i] when shuffling, else i. */
// @ts-ignore: decorator
@inline function rowOf(permPtr: usize, doShuffle: bool, i: i32): usize {
  return doShuffle ? <usize>load<u32>(permPtr + (<usize>i << 2)) : <usize>i;
}

import { dot, scaleAxpy, sumSquares } from "../kernels/vector";
import { shuffle } from "../rng";
import { STATUS_DIVERGED, STATUS_OK } from "../status";
import { endEpoch, getSlot, SLOT_EPOCH, SLOT_INTERCEPT, setSlot } from "./state";

/**
 * Stochastic gradient descent, one row per step, epochs state.epoch … epochEnd−1. For row x with
 * r = x·w + b − y: w ← w·(1 − 2η·l2) − 2η·r·x in one pass over w, b ← b − 2η·r. Rows are visited
 * in a fresh shuffled order each epoch (or in order when doShuffle is false). history[epoch] is the
 * mean of r² over the epoch, each r taken before its own step. Buffers as in trainMinibatch.
 */
export function trainSgd<T>(
  xPtr: usize,
  yPtr: usize,
  n: i32,
  d: i32,
  wPtr: usize,
  historyPtr: usize,
  statePtr: usize,
  permPtr: usize,
  rngPtr: usize,
  doShuffle: bool,
  learningRate: f64,
  l2: f64,
  fitIntercept: bool,
  tolerance: f64,
  patience: i32,
  epochEnd: i32,
): i32 {
  let b = getSlot(statePtr, SLOT_INTERCEPT);
  let epoch = <i32>getSlot(statePtr, SLOT_EPOCH);
  const shrink = 1 - 2 * learningRate * l2;
  const rowBytes = <usize>d * sizeof<T>();
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (doShuffle) shuffle(permPtr, n, rngPtr);
    let loss: f64 = 0;
    for (let i = 0; i < n; i++) {
      const row: usize = doShuffle ? <usize>load<u32>(permPtr + (<usize>i << 2)) : <usize>i;
      const xRow = xPtr + row * rowBytes;
      const r = dot<T>(xRow, wPtr, d) + b - load<f64>(yPtr + (row << 3));
      loss += r * r;
      const step = 2 * learningRate * r;
      scaleAxpy<T>(wPtr, xRow, d, shrink, -step);
      if (fitIntercept) b -= step;
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

import { gradient } from "../kernels/gradient";
import { update } from "../kernels/update";
import { sumSquares, zeroF64 } from "../kernels/vector";
import { STATUS_DIVERGED, STATUS_OK } from "../status";
import { endEpoch, getSlot, SLOT_EPOCH, SLOT_INTERCEPT, setSlot } from "./state";

/**
 * Batch gradient descent, epochs state.epoch … epochEnd−1, all inside WASM. Each epoch is one
 * step over all n rows: r = Xw + b − y, history[epoch] = (1/n)·Σr², then
 * w ← w − η·((2/n)·Xᵀr + 2·l2·w) and b ← b − η·(2/n)·Σr (when fitIntercept).
 * X: n×d of type T at xPtr; y: n f64; w: d of type T; g: d+1 f64 scratch; acc: d of type T
 * scratch (f32 only); history: f64 per epoch; state: see state.ts. Returns a status code.
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
  learningRate: f64,
  l2: f64,
  fitIntercept: bool,
  tolerance: f64,
  patience: i32,
  epochEnd: i32,
): i32 {
  assert(n >= 1 && d >= 1, "trainBatch: needs n >= 1 rows and d >= 1 features");
  let b = getSlot(statePtr, SLOT_INTERCEPT);
  let epoch = <i32>getSlot(statePtr, SLOT_EPOCH);
  const step = (2 * learningRate) / <f64>n;
  const shrink = 1 - 2 * learningRate * l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    zeroF64(gPtr, d + 1);
    const penalty = l2 > 0 ? l2 * sumSquares<T>(wPtr, d) : 0;
    const mse = gradient<T>(xPtr, yPtr, d, 0, 0, n, wPtr, b, gPtr, accPtr) / <f64>n;
    update<T>(wPtr, gPtr, d, shrink, step);
    if (fitIntercept) b -= step * load<f64>(gPtr + (<usize>d << 3));
    status = endEpoch<T>(statePtr, historyPtr, epoch, mse, penalty, wPtr, d, b, tolerance, patience);
    if (status == STATUS_DIVERGED) break;
    epoch++;
    if (status != STATUS_OK) break;
  }
  setSlot(statePtr, SLOT_INTERCEPT, b);
  setSlot(statePtr, SLOT_EPOCH, <f64>epoch);
  return status;
}

import { allFinite } from "../kernels/vector";
import { STATUS_CONVERGED, STATUS_DIVERGED, STATUS_OK } from "../status";

// Training state that outlives one call, so that JS can run the epochs in chunks (to report
// progress) and a trainer continues exactly where it stopped. f64 slots at statePtr;
// mirrored in src/status.ts.

/** The intercept b. */
export const SLOT_INTERCEPT = 0;
/** Epochs completed so far. */
export const SLOT_EPOCH = 1;
/** Best objective so far (JS starts it at +Infinity). */
export const SLOT_BEST = 2;
/** Epochs in a row whose objective improved by less than tolerance·best. */
export const SLOT_STALL = 3;
/** The objective of the run's first epoch (θ = 0 for batch GD): the yardstick for "exploded". */
export const SLOT_FIRST = 4;
export const STATE_SLOTS = 5;

/** An objective this many times the first epoch's has exploded: no healthy run gets there. */
const EXPLODED = 1e4;

// @ts-ignore: decorator
@inline export function getSlot(statePtr: usize, slot: i32): f64 {
  return load<f64>(statePtr + (<usize>slot << 3));
}

// @ts-ignore: decorator
@inline export function setSlot(statePtr: usize, slot: i32, value: f64): void {
  store<f64>(statePtr + (<usize>slot << 3), value);
}

/**
 * Book-keeping at the end of an epoch: writes the epoch's training MSE to history[epoch] and
 * applies, to objective = mse + penalty:
 * - divergence: the loss, a weight (d of type T at wPtr) or the intercept is not finite, or the
 *   objective exceeds EXPLODED × the first epoch's, or the run stalls (below) while worse than its
 *   first epoch: a step too large makes the loss grow, which must not pass for convergence;
 * - the stopping rule: `patience` epochs in a row that improve on the best objective by less than
 *   tolerance × best (tolerance < 0 disables it).
 */
export function endEpoch<T>(
  statePtr: usize,
  historyPtr: usize,
  epoch: i32,
  mse: f64,
  penalty: f64,
  wPtr: usize,
  d: i32,
  b: f64,
  tolerance: f64,
  patience: i32,
): i32 {
  store<f64>(historyPtr + (<usize>epoch << 3), mse);
  const objective = mse + penalty;
  if (!isFinite(objective) || !isFinite(b) || !allFinite<T>(wPtr, d)) return STATUS_DIVERGED;
  if (epoch == 0) setSlot(statePtr, SLOT_FIRST, objective);
  const first = getSlot(statePtr, SLOT_FIRST);
  if (objective > EXPLODED * first) return STATUS_DIVERGED;
  if (tolerance < 0) return STATUS_OK;
  const best = getSlot(statePtr, SLOT_BEST);
  if (best == Infinity || objective < best - tolerance * best) {
    setSlot(statePtr, SLOT_STALL, 0);
  } else {
    const stall = getSlot(statePtr, SLOT_STALL) + 1;
    setSlot(statePtr, SLOT_STALL, stall);
    if (stall >= <f64>patience) return objective > first ? STATUS_DIVERGED : STATUS_CONVERGED;
  }
  if (objective < best) setSlot(statePtr, SLOT_BEST, objective);
  return STATUS_OK;
}

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
// The general trainer's (trainGeneral) state, carried across calls and fits (warmStart):
/** The step count t of the schedules and Adam, from 1. */
export const SLOT_STEP = 5;
/** The step size η of 'constant' and 'adaptive' (divided by 5 at each of adaptive's stalls). */
export const SLOT_ETA = 6;
/** u of the cumulative L1 penalty: Σ η·l1 over the steps so far. */
export const SLOT_L1_TOTAL = 7;
/** Iterates averaged so far (0: not averaging yet). */
export const SLOT_AVERAGED = 8;
/** The epoch (0-based) of the best validation loss so far, whose model is kept; −1: none. */
export const SLOT_BEST_EPOCH = 9;
/** The objective at the run's starting weights (θ = 0, or the warm start's), set by JS before the
 *  first epoch: a run that stalls above both it and its first epoch's objective has diverged, and
 *  the general trainer also stops a run that grows EXPLODED-fold from it. */
export const SLOT_START = 10;
export const STATE_SLOTS = 11;

/** An objective this many times the first epoch's has exploded: no healthy run gets there. */
export const EXPLODED = 1e4;

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
 *   objective exceeds EXPLODED × the first epoch's, or the run stalls (below) while worse than both
 *   its first epoch and its start: a step too large makes the loss grow, which must not pass for
 *   convergence;
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
    // A first epoch that already reached a noisy floor must not make the floor look like divergence.
    const above = objective > max(first, getSlot(statePtr, SLOT_START));
    if (stall >= <f64>patience) return above ? STATUS_DIVERGED : STATUS_CONVERGED;
  }
  if (objective < best) setSlot(statePtr, SLOT_BEST, objective);
  return STATUS_OK;
}

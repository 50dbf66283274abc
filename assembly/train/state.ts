import { allFinite } from "../kernels/vector";
import {
  ADAPTIVE_MIN_ETA,
  EXPLODED,
  ROUNDING,
  SLOT_BEST,
  SLOT_DECREASE,
  SLOT_ETA,
  SLOT_FIRST,
  SLOT_PREVIOUS,
  SLOT_STALL,
  SLOT_START,
  STATUS_CONVERGED,
  STATUS_DIVERGED,
  STATUS_OK,
} from "../layout";

// The state of a run (f64 slots at statePtr, SLOT_* in ../layout.ts) and the rules every trainer
// applies at the end of an epoch: divergence and the stopping rule.

// @ts-ignore: decorator
@inline export function getSlot(statePtr: usize, slot: i32): f64 {
  return load<f64>(statePtr + (<usize>slot << 3));
}

// @ts-ignore: decorator
@inline export function setSlot(statePtr: usize, slot: i32, value: f64): void {
  store<f64>(statePtr + (<usize>slot << 3), value);
}

/**
 * The stopping rule, applied to the quantity an epoch is judged by (the training objective, or the
 * loss on held-out rows): keeps the best so far, and counts the epochs in a row that improve on it by
 * less than tolerance × best (tolerance < 0: never stops). After `patience` of them 'adaptive'
 * divides its step by 5 while the step is above ADAPTIVE_MIN_ETA and counts again; otherwise the
 * run has stalled: returns true.
 */
export function stalled(statePtr: usize, watched: f64, tolerance: f64, patience: f64, adaptive: bool): bool {
  const best = getSlot(statePtr, SLOT_BEST);
  if (watched < best) setSlot(statePtr, SLOT_BEST, watched);
  if (tolerance < 0) return false;
  if (best == Infinity || watched < best - tolerance * best) {
    setSlot(statePtr, SLOT_STALL, 0);
    return false;
  }
  const stall = getSlot(statePtr, SLOT_STALL) + 1;
  setSlot(statePtr, SLOT_STALL, stall);
  if (stall < patience) return false;
  const eta = getSlot(statePtr, SLOT_ETA);
  if (adaptive && eta > ADAPTIVE_MIN_ETA) {
    setSlot(statePtr, SLOT_ETA, eta / 5);
    setSlot(statePtr, SLOT_STALL, 0);
    return false;
  }
  return true;
}

/**
 * The stopping rule of full-batch descent, on an optimality measure instead of a plateau: a
 * constant-step gradient (or proximal-gradient) descent converges linearly, its decreases Δₖ of the
 * objective shrinking by a rate r = Δₖ/Δₖ₋₁ < 1, so the objective is still about Δₖ·r/(1 − r) above
 * the optimum (the rest of the geometric series). An epoch is settled when that estimate is below
 * tolerance × the objective (or when the decrease is rounding); `patience` settled epochs in a row
 * stop the run. A run that still moves steadily (r near 1) has a large estimate and goes on, however
 * small each decrease: relative improvement alone stopped such runs 1e-4 above the optimum.
 */
export function settled(statePtr: usize, objective: f64, tolerance: f64, patience: f64): bool {
  const previous = getSlot(statePtr, SLOT_PREVIOUS);
  const before = getSlot(statePtr, SLOT_DECREASE);
  const decrease = previous - objective;
  setSlot(statePtr, SLOT_PREVIOUS, objective);
  setSlot(statePtr, SLOT_DECREASE, decrease);
  if (objective < getSlot(statePtr, SLOT_BEST)) setSlot(statePtr, SLOT_BEST, objective);
  if (tolerance < 0) return false;
  // Relative to the objective, with a floor for data the model fits exactly (objective → 0).
  const scale = max(abs(objective), 1e-12 * getSlot(statePtr, SLOT_START));
  let close = false;
  if (abs(decrease) <= ROUNDING * scale) {
    close = true;
  } else if (decrease > 0 && decrease < before && isFinite(before)) {
    const rate = decrease / before;
    close = (decrease * rate) / (1 - rate) <= tolerance * scale;
  }
  const count = close ? getSlot(statePtr, SLOT_STALL) + 1 : 0;
  setSlot(statePtr, SLOT_STALL, count);
  return count >= patience;
}

/** Whether a stalled run stands above both its first epoch and its start: a step too large, not
 *  convergence (a first epoch that already reached a noisy floor must not make the floor look like
 *  divergence). */
// @ts-ignore: decorator
@inline export function aboveStart(statePtr: usize, objective: f64): bool {
  return objective > max(getSlot(statePtr, SLOT_FIRST), getSlot(statePtr, SLOT_START));
}

/**
 * Book-keeping at the end of an epoch of the plain trainers: writes the epoch's training MSE to
 * history[epoch] and applies, to objective = mse + penalty:
 * - divergence: the loss, a weight (d of type T at wPtr) or the intercept is not finite, or the
 *   objective exceeds EXPLODED × the first epoch's, or the run stalls (below) while worse than both
 *   its first epoch and its start: a step too large makes the loss grow, which must not pass for
 *   convergence;
 * - the stopping rule on the objective: settled for full-batch descent (fullBatch), else stalled.
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
  patience: f64,
  fullBatch: bool = false,
): i32 {
  store<f64>(historyPtr + (<usize>epoch << 3), mse);
  const objective = mse + penalty;
  if (!isFinite(objective) || !isFinite(b) || !allFinite<T>(wPtr, d)) return STATUS_DIVERGED;
  if (epoch == 0) setSlot(statePtr, SLOT_FIRST, objective);
  if (objective > EXPLODED * getSlot(statePtr, SLOT_FIRST)) return STATUS_DIVERGED;
  const stop = fullBatch
    ? settled(statePtr, objective, tolerance, patience)
    : stalled(statePtr, objective, tolerance, patience, false);
  if (stop) return aboveStart(statePtr, objective) ? STATUS_DIVERGED : STATUS_CONVERGED;
  return STATUS_OK;
}

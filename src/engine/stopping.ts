// The stopping rule, twin of stalled and aboveStart in assembly/train/state.ts, on a state array
// laid out as the core's (SLOT_*): the JS engine's trainers apply it each epoch, and fitStream applies
// it to each epoch's progressive validation loss, so all three stop by the same rule.
import {
  ADAPTIVE_MIN_ETA,
  ROUNDING,
  SLOT_BEST,
  SLOT_DECREASE,
  SLOT_ETA,
  SLOT_FIRST,
  SLOT_PREVIOUS,
  SLOT_STALL,
  SLOT_START,
} from './layout.js';

/**
 * Keeps the best watched quantity so far (state[SLOT_BEST]) and counts the epochs in a row that
 * improve on it by less than tolerance × best (state[SLOT_STALL]; tolerance < 0: never stops). After
 * `patience` of them, 'adaptive' (adaptive = true) divides its step state[SLOT_ETA] by 5 while it is
 * above ADAPTIVE_MIN_ETA and counts again; otherwise the run has stalled: returns true.
 */
export function stalled(
  state: Float64Array,
  watched: number,
  tolerance: number,
  patience: number,
  adaptive: boolean,
): boolean {
  const best = state[SLOT_BEST];
  if (watched < best) state[SLOT_BEST] = watched;
  if (tolerance < 0) return false;
  if (best === Number.POSITIVE_INFINITY || watched < best - tolerance * best) {
    state[SLOT_STALL] = 0;
    return false;
  }
  const stall = state[SLOT_STALL] + 1;
  state[SLOT_STALL] = stall;
  if (stall < patience) return false;
  const eta = state[SLOT_ETA];
  if (adaptive && eta > ADAPTIVE_MIN_ETA) {
    state[SLOT_ETA] = eta / 5;
    state[SLOT_STALL] = 0;
    return false;
  }
  return true;
}

/**
 * The stopping rule of full-batch descent (twin of settled in assembly/train/state.ts): an epoch is
 * settled when the remaining gap estimated from the rate of the objective's decreases,
 * Δₖ·r/(1 − r) with r = Δₖ/Δₖ₋₁, is below tolerance × the objective, or the decrease is rounding;
 * `patience` settled epochs in a row stop the run.
 */
export function settled(state: Float64Array, objective: number, tolerance: number, patience: number): boolean {
  const previous = state[SLOT_PREVIOUS];
  const before = state[SLOT_DECREASE];
  const decrease = previous - objective;
  state[SLOT_PREVIOUS] = objective;
  state[SLOT_DECREASE] = decrease;
  if (objective < state[SLOT_BEST]) state[SLOT_BEST] = objective;
  if (tolerance < 0) return false;
  const scale = Math.max(Math.abs(objective), 1e-12 * state[SLOT_START]);
  let close = false;
  if (Math.abs(decrease) <= ROUNDING * scale) {
    close = true;
  } else if (decrease > 0 && decrease < before && Number.isFinite(before)) {
    const rate = decrease / before;
    close = (decrease * rate) / (1 - rate) <= tolerance * scale;
  }
  const count = close ? state[SLOT_STALL] + 1 : 0;
  state[SLOT_STALL] = count;
  return count >= patience;
}

/** Whether a stalled run stands above both its first epoch and its start: a step too large. */
export function aboveStart(state: Float64Array, objective: number): boolean {
  return objective > Math.max(state[SLOT_FIRST], state[SLOT_START]);
}

// The penalty's value l1·‖w‖₁ + l2·‖w‖², twin of penaltyValue in assembly/train/penalty.ts: what both
// engines add to the loss at a run's starting weights (train-state.ts) and the JS twins each epoch.
import type { Floats } from './engine.js';

/** l1·‖w‖₁ + l2·‖w‖² over the first d weights. */
export function penaltyValue(w: Floats, d: number, l1: number, l2: number): number {
  let sumAbs = 0;
  let sumSq = 0;
  for (let j = 0; j < d; j++) {
    const v = w[j];
    sumAbs += Math.abs(v);
    sumSq += v * v;
  }
  return l1 * sumAbs + l2 * sumSq;
}

// Pure-JS twin of assembly/train/penalty.ts: the cumulative L1 penalty and the penalty's value.
import type { Floats } from '../engine.js';
import { SLOT_L1_TOTAL, WORK_L1_APPLIED } from '../layout.js';
import { workVector } from './config.js';

export { penaltyValue } from '../penalty.js';

/** The cumulative L1 penalty (Tsuruoka et al.): u grows by `amount`, each weight receives u − |q_j|. */
export function applyL1(state: Float64Array, work: Float64Array, w: Floats, d: number, amount: number): void {
  const u = state[SLOT_L1_TOTAL] + amount;
  state[SLOT_L1_TOTAL] = u;
  const q = workVector(work, d, WORK_L1_APPLIED);
  for (let j = 0; j < d; j++) {
    const z = w[j];
    let next = z;
    if (z > 0) next = Math.max(0, z - (u + q[j]));
    else if (z < 0) next = Math.min(0, z + (u - q[j]));
    w[j] = next;
    q[j] = q[j] + (w[j] - z);
  }
}

/** Soft thresholding, the proximal step of the L1 penalty (twin of proximalL1: ISTA on full batches). */
export function proximalL1(w: Floats, d: number, amount: number): void {
  for (let j = 0; j < d; j++) {
    const z = w[j];
    w[j] = z > amount ? z - amount : z < -amount ? z + amount : 0;
  }
}

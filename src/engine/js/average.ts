// Pure-JS twin of assembly/train/average.ts: the running average of the iterates (averaged SGD).

import type { Floats } from '../engine.js';
import { SLOT_AVERAGED, WORK_AVERAGE } from '../layout.js';
import { workVector } from './config.js';

/** avg ← avg + (θ − avg)/k for the k-th averaged iterate. */
export function averageStep(state: Float64Array, work: Float64Array, w: Floats, d: number, b: number): void {
  const k = state[SLOT_AVERAGED] + 1;
  state[SLOT_AVERAGED] = k;
  const avg = workVector(work, d, WORK_AVERAGE);
  const step = 1 / k;
  for (let j = 0; j < d; j++) avg[j] = avg[j] + (w[j] - avg[j]) * step;
  avg[d] = avg[d] + (b - avg[d]) * step;
}

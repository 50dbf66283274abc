// Pure-JS twin of assembly/train/validation.ts: which weights are the model, and their loss on held-out rows.
import { blockRows } from '../blocks.js';
import { SLOT_AVERAGED, SLOT_BEST_EPOCH, SLOT_INTERCEPT, WORK_AVERAGE, WORK_BEST } from '../layout.js';
import { workVector } from './config.js';
import { dot, dotF64, type Floats } from './kernels.js';
import { lossValue } from './loss.js';

/** Mean of s·ℓ(r) of the current model (the average once averaging began) over rows from … to−1. */
export function validationLoss(
  X: Floats,
  y: Float64Array,
  s: Float64Array | null,
  from: number,
  to: number,
  d: number,
  w: Floats,
  b: number,
  state: Float64Array,
  work: Float64Array,
  loss: number,
  epsilon: number,
): number {
  if (state[SLOT_AVERAGED] === 0) return meanLoss(X, y, s, from, to, d, w, b, loss, epsilon);
  const avg = workVector(work, d, WORK_AVERAGE);
  const intercept = avg[d];
  let sum = 0;
  for (let i = from; i < to; i++) {
    const r = dotF64(X, i * d, avg, d) + intercept - y[i];
    sum += (s ? s[i] : 1) * lossValue(loss, r, epsilon);
  }
  return sum / (to - from);
}

/** Mean of s·ℓ(x·w + b − y) over rows from … to−1, summed in the fixed blocks of ../blocks.ts (twin of meanLoss<T>). */
export function meanLoss(
  X: Floats,
  y: Float64Array,
  s: Float64Array | null,
  from: number,
  to: number,
  d: number,
  w: Floats,
  b: number,
  loss: number,
  epsilon: number,
): number {
  const rows = blockRows(d * X.BYTES_PER_ELEMENT);
  if (to - from <= rows) return sumLoss(X, y, s, from, to, d, w, b, loss, epsilon) / (to - from);
  let sum = 0;
  for (let start = from; start < to; start += rows) {
    sum += sumLoss(X, y, s, start, Math.min(to, start + rows), d, w, b, loss, epsilon);
  }
  return sum / (to - from);
}

/** Σ s·ℓ(x·w + b − y) over rows from … to−1, in order. */
function sumLoss(
  X: Floats,
  y: Float64Array,
  s: Float64Array | null,
  from: number,
  to: number,
  d: number,
  w: Floats,
  b: number,
  loss: number,
  epsilon: number,
): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const r = dot(X, i * d, w, d) + b - y[i];
    sum += (s ? s[i] : 1) * lossValue(loss, r, epsilon);
  }
  return sum;
}

/** Copies the current model into the workspace's best vector. */
export function keepBest(state: Float64Array, work: Float64Array, w: Floats, d: number, b: number): void {
  currentModel(state, work, w, d, b, workVector(work, d, WORK_BEST));
}

/** The model the trainer returns (d + 1, intercept last): the best validation epoch's, else the current one. */
export function modelWeights(state: Float64Array, work: Float64Array, w: Floats, d: number): Float64Array {
  const out = new Float64Array(d + 1);
  if (state[SLOT_BEST_EPOCH] >= 0) out.set(workVector(work, d, WORK_BEST));
  else currentModel(state, work, w, d, state[SLOT_INTERCEPT], out);
  return out;
}

function currentModel(
  state: Float64Array,
  work: Float64Array,
  w: Floats,
  d: number,
  b: number,
  out: Float64Array,
): void {
  if (state[SLOT_AVERAGED] > 0) {
    out.set(workVector(work, d, WORK_AVERAGE));
    return;
  }
  for (let j = 0; j < d; j++) out[j] = w[j];
  out[d] = b;
}

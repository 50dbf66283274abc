// Pure-JS twins of assembly/train: the same epoch loops, stopping rule and persistent state
// (a Float64Array of STATE_SLOTS, see src/status.ts), so a run can be resumed in chunks.
import {
  EXPLODED,
  SLOT_BEST,
  SLOT_EPOCH,
  SLOT_FIRST,
  SLOT_INTERCEPT,
  SLOT_STALL,
  SLOT_START,
  STATE_SLOTS,
  STATUS_CONVERGED,
  STATUS_DIVERGED,
  STATUS_OK,
} from '../layout.js';
import { Rng, shuffle } from '../rng.js';
import { allFinite, dot, type Floats, gradient, scaleAxpy, sumSquares, update } from './kernels.js';

/** Hyper-parameters shared by the trainers. */
export interface TrainParams {
  learningRate: number;
  l2: number;
  fitIntercept: boolean;
  /** Relative; negative disables the stopping rule. */
  tolerance: number;
  patience: number;
}

/** A new state: intercept 0, no epochs, best objective +∞. */
export function newState(): Float64Array {
  const state = new Float64Array(STATE_SLOTS);
  state[SLOT_BEST] = Number.POSITIVE_INFINITY;
  return state;
}

/** Twin of endEpoch in assembly/train/state.ts: divergence checks, then the stopping rule. */
export function endEpoch(
  state: Float64Array,
  history: Float64Array,
  epoch: number,
  mse: number,
  penalty: number,
  w: Floats,
  b: number,
  p: TrainParams,
): number {
  history[epoch] = mse;
  const objective = mse + penalty;
  if (!Number.isFinite(objective) || !Number.isFinite(b) || !allFinite(w, w.length)) return STATUS_DIVERGED;
  if (epoch === 0) state[SLOT_FIRST] = objective;
  if (objective > EXPLODED * state[SLOT_FIRST]) return STATUS_DIVERGED;
  if (p.tolerance < 0) return STATUS_OK;
  const best = state[SLOT_BEST];
  if (best === Number.POSITIVE_INFINITY || objective < best - p.tolerance * best) {
    state[SLOT_STALL] = 0;
  } else {
    state[SLOT_STALL] += 1;
    const above = objective > Math.max(state[SLOT_FIRST], state[SLOT_START]);
    if (state[SLOT_STALL] >= p.patience) return above ? STATUS_DIVERGED : STATUS_CONVERGED;
  }
  if (objective < best) state[SLOT_BEST] = objective;
  return STATUS_OK;
}

/** Batch gradient descent until epochEnd epochs are complete (twin of trainBatch). */
export function trainBatch(
  X: Floats,
  y: Float64Array,
  n: number,
  d: number,
  w: Floats,
  g: Float64Array,
  history: Float64Array,
  state: Float64Array,
  p: TrainParams,
  epochEnd: number,
): number {
  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  const step = (2 * p.learningRate) / n;
  const shrink = 1 - 2 * p.learningRate * p.l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    g.fill(0);
    const penalty = p.l2 > 0 ? p.l2 * sumSquares(w) : 0;
    const mse = gradient(X, y, d, null, 0, n, w, b, g) / n;
    update(w, g, d, shrink, step);
    if (p.fitIntercept) b -= step * g[d];
    status = endEpoch(state, history, epoch, mse, penalty, w, b, p);
    if (status === STATUS_DIVERGED) break;
    epoch++;
    if (status !== STATUS_OK) break;
  }
  state[SLOT_INTERCEPT] = b;
  state[SLOT_EPOCH] = epoch;
  return status;
}

/** Mini-batch gradient descent (twin of trainMinibatch). perm is null when rows are not shuffled. */
export function trainMinibatch(
  X: Floats,
  y: Float64Array,
  n: number,
  d: number,
  w: Floats,
  g: Float64Array,
  history: Float64Array,
  state: Float64Array,
  perm: Uint32Array | null,
  rng: Rng,
  batchSize: number,
  p: TrainParams,
  epochEnd: number,
): number {
  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  const shrink = 1 - 2 * p.learningRate * p.l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (perm) shuffle(perm, rng);
    let loss = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const step = (2 * p.learningRate) / (end - start);
      g.fill(0);
      loss += gradient(X, y, d, perm, start, end, w, b, g);
      update(w, g, d, shrink, step);
      if (p.fitIntercept) b -= step * g[d];
    }
    const penalty = p.l2 > 0 ? p.l2 * sumSquares(w) : 0;
    status = endEpoch(state, history, epoch, loss / n, penalty, w, b, p);
    if (status === STATUS_DIVERGED) break;
    epoch++;
    if (status !== STATUS_OK) break;
  }
  state[SLOT_INTERCEPT] = b;
  state[SLOT_EPOCH] = epoch;
  return status;
}

/** Stochastic gradient descent, one row per step (twin of trainSgd). */
export function trainSgd(
  X: Floats,
  y: Float64Array,
  n: number,
  d: number,
  w: Floats,
  history: Float64Array,
  state: Float64Array,
  perm: Uint32Array | null,
  rng: Rng,
  p: TrainParams,
  epochEnd: number,
): number {
  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  const shrink = 1 - 2 * p.learningRate * p.l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (perm) shuffle(perm, rng);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = perm ? perm[i] : i;
      const off = row * d;
      const r = dot(X, off, w, d) + b - y[row];
      loss += r * r;
      const step = 2 * p.learningRate * r;
      scaleAxpy(w, X, off, d, shrink, -step);
      if (p.fitIntercept) b -= step;
    }
    const penalty = p.l2 > 0 ? p.l2 * sumSquares(w) : 0;
    status = endEpoch(state, history, epoch, loss / n, penalty, w, b, p);
    if (status === STATUS_DIVERGED) break;
    epoch++;
    if (status !== STATUS_OK) break;
  }
  state[SLOT_INTERCEPT] = b;
  state[SLOT_EPOCH] = epoch;
  return status;
}

/** Twin of powerIteration in assembly/train/lipschitz.ts: λmax of (1/n)·ZᵀZ. */
export function powerIteration(
  X: Floats,
  n: number,
  d: number,
  fitIntercept: boolean,
  maxIter: number,
  tol: number,
): number {
  const m = fitIntercept ? d + 1 : d;
  const rng = new Rng(0x5eed);
  const v = new Float64Array(d + 1);
  for (let j = 0; j < m; j++) v[j] = rng.next() * 2.3283064365386963e-10 + 0.5;
  normalize(v, m);
  const w = X instanceof Float32Array ? new Float32Array(d) : new Float64Array(d);
  const g = new Float64Array(d + 1);
  let lambda = 0;
  for (let it = 0; it < maxIter; it++) {
    for (let j = 0; j < d; j++) w[j] = v[j];
    g.fill(0);
    gradient(X, null, d, null, 0, n, w, fitIntercept ? v[d] : 0, g);
    let rayleigh = 0;
    for (let j = 0; j < m; j++) {
      g[j] /= n;
      rayleigh += g[j] * v[j];
    }
    v.set(g.subarray(0, m));
    const norm = normalize(v, m);
    const previous = lambda;
    lambda = Math.max(rayleigh, norm);
    if (norm === 0) break;
    if (Math.abs(lambda - previous) <= tol * lambda) break;
  }
  return lambda;
}

function normalize(v: Float64Array, m: number): number {
  let s = 0;
  for (let j = 0; j < m; j++) s += v[j] * v[j];
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < m; j++) v[j] /= norm;
  return norm;
}

// Pure-JS twins of assembly/train (batch.ts, minibatch.ts, sgd.ts, state.ts): the same epoch loops,
// stopping rule and persistent state (a Float64Array of STATE_SLOTS), reading the same settings
// block (CONFIG_*, see configBlock), so a run can be resumed in chunks.
import type { Floats } from '../engine.js';
import {
  CONFIG_BATCH_SIZE,
  CONFIG_FIT_INTERCEPT,
  CONFIG_L2,
  CONFIG_LEARNING_RATE,
  CONFIG_PATIENCE,
  CONFIG_SHUFFLE,
  CONFIG_TOLERANCE,
  EXPLODED,
  SLOT_EPOCH,
  SLOT_FIRST,
  SLOT_INTERCEPT,
  STATUS_CONVERGED,
  STATUS_DIVERGED,
  STATUS_OK,
} from '../layout.js';
import { Rng, shuffle } from '../rng.js';
import { aboveStart, settled, stalled } from '../stopping.js';
import { freshState } from '../train-state.js';
import { allFinite, blockedGradient, blockedGradientRange, dot, scaleAxpy, sumSquares, update } from './kernels.js';

/** A new state: intercept 0, no epochs, best and previous objective +∞ (freshState). */
export const newState = freshState;

/** Twin of endEpoch in assembly/train/state.ts: divergence checks, then the stopping rule. */
export function endEpoch(
  state: Float64Array,
  history: Float64Array,
  epoch: number,
  mse: number,
  penalty: number,
  w: Floats,
  b: number,
  tolerance: number,
  patience: number,
  fullBatch = false,
): number {
  history[epoch] = mse;
  const objective = mse + penalty;
  if (!Number.isFinite(objective) || !Number.isFinite(b) || !allFinite(w, w.length)) return STATUS_DIVERGED;
  if (epoch === 0) state[SLOT_FIRST] = objective;
  if (objective > EXPLODED * state[SLOT_FIRST]) return STATUS_DIVERGED;
  const stop = fullBatch
    ? settled(state, objective, tolerance, patience)
    : stalled(state, objective, tolerance, patience, false);
  if (stop) return aboveStart(state, objective) ? STATUS_DIVERGED : STATUS_CONVERGED;
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
  config: Float64Array,
  epochEnd: number,
): number {
  const learningRate = config[CONFIG_LEARNING_RATE];
  const l2 = config[CONFIG_L2];
  const fitIntercept = config[CONFIG_FIT_INTERCEPT] !== 0;
  const tolerance = config[CONFIG_TOLERANCE];
  const patience = config[CONFIG_PATIENCE];
  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  const step = (2 * learningRate) / n;
  const shrink = 1 - 2 * learningRate * l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    g.fill(0);
    const penalty = l2 > 0 ? l2 * sumSquares(w) : 0;
    const mse = blockedGradient(X, y, n, d, w, b, g) / n;
    update(w, g, d, shrink, step);
    if (fitIntercept) b -= step * g[d];
    status = endEpoch(state, history, epoch, mse, penalty, w, b, tolerance, patience, true);
    if (status === STATUS_DIVERGED) break;
    epoch++;
    if (status !== STATUS_OK) break;
  }
  state[SLOT_INTERCEPT] = b;
  state[SLOT_EPOCH] = epoch;
  return status;
}

/** Mini-batch gradient descent (twin of trainMinibatch): rows in perm's order when shuffling. */
export function trainMinibatch(
  X: Floats,
  y: Float64Array,
  n: number,
  d: number,
  w: Floats,
  g: Float64Array,
  history: Float64Array,
  state: Float64Array,
  config: Float64Array,
  perm: Uint32Array,
  rng: Rng,
  epochEnd: number,
): number {
  const learningRate = config[CONFIG_LEARNING_RATE];
  const l2 = config[CONFIG_L2];
  const fitIntercept = config[CONFIG_FIT_INTERCEPT] !== 0;
  const tolerance = config[CONFIG_TOLERANCE];
  const patience = config[CONFIG_PATIENCE];
  const batchSize = Math.trunc(config[CONFIG_BATCH_SIZE]);
  const order = config[CONFIG_SHUFFLE] !== 0 ? perm : null;
  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  const shrink = 1 - 2 * learningRate * l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (order) shuffle(order, rng);
    let loss = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const step = (2 * learningRate) / (end - start);
      g.fill(0);
      loss += blockedGradientRange(X, y, d, order, start, end, w, b, g);
      update(w, g, d, shrink, step);
      if (fitIntercept) b -= step * g[d];
    }
    const penalty = l2 > 0 ? l2 * sumSquares(w) : 0;
    status = endEpoch(state, history, epoch, loss / n, penalty, w, b, tolerance, patience);
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
  config: Float64Array,
  perm: Uint32Array,
  rng: Rng,
  epochEnd: number,
): number {
  const learningRate = config[CONFIG_LEARNING_RATE];
  const l2 = config[CONFIG_L2];
  const fitIntercept = config[CONFIG_FIT_INTERCEPT] !== 0;
  const tolerance = config[CONFIG_TOLERANCE];
  const patience = config[CONFIG_PATIENCE];
  const order = config[CONFIG_SHUFFLE] !== 0 ? perm : null;
  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  const shrink = 1 - 2 * learningRate * l2;
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (order) shuffle(order, rng);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = order ? order[i] : i;
      const off = row * d;
      const r = dot(X, off, w, d) + b - y[row];
      loss += r * r;
      const step = 2 * learningRate * r;
      scaleAxpy(w, X, off, d, shrink, -step);
      if (fitIntercept) b -= step;
    }
    const penalty = l2 > 0 ? l2 * sumSquares(w) : 0;
    status = endEpoch(state, history, epoch, loss / n, penalty, w, b, tolerance, patience);
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
    blockedGradient(X, null, n, d, w, fitIntercept ? v[d] : 0, g);
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

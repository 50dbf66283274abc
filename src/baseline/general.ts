// Pure-JS twin of the general trainer (assembly/train/general.ts and its parts: loss.ts,
// schedule.ts, optimizer.ts, penalty.ts, average.ts, validation.ts). The same loops in the same
// order on typed arrays: the settings block of configBlock(), the state slots (src/status.ts), an
// f64 workspace of WORK_VECTORS × (d + 1). The weights have the type of X, so storing into them
// rounds exactly as the core's stores to T do.
//
// The dot products x·w of the core are SIMD sums (f64x2 or f32x4 lanes, two accumulators); dotT
// below adds the same products in the same order (and, for float32, rounds every lane operation
// with Math.fround), so the twins agree bit for bit, not merely to rounding. touchRows (a cache
// trick of the core) has no effect on the results and has no twin.
import {
  CONFIG_ADAM_EPSILON,
  CONFIG_AVERAGE_FROM,
  CONFIG_BATCH_SIZE,
  CONFIG_BETA1,
  CONFIG_BETA2,
  CONFIG_EPSILON,
  CONFIG_FIT_INTERCEPT,
  CONFIG_L1,
  CONFIG_L2,
  CONFIG_LOSS,
  CONFIG_MOMENTUM,
  CONFIG_OPTIMIZER,
  CONFIG_PATIENCE,
  CONFIG_POWER_T,
  CONFIG_SCHEDULE,
  CONFIG_SHUFFLE,
  CONFIG_TOLERANCE,
  EXPLODED,
  SLOT_AVERAGED,
  SLOT_BEST,
  SLOT_BEST_EPOCH,
  SLOT_EPOCH,
  SLOT_ETA,
  SLOT_FIRST,
  SLOT_INTERCEPT,
  SLOT_L1_TOTAL,
  SLOT_STALL,
  SLOT_START,
  SLOT_STEP,
  STATUS_CONVERGED,
  STATUS_DIVERGED,
  STATUS_OK,
  WORK_AVERAGE,
  WORK_BEST,
  WORK_GRADIENT,
  WORK_L1_APPLIED,
  WORK_MOMENT1,
  WORK_MOMENT2,
} from '../status.js';
import type { Floats } from './kernels.js';
import { type Rng, shuffle } from './rng.js';

// The codes of the settings block (assembly/train/config.ts; LOSSES, SCHEDULES, OPTIMIZERS order).
const LOSS_SQUARED = 0;
const LOSS_HUBER = 1;
const SCHEDULE_INVSCALING = 1;
const SCHEDULE_OPTIMAL = 2;
const SCHEDULE_ADAPTIVE = 3;
const OPTIMIZER_PLAIN = 0;
const OPTIMIZER_NESTEROV = 2;
const OPTIMIZER_ADAM = 3;

/** Twin of MAX_SLOPE (loss.ts). */
const MAX_SLOPE = 1e12;
/** Twin of ADAPTIVE_MIN_ETA (general.ts). */
const ADAPTIVE_MIN_ETA = 1e-6;

const fround = Math.fround;

/** Workspace vector k (d + 1 f64, a view). */
function workVector(work: Float64Array, d: number, k: number): Float64Array {
  return work.subarray(k * (d + 1), (k + 1) * (d + 1));
}

/**
 * Twin of trainGeneral: epochs state[SLOT_EPOCH] … epochEnd−1 over the first n rows of X (rows of
 * d), then validation on the nValidation rows after them. s: sample weights (null: all 1); perm:
 * the n row indices (shuffled in place when the settings say so); history and validation are
 * written at [epoch]. Returns a STATUS_* code.
 */
export function trainGeneral(
  X: Floats,
  y: Float64Array,
  s: Float64Array | null,
  n: number,
  nValidation: number,
  d: number,
  w: Floats,
  work: Float64Array,
  history: Float64Array,
  validation: Float64Array,
  state: Float64Array,
  config: Float64Array,
  perm: Uint32Array,
  rng: Rng,
  epochEnd: number,
): number {
  const loss = Math.trunc(config[CONFIG_LOSS]);
  const epsilon = config[CONFIG_EPSILON];
  const schedule = Math.trunc(config[CONFIG_SCHEDULE]);
  const powerT = config[CONFIG_POWER_T];
  const l1 = config[CONFIG_L1];
  const l2 = config[CONFIG_L2];
  const averageFrom = Math.trunc(config[CONFIG_AVERAGE_FROM]);
  const batchSize = Math.trunc(config[CONFIG_BATCH_SIZE]);
  const doShuffle = config[CONFIG_SHUFFLE] !== 0;
  const fitIntercept = config[CONFIG_FIT_INTERCEPT] !== 0;
  const tolerance = config[CONFIG_TOLERANCE];
  const patience = config[CONFIG_PATIENCE];
  const alpha = l2 + l1 / 2;
  const t0 = schedule === SCHEDULE_OPTIMAL ? optimalOffset(alpha) : 0;
  const g = workVector(work, d, WORK_GRADIENT);

  let b = state[SLOT_INTERCEPT];
  let epoch = state[SLOT_EPOCH];
  let t = state[SLOT_STEP];
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (doShuffle) shuffle(perm, rng);
    const averaging = averageFrom >= 0 && epoch >= averageFrom;
    let sum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const eta = stepSize(schedule, state[SLOT_ETA], t, powerT, alpha, t0);
      g.fill(0);
      let gb = 0;
      for (let i = start; i < end; i++) {
        const row = doShuffle ? perm[i] : i;
        const off = row * d;
        const r = dotT(X, off, w, d) + b - y[row];
        const si = s ? s[row] : 1;
        sum += si * lossValue(loss, r, epsilon);
        const psi = si * lossSlope(loss, r, epsilon);
        if (psi !== 0) {
          for (let j = 0; j < d; j++) g[j] += psi * X[off + j];
          gb += psi;
        }
      }
      g[d] = gb;
      b = optimizerStep(config, work, w, d, b, eta, end - start, t, fitIntercept);
      if (l1 > 0) applyL1(state, work, w, d, eta * l1);
      if (averaging) averageStep(state, work, w, d, b);
      t += 1;
    }

    // The epoch's book-keeping (as endEpoch, plus validation and adaptive's step).
    const mean = sum / n;
    history[epoch] = mean;
    const objective = mean + penaltyValue(w, d, l1, l2);
    if (!Number.isFinite(objective) || !Number.isFinite(b) || !allFinite(w, d)) {
      status = STATUS_DIVERGED;
      break;
    }
    if (epoch === 0) state[SLOT_FIRST] = objective;
    const yardstick = EXPLODED * Math.min(state[SLOT_FIRST], state[SLOT_START]);
    if (objective > yardstick) {
      // The running loss mixes all the epoch's steps: judge the weights the epoch ended with.
      const now = penaltyValue(w, d, l1, l2) + meanLoss(X, y, s, 0, n, d, w, b, loss, epsilon);
      if (!(now <= yardstick)) {
        status = STATUS_DIVERGED;
        break;
      }
      if (epoch === 0) state[SLOT_FIRST] = now;
    }
    let watched = objective;
    if (nValidation > 0) {
      watched = validationLoss(X, y, s, n, n + nValidation, d, w, b, state, work, loss, epsilon);
      validation[epoch] = watched;
      if (!(watched >= state[SLOT_BEST])) {
        keepBest(state, work, w, d, b);
        state[SLOT_BEST_EPOCH] = epoch;
      }
    }
    const best = state[SLOT_BEST];
    if (watched < best) state[SLOT_BEST] = watched;
    epoch++;
    if (tolerance < 0) continue;
    if (best === Number.POSITIVE_INFINITY || watched < best - tolerance * best) {
      state[SLOT_STALL] = 0;
    } else {
      const stall = state[SLOT_STALL] + 1;
      state[SLOT_STALL] = stall;
      if (stall >= patience) {
        const eta = state[SLOT_ETA];
        if (schedule === SCHEDULE_ADAPTIVE && eta > ADAPTIVE_MIN_ETA) {
          state[SLOT_ETA] = eta / 5;
          state[SLOT_STALL] = 0;
        } else {
          // A stall above where the run started is a step too large, not convergence.
          const above = objective > Math.max(state[SLOT_FIRST], state[SLOT_START]);
          status = nValidation === 0 && above ? STATUS_DIVERGED : STATUS_CONVERGED;
        }
      }
    }
    if (status !== STATUS_OK) {
      if (status === STATUS_DIVERGED) epoch--;
      break;
    }
  }
  state[SLOT_INTERCEPT] = b;
  state[SLOT_EPOCH] = epoch;
  state[SLOT_STEP] = t;
  return status;
}

// --- loss.ts ---

/** ℓ(r): r², Huber's r² / 2ε|r| − ε², or 2·max(0, |r| − ε). */
export function lossValue(loss: number, r: number, epsilon: number): number {
  if (loss === LOSS_SQUARED) return r * r;
  const a = Math.abs(r);
  if (loss === LOSS_HUBER) return a <= epsilon ? r * r : 2 * epsilon * a - epsilon * epsilon;
  return a > epsilon ? 2 * (a - epsilon) : 0;
}

/** ψ(r) = ℓ'(r)/2, the squared loss's clipped to ±MAX_SLOPE. */
export function lossSlope(loss: number, r: number, epsilon: number): number {
  if (loss === LOSS_SQUARED) return Math.min(Math.max(r, -MAX_SLOPE), MAX_SLOPE);
  if (loss === LOSS_HUBER) return Math.min(Math.max(r, -epsilon), epsilon);
  return r > epsilon ? 1 : r < -epsilon ? -1 : 0;
}

// --- schedule.ts ---

/** t₀ of 'optimal' for penalty strength α > 0. */
export function optimalOffset(alpha: number): number {
  return 1 / (alpha * Math.sqrt(1 / Math.sqrt(alpha)));
}

/** The step size η of step t. */
export function stepSize(schedule: number, eta: number, t: number, powerT: number, alpha: number, t0: number): number {
  if (schedule === SCHEDULE_INVSCALING) return eta / power(t, powerT);
  if (schedule === SCHEDULE_OPTIMAL) return 1 / (2 * alpha * (t0 + t - 1));
  return eta;
}

/** t^p with the usual exponents as square roots (twin of power in assembly/train/schedule.ts). */
function power(t: number, p: number): number {
  if (p === 0.25) return Math.sqrt(Math.sqrt(t));
  if (p === 0.5) return Math.sqrt(t);
  if (p === 1) return t;
  return t ** p;
}

// --- optimizer.ts ---

/** One optimizer step on θ = (w, b) from the gradient sums in the workspace; returns the new b. */
export function optimizerStep(
  config: Float64Array,
  work: Float64Array,
  w: Floats,
  d: number,
  b: number,
  eta: number,
  m: number,
  t: number,
  fitIntercept: boolean,
): number {
  const kind = Math.trunc(config[CONFIG_OPTIMIZER]);
  const l2 = config[CONFIG_L2];
  const g = workVector(work, d, WORK_GRADIENT);
  const step = (2 * eta) / m;
  if (kind === OPTIMIZER_PLAIN) {
    const shrink = 1 - 2 * eta * l2;
    for (let j = 0; j < d; j++) w[j] = w[j] * shrink - step * g[j];
    return fitIntercept ? b - step * g[d] : b;
  }
  const scale = 2 / m;
  const m1 = workVector(work, d, WORK_MOMENT1);
  const m2 = workVector(work, d, WORK_MOMENT2);
  const last = fitIntercept ? d + 1 : d;
  if (kind === OPTIMIZER_ADAM) {
    const beta1 = config[CONFIG_BETA1];
    const beta2 = config[CONFIG_BETA2];
    const epsilon = config[CONFIG_ADAM_EPSILON];
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let j = 0; j < last; j++) {
      const theta = j < d ? w[j] : b;
      const gj = scale * g[j] + (j < d ? 2 * l2 * theta : 0);
      const mj = beta1 * m1[j] + (1 - beta1) * gj;
      const vj = beta2 * m2[j] + (1 - beta2) * gj * gj;
      m1[j] = mj;
      m2[j] = vj;
      const next = theta - (eta * (mj / c1)) / (Math.sqrt(vj / c2) + epsilon);
      if (j < d) w[j] = next;
      else b = next;
    }
    return b;
  }
  const mu = config[CONFIG_MOMENTUM];
  const nesterov = kind === OPTIMIZER_NESTEROV;
  for (let j = 0; j < last; j++) {
    const theta = j < d ? w[j] : b;
    const gj = scale * g[j] + (j < d ? 2 * l2 * theta : 0);
    const v = mu * m1[j] + gj;
    m1[j] = v;
    const next = theta - eta * (nesterov ? gj + mu * v : v);
    if (j < d) w[j] = next;
    else b = next;
  }
  return b;
}

// --- penalty.ts ---

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

/** l1·‖w‖₁ + l2·‖w‖². */
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

// --- average.ts ---

/** avg ← avg + (θ − avg)/k for the k-th averaged iterate. */
export function averageStep(state: Float64Array, work: Float64Array, w: Floats, d: number, b: number): void {
  const k = state[SLOT_AVERAGED] + 1;
  state[SLOT_AVERAGED] = k;
  const avg = workVector(work, d, WORK_AVERAGE);
  const step = 1 / k;
  for (let j = 0; j < d; j++) avg[j] = avg[j] + (w[j] - avg[j]) * step;
  avg[d] = avg[d] + (b - avg[d]) * step;
}

// --- validation.ts ---

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

/** Mean of s·ℓ(x·w + b − y) over rows from … to−1 (twin of meanLoss in assembly/train/validation.ts). */
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
  let sum = 0;
  for (let i = from; i < to; i++) {
    const r = dotT(X, i * d, w, d) + b - y[i];
    sum += (s ? s[i] : 1) * lossValue(loss, r, epsilon);
  }
  return sum / (to - from);
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

// --- kernels/vector.ts ---

function allFinite(w: Floats, d: number): boolean {
  for (let j = 0; j < d; j++) if (!Number.isFinite(w[j])) return false;
  return true;
}

/**
 * Twin of dot<T>: x[off …]·w with w of the type of X, summed as the core's SIMD loop sums it —
 * float64: lanes of f64x2 in two accumulators (4 columns a pass, then 2), the lanes added, then
 * the tail; float32: f32x4 lanes in two accumulators (8 then 4 columns), every lane product and
 * sum rounded to float32, the lanes added in float64, then the tail's float32 products.
 */
export function dotT(x: Floats, off: number, w: Floats, d: number): number {
  return x instanceof Float32Array ? dotLanesF32(x, off, w, d) : dotLanesF64(x, off, w, d);
}

/** Twin of dotF64<T>: x[off …]·v for v of f64 (the averaged or kept model). */
export function dotF64(x: Floats, off: number, v: Float64Array, d: number): number {
  if (!(x instanceof Float32Array)) return dotLanesF64(x, off, v, d);
  let s = 0;
  for (let j = 0; j < d; j++) s += x[off + j] * v[j];
  return s;
}

function dotLanesF64(x: Floats, off: number, w: Floats, d: number): number {
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    a0 += x[off + j] * w[j];
    a1 += x[off + j + 1] * w[j + 1];
    b0 += x[off + j + 2] * w[j + 2];
    b1 += x[off + j + 3] * w[j + 3];
  }
  if (j + 2 <= d) {
    a0 += x[off + j] * w[j];
    a1 += x[off + j + 1] * w[j + 1];
    j += 2;
  }
  let s = a0 + b0 + (a1 + b1);
  for (; j < d; j++) s += x[off + j] * w[j];
  return s;
}

function dotLanesF32(x: Floats, off: number, w: Floats, d: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let j = 0;
  for (; j + 8 <= d; j += 8) {
    const o = off + j;
    a0 = fround(a0 + fround(x[o] * w[j]));
    a1 = fround(a1 + fround(x[o + 1] * w[j + 1]));
    a2 = fround(a2 + fround(x[o + 2] * w[j + 2]));
    a3 = fround(a3 + fround(x[o + 3] * w[j + 3]));
    b0 = fround(b0 + fround(x[o + 4] * w[j + 4]));
    b1 = fround(b1 + fround(x[o + 5] * w[j + 5]));
    b2 = fround(b2 + fround(x[o + 6] * w[j + 6]));
    b3 = fround(b3 + fround(x[o + 7] * w[j + 7]));
  }
  if (j + 4 <= d) {
    const o = off + j;
    a0 = fround(a0 + fround(x[o] * w[j]));
    a1 = fround(a1 + fround(x[o + 1] * w[j + 1]));
    a2 = fround(a2 + fround(x[o + 2] * w[j + 2]));
    a3 = fround(a3 + fround(x[o + 3] * w[j + 3]));
    j += 4;
  }
  let s = fround(a0 + b0) + fround(a1 + b1) + fround(a2 + b2) + fround(a3 + b3);
  for (; j < d; j++) s += fround(x[off + j] * w[j]);
  return s;
}

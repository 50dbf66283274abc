// Pure-JS twin of assembly/train/general.ts: the general trainer, on the twins of its parts (loss.ts,
// schedule.ts, optimizer.ts, penalty.ts, average.ts, validation.ts). The same loops in the same
// order on typed arrays: the settings block of configBlock(), the state slots (SLOT_*), an
// f64 workspace of WORK_VECTORS × (d + 1). The weights have the type of X, so storing into them
// rounds exactly as the core's stores to T do. Its dot products are the lane-exact twins of
// kernels.ts, so the twins agree bit for bit, not merely to rounding. touchRows (a cache trick of
// the core) has no effect on the results and has no twin.

import { blockRows } from '../blocks.js';
import {
  CONFIG_AVERAGE_FROM,
  CONFIG_BATCH_SIZE,
  CONFIG_EPSILON,
  CONFIG_FIT_INTERCEPT,
  CONFIG_L1,
  CONFIG_L2,
  CONFIG_LOSS,
  CONFIG_OPTIMIZER,
  CONFIG_PATIENCE,
  CONFIG_POWER_T,
  CONFIG_SCHEDULE,
  CONFIG_SHUFFLE,
  CONFIG_TOLERANCE,
  EXPLODED,
  OPTIMIZER_PLAIN,
  SCHEDULE_ADAPTIVE,
  SCHEDULE_CONSTANT,
  SCHEDULE_OPTIMAL,
  SLOT_BEST,
  SLOT_BEST_EPOCH,
  SLOT_EPOCH,
  SLOT_ETA,
  SLOT_FIRST,
  SLOT_INTERCEPT,
  SLOT_START,
  SLOT_STEP,
  STATUS_CONVERGED,
  STATUS_DIVERGED,
  STATUS_OK,
  WORK_GRADIENT,
} from '../layout.js';
import { type Rng, shuffle } from '../rng.js';
import { aboveStart, settled, stalled } from '../stopping.js';
import { averageStep } from './average.js';
import { workVector } from './config.js';
import { allFinite, dot, type Floats } from './kernels.js';
import { lossSlope, lossValue } from './loss.js';
import { optimizerStep } from './optimizer.js';
import { applyL1, penaltyValue, proximalL1 } from './penalty.js';
import { optimalOffset, overshooting, stepSize } from './schedule.js';
import { keepBest, meanLoss, validationLoss } from './validation.js';

/**
 * Twin of trainGeneral: epochs state[SLOT_EPOCH] … epochEnd−1 over the first n rows of X (rows of
 * d), then the validation loss on the nHeldOut rows after them. s: sample weights (null: all 1); perm:
 * the n row indices (shuffled in place when the settings say so); history and validation are
 * written at [epoch]. Returns a STATUS_* code.
 */
export function trainGeneral(
  X: Floats,
  y: Float64Array,
  s: Float64Array | null,
  n: number,
  nHeldOut: number,
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
  // Full batch: ISTA for L1 and, plain and constant, the optimality-based stopping rule (see the twin).
  const fullBatch = batchSize >= n;
  const settles =
    fullBatch &&
    nHeldOut === 0 &&
    averageFrom < 0 &&
    schedule === SCHEDULE_CONSTANT &&
    Math.trunc(config[CONFIG_OPTIMIZER]) === OPTIMIZER_PLAIN;
  const t0 = schedule === SCHEDULE_OPTIMAL ? optimalOffset(alpha) : 0;
  const g = workVector(work, d, WORK_GRADIENT);
  const rows = blockRows(d * X.BYTES_PER_ELEMENT);
  const part = new Float64Array(d + 1);

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
      if (end - start > rows) {
        // As the core: a step of many blocks sums each block from zero, then adds the blocks in order.
        for (let from = start; from < end; from += rows) {
          part.fill(0);
          sum += stepRows(
            X,
            y,
            s,
            d,
            doShuffle ? perm : null,
            from,
            Math.min(end, from + rows),
            w,
            b,
            loss,
            epsilon,
            part,
            0,
          );
          for (let j = 0; j <= d; j++) g[j] += part[j];
        }
      } else {
        sum = stepRows(X, y, s, d, doShuffle ? perm : null, start, end, w, b, loss, epsilon, g, sum);
      }
      b = optimizerStep(config, work, w, d, b, eta, end - start, t, fitIntercept);
      if (l1 > 0) {
        if (fullBatch) proximalL1(w, d, eta * l1);
        else applyL1(state, work, w, d, eta * l1);
      }
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
      // 'optimal' may overshoot for a while (see overshooting) and come back down: while its loss
      // falls from one epoch to the next it is recovering, not diverging.
      const recovering =
        overshooting(schedule, state[SLOT_ETA], t, alpha, t0) ||
        (schedule === SCHEDULE_OPTIMAL && epoch > 0 && mean < history[epoch - 1]);
      if (!(now <= yardstick) && !recovering) {
        status = STATUS_DIVERGED;
        break;
      }
      if (epoch === 0) state[SLOT_FIRST] = now;
    }
    let watched = objective;
    if (nHeldOut > 0) {
      watched = validationLoss(X, y, s, n, n + nHeldOut, d, w, b, state, work, loss, epsilon);
      validation[epoch] = watched;
      if (!(watched >= state[SLOT_BEST])) {
        keepBest(state, work, w, d, b);
        state[SLOT_BEST_EPOCH] = epoch;
      }
    }
    epoch++;
    const stop = settles
      ? settled(state, watched, tolerance, patience)
      : stalled(state, watched, tolerance, patience, schedule === SCHEDULE_ADAPTIVE);
    if (stop) {
      // A stall above where the run started is a step too large, not convergence.
      status = nHeldOut === 0 && aboveStart(state, objective) ? STATUS_DIVERGED : STATUS_CONVERGED;
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

/**
 * One block of a step (twin of lossGradient<T>; a step of one block runs it into g): out[0 … d−1] +=
 * Σ s·ψ(r)·x and out[d] = Σ s·ψ(r) over positions start … end−1 of order (null: stored order); returns
 * `sum` + Σ s·ℓ(r), added row by row.
 */
function stepRows(
  X: Floats,
  y: Float64Array,
  s: Float64Array | null,
  d: number,
  order: Uint32Array | null,
  start: number,
  end: number,
  w: Floats,
  b: number,
  loss: number,
  epsilon: number,
  out: Float64Array,
  sum: number,
): number {
  let gb = 0;
  for (let i = start; i < end; i++) {
    const row = order ? order[i] : i;
    const off = row * d;
    const r = dot(X, off, w, d) + b - y[row];
    const si = s ? s[row] : 1;
    sum += si * lossValue(loss, r, epsilon);
    const psi = si * lossSlope(loss, r, epsilon);
    if (psi !== 0) {
      for (let j = 0; j < d; j++) out[j] += psi * X[off + j];
      gb += psi;
    }
  }
  out[d] = gb;
  return sum;
}

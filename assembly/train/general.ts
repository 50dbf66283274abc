import { addF64, allFinite, axpy, dot, TOUCH_ROWS, touchRows, touchSink, worthTouching, zeroF64 } from "../kernels/vector";
import { blockCount, blockRows, JOB_LOSS_GRADIENT, runJob, setJob, setJobLoss, setJobRange, slotBytes } from "../parallel/pool";
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
} from "../layout";
import { shuffle } from "../rng";
import { averageStep } from "./average";
import { config, work } from "./config";
import { lossSlope, lossValue } from "./loss";
import { optimizerStep } from "./optimizer";
import { applyL1, penaltyValue, proximalL1 } from "./penalty";
import { optimalOffset, overshooting, stepSize } from "./schedule";
import { aboveStart, getSlot, setSlot, settled, stalled } from "./state";
import { keepBest, meanLoss, validationLoss } from "./validation";

/**
 * The general trainer: every loss, schedule, penalty, optimizer, averaging, sample weights and
 * validation, for steps of batchSize rows (1: SGD; n: batch GD), epochs state.epoch … epochEnd−1.
 * The plain trainers (batch, minibatch, sgd) are its fast special case: squared loss, constant step,
 * L2 only, plain steps, unit weights, no validation.
 *
 * X holds n training rows then nHeldOut held-out rows (d of type T each), y and the sample
 * weights s (f64; sPtr = 0: all 1) likewise. Settings at configPtr (CONFIG_*), f64 workspace at
 * workPtr (WORK_VECTORS × (d + 1)), state slots at statePtr (SLOT_*), θ = (w of type T at wPtr,
 * the intercept slot). history[epoch] is the epoch's running mean of s·ℓ(r) over the training rows;
 * validation[epoch] the validation loss, the mean of s·ℓ(r) over the held-out rows at the end of the
 * epoch. A step's rows of two or more of the gradient's fixed blocks (a full batch, a large mini-batch) are
 * summed block by block on the pool's threads into slots at partPtr (blockCount(max(n, nHeldOut)) ×
 * slotBytes), and the blocks added in block order (the mean losses likewise): the same bits on any number
 * of threads.
 *
 * Stopping: the quantity watched is the validation loss when there are held-out rows (the best
 * epoch's model is kept), else the training objective (loss + penalty), under the stopping rule
 * (stalled: 'adaptive' divides its step instead while it can). Divergence as in endEpoch, and also
 * when the objective grows EXPLODED-fold from its value at the starting weights.
 */
export function trainGeneral<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  n: i32,
  nHeldOut: i32,
  d: i32,
  wPtr: usize,
  workPtr: usize,
  historyPtr: usize,
  validationPtr: usize,
  statePtr: usize,
  configPtr: usize,
  permPtr: usize,
  rngPtr: usize,
  epochEnd: i32,
  partPtr: usize,
): i32 {
  const loss = <i32>config(configPtr, CONFIG_LOSS);
  const epsilon = config(configPtr, CONFIG_EPSILON);
  const schedule = <i32>config(configPtr, CONFIG_SCHEDULE);
  const powerT = config(configPtr, CONFIG_POWER_T);
  const l1 = config(configPtr, CONFIG_L1);
  const l2 = config(configPtr, CONFIG_L2);
  const averageFrom = <i32>config(configPtr, CONFIG_AVERAGE_FROM);
  const batchSize = <i32>config(configPtr, CONFIG_BATCH_SIZE);
  const doShuffle = config(configPtr, CONFIG_SHUFFLE) != 0;
  const fitIntercept = config(configPtr, CONFIG_FIT_INTERCEPT) != 0;
  const tolerance = config(configPtr, CONFIG_TOLERANCE);
  const patience = config(configPtr, CONFIG_PATIENCE);
  const alpha = l2 + l1 / 2;
  // One step per epoch over every row: proximal gradient descent for L1, and with a constant plain
  // step and no held-out rows or averaging, the optimality-based stopping rule (settled).
  const fullBatch = batchSize >= n;
  const settles =
    fullBatch &&
    nHeldOut == 0 &&
    averageFrom < 0 &&
    schedule == SCHEDULE_CONSTANT &&
    <i32>config(configPtr, CONFIG_OPTIMIZER) == OPTIMIZER_PLAIN;
  const t0 = schedule == SCHEDULE_OPTIMAL ? optimalOffset(alpha) : 0;
  const gPtr = work(workPtr, d, WORK_GRADIENT);
  const rowBytes = <usize>d * sizeof<T>();
  const touch = doShuffle && worthTouching(n, rowBytes);
  const blockRowsOf = blockRows(rowBytes);
  const slotStride = slotBytes(d, sizeof<T>());

  let b = getSlot(statePtr, SLOT_INTERCEPT);
  let epoch = <i32>getSlot(statePtr, SLOT_EPOCH);
  let t = getSlot(statePtr, SLOT_STEP);
  let status = STATUS_OK;
  while (epoch < epochEnd) {
    if (doShuffle) shuffle(permPtr, n, rngPtr);
    const averaging = averageFrom >= 0 && epoch >= averageFrom;
    let sum: f64 = 0;
    let sink: u32 = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = min(start + batchSize, n);
      const eta = stepSize(schedule, getSlot(statePtr, SLOT_ETA), t, powerT, alpha, t0);
      zeroF64(gPtr, d + 1);
      if (blockCount(end - start, blockRowsOf) > 1) {
        // A batch of many blocks: each block's Σ s·ψ·x, Σ s·ψ and Σ s·ℓ on the pool's threads, added in block order.
        if (partPtr == 0) abort("trainer: a batch of more than one row block needs block slots (partPtr)");
        setJob(sizeof<T>() == 8 ? JOB_LOSS_GRADIENT : JOB_LOSS_GRADIENT + 1, xPtr, yPtr, end, d, wPtr, b, partPtr, blockRowsOf);
        setJobRange(doShuffle ? permPtr : 0, start, 0);
        setJobLoss(loss, epsilon, sPtr);
        runJob();
        for (let k = 0, blocks = blockCount(end - start, blockRowsOf); k < blocks; k++) {
          const slot = partPtr + <usize>k * slotStride;
          addF64(gPtr, slot, d + 1);
          sum += load<f64>(slot + (<usize>(d + 1) << 3));
        }
      } else {
        let gb: f64 = 0;
        for (let i = start; i < end; i++) {
          if (touch && (i & (TOUCH_ROWS - 1)) == 0) sink ^= touchRows(xPtr, rowBytes, permPtr, i + TOUCH_ROWS, n);
          const row = doShuffle ? <usize>load<u32>(permPtr + (<usize>i << 2)) : <usize>i;
          const x = xPtr + row * rowBytes;
          const r = dot<T>(x, wPtr, d) + b - load<f64>(yPtr + (row << 3));
          const s = sPtr ? load<f64>(sPtr + (row << 3)) : 1;
          sum += s * lossValue(loss, r, epsilon);
          const psi = s * lossSlope(loss, r, epsilon);
          if (psi != 0) {
            accumulate<T>(gPtr, x, d, psi);
            gb += psi;
          }
        }
        store<f64>(gPtr + (<usize>d << 3), gb);
      }
      b = optimizerStep<T>(configPtr, workPtr, wPtr, d, b, eta, end - start, t, fitIntercept);
      if (l1 > 0) {
        if (fullBatch) proximalL1<T>(wPtr, d, eta * l1);
        else applyL1<T>(statePtr, workPtr, wPtr, d, eta * l1);
      }
      if (averaging) averageStep<T>(statePtr, workPtr, wPtr, d, b);
      t += 1;
    }
    touchSink(sink);

    // The epoch's book-keeping (as endEpoch, plus validation and adaptive's step).
    const mean = sum / <f64>n;
    store<f64>(historyPtr + (<usize>epoch << 3), mean);
    const objective = mean + penaltyValue<T>(wPtr, d, l1, l2);
    if (!isFinite(objective) || !isFinite(b) || !allFinite<T>(wPtr, d)) {
      status = STATUS_DIVERGED;
      break;
    }
    if (epoch == 0) setSlot(statePtr, SLOT_FIRST, objective);
    const yardstick = EXPLODED * min(getSlot(statePtr, SLOT_FIRST), getSlot(statePtr, SLOT_START));
    if (objective > yardstick) {
      // The running loss mixes all the epoch's steps, and the first steps of a decaying schedule
      // may overshoot before it settles: judge the weights the epoch ended with.
      const now = penaltyValue<T>(wPtr, d, l1, l2) + meanLoss<T>(xPtr, yPtr, sPtr, 0, n, d, wPtr, b, loss, epsilon, partPtr);
      // 'optimal' may overshoot for a while (see overshooting) and come back down: while its loss
      // falls from one epoch to the next it is recovering, not diverging.
      const recovering =
        overshooting(schedule, getSlot(statePtr, SLOT_ETA), t, alpha, t0) ||
        (schedule == SCHEDULE_OPTIMAL && epoch > 0 && mean < load<f64>(historyPtr + (<usize>(epoch - 1) << 3)));
      if (!(now <= yardstick) && !recovering) {
        status = STATUS_DIVERGED;
        break;
      }
      if (epoch == 0) setSlot(statePtr, SLOT_FIRST, now);
    }
    let watched = objective;
    if (nHeldOut > 0) {
      watched = validationLoss<T>(
        xPtr, yPtr, sPtr, n, n + nHeldOut, d, wPtr, b, statePtr, workPtr, loss, epsilon, partPtr,
      );
      store<f64>(validationPtr + (<usize>epoch << 3), watched);
      if (!(watched >= getSlot(statePtr, SLOT_BEST))) {
        keepBest<T>(statePtr, workPtr, wPtr, d, b);
        setSlot(statePtr, SLOT_BEST_EPOCH, <f64>epoch);
      }
    }
    epoch++;
    const stop = settles
      ? settled(statePtr, watched, tolerance, patience)
      : stalled(statePtr, watched, tolerance, patience, schedule == SCHEDULE_ADAPTIVE);
    if (stop) {
      // A stall above where the run started is a step too large, not convergence.
      status = nHeldOut == 0 && aboveStart(statePtr, objective) ? STATUS_DIVERGED : STATUS_CONVERGED;
    }
    if (status != STATUS_OK) {
      if (status == STATUS_DIVERGED) epoch--;
      break;
    }
  }
  setSlot(statePtr, SLOT_INTERCEPT, b);
  setSlot(statePtr, SLOT_EPOCH, <f64>epoch);
  setSlot(statePtr, SLOT_STEP, t);
  return status;
}

/**
 * One block of a step's rows, positions start … end−1 (of idx; 0: stored order), into slot: g (d f64) =
 * Σ s·ψ(r)·x, then Σ s·ψ(r), then Σ s·ℓ(r) — the arithmetic of trainGeneral's loop, row by row.
 */
export function lossGradient<T>(
  xPtr: usize,
  yPtr: usize,
  sPtr: usize,
  idxPtr: usize,
  start: i32,
  end: i32,
  d: i32,
  wPtr: usize,
  b: f64,
  loss: i32,
  epsilon: f64,
  slot: usize,
): void {
  const rowBytes = <usize>d * sizeof<T>();
  zeroF64(slot, d);
  let gb: f64 = 0;
  let sum: f64 = 0;
  for (let i = start; i < end; i++) {
    const row = idxPtr ? <usize>load<u32>(idxPtr + (<usize>i << 2)) : <usize>i;
    const x = xPtr + row * rowBytes;
    const r = dot<T>(x, wPtr, d) + b - load<f64>(yPtr + (row << 3));
    const s = sPtr ? load<f64>(sPtr + (row << 3)) : 1;
    sum += s * lossValue(loss, r, epsilon);
    const psi = s * lossSlope(loss, r, epsilon);
    if (psi != 0) {
      accumulate<T>(slot, x, d, psi);
      gb += psi;
    }
  }
  store<f64>(slot + (<usize>d << 3), gb);
  store<f64>(slot + (<usize>(d + 1) << 3), sum);
}

/** g[j] += a·x[j]: d f64 at gPtr, x of type T. */
// @ts-ignore: decorator
@inline function accumulate<T>(gPtr: usize, xPtr: usize, d: i32, a: f64): void {
  if (sizeof<T>() == 8) {
    axpy<f64>(gPtr, xPtr, d, a);
  } else {
    // Four f32 at a time, widened to two f64x2: the same f64 arithmetic as one at a time.
    const av = f64x2.splat(a);
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const x = v128.load(xPtr + (<usize>j << 2));
      const g = gPtr + (<usize>j << 3);
      v128.store(g, f64x2.add(v128.load(g), f64x2.mul(av, f64x2.promote_low_f32x4(x))));
      const high = v128.shuffle<f32>(x, x, 2, 3, 0, 1);
      v128.store(g, f64x2.add(v128.load(g, 16), f64x2.mul(av, f64x2.promote_low_f32x4(high))), 16);
    }
    for (; j < d; j++) {
      const g = gPtr + (<usize>j << 3);
      store<f64>(g, load<f64>(g) + a * <f64>load<f32>(xPtr + (<usize>j << 2)));
    }
  }
}

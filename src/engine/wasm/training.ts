// The WASM loop and the copy out: a training run allocates its buffers above its problem's data (the
// weights, the settings block, the state, the workspace, the histories, the shuffle's order and PRNG),
// runs the core's trainer for as many epochs as asked in one call, and copies the model, the
// histories and the state out. The buffers belong to the problem (store.ts), which frees them.

import { allocSlots } from '../blocks.js';
import type { TrainConfig, Training, TrainingSnapshot } from '../engine.js';
import {
  CONFIG_LOSS,
  SLOT_BEST_EPOCH,
  SLOT_EPOCH,
  SLOT_INTERCEPT,
  SLOT_START,
  SLOT_STEP,
  STATE_SLOTS,
  WORK_VECTORS,
} from '../layout.js';
import { configBlock, initialState, snapshotOf, startObjective, stepsPerEpoch } from '../train-state.js';
import type { Arena } from './arena.js';
import type { CoreExports } from './exports.js';
import type { Kernels } from './kernels.js';
import { useThreadsFor } from './threads.js';

/** Where a training run finds its problem in linear memory (store.ts puts it there). */
export interface StoredRows {
  xPtr: number;
  yPtr: number;
  /** 0 when there are no sample weights. */
  sPtr: number;
  /** Training rows, then nHeldOut held-out rows. */
  n: number;
  nHeldOut: number;
  d: number;
  f32: boolean;
  kernels: Kernels;
}

export class WasmTraining implements Training {
  private readonly wPtr: number;
  private readonly gPtr: number;
  private readonly accPtr: number;
  private readonly historyPtr: number;
  private readonly validationPtr: number;
  private readonly statePtr: number;
  private readonly configPtr: number;
  private readonly permPtr: number;
  private readonly rngPtr: number;
  private readonly workPtr: number;
  /** The block slots (blocks.ts), zeroed, of the passes that sum rows in blocks: the batch gradient, a mini-batch
   *  step, the general trainer's steps and mean losses; 0 when every such pass is one block. */
  private readonly partPtr: number;

  constructor(
    private readonly core: CoreExports,
    private readonly arena: Arena,
    private readonly p: StoredRows,
    private readonly config: TrainConfig,
  ) {
    const a = arena;
    const d = p.d;
    const weightBytes = d * (p.f32 ? 4 : 8);
    this.wPtr = a.alloc(weightBytes);
    this.gPtr = a.alloc((d + 1) * 8);
    this.accPtr = a.alloc(weightBytes);
    this.historyPtr = a.alloc(config.maxEpochs * 8);
    this.validationPtr = a.alloc(config.maxEpochs * 8);
    this.statePtr = a.alloc(STATE_SLOTS * 8);
    this.permPtr = a.alloc(p.n * 4);
    this.rngPtr = a.alloc(16);
    this.workPtr = a.alloc(WORK_VECTORS * (d + 1) * 8);
    const elementBytes = p.f32 ? 4 : 8;
    // Every row's blocks (the full batch, the mean losses, a mini-batch's rows at most) and the held-out rows'.
    this.partPtr = allocSlots(a, Math.max(p.n, p.nHeldOut), d, elementBytes);
    const block = configBlock(config);
    this.configPtr = a.alloc(block.length * 8);
    a.f64(this.configPtr, block.length).set(block);
    // The float32 block accumulator must start (and stays) zeroed.
    a.zero(this.accPtr, weightBytes);
    core.rngSeed(this.rngPtr, config.seed >>> 0);
    core.permutationInit(this.permPtr, p.n);
    const init = initialState(config, d, Array.from(a.u32(this.rngPtr, 4)));
    this.weights().set(init.weights);
    a.f64(this.statePtr, STATE_SLOTS).set(init.state);
    a.f64(this.workPtr, WORK_VECTORS * (d + 1)).set(init.work);
    a.u32(this.rngPtr, 4).set(init.rng);
    this.useThreads();
    const start = p.kernels.meanLoss(
      p.xPtr,
      p.yPtr,
      p.sPtr,
      0,
      p.n,
      d,
      this.wPtr,
      init.state[SLOT_INTERCEPT],
      block[CONFIG_LOSS],
      config.epsilon,
      this.partPtr,
    );
    this.state()[SLOT_START] = startObjective(start, this.weights(), config);
  }

  get epochs(): number {
    return this.state()[SLOT_EPOCH];
  }

  get bestEpoch(): number {
    return this.state()[SLOT_BEST_EPOCH];
  }

  get startObjective(): number {
    return this.state()[SLOT_START];
  }

  run(epochEnd: number): number {
    const { p, config: k } = this;
    const t = p.kernels;
    this.useThreads();
    if (k.general) {
      return t.trainGeneral(
        p.xPtr,
        p.yPtr,
        p.sPtr,
        p.n,
        p.nHeldOut,
        p.d,
        this.wPtr,
        this.workPtr,
        this.historyPtr,
        this.validationPtr,
        this.statePtr,
        this.configPtr,
        this.permPtr,
        this.rngPtr,
        epochEnd,
        this.partPtr,
      );
    }
    const before = this.epochs;
    const { xPtr, yPtr, n, d } = p;
    const { wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr } = this;
    const status =
      k.solver === 'batch'
        ? t.trainBatch(xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, epochEnd, this.partPtr)
        : k.solver === 'minibatch'
          ? t.trainMinibatch(
              xPtr,
              yPtr,
              n,
              d,
              wPtr,
              gPtr,
              accPtr,
              historyPtr,
              statePtr,
              configPtr,
              permPtr,
              rngPtr,
              epochEnd,
              this.partPtr,
            )
          : t.trainSgd(xPtr, yPtr, n, d, wPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr, epochEnd);
    // The plain trainers do not count steps; the schedules' t must still advance for a warm start.
    this.state()[SLOT_STEP] += (this.epochs - before) * stepsPerEpoch(k, n);
    return status;
  }

  loss(epoch: number): number {
    return this.arena.f64(this.historyPtr + epoch * 8, 1)[0];
  }

  history(count: number): Float64Array {
    return this.arena.f64(this.historyPtr, count).slice();
  }

  validationHistory(count: number): Float64Array {
    return this.config.general && this.p.nHeldOut > 0
      ? this.arena.f64(this.validationPtr, count).slice()
      : new Float64Array(0);
  }

  model(): { coef: Float64Array; intercept: number } {
    const a = this.arena;
    const d = this.p.d;
    const mark = a.mark();
    try {
      const outPtr = a.alloc((d + 1) * 8);
      this.p.kernels.modelWeights(this.statePtr, this.workPtr, this.wPtr, d, outPtr);
      const out = a.f64(outPtr, d + 1);
      return { coef: out.slice(0, d), intercept: out[d] };
    } finally {
      a.release(mark);
    }
  }

  snapshot(): TrainingSnapshot {
    const a = this.arena;
    const d = this.p.d;
    return snapshotOf(
      Float64Array.from(this.weights()),
      this.state(),
      a.f64(this.workPtr, WORK_VECTORS * (d + 1)),
      a.u32(this.rngPtr, 4),
    );
  }

  /**
   * Tells the core how many threads the trainer's jobs may use: under 'auto', the pool when the training rows
   * are at least AUTO_MIN_BYTES (two blocks); a pass of one block (a small mini-batch) runs on the calling
   * thread whatever this says, and SGD's steps always do.
   */
  private useThreads(): void {
    useThreadsFor(this.core, this.p.n * this.p.d * (this.p.f32 ? 4 : 8));
  }

  /** A fresh view of the weights, in the stored dtype. */
  private weights(): Float32Array | Float64Array {
    return this.p.f32 ? this.arena.f32(this.wPtr, this.p.d) : this.arena.f64(this.wPtr, this.p.d);
  }

  private state(): Float64Array {
    return this.arena.f64(this.statePtr, STATE_SLOTS);
  }
}

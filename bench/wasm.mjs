// Kernel-only access to linwasm's WASM core: X, y and the training buffers placed in linear memory once, so a
// timed call is one export call and nothing else. Uses the internal modules of the published build after init():
// dist/engine/wasm/module.js (core(), the exports), arena.js (the allocator), kernels.js (the kernels bound
// to a dtype, as the engine calls them) and dist/engine/train-state.js (the trainers' settings block).
import { allocAligned, allocSlots } from '../dist/engine/blocks.js';
import { CONFIG_SLOTS, SLOT_BEST, SLOT_EPOCH, STATE_SLOTS } from '../dist/engine/layout.js';
import { configBlock, plainSettings } from '../dist/engine/train-state.js';
import { arena } from '../dist/engine/wasm/arena.js';
import { kernelsOf } from '../dist/engine/wasm/kernels.js';
import { core } from '../dist/engine/wasm/module.js';
import { poolThreads } from '../dist/engine/wasm/threads.js';

/**
 * X (rows × cols, in dtype), y and the buffers of a trainer, allocated at the top of the arena. Release with
 * free(), in reverse order of allocation (the arena is a stack).
 */
export class WasmProblem {
  constructor(X, y, rows, cols, dtype, historyLength = 1) {
    const a = arena();
    const size = dtype === 'float32' ? 4 : 8;
    this.core = core();
    this.kernels = kernelsOf(this.core, dtype);
    this.f32 = dtype === 'float32';
    this.n = rows;
    this.d = cols;
    this.xBytes = rows * cols * size;
    this.mark = a.mark();
    this.xPtr = a.alloc(this.xBytes);
    this.yPtr = a.alloc(rows * 8);
    this.wPtr = a.alloc(cols * size);
    this.gPtr = a.alloc((cols + 1) * 8);
    this.accPtr = a.alloc(cols * size);
    this.historyPtr = a.alloc(historyLength * 8);
    this.statePtr = a.alloc(STATE_SLOTS * 8);
    this.permPtr = a.alloc(rows * 4);
    this.rngPtr = a.alloc(16);
    this.configPtr = a.alloc(CONFIG_SLOTS * 8);
    this.configured = '';
    this.outPtr = a.alloc(rows * 8);
    // The batch gradient's block slots (src/engine/blocks.ts), zeroed, as training.ts allocates them.
    this.partPtr = allocSlots(a, rows, cols, size);
    /** Threads of the pool a call may use (the thread-scaling table sets more than one). */
    this.threads = 1;
    (this.f32 ? a.f32(this.xPtr, rows * cols) : a.f64(this.xPtr, rows * cols)).set(X);
    a.f64(this.yPtr, rows).set(y);
    this.views();
  }

  /** Fresh views of the state and the history (memory.grow detaches views: call after any allocation). */
  views() {
    const a = arena();
    this.state = a.f64(this.statePtr, STATE_SLOTS);
    this.history = (count) => a.f64(this.historyPtr, count);
  }

  /** θ = 0, intercept 0, no epochs run, the shuffle restarted from `seed` on the identity order. */
  reset(seed) {
    const a = arena();
    const size = this.f32 ? 4 : 8;
    a.zero(this.wPtr, this.d * size);
    a.zero(this.accPtr, this.d * size);
    this.views();
    this.state.fill(0);
    this.state[SLOT_BEST] = Number.POSITIVE_INFINITY;
    this.core.rngSeed(this.rngPtr, seed);
    this.core.permutationInit(this.permPtr, this.n);
  }

  /**
   * Runs the trainer of `solver` until `epochEnd` epochs are complete; returns its status. Settings as
   * src/engine/wasm/training.ts would write them for a plain run: no intercept, no penalty, no early stop
   * (tolerance −1), shuffled rows. The settings block is written when they change, not on every call.
   */
  train(solver, learningRate, batchSize, epochEnd) {
    const k = this.kernels;
    const { xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr } = this;
    const key = `${learningRate}/${batchSize}`;
    if (key !== this.configured) {
      const block = configBlock(plainSettings({ learningRate, batchSize, fitIntercept: false }));
      arena().f64(configPtr, block.length).set(block);
      this.configured = key;
    }
    this.useThreads();
    if (solver === 'batch') {
      return k.trainBatch(
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
        epochEnd,
        this.partPtr,
      );
    }
    if (solver === 'minibatch') {
      return k.trainMinibatch(
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
      );
    }
    return k.trainSgd(xPtr, yPtr, n, d, wPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr, epochEnd);
  }

  /** One more epoch from the current θ (the epoch counter is rewound so history[0] is reused). */
  epoch(solver, learningRate, batchSize) {
    this.state[SLOT_EPOCH] = 0;
    return this.train(solver, learningRate, batchSize, 1);
  }

  /** Tells the core how many threads the next call may use (at most the pool's). */
  useThreads() {
    const pool = poolThreads();
    this.core.poolSetThreads(Math.min(this.threads, pool), pool - 1);
  }

  /** Copies weights in (as the stored dtype). */
  setWeights(w) {
    const a = arena();
    (this.f32 ? a.f32(this.wPtr, this.d) : a.f64(this.wPtr, this.d)).set(w);
  }

  /** out = X·w + b (the predict kernel). */
  matvec(b) {
    this.useThreads();
    this.kernels.matvec(this.xPtr, this.n, this.d, this.wPtr, b, this.outPtr);
  }

  /** The predictions of the last matvec (a copy). */
  output() {
    return arena().f64(this.outPtr, this.n).slice();
  }

  /**
   * The exact solver's kernels as src/engine/wasm/store.ts solveExact runs them (centered, no sample weights, no
   * penalty): gramF32/F64 then choleskySolve. Returns the status; solution() reads the result. Its buffers are
   * allocated on the first call, above the problem's (free() releases them too).
   */
  solveExact() {
    const d = this.d;
    if (!this.exact) {
      const a = arena();
      this.exact = {
        meanPtr: a.alloc((d + 1) * 8),
        aPtr: a.alloc(d * d * 8),
        cPtr: a.alloc(d * 8),
        rowsPtr: a.alloc(4 * d * 8),
        coefPtr: a.alloc(d * 8),
        infoPtr: a.alloc(8),
        // The Gram pass's block slots (assembly/solve/gram.ts gramPartBytes), as store.ts allocates them.
        partPtr: allocAligned(a, this.kernels.gramPartBytes(this.n, d)),
      };
      this.views();
    }
    const { meanPtr, aPtr, cPtr, rowsPtr, coefPtr, infoPtr, partPtr } = this.exact;
    this.useThreads();
    this.kernels.gram(this.xPtr, this.yPtr, 0, this.n, d, true, meanPtr, aPtr, cPtr, rowsPtr, partPtr);
    return this.core.choleskySolve(aPtr, cPtr, d, 0, coefPtr, infoPtr);
  }

  /**
   * The column statistics of standardization (columnStats: means and standard deviations, two passes over X), as
   * store.ts runs them; stats() reads the result. Buffers allocated on the first call, above the problem's.
   */
  columnStats() {
    const d = this.d;
    if (!this.moments) {
      const a = arena();
      this.moments = {
        meanPtr: a.alloc(d * 8),
        scalePtr: a.alloc(d * 8),
        partPtr: allocAligned(a, this.kernels.columnPartBytes(this.n, d)),
      };
      this.views();
    }
    const { meanPtr, scalePtr, partPtr } = this.moments;
    this.useThreads();
    this.kernels.columnStats(this.xPtr, this.n, d, true, meanPtr, scalePtr, partPtr);
  }

  /** The means then the scales of the last columnStats (a copy). */
  stats() {
    const a = arena();
    const d = this.d;
    const out = new Float64Array(2 * d);
    out.set(a.f64(this.moments.meanPtr, d));
    out.set(a.f64(this.moments.scalePtr, d), d);
    return out;
  }

  /** coef then the intercept ȳ − x̄·coef of the last solveExact (a copy). */
  solution() {
    const a = arena();
    const d = this.d;
    const out = new Float64Array(d + 1);
    out.set(a.f64(this.exact.coefPtr, d));
    const means = a.f64(this.exact.meanPtr, d + 1);
    let intercept = means[d];
    for (let j = 0; j < d; j++) intercept -= means[j] * out[j];
    out[d] = intercept;
    return out;
  }

  /** The memory-bandwidth reference: one SIMD sequential read of X's bytes. */
  readX() {
    return this.core.readBandwidth(this.xPtr, this.xBytes - (this.xBytes % 64));
  }

  free() {
    arena().release(this.mark);
  }
}

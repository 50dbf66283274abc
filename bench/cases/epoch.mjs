// One epoch of each solver, kernel only: the data is already where each implementation computes on it (linwasm:
// WASM linear memory; baseline: typed arrays; naive: arrays of rows; TF.js: tensors of the active backend), and
// the timed call is one more epoch from the current θ.
import {
  configBlock,
  naiveFit,
  newState,
  permutationInit,
  plainSettings,
  Rng,
  trainBatch,
  trainMinibatch,
  trainSgd,
} from '../../dist/engine/js/index.js';
import { SLOT_EPOCH } from '../../dist/engine/layout.js';
import { nativeImpls } from '../native.mjs';
import { batchSizeOf, CHECK_EPOCHS, learningRate, SHUFFLE_SEED, SOLVERS } from '../settings.mjs';
import { TF_STEP_MS, TfTrainer, useBackend } from '../tf.mjs';
import { WasmProblem } from '../wasm.mjs';
import { dataOf } from '../workloads.mjs';

/** The epoch cases of one workload and dtype. */
export function epochCases(ctx) {
  return SOLVERS.map((solver) => ({
    id: `epoch/${solver}`,
    title: `one ${solver} epoch, kernel only`,
    impls: [
      linwasm(ctx, solver),
      baseline(ctx, solver),
      naive(ctx, solver),
      ...tfjs(ctx, solver),
      // The native C reference implements the batch epoch (the one the issue-15 targets are about).
      ...(solver === 'batch'
        ? nativeImpls(ctx, 'epoch', { runsPerCheck: CHECK_EPOCHS, learningRate: hyper(ctx, solver).lr })
        : []),
    ],
  }));
}

function hyper({ workload }, solver) {
  return { lr: learningRate(solver, workload.cols), batchSize: batchSizeOf(solver, workload.rows) };
}

function linwasm(ctx, solver) {
  const { workload: w, dtype } = ctx;
  const { lr, batchSize } = hyper(ctx, solver);
  let p = null;
  let status = 0;
  return {
    name: 'linwasm',
    kernel: true,
    reference: () => p.readX(),
    runsPerCheck: CHECK_EPOCHS,
    setup() {
      p = new WasmProblem(dataOf(w, dtype), w.y, w.rows, w.cols, dtype, CHECK_EPOCHS);
      p.threads = ctx.threads ?? 1;
    },
    prepare() {
      p.views();
    },
    check() {
      p.reset(SHUFFLE_SEED);
      const s = p.train(solver, lr, batchSize, CHECK_EPOCHS);
      if (s !== 0) throw new Error(`linwasm ${solver} returned status ${s}`);
      return p.history(CHECK_EPOCHS)[CHECK_EPOCHS - 1];
    },
    run() {
      status |= p.epoch(solver, lr, batchSize);
    },
    verify() {
      if (status !== 0) throw new Error(`linwasm ${solver} epoch returned status ${status} while timed`);
    },
    teardown() {
      p.free();
    },
  };
}

function baseline(ctx, solver) {
  const { workload: wl, dtype } = ctx;
  const { lr, batchSize } = hyper(ctx, solver);
  const { rows: n, cols: d, y } = wl;
  const X = dataOf(wl, dtype);
  const config = configBlock(plainSettings({ learningRate: lr, batchSize, fitIntercept: false }));
  const w = dtype === 'float32' ? new Float32Array(d) : new Float64Array(d);
  const g = new Float64Array(d + 1);
  const history = new Float64Array(CHECK_EPOCHS);
  let state = newState();
  let perm = null;
  let rng = null;
  const train = (epochEnd) => {
    if (solver === 'batch') return trainBatch(X, y, n, d, w, g, history, state, config, epochEnd);
    if (solver === 'minibatch') return trainMinibatch(X, y, n, d, w, g, history, state, config, perm, rng, epochEnd);
    return trainSgd(X, y, n, d, w, history, state, config, perm, rng, epochEnd);
  };
  return {
    name: 'baseline',
    runsPerCheck: CHECK_EPOCHS,
    check() {
      w.fill(0);
      state = newState();
      perm = permutationInit(n);
      rng = new Rng(SHUFFLE_SEED);
      train(CHECK_EPOCHS);
      return history[CHECK_EPOCHS - 1];
    },
    run() {
      state[SLOT_EPOCH] = 0;
      train(1);
    },
  };
}

function naive(ctx, solver) {
  const { workload: wl, dtype } = ctx;
  const { lr, batchSize } = hyper(ctx, solver);
  if (dtype !== 'float64') return { name: 'naive', na: 'arrays of JS numbers are float64' };
  let X = null;
  let y = null;
  const fit = (epochs) => naiveFit(X, y, { solver, learningRate: lr, epochs, batchSize, seed: SHUFFLE_SEED });
  return {
    name: 'naive',
    runsPerCheck: CHECK_EPOCHS,
    setup() {
      X = wl.arrays();
      y = Array.from(wl.y);
    },
    check: () => fit(CHECK_EPOCHS).history[CHECK_EPOCHS - 1],
    run: () => fit(1),
  };
}

function tfjs(ctx, solver) {
  const { workload: wl, dtype, tf, budget } = ctx;
  const { lr, batchSize } = hyper(ctx, solver);
  return ['wasm', 'cpu'].map((backend) => {
    const name = `tfjs-${backend}`;
    if (dtype !== 'float32') return { name, na: 'TF.js computes in float32 only' };
    const steps = CHECK_EPOCHS * Math.ceil(wl.rows / batchSize);
    if (steps * TF_STEP_MS > budget.maxRun) {
      return { name, skip: `${steps} TF.js steps ≈ ${((steps * TF_STEP_MS) / 1000).toFixed(0)} s just to check` };
    }
    let trainer = null;
    return {
      name,
      runsPerCheck: CHECK_EPOCHS,
      async setup() {
        await useBackend(tf, backend);
        trainer = new TfTrainer(tf, wl.X32, wl.y, wl.rows, wl.cols, solver, lr, batchSize, SHUFFLE_SEED);
      },
      prepare: () => useBackend(tf, backend),
      check() {
        trainer.reset();
        let loss = 0;
        for (let e = 0; e < CHECK_EPOCHS; e++) loss = trainer.epoch();
        return loss;
      },
      run: () => trainer.epoch(),
      teardown() {
        trainer.dispose();
      },
    };
  });
}

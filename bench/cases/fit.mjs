// A whole fit of each solver, end to end as a user calls it: copies into the engine, every epoch, results out.
// linwasm and its baseline through the public estimator with identical options; the textbook port on arrays of
// rows; TF.js from typed arrays to tensors and back.
import { LinearRegression as BaselineLinearRegression, naiveFit } from '../../dist/engine/js/index.js';
import { LinearRegression } from '../../dist/index.js';
import { batchSizeOf, CHECK_EPOCHS, fitOptions, learningRate, SHUFFLE_SEED, SOLVERS } from '../settings.mjs';
import { TF_STEP_MS, TfTrainer, useBackend } from '../tf.mjs';
import { dataOf } from '../workloads.mjs';

/** The fit cases of one workload and dtype. */
export function fitCases(ctx) {
  const { epochs } = ctx.workload;
  return SOLVERS.map((solver) => ({
    id: `fit/${solver}`,
    title: `whole ${solver} fit of ${epochs} epochs, end to end`,
    impls: [
      estimator('linwasm', LinearRegression, ctx, solver),
      estimator('baseline', BaselineLinearRegression, ctx, solver),
      naive(ctx, solver),
      ...tfjs(ctx, solver),
    ],
  }));
}

function estimator(name, Model, { workload: wl, dtype }, solver) {
  const X = { data: dataOf(wl, dtype), rows: wl.rows, cols: wl.cols };
  const fit = (epochs) => new Model(fitOptions(solver, wl.cols, epochs, dtype)).fit(X, wl.y);
  return {
    name,
    runsPerCheck: CHECK_EPOCHS / wl.epochs,
    check: () => fit(CHECK_EPOCHS).history[CHECK_EPOCHS - 1],
    run: () => fit(wl.epochs),
  };
}

function naive({ workload: wl, dtype }, solver) {
  if (dtype !== 'float64') return { name: 'naive', na: 'arrays of JS numbers are float64' };
  const options = { solver, learningRate: learningRate(solver, wl.cols), batchSize: batchSizeOf(solver, wl.rows) };
  let X = null;
  let y = null;
  const fit = (epochs) => naiveFit(X, y, { ...options, epochs, seed: SHUFFLE_SEED });
  return {
    name: 'naive',
    runsPerCheck: CHECK_EPOCHS / wl.epochs,
    setup() {
      X = wl.arrays();
      y = Array.from(wl.y);
    },
    check: () => fit(CHECK_EPOCHS).history[CHECK_EPOCHS - 1],
    run: () => fit(wl.epochs),
  };
}

function tfjs({ workload: wl, dtype, tf, budget }, solver) {
  const batchSize = batchSizeOf(solver, wl.rows);
  const lr = learningRate(solver, wl.cols);
  return ['wasm', 'cpu'].map((backend) => {
    const name = `tfjs-${backend}`;
    if (dtype !== 'float32') return { name, na: 'TF.js computes in float32 only' };
    const steps = CHECK_EPOCHS * Math.ceil(wl.rows / batchSize);
    if (steps * TF_STEP_MS > budget.maxRun) {
      return { name, skip: `${steps} TF.js steps ≈ ${((steps * TF_STEP_MS) / 1000).toFixed(0)} s just to check` };
    }
    const fit = (epochs) => {
      const trainer = new TfTrainer(tf, wl.X32, wl.y, wl.rows, wl.cols, solver, lr, batchSize, SHUFFLE_SEED);
      try {
        let loss = 0;
        for (let e = 0; e < epochs; e++) loss = trainer.epoch();
        trainer.coef();
        return loss;
      } finally {
        trainer.dispose();
      }
    };
    return {
      name,
      runsPerCheck: CHECK_EPOCHS / wl.epochs,
      prepare: () => useBackend(tf, backend),
      check: () => fit(CHECK_EPOCHS),
      run: () => fit(wl.epochs),
    };
  });
}

// What every case shares: the training set-up that makes all implementations compute the same thing, the
// agreement tolerances, and the time budgets of a full and a quick run.

/** The solvers of the benchmark, in table order. */
export const SOLVERS = ['batch', 'minibatch', 'sgd'];

/** Rows per step of the mini-batch solver. */
export const BATCH_SIZE = 256;

/** Seed of the per-epoch row shuffle (mini-batch and SGD); every implementation replays the same stream. */
export const SHUFFLE_SEED = 7;

/** Epochs run from θ = 0 before the agreement check compares the loss of the last one. */
export const CHECK_EPOCHS = 10;

/**
 * Fixed step sizes, safe for standard normal features: batch and mini-batch steps see curvature ≈ 2, one-row
 * SGD steps see ‖x‖² ≈ cols, so their step shrinks with the width.
 */
export function learningRate(solver, cols) {
  return solver === 'sgd' ? 0.1 / cols : 0.1;
}

/**
 * The estimator options that make linwasm, its baseline and the textbook port run the same iterations: a
 * constant step, no standardization, no intercept (the textbook loop has none), no early stop, the same shuffle stream.
 */
export function fitOptions(solver, cols, epochs, dtype) {
  return {
    solver,
    learningRate: learningRate(solver, cols),
    // The textbook's constant step ('sgd' decays its step by default).
    schedule: 'constant',
    maxEpochs: epochs,
    ...(solver === 'minibatch' ? { batchSize: BATCH_SIZE } : {}),
    tolerance: null,
    standardize: false,
    fitIntercept: false,
    l2: 0,
    dtype,
    seed: SHUFFLE_SEED,
    shuffle: true,
    // One thread unless the thread-scaling table asks for more (both estimators accept the option).
    threads: 1,
  };
}

/** Rows per step of a solver on n rows. */
export function batchSizeOf(solver, rows) {
  return solver === 'batch' ? rows : solver === 'sgd' ? 1 : BATCH_SIZE;
}

/**
 * Relative tolerance of the agreement check. float64 implementations differ only in summation order; float32
 * ones also in where they round (per row, per 32-row block, per tensor op), which grows with the number of steps.
 */
export function tolerance(dtype, solver) {
  if (dtype === 'float64') return 1e-9;
  return solver === 'sgd' ? 1e-3 : 1e-4;
}

/**
 * Time budgets (ms). Each timed implementation runs at least `minSamples` times and for at least `time` ms after
 * its warm-up; an implementation whose single run would take longer than `maxRun` (estimated from its agreement
 * run) is checked but not timed, and the table says so.
 */
export const BUDGET = {
  full: { time: 1500, minSamples: 5, warmupTime: 300, warmupIterations: 3, maxRun: 6000 },
  quick: { time: 40, minSamples: 3, warmupTime: 10, warmupIterations: 1, maxRun: 300 },
};

// linwasm/baseline: pure-JS twins of every WASM kernel and trainer, the estimator on them, and
// the literal textbook loop. Same names as the core (assembly/index.ts), typed arrays for pointers;
// the trainers read the same settings block (configBlock, plainSettings).

export type { TrainSettings } from '../engine.js';
export { permutationInit, Rng, shuffle } from '../rng.js';
export { configBlock, plainSettings } from '../train-state.js';
export { jacobiEigen } from './eigen.js';
export { jsEngine } from './engine.js';
export { choleskySolve, gram } from './exact.js';
export { dot, type Floats, gradient, matvec, scaleAxpy, sumSquares, update } from './kernels.js';
export { LinearRegression } from './LinearRegression.js';
export { ridgeLoo } from './loo.js';
export { type NaiveOptions, type NaiveResult, naiveFit } from './naive.js';
export { columnStats, firstNonFinite, maxRowNormSq, standardize } from './stats.js';
export { endEpoch, newState, powerIteration, trainBatch, trainMinibatch, trainSgd } from './train.js';
export { transpose } from './transpose.js';

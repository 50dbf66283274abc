// The textbook loop, ported literally onto arrays of arrays: θ starts at zero; every step computes
// predictions X·θ, errors ŷ − y, the gradient (2/m)·Xᵀ·errors over the m rows of the step and
// θ ← θ − η·gradient. No intercept, no scaling, no penalty: add a column of ones to X for a bias.
// It is the "naive" benchmark baseline and the reference for LinearRegression's textbook
// configuration ({ solver: 'batch', fitIntercept: false, standardize: false }).
import { permutationInit, Rng, shuffle } from '../rng.js';

/** The options of naiveFit: the textbook's step rule, step size and epochs. */
export interface NaiveOptions {
  /** 'batch' (default): all rows per step; 'sgd': one row; 'minibatch': batchSize rows. */
  solver?: 'batch' | 'sgd' | 'minibatch';
  /** The step size η of θ ← θ − η·gradient. */
  learningRate: number;
  /** Passes over the rows (no stopping rule). */
  epochs: number;
  /** Rows per step of 'minibatch' (default 32). */
  batchSize?: number;
  /** Seed of the per-epoch shuffle for 'sgd' and 'minibatch' (default 0; the same stream as linwasm). */
  seed?: number;
  /** Called with the epoch (0-based) and its loss after every epoch; the textbook prints it every 100 epochs. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** What naiveFit returns: the parameters and the loss of every epoch. */
export interface NaiveResult {
  /** θ, one value per column of X (a column of ones gives the bias). */
  theta: number[];
  /** MSE of each epoch (for 'batch', at θ before the epoch's step). */
  history: number[];
}

/**
 * The textbook gradient-descent loop on arrays of rows: θ = 0, then `epochs` passes of
 * θ ← θ − η·(2/m)·Xᵀ(Xθ − y) over steps of m rows. The benchmark's naive baseline and the reference
 * for LinearRegression({ solver: 'batch', fitIntercept: false, standardize: false }). It checks
 * nothing, as the textbook does: X must be a non-empty array of equal-length finite rows and y as
 * long as X (empty X throws a TypeError; other mistakes give NaN or wrong numbers).
 */
export function naiveFit(X: number[][], y: number[], options: NaiveOptions): NaiveResult {
  const { solver = 'batch', learningRate, epochs, seed = 0, onEpoch } = options;
  const m = X.length;
  const n = X[0].length;
  const batchSize = solver === 'batch' ? m : solver === 'sgd' ? 1 : (options.batchSize ?? 32);
  let theta: number[] = new Array(n).fill(0);
  const history: number[] = [];
  const rng = new Rng(seed);
  const order = permutationInit(m);
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (solver !== 'batch') shuffle(order, rng);
    let sumSquared = 0;
    for (let start = 0; start < m; start += batchSize) {
      const rows: number[] = [];
      for (let i = start; i < Math.min(start + batchSize, m); i++) rows.push(solver === 'batch' ? i : order[i]);
      const predictions = rows.map((i) => X[i].reduce((s, x, j) => s + x * theta[j], 0));
      const errors = predictions.map((p, k) => p - y[rows[k]]);
      const gradient = theta.map((_, j) => (2 / rows.length) * errors.reduce((s, e, k) => s + X[rows[k]][j] * e, 0));
      theta = theta.map((t, j) => t - learningRate * gradient[j]);
      sumSquared += errors.reduce((s, e) => s + e * e, 0);
    }
    const loss = sumSquared / m;
    history.push(loss);
    onEpoch?.(epoch, loss);
  }
  return { theta, history };
}

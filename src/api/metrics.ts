// Regression metrics on float64 arrays, with scikit-learn's definitions and edge cases
// (sklearn/metrics/_regression.py). Every metric checks its two arguments first: arrays of finite
// numbers of the same, non-zero length.
import { describe } from './data.js';

/** Mean of (y − ŷ)². @throws TypeError/RangeError for arrays that are not numbers, empty or of different lengths. */
export function meanSquaredError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'meanSquaredError');
  return squaredErrorMean(y, yPred);
}

/** √(mean of (y − ŷ)²): scikit-learn's mean_squared_error(squared=False). @throws as meanSquaredError. */
export function rootMeanSquaredError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'rootMeanSquaredError');
  return Math.sqrt(squaredErrorMean(y, yPred));
}

function squaredErrorMean(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = yPred[i] - y[i];
    s += r * r;
  }
  return s / y.length;
}

/** Mean of |y − ŷ|. @throws as meanSquaredError. */
export function meanAbsoluteError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'meanAbsoluteError');
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - yPred[i]);
  return s / y.length;
}

/** The machine epsilon of float64: scikit-learn's floor under |y| in MAPE. */
const EPSILON = 2 ** -52;

/**
 * Mean of |y − ŷ| / max(|y|, ε), ε = 2⁻⁵² (scikit-learn's mean_absolute_percentage_error): a
 * fraction, not a percentage (0.05 is 5%). Where y is 0 the error is divided by ε, so the result is
 * huge rather than infinite, as in scikit-learn.
 * @throws as meanSquaredError.
 */
export function meanAbsolutePercentageError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'meanAbsolutePercentageError');
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(yPred[i] - y[i]) / Math.max(Math.abs(y[i]), EPSILON);
  return s / y.length;
}

/**
 * Median of |y − ŷ| (the mean of the two middle values for an even count), robust to outliers.
 * @throws as meanSquaredError.
 */
export function medianAbsoluteError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'medianAbsoluteError');
  const a = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) a[i] = Math.abs(yPred[i] - y[i]);
  a.sort();
  const mid = a.length >> 1;
  return a.length % 2 === 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

/** max |y − ŷ|: the worst error. @throws as meanSquaredError. */
export function maxError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'maxError');
  let m = 0;
  for (let i = 0; i < y.length; i++) m = Math.max(m, Math.abs(y[i] - yPred[i]));
  return m;
}

/**
 * R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)². For a constant y it is 1 for a perfect prediction and 0
 * otherwise (scikit-learn's r2_score with force_finite).
 * @throws as meanSquaredError.
 */
export function r2Score(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'r2Score');
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i] - yPred[i];
    const c = y[i] - mean;
    ssRes += r * r;
    ssTot += c * c;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/**
 * Explained variance 1 − Var(y − ŷ) / Var(y): R² without the penalty for a constant offset (a
 * biased model can score 1). For a constant y it is 1 when y − ŷ is constant too and 0 otherwise
 * (scikit-learn's explained_variance_score with force_finite).
 * @throws as meanSquaredError.
 */
export function explainedVariance(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(y, yPred, 'explainedVariance');
  const n = y.length;
  let diffMean = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    diffMean += y[i] - yPred[i];
    yMean += y[i];
  }
  diffMean /= n;
  yMean /= n;
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - yPred[i] - diffMean;
    const c = y[i] - yMean;
    numerator += r * r;
    denominator += c * c;
  }
  numerator /= n;
  denominator /= n;
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/** Both arguments arrays of finite numbers, of the same non-zero length. */
function checkPair(y: ArrayLike<number>, yPred: ArrayLike<number>, metric: string): void {
  for (const [name, v] of [
    ['y', y],
    ['yPred', yPred],
  ] as const) {
    if (v === null || typeof v !== 'object' || typeof (v as { length?: unknown }).length !== 'number') {
      throw new TypeError(`${metric}: ${name} must be an array of numbers or a typed array, got ${describe(v)}`);
    }
  }
  if (y.length !== yPred.length) {
    throw new RangeError(
      `${metric}: y and yPred must have the same length: y has ${y.length} values but yPred has ${yPred.length}`,
    );
  }
  if (y.length === 0) throw new RangeError(`${metric}: y and yPred are empty: they need at least one value`);
  for (const [name, v] of [
    ['y', y],
    ['yPred', yPred],
  ] as const) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number') throw new TypeError(`${metric}: ${name}[${i}] must be a number, got ${describe(x)}`);
      if (!Number.isFinite(x)) throw new RangeError(`${metric}: ${name}[${i}] is ${x}: every value must be finite`);
    }
  }
}

// Regression metrics on float64 arrays, with scikit-learn's conventions.

/** Mean of (y − ŷ)². */
export function meanSquaredError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = yPred[i] - y[i];
    s += r * r;
  }
  return s / y.length;
}

/** Mean of |y − ŷ|. */
export function meanAbsoluteError(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - yPred[i]);
  return s / y.length;
}

/**
 * R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)². For a constant y it is 1 for a perfect prediction and 0
 * otherwise (scikit-learn's r2_score with force_finite).
 */
export function r2Score(y: ArrayLike<number>, yPred: ArrayLike<number>): number {
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

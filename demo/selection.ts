// The demo's own model selection: trainTestSplit, kFold, validationCurve and polynomialFeatures with
// scikit-learn's semantics (and column order), under the names the library's model-selection API
// will export. When linwasm ships them, this module becomes `export { … } from 'linwasm'` and
// nothing else in the demo changes (the metrics already come from linwasm). It is plain JS on typed arrays, so it runs in the workers.
import {
  LinearRegression,
  type LinearRegressionOptions,
  type Matrix,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
} from 'linwasm';

export interface Split {
  XTrain: Matrix;
  XTest: Matrix;
  yTrain: Float64Array;
  yTest: Float64Array;
  /** Row indices (into X) of each part, in the order of its rows. */
  trainIndex: Uint32Array;
  testIndex: Uint32Array;
}

/**
 * Splits rows into a training and a test part, as scikit-learn's train_test_split: the test part
 * has ceil(testSize·n) rows (testSize a fraction in (0, 1)), taken from a seeded shuffle.
 * @throws RangeError when testSize leaves no training or no test row.
 */
export function trainTestSplit(
  X: Matrix,
  y: Float64Array,
  { testSize = 0.25, seed = 0, shuffle = true }: { testSize?: number; seed?: number; shuffle?: boolean } = {},
): Split {
  const n = X.rows;
  if (!(testSize > 0 && testSize < 1)) throw new RangeError(`testSize must be in (0, 1), got ${testSize}`);
  const nTest = Math.ceil(testSize * n);
  if (nTest >= n) {
    throw new RangeError(`testSize ${testSize} of ${n} rows leaves no training rows (test: ${nTest})`);
  }
  const order = shuffle ? permutation(n, seed) : Uint32Array.from({ length: n }, (_, i) => i);
  const testIndex = order.slice(0, nTest);
  const trainIndex = order.slice(nTest);
  return {
    XTrain: takeRows(X, trainIndex),
    XTest: takeRows(X, testIndex),
    yTrain: take(y, trainIndex),
    yTest: take(y, testIndex),
    trainIndex,
    testIndex,
  };
}

/**
 * K folds over n rows, as scikit-learn's KFold: the first n % k folds have one row more; with
 * shuffle the rows are dealt from a seeded permutation.
 * @throws RangeError for fewer than 2 folds or more folds than rows.
 */
export function kFold(
  nSamples: number,
  { nSplits = 5, shuffle = false, seed = 0 }: { nSplits?: number; shuffle?: boolean; seed?: number } = {},
): Fold[] {
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new RangeError(`nSplits must be an integer ≥ 2, got ${nSplits}`);
  if (nSplits > nSamples) throw new RangeError(`nSplits (${nSplits}) is larger than the number of rows (${nSamples})`);
  const order = shuffle ? permutation(nSamples, seed) : Uint32Array.from({ length: nSamples }, (_, i) => i);
  const folds: Fold[] = [];
  let start = 0;
  for (let k = 0; k < nSplits; k++) {
    const size = Math.floor(nSamples / nSplits) + (k < nSamples % nSplits ? 1 : 0);
    const test = order.slice(start, start + size);
    const train = new Uint32Array(nSamples - size);
    train.set(order.subarray(0, start));
    train.set(order.subarray(start + size), start);
    folds.push({ train, test });
    start += size;
  }
  return folds;
}

export type Scoring = 'r2' | 'neg_mean_squared_error' | 'neg_mean_absolute_error';

/** A training/test partition of row indices, as kFold returns and `cv` accepts. */
export interface Fold {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * Scores of a model along one option's values, as scikit-learn's validation_curve: for each value in
 * paramRange and each fold of `cv` (a number of unshuffled K folds, or the folds themselves), the
 * score on the fold's training and test rows. Rows of the results are the values, columns the folds.
 * A fit that fails (divergence, a singular system) scores NaN, as scikit-learn's error_score=nan.
 */
export function validationCurve(
  options: LinearRegressionOptions,
  X: Matrix,
  y: Float64Array,
  {
    paramName,
    paramRange,
    cv = 5,
    scoring = 'r2',
  }: {
    paramName: keyof LinearRegressionOptions;
    paramRange: readonly number[];
    cv?: number | Fold[];
    scoring?: Scoring;
  },
): { trainScores: number[][]; testScores: number[][] } {
  const folds = typeof cv === 'number' ? kFold(X.rows, { nSplits: cv }) : cv;
  const parts = folds.map(({ train, test }) => ({
    XTrain: takeRows(X, train),
    yTrain: take(y, train),
    XTest: takeRows(X, test),
    yTest: take(y, test),
  }));
  const score = SCORERS[scoring];
  const trainScores: number[][] = [];
  const testScores: number[][] = [];
  for (const value of paramRange) {
    const train: number[] = [];
    const test: number[] = [];
    for (const p of parts) {
      try {
        const model = new LinearRegression({ ...options, [paramName]: value }).fit(p.XTrain, p.yTrain);
        train.push(score(p.yTrain, model.predict(p.XTrain)));
        test.push(score(p.yTest, model.predict(p.XTest)));
      } catch {
        train.push(Number.NaN);
        test.push(Number.NaN);
      }
    }
    trainScores.push(train);
    testScores.push(test);
  }
  return { trainScores, testScores };
}

const SCORERS: Record<Scoring, (y: Float64Array, p: Float64Array) => number> = {
  r2: r2Score,
  neg_mean_squared_error: (y, p) => -meanSquaredError(y, p),
  neg_mean_absolute_error: (y, p) => -meanAbsoluteError(y, p),
};

/**
 * Polynomial and interaction terms of the columns up to `degree`, in scikit-learn's
 * PolynomialFeatures order: (bias,) then for each degree the column combinations with replacement
 * in lexicographic order — x0, x1, …, x0², x0·x1, …, x1², … — and names in its
 * get_feature_names_out form ('x0^2', 'x0 x1').
 * @throws RangeError for a degree that is not an integer ≥ 1.
 */
export function polynomialFeatures(
  X: Matrix,
  {
    degree = 2,
    includeBias = true,
    interactionOnly = false,
    featureNames,
  }: { degree?: number; includeBias?: boolean; interactionOnly?: boolean; featureNames?: readonly string[] } = {},
): { X: Matrix; featureNames: string[] } {
  if (!Number.isInteger(degree) || degree < 1) throw new RangeError(`degree must be an integer ≥ 1, got ${degree}`);
  const names = featureNames ?? Array.from({ length: X.cols }, (_, j) => `x${j}`);
  const terms = polynomialTerms(X.cols, degree, includeBias, interactionOnly);
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * terms.length);
  for (let i = 0; i < rows; i++) {
    const src = i * cols;
    const dst = i * terms.length;
    for (let t = 0; t < terms.length; t++) {
      let v = 1;
      for (const j of terms[t]) v *= data[src + j];
      out[dst + t] = v;
    }
  }
  return { X: { data: out, rows, cols: terms.length }, featureNames: terms.map((t) => termName(t, names)) };
}

/** The number of columns polynomialFeatures makes, without making them. */
export function polynomialWidth(nFeatures: number, degree: number, includeBias = true): number {
  // C(n + d, d) monomials of degree ≤ d in n variables, the constant among them.
  let count = 1;
  for (let k = 1; k <= degree; k++) count = (count * (nFeatures + k)) / k;
  return Math.round(count) - (includeBias ? 0 : 1);
}

function polynomialTerms(n: number, degree: number, includeBias: boolean, interactionOnly: boolean): number[][] {
  const terms: number[][] = includeBias ? [[]] : [];
  const grow = (prefix: number[], from: number, left: number) => {
    if (left === 0) {
      terms.push(prefix);
      return;
    }
    for (let j = from; j < n; j++) grow([...prefix, j], interactionOnly ? j + 1 : j, left - 1);
  };
  for (let d = 1; d <= degree; d++) grow([], 0, d);
  return terms;
}

function termName(term: number[], names: readonly string[]): string {
  if (term.length === 0) return '1';
  const parts: string[] = [];
  for (let k = 0; k < term.length; ) {
    let power = 1;
    while (k + power < term.length && term[k + power] === term[k]) power++;
    parts.push(power === 1 ? names[term[k]] : `${names[term[k]]}^${power}`);
    k += power;
  }
  return parts.join(' ');
}

/** The rows of X at `index`, in that order. */
export function takeRows(X: Matrix, index: Uint32Array): Matrix {
  const { cols, data } = X;
  const out = new Float64Array(index.length * cols);
  for (let r = 0; r < index.length; r++) out.set(data.subarray(index[r] * cols, (index[r] + 1) * cols), r * cols);
  return { data: out, rows: index.length, cols };
}

function take(v: Float64Array, index: Uint32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let r = 0; r < index.length; r++) out[r] = v[index[r]];
  return out;
}

/** A seeded permutation of 0 … n−1 (Fisher–Yates driven by mulberry32). */
export function permutation(n: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** mulberry32: a small, fast 32-bit PRNG, enough for shuffling rows and making demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

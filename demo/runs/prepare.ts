// In a run worker: the table → the raw feature columns and y, split into training and held-out rows
// by linwasm's trainTestSplit, each part expanded to polynomial features by linwasm's
// polynomialFeatures (row by row, so expanding the parts equals splitting the expanded rows).
import { type Matrix, polynomialFeatures, trainTestSplit } from 'linwasm';
import type { DataSpec } from './protocol.js';

export interface Table {
  columns: string[];
  rows: number;
  data: Float64Array;
}

/** Some rows: their raw feature columns (degree 1), the features a fit takes, and y. */
export interface Part {
  raw: Matrix;
  X: Matrix;
  y: Float64Array;
}

export interface Prepared {
  /** Names of X's columns: the raw columns, or their polynomial terms ('bmi^2', 'age bmi'). */
  features: string[];
  rawFeatures: string[];
  /** The rows fits train on: trainTestSplit's training rows, or every row when none are held out. */
  train: Part;
  /** trainTestSplit's held-out rows; null when none are held out. */
  test: Part | null;
}

/** Values a run may expand the table to (8 bytes each, several copies): keeps the tab alive. */
export const MAX_VALUES = 40_000_000;

/**
 * @throws RangeError naming the target that is not a column, or a degree whose features would not fit.
 */
export function prepare(table: Table, spec: DataSpec): Prepared {
  const t = table.columns.indexOf(spec.target);
  if (t < 0) throw new RangeError(`There is no column '${spec.target}' to predict`);
  const width = table.columns.length;
  const d = width - 1;
  const rawFeatures = table.columns.filter((_, j) => j !== t);
  checkWidth(d, spec.degree, table.rows);
  const data = new Float64Array(table.rows * d);
  const y = new Float64Array(table.rows);
  for (let i = 0; i < table.rows; i++) {
    let k = i * d;
    for (let j = 0; j < width; j++) {
      const v = table.data[i * width + j];
      if (j === t) y[i] = v;
      else data[k++] = v;
    }
  }
  const raw: Matrix = { data, rows: table.rows, cols: d };
  const expand = (m: Matrix) =>
    spec.degree === 1 ? { X: m, names: rawFeatures } : polynomial(m, spec.degree, rawFeatures);
  if (spec.testFraction === 0) {
    const all = expand(raw);
    return { features: all.names, rawFeatures, train: { raw, X: all.X, y }, test: null };
  }
  const split = trainTestSplit(raw, y, { testFraction: spec.testFraction, seed: spec.splitSeed });
  const train = expand(split.XTrain);
  return {
    features: train.names,
    rawFeatures,
    train: { raw: split.XTrain, X: train.X, y: split.yTrain },
    test: { raw: split.XTest, X: expand(split.XTest).X, y: split.yTest },
  };
}

/** The polynomial terms of degree 1 … degree, without the bias column (LinearRegression fits its intercept). */
export function polynomial(X: Matrix, degree: number, names?: string[]): { X: Matrix; names: string[] } {
  return polynomialFeatures(X, { degree, includeBias: false, ...(names ? { names } : {}) });
}

/**
 * Refuses, before anything is built, a degree whose features would exceed this page's budget
 * (MAX_VALUES, well under the library's own MAX_POLYNOMIAL_VALUES: a run holds several copies).
 * @throws RangeError saying how many features and values the degree makes.
 */
export function checkWidth(nFeatures: number, degree: number, rows: number): void {
  const width = polynomialWidth(nFeatures, degree);
  if (width * rows > MAX_VALUES) {
    throw new RangeError(
      `Degree ${degree} makes ${width} features of ${rows} rows (${((width * rows) / 1e6).toFixed(0)} M values), ` +
        `more than this page holds (${MAX_VALUES / 1e6} M): choose a lower degree or a smaller file`,
    );
  }
}

/**
 * The number of columns polynomialFeatures makes without the bias, C(n + d, d) − 1 (monomials of
 * degree 1 … d in n variables), counted without making them: the library counts them only while
 * building, and this page's budget is smaller than the library's limit.
 */
export function polynomialWidth(nFeatures: number, degree: number): number {
  let count = 1;
  for (let k = 1; k <= degree; k++) count = (count * (nFeatures + k)) / k;
  return Math.round(count) - 1;
}

/** X in the dtype a fit stores it in (float32 halves the copy into WASM). */
export function inDtype(X: Matrix, dtype: string | undefined): Matrix {
  return dtype === 'float32' ? { data: Float32Array.from(X.data), rows: X.rows, cols: X.cols } : X;
}

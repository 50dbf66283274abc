// In a run worker: the table → X (polynomial features of the chosen degree) and y, split into
// training and held-out rows.
import type { Matrix } from 'linwasm';
import { polynomialFeatures, polynomialWidth, type Split, trainTestSplit } from '../selection.js';
import type { DataSpec } from './protocol.js';

export interface Table {
  columns: string[];
  rows: number;
  data: Float64Array;
}

export interface Prepared {
  features: string[];
  /** The raw feature columns (degree 1) and y, for curves along the degree. */
  raw: Matrix;
  rawFeatures: string[];
  X: Matrix;
  y: Float64Array;
  /** null without held-out rows. */
  split: Split | null;
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
  const expanded = polynomialWidth(d, spec.degree, false);
  if (expanded * table.rows > MAX_VALUES) {
    throw new RangeError(
      `Degree ${spec.degree} makes ${expanded} features of ${table.rows} rows (${((expanded * table.rows) / 1e6).toFixed(0)} M values), ` +
        `more than this page holds (${MAX_VALUES / 1e6} M): choose a lower degree or a smaller file`,
    );
  }
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
  const poly =
    spec.degree === 1
      ? { X: raw, featureNames: rawFeatures }
      : polynomialFeatures(raw, { degree: spec.degree, includeBias: false, featureNames: rawFeatures });
  const split =
    spec.testFraction > 0 ? trainTestSplit(poly.X, y, { testSize: spec.testFraction, seed: spec.splitSeed }) : null;
  return { features: poly.featureNames, raw, rawFeatures, X: poly.X, y, split };
}

/** X in the dtype a fit stores it in (float32 halves the copy into WASM). */
export function inDtype(X: Matrix, dtype: string | undefined): Matrix {
  return dtype === 'float32' ? { data: Float32Array.from(X.data), rows: X.rows, cols: X.cols } : X;
}

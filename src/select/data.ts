// The data of a model-selection call: X and y checked once (shapes, types, finiteness, naming the
// row and column of the whole data set, not of a fold), and the rows of a fold taken from them.
import {
  checkSameLength,
  type Matrix,
  type MatrixInput,
  nonFiniteError,
  toRowMatrix,
  toVector,
  type VectorInput,
} from '../api/data.js';
import type { DType } from '../engine/engine.js';

export interface Data {
  X: Matrix;
  y: Float64Array;
}

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * X and y as one Matrix and a Float64Array.
 * @throws TypeError/RangeError for bad X or y (naming the row and column), for X and y of different
 * lengths, and for a value that is not finite (or overflows float32 when dtype is 'float32').
 */
export function readData(X: MatrixInput, y: VectorInput, dtype: DType = 'float64'): Data {
  const m = toRowMatrix(X, 'X');
  const target = toVector(y, 'y');
  checkSameLength(m, target);
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v) || (dtype === 'float32' && Math.abs(v) > FLOAT32_MAX)) throw nonFiniteError(m, i, dtype);
  }
  return { X: m, y: target };
}

/** The rows `indices` of X, as a Matrix of the same element type. */
export function takeRows(X: Matrix, indices: ArrayLike<number>): Matrix {
  const d = X.cols;
  const data =
    X.data instanceof Float32Array ? new Float32Array(indices.length * d) : new Float64Array(indices.length * d);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    data.set(X.data.subarray(i * d, (i + 1) * d), k * d);
  }
  return { data, rows: indices.length, cols: d };
}

/** The values `indices` of v. */
export function takeValues(v: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = v[indices[k]];
  return out;
}

// predict: ŷ = X·coef + intercept, the one path every estimator method that predicts goes through.
// A few rows are computed here in JavaScript with the JS engine's dot product, which adds in the
// core's SIMD lane order (bit for bit the WASM result): a call into WASM, a copy in and a copy out
// cost more than the products of a row or two (1 row × 10 features: ≈ 0.5 µs through WASM against
// ≈ 0.07 µs here). Larger inputs go to the engine (chunked copy-and-compute in WASM).
import { type Dense, isColumnar, isFloat32, type Matrix, nonFiniteError } from '../api/data.js';
import type { DType, Engine } from '../engine/engine.js';
import { dot } from '../engine/js/kernels.js';

/** Inputs of at most this many values (rows × features) are predicted in JavaScript. Measured with
 *  bench/predict-small.mjs: below it the WASM call's fixed cost dominates. */
export const SMALL_PREDICT_VALUES = 256;

/** The weights of a model in the dtype of its predictions, kept on the JS side between calls. */
export class PredictWeights {
  private f32: Float32Array | null = null;

  constructor(
    readonly coef: Float64Array,
    readonly intercept: number,
  ) {}

  /** coef rounded to float32 (as the core rounds it for float32 inputs), made once. */
  float32(): Float32Array {
    if (!this.f32) this.f32 = Float32Array.from(this.coef);
    return this.f32;
  }
}

/**
 * ŷ for every row of X, in float32 when X is all float32, else float64.
 * @throws RangeError naming the row and column of the first value that is not finite (in the dtype).
 */
export function predictRows(engine: Engine, X: Dense, weights: PredictWeights): Float64Array {
  const dtype: DType = isFloat32(X) ? 'float32' : 'float64';
  if (!isColumnar(X) && X.rows * X.cols <= SMALL_PREDICT_VALUES) return predictSmall(X, dtype, weights);
  return engine.predict(X, dtype, weights.coef, weights.intercept);
}

/** A few rows in JavaScript, equal to the engines' result bit for bit. */
function predictSmall(X: Matrix, dtype: DType, weights: PredictWeights): Float64Array {
  const { data, rows, cols } = X;
  const w = dtype === 'float32' ? weights.float32() : weights.coef;
  const b = weights.intercept;
  const out = new Float64Array(rows);
  let finite = true;
  for (let i = 0; i < rows; i++) {
    const v = dot(data, i * cols, w, cols) + b;
    out[i] = v;
    finite = finite && Number.isFinite(v);
  }
  // A value that is not finite makes its row's prediction non-finite (∞·0 and ∞ − ∞ are NaN), so the
  // input is scanned only when an output is: the common call pays for `rows` checks, not rows × cols.
  if (!finite) {
    for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k])) throw nonFiniteError(X, k, dtype);
  }
  return out;
}

// predict's two paths — a few rows in JavaScript (fit/predict.ts), more rows copied into WASM a chunk at
// a time (engine/wasm/predict.ts) — against the kernel they replace: X stored whole, matvec, the pure-JS
// twin of matvec (float64: bit for bit; float32: see below). Shapes hit the SIMD tails, rows cross chunk
// boundaries, and a non-finite value is reported at its row and column from any chunk.
import { beforeAll, describe, expect, it } from 'vitest';
import { nonFiniteError } from '../src/api/data.js';
import { jsEngine } from '../src/engine/js/engine.js';
import * as js from '../src/engine/js/index.js';
import { arena } from '../src/engine/wasm/arena.js';
import { init } from '../src/engine/wasm/embedded.js';
import { wasmEngine } from '../src/engine/wasm/engine.js';
import { PREDICT_CHUNK_VALUES } from '../src/engine/wasm/predict.js';
import { PredictWeights, predictRows, SMALL_PREDICT_VALUES } from '../src/fit/predict.js';
import { LinearRegression } from '../src/index.js';
import { normal } from './helpers.js';

const DTYPES = ['float64', 'float32'] as const;
const FEATURES = [1, 2, 3, 5, 8, 17, 67];

beforeAll(async () => {
  await init();
});

function problem(n: number, d: number, dtype: (typeof DTYPES)[number], seed = 3) {
  const g = normal(seed + 17 * n + d);
  const data = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = 4 * g();
  const coef = Float64Array.from({ length: d }, () => g());
  return { X: { data, rows: n, cols: d }, coef, intercept: 0.375 };
}

/** The reference: the whole X stored in WASM and multiplied by the matvec kernel (the previous predict). */
function storedWhole(
  X: { data: Float64Array | Float32Array; rows: number; cols: number },
  coef: Float64Array,
  b: number,
) {
  const stored = wasmEngine.storeX(X, X.data instanceof Float32Array ? 'float32' : 'float64');
  try {
    return stored.predict(coef, b);
  } finally {
    stored.dispose();
  }
}

describe.each(DTYPES)('predict, %s', (dtype) => {
  it.each(FEATURES)('a few rows in JavaScript equal the WASM kernel bit for bit, d=%i', (d) => {
    for (const n of [1, 2, 3, Math.floor(SMALL_PREDICT_VALUES / d)].filter(
      (r) => r >= 1 && r * d <= SMALL_PREDICT_VALUES,
    )) {
      const { X, coef, intercept } = problem(n, d, dtype);
      const got = predictRows(wasmEngine, X, new PredictWeights(coef, intercept));
      expect(Array.from(got)).toEqual(Array.from(storedWhole(X, coef, intercept)));
      if (dtype === 'float64') {
        const expected = new Float64Array(n);
        js.matvec(X.data, n, d, X.data instanceof Float32Array ? Float32Array.from(coef) : coef, intercept, expected);
        expect(Array.from(got)).toEqual(Array.from(expected));
      }
    }
  });

  it.each(FEATURES)('rows in chunks equal X stored whole bit for bit, d=%i', (d) => {
    const chunkRows = Math.floor(PREDICT_CHUNK_VALUES / d);
    for (const n of [chunkRows - 1, chunkRows, 2 * chunkRows + 3]) {
      const { X, coef, intercept } = problem(n, d, dtype);
      const got = wasmEngine.predict(X, dtype, coef, intercept);
      expect(got.length).toBe(n);
      expect(Array.from(got)).toEqual(Array.from(storedWhole(X, coef, intercept)));
    }
  });

  it.each([
    ['the first value', 0, 0],
    ['a row of the second chunk', 1, 2],
    ['the last value', -1, -1],
  ] as const)('a value that is not finite is reported at its row and column: %s', (_, chunk, col) => {
    const d = 5;
    const chunkRows = Math.floor(PREDICT_CHUNK_VALUES / d);
    for (const n of [3, 3 * chunkRows + 7]) {
      const { X, coef, intercept } = problem(n, d, dtype);
      const row = chunk === -1 ? n - 1 : Math.min(n - 1, chunk * chunkRows + 11);
      const j = col === -1 ? d - 1 : col;
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
        X.data[row * d + j] = bad;
        const expected = nonFiniteError(X, row * d + j, dtype).message;
        expect(expected).toContain(`row ${row}, column ${j}`);
        for (const engine of [wasmEngine, jsEngine]) {
          expect(() => predictRows(engine, X, new PredictWeights(coef, intercept))).toThrow(expected);
        }
        // The WASM arena gives everything back after the error.
        expect(arena().inUse).toBe(0);
      }
    }
  });

  it('a zero weight on an infinite value still finds it (∞·0 is NaN)', () => {
    const { X, coef, intercept } = problem(4, 3, dtype);
    coef[1] = 0;
    X.data[2 * 3 + 1] = Number.NEGATIVE_INFINITY;
    expect(() => predictRows(wasmEngine, X, new PredictWeights(coef, intercept))).toThrow('X[2][1] (row 2, column 1)');
  });
});

describe('LinearRegression.predict', () => {
  it('gives the same predictions one row at a time, a few rows at a time and all at once', () => {
    const n = 3000;
    const d = 6;
    for (const dtype of DTYPES) {
      const { X, coef } = problem(n, d, dtype);
      const y = Float64Array.from({ length: n }, (_, i) => X.data[i * d] * coef[0] + 1);
      const model = new LinearRegression({ solver: 'exact', dtype }).fit(X, y);
      const all = model.predict(X);
      for (const i of [0, 1, 1234, n - 1]) {
        const one = model.predict({ data: X.data.subarray(i * d, (i + 1) * d), rows: 1, cols: d });
        expect(one[0]).toBe(all[i]);
      }
      const few = model.predict({ data: X.data.subarray(0, 10 * d), rows: 10, cols: d });
      expect(Array.from(few)).toEqual(Array.from(all.subarray(0, 10)));
    }
  });
});

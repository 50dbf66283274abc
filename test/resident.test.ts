// Resident matrices (residentMatrix → ResidentMatrix, dispose()): X copied into WASM memory once and
// predicted on by any model, against the pure-JS twin of matvec (js.matvec: the same lane order, so the
// same bits in both dtypes) and against predict on the array itself; their memory (the arena's resident
// region: reused, given back, never a stack release's) and every way a handle stops being usable —
// dispose(), releaseMemory(), memory growth under it — with a clear error, never a wrong result. Runs in
// Node and in Chromium.
import { beforeAll, describe, expect, it } from 'vitest';
import * as js from '../src/engine/js/index.js';
import { arena } from '../src/engine/wasm/arena.js';
import {
  init,
  LinearRegression,
  memoryInfo,
  type ResidentMatrix,
  releaseMemory,
  residentMatrix,
} from '../src/index.js';
import { normal } from './helpers.js';

const DTYPES = ['float64', 'float32'] as const;
type DType = (typeof DTYPES)[number];

beforeAll(async () => {
  await init();
});

function problem(n: number, d: number, dtype: DType, seed = 5) {
  const g = normal(seed + 31 * n + d);
  const data = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = 3 * g();
  const y = Float64Array.from({ length: n }, (_, i) => 2 * data[i * d] - data[i * d + d - 1] + 0.5 * g() + 1);
  return { X: { data, rows: n, cols: d }, y };
}

/** ŷ from the pure-JS twin of the kernel: w rounded to X's dtype, lanes summed in the core's order. */
function reference(model: LinearRegression, X: { data: Float64Array | Float32Array; rows: number; cols: number }) {
  const w = X.data instanceof Float32Array ? Float32Array.from(model.coef) : model.coef;
  const out = new Float64Array(X.rows);
  js.matvec(X.data, X.rows, X.cols, w, model.intercept, out);
  return out;
}

const bits = (a: Float64Array) => Array.from(a);

describe.each(DTYPES)('predict on a ResidentMatrix, %s', (dtype) => {
  it.each([1, 3, 8, 17, 67])('equals the JS twin and predict on the array bit for bit, d=%i', (d) => {
    for (const n of [1, 7, 3001]) {
      const { X, y } = problem(n + d + 1, d, dtype);
      const model = new LinearRegression({ solver: 'exact', dtype }).fit(X, y);
      const rows = { data: X.data.subarray(0, n * d), rows: n, cols: d };
      const resident = residentMatrix(rows);
      try {
        expect(resident.dtype).toBe(dtype);
        expect([resident.rows, resident.cols]).toEqual([n, d]);
        const got = model.predict(resident);
        expect(bits(got)).toEqual(bits(reference(model, rows)));
        expect(bits(got)).toEqual(bits(model.predict(rows)));
        // Read again (nothing consumed), and by another model.
        expect(bits(model.predict(resident))).toEqual(bits(got));
        const other = new LinearRegression({ solver: 'exact', dtype, l2: 0.5 }).fit(X, y);
        expect(bits(other.predict(resident))).toEqual(bits(reference(other, rows)));
      } finally {
        resident.dispose();
      }
    }
  });

  it('score(resident, y) is score(X, y)', () => {
    const { X, y } = problem(500, 6, dtype);
    const model = new LinearRegression({ solver: 'batch', dtype, maxEpochs: 20 }).fit(X, y);
    const resident = residentMatrix(X);
    expect(model.score(resident, y)).toBe(model.score(X, y));
    expect(() => model.score(resident, y.subarray(1))).toThrow(
      'X and y must have the same length: X has 500 rows but y has 499 values',
    );
    resident.dispose();
  });
});

describe('residentMatrix', () => {
  it('takes rows, a typed matrix and named typed columns; dtype follows X unless given', () => {
    const { X, y } = problem(300, 4, 'float64');
    const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
    const rowsOf = Array.from({ length: 300 }, (_, i) => Array.from(X.data.subarray(i * 4, i * 4 + 4)));
    const columns = [0, 1, 2, 3].map((j) => Float64Array.from({ length: 300 }, (_, i) => X.data[i * 4 + j]));
    const expected = bits(reference(model, X));
    for (const input of [rowsOf, X, { columns, rows: 300, cols: 4, names: ['a', 'b', 'c', 'd'] }]) {
      const resident = residentMatrix(input);
      expect(resident.dtype).toBe('float64');
      expect(bits(model.predict(resident))).toEqual(expected);
      resident.dispose();
    }
    const named = residentMatrix({ columns, rows: 300, cols: 4, names: ['a', 'b', 'c', 'd'] });
    expect(named.featureNames).toEqual(['a', 'b', 'c', 'd']);
    named.dispose();
    // float64 data kept as float32: predictions of the data rounded to float32.
    const x32 = { data: Float32Array.from(X.data), rows: 300, cols: 4 };
    const as32 = residentMatrix(X, { dtype: 'float32' });
    expect(as32.dtype).toBe('float32');
    expect(bits(model.predict(as32))).toEqual(bits(reference(model, x32)));
    as32.dispose();
    const columns32 = columns.map((c) => Float32Array.from(c));
    const fromColumns32 = residentMatrix({ columns: columns32, rows: 300, cols: 4 });
    expect(fromColumns32.dtype).toBe('float32');
    expect(bits(model.predict(fromColumns32))).toEqual(bits(reference(model, x32)));
    fromColumns32.dispose();
  });

  it('reports bad input and options, naming the row, column or option', () => {
    const { X } = problem(40, 3, 'float64');
    const bad = { ...X, data: X.data.slice() };
    bad.data[17 * 3 + 2] = Number.NaN;
    expect(() => residentMatrix(bad)).toThrow('X[17][2] (row 17, column 2) is NaN: every value must be finite');
    bad.data[17 * 3 + 2] = 1e39;
    expect(() => residentMatrix(bad, { dtype: 'float32' })).toThrow(
      "X[17][2] (row 17, column 2) is 1e+39, which overflows float32: use dtype 'float64' or rescale the column",
    );
    expect(() => residentMatrix(X, { dtype: 'float16' as 'float32' })).toThrow(
      "residentMatrix option dtype must be one of 'float64', 'float32', got a string (\"float16\")",
    );
    expect(() => residentMatrix(X, { dtyp: 'float32' } as object)).toThrow(/Unknown residentMatrix option 'dtyp'/);
    expect(() => residentMatrix('X' as unknown as number[][])).toThrow(TypeError);
    // Nothing was kept by the failed calls.
    expect(memoryInfo().residentBytes).toBe(0);
    expect(memoryInfo().inUseBytes).toBe(0);
  });

  it('must have the model’s features: their number, and their names when both have them', () => {
    const { X, y } = problem(50, 3, 'float64');
    const columns = [0, 1, 2].map((j) => Float64Array.from({ length: 50 }, (_, i) => X.data[i * 3 + j]));
    const model = new LinearRegression({ solver: 'exact' }).fit(
      { columns, rows: 50, cols: 3, names: ['a', 'b', 'c'] },
      y,
    );
    const wide = residentMatrix(problem(5, 4, 'float64').X);
    expect(() => model.predict(wide)).toThrow('X has 4 features (columns), but the model was fitted with 3');
    const swapped = residentMatrix({ columns, rows: 50, cols: 3, names: ['b', 'a', 'c'] });
    expect(() => model.predict(swapped)).toThrow(
      "X's columns (b, a, c) are not the model's features in order (a, b, c)",
    );
    const unnamed = residentMatrix(X);
    expect(bits(model.predict(unnamed))).toEqual(bits(model.predict(X)));
    for (const r of [wide, swapped, unnamed]) r.dispose();
  });
});

describe('a ResidentMatrix’s memory', () => {
  it('is counted, reused after dispose() and given back; disposing twice does nothing', () => {
    const before = memoryInfo();
    expect(before.residentBytes).toBe(0);
    const a = residentMatrix(problem(1000, 8, 'float64').X);
    const b = residentMatrix(problem(1000, 8, 'float32').X);
    const c = residentMatrix(problem(10, 2, 'float64').X);
    expect(memoryInfo().residentBytes).toBe(64000 + 32000 + 160);
    expect([a.bytes, b.bytes, c.bytes]).toEqual([64000, 32000, 160]);
    const wasm = memoryInfo().wasmBytes;
    a.dispose();
    a.dispose();
    expect(a.isDisposed).toBe(true);
    expect(a.bytes).toBe(0);
    expect(memoryInfo().residentBytes).toBe(32000 + 160);
    // The freed block takes the next matrix that fits: memory does not grow.
    const { X, y } = problem(4000, 2, 'float64');
    const d = residentMatrix(X);
    expect(memoryInfo().wasmBytes).toBe(wasm);
    const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
    expect(bits(model.predict(d))).toEqual(bits(reference(model, X)));
    expect(bits(model.predict(c))).toEqual(bits(reference(model, problem(10, 2, 'float64').X)));
    for (const r of [b, c, d]) r.dispose();
    expect(memoryInfo().residentBytes).toBe(0);
    expect(memoryInfo().inUseBytes).toBe(0);
    expect(arena().residentBytes).toBe(0);
  });

  it('survives memory growth under it (fits and predictions after it is made)', () => {
    const { X, y } = problem(2000, 5, 'float64');
    const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
    const resident = residentMatrix(X);
    const expected = bits(reference(model, X));
    const wasm = memoryInfo().wasmBytes;
    // A fit that needs more memory than there is: memory.grow detaches every view of the old buffer.
    const big = problem(40000, 40, 'float64');
    new LinearRegression({ solver: 'batch', maxEpochs: 2 }).fit(big.X, big.y);
    expect(memoryInfo().wasmBytes).toBeGreaterThan(wasm);
    expect(bits(model.predict(resident))).toEqual(expected);
    resident.dispose();
  });

  it('cannot be made while a fit holds WASM memory (onEpoch); the fit and the module go on', () => {
    const { X, y } = problem(300, 3, 'float64');
    let message = '';
    const model = new LinearRegression({ solver: 'batch', maxEpochs: 3, tolerance: null }).fit(X, y, {
      onEpoch: () => {
        try {
          residentMatrix(X);
        } catch (e) {
          message = (e as Error).message;
        }
      },
    });
    expect(message).toMatch(/cannot keep data in WASM memory while a fit or predict is using it/);
    expect(model.epochs).toBe(3);
    expect(memoryInfo().residentBytes).toBe(0);
    // One made before the fit is usable inside it.
    const resident = residentMatrix(X);
    let inside: Float64Array | null = null;
    model.fit(X, y, { onEpoch: () => void (inside = model.isFitted ? model.predict(resident) : null) });
    expect(inside).not.toBeNull();
    expect(bits(model.predict(resident))).toEqual(bits(reference(model, X)));
    resident.dispose();
  });

  it('after dispose() and after releaseMemory(), predict and score throw a TypeError that says why', async () => {
    const { X, y } = problem(100, 3, 'float64');
    const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
    const disposed = residentMatrix(X);
    disposed.dispose();
    expect(() => model.predict(disposed)).toThrow(TypeError);
    expect(() => model.predict(disposed)).toThrow('X is a ResidentMatrix that was disposed');
    expect(() => model.score(disposed, y)).toThrow('X is a ResidentMatrix that was disposed');
    const kept: ResidentMatrix = residentMatrix(X);
    const other = residentMatrix(X);
    await releaseMemory();
    expect(kept.isDisposed).toBe(true);
    expect(() => model.predict(kept)).toThrow(/whose WebAssembly memory was given back \(releaseMemory\(\)/);
    // Disposing it now frees nothing of the new instance's memory.
    const fresh = residentMatrix(X);
    kept.dispose();
    other.dispose();
    expect(memoryInfo().residentBytes).toBe(fresh.bytes);
    expect(bits(model.predict(fresh))).toEqual(bits(reference(model, X)));
    fresh.dispose();
    expect(memoryInfo().residentBytes).toBe(0);
  });

  it('a model of the JS engine (linwasm/baseline) refuses it with a TypeError', () => {
    const { X, y } = problem(60, 3, 'float64');
    const resident = residentMatrix(X);
    const baseline = new js.LinearRegression({ solver: 'exact' }).fit(X, y);
    expect(() => baseline.predict(resident as never)).toThrow(
      /ResidentMatrix, which lives in linwasm's WebAssembly memory/,
    );
    resident.dispose();
  });
});

describe('a flat typed row', () => {
  it('a flat Float32Array is predicted in float32, as a Float32Array matrix is', () => {
    const d = 7;
    const { X, y } = problem(200, d, 'float64');
    const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
    let differs = 0;
    for (let i = 0; i < 50; i++) {
      const row32 = Float32Array.from(X.data.subarray(i * d, (i + 1) * d));
      const one = model.predict(row32);
      const asMatrix = model.predict({ data: row32, rows: 1, cols: d });
      const expected = reference(model, { data: row32, rows: 1, cols: d });
      expect(one[0]).toBe(asMatrix[0]);
      expect(one[0]).toBe(expected[0]);
      // Not the float64 prediction of the same values: float32 weights and sums.
      if (one[0] !== model.predict(Float64Array.from(row32))[0]) differs++;
    }
    expect(differs).toBeGreaterThan(25);
    // One feature: a flat Float32Array is one value per row, in float32 too.
    const x1 = Float32Array.from({ length: 40 }, (_, i) => i / 7);
    const m1 = new LinearRegression({ solver: 'exact' }).fit(
      x1,
      Float64Array.from(x1, (v) => 3 * v + 1),
    );
    expect(bits(m1.predict(x1))).toEqual(bits(m1.predict({ data: x1, rows: 40, cols: 1 })));
  });
});

// The thread pool and the fixed row blocks: a fit and a prediction are the same bits on 1, 2, 3 or 16
// threads, on the shared-memory build with its pool and on the single-threaded build (a second
// instance of build/linwasm.wasm, driven by the same estimator), and — in float64 — equal to the JS
// engine (linwasm/baseline), which sums in the same blocks. The exact solver's Gram matrix and the
// column statistics, which sum in blocks too, are checked the same way and against the JS engine's
// sequential Gram matrix (an independent order of the sums, so within round-off, not bit for bit). The pool starts once, resizes, ends with
// terminate(), and a process that never calls terminate() still exits.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocAligned, blockCount } from '../src/engine/blocks.js';
import type { Engine } from '../src/engine/engine.js';
import * as js from '../src/engine/js/index.js';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { GRAM_PART_BYTES } from '../src/engine/layout.js';
import { Arena, arena } from '../src/engine/wasm/arena.js';
import { init } from '../src/engine/wasm/embedded.js';
import type { CoreExports } from '../src/engine/wasm/exports.js';
import { kernelsOf } from '../src/engine/wasm/kernels.js';
import { core, terminate } from '../src/engine/wasm/module.js';
import { predictChunked } from '../src/engine/wasm/predict.js';
import { WasmProblem, WasmX } from '../src/engine/wasm/store.js';
import { poolThreads } from '../src/engine/wasm/threads.js';
import { Estimator } from '../src/fit/estimator.js';
import { LinearRegression, residentMatrix } from '../src/index.js';
import { normal, relDiff } from './helpers.js';

const DTYPES = ['float64', 'float32'] as const;
const THREADS = [1, 2, 3, 16];

/** The estimator on an instance of the single-threaded build of its own (no pool, no shared memory). */
let SingleThreaded: new (options?: ConstructorParameters<typeof LinearRegression>[0]) => Estimator;
/** That instance and its arena, for kernel-level checks. */
let single: CoreExports;
let singleArena: Arena;

beforeAll(async () => {
  await init({ threads: 16 });
  const bytes = readFileSync(new URL('../build/linwasm.wasm', import.meta.url));
  // abort as the library's own instantiation has it: an Error with AssemblyScript's message.
  const abort = (message: number) => {
    const memory = (instance.exports.memory as WebAssembly.Memory).buffer;
    const units = new Uint16Array(memory, message, new DataView(memory).getUint32(message - 4, true) >>> 1);
    throw new Error(`abort: ${String.fromCharCode(...units)}`);
  };
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort } });
  single = instance.exports as unknown as CoreExports;
  single.poolSetThreads(1, 0);
  const arena = new Arena(single);
  singleArena = arena;
  const engine: Engine = {
    name: 'wasm-single',
    storeX: (X, dtype) => new WasmX(single, arena, X, dtype),
    storeProblem: (X, y, dtype, layout) => new WasmProblem(single, arena, X, y, dtype, layout ?? {}),
    predict: (X, dtype, coef, intercept) => predictChunked(single, arena, X, dtype, coef, intercept),
  };
  SingleThreaded = class extends Estimator {
    protected engine(): Engine {
      return engine;
    }
  };
});

afterAll(async () => {
  await terminate();
});

/** n × d with many row blocks, y linear plus noise. */
function problem(n: number, d: number, dtype: (typeof DTYPES)[number]) {
  const g = normal(n + 7 * d);
  const data = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = g();
  const y = Float64Array.from({ length: n }, (_, i) => data[i * d] - 2 * data[i * d + d - 1] + 0.1 * g() + 3);
  return { X: { data, rows: n, cols: d }, y };
}

const bits = (a: Float64Array) => Array.from(a);

type Floats = Float64Array | Float32Array;

/**
 * Runs kernels of `dtype` on the threaded core at `threads` threads (0: on the single-threaded build);
 * `put` copies an array in (as dtype when it is X), `take` copies d f64 out. Releases its memory after.
 */
function onCore<R>(
  threads: number,
  dtype: (typeof DTYPES)[number],
  run: (
    k: ReturnType<typeof kernelsOf>,
    a: Arena,
    put: (v: Floats) => number,
    take: (ptr: number, length: number) => Float64Array,
  ) => R,
): R {
  const c = threads ? core() : single;
  const a = threads ? arena() : singleArena;
  const mark = a.mark();
  if (threads) c.poolSetThreads(threads, poolThreads() - 1);
  try {
    const put = (v: Floats) => {
      const ptr = a.alloc(v.length * v.BYTES_PER_ELEMENT);
      (v instanceof Float32Array ? a.f32(ptr, v.length) : a.f64(ptr, v.length)).set(v);
      return ptr;
    };
    return run(kernelsOf(c, dtype), a, put, (ptr, length) => a.f64(ptr, length).slice());
  } finally {
    if (threads) c.poolSetThreads(1, poolThreads() - 1);
    a.release(mark);
  }
}

/** The Gram matrix, Xᵀy and the means by the gram kernel (centered, with sample weights s or none). */
function gramOn(threads: number, X: Floats, y: Float64Array, s: Float64Array | null, n: number, d: number) {
  const dtype = X instanceof Float32Array ? 'float32' : 'float64';
  return onCore(threads, dtype, (k, a, put, take) => {
    const xPtr = put(X);
    const yPtr = put(y);
    const sPtr = s ? put(s) : 0;
    const meanPtr = a.alloc((d + 1) * 8);
    const aPtr = a.alloc(d * d * 8);
    const cPtr = a.alloc(d * 8);
    const rowsPtr = a.alloc(4 * d * 8);
    const partPtr = allocAligned(a, k.gramPartBytes(n, d));
    k.gram(xPtr, yPtr, sPtr, n, d, true, meanPtr, aPtr, cPtr, rowsPtr, partPtr);
    return { A: take(aPtr, d * d), c: take(cPtr, d), means: take(meanPtr, d + 1) };
  });
}

/** Column means and standard deviations by the columnStats kernel. */
function statsOn(threads: number, X: Floats, n: number, d: number) {
  const dtype = X instanceof Float32Array ? 'float32' : 'float64';
  return onCore(threads, dtype, (k, a, put, take) => {
    const xPtr = put(X);
    const meanPtr = a.alloc(d * 8);
    const scalePtr = a.alloc(d * 8);
    const partPtr = allocAligned(a, k.columnPartBytes(n, d));
    k.columnStats(xPtr, n, d, true, meanPtr, scalePtr, partPtr);
    return { mean: take(meanPtr, d), scale: take(scalePtr, d) };
  });
}

describe('the pool', () => {
  it('runs the shared-memory build with init({ threads }) workers', () => {
    expect(poolThreads()).toBe(16);
    expect(core().memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('rejects a bad threads option, at init and on the estimator', async () => {
    await expect(init({ threads: 0 })).rejects.toThrow(/threads must be 'auto' or an integer ≥ 1, got 0/);
    expect(() => new LinearRegression({ threads: 1.5 })).toThrow(
      /Option threads must be 'auto' or a positive integer, got number 1.5/,
    );
    expect(() => new LinearRegression({ threads: 'all' as 'auto' })).toThrow(/Option threads/);
  });
});

describe.each(DTYPES)('the same bits on any number of threads, %s', (dtype) => {
  // float64 rows of 67 values: 480 rows per block, so 5 000 rows make 11 blocks (float32: 960, 6).
  const { X, y } = problem(5000, 67, dtype);
  const options = { solver: 'batch', dtype, maxEpochs: 30, tolerance: null, learningRate: 0.05 } as const;

  it('has more than one block', () => {
    expect(blockCount(5000, 67 * (dtype === 'float32' ? 4 : 8))).toBeGreaterThan(5);
  });

  it('batch gradient descent: coefficients, intercept and history', () => {
    const reference = new SingleThreaded(options).fit(X, y) as unknown as LinearRegression;
    for (const threads of THREADS) {
      const model = new LinearRegression({ ...options, threads }).fit(X, y);
      expect(bits(model.coef), `${threads} threads`).toEqual(bits(reference.coef));
      expect(model.intercept).toBe(reference.intercept);
      expect(bits(model.history)).toEqual(bits(reference.history));
    }
    if (dtype === 'float64') {
      // The JS engine sums in the same blocks: the float64 twins are bit for bit.
      const baseline = new BaselineLinearRegression(options).fit(X, y);
      expect(bits(baseline.coef)).toEqual(bits(reference.coef));
      expect(bits(baseline.history)).toEqual(bits(reference.history));
    }
  });

  it("the power iteration of learningRate 'auto' (its step, so the whole fit)", () => {
    const auto = { ...options, learningRate: 'auto', maxEpochs: 5 } as const;
    const reference = new SingleThreaded(auto).fit(X, y) as unknown as LinearRegression;
    for (const threads of THREADS) {
      const model = new LinearRegression({ ...auto, threads }).fit(X, y);
      expect(bits(model.coef), `${threads} threads`).toEqual(bits(reference.coef));
      expect(bits(model.history)).toEqual(bits(reference.history));
    }
    if (dtype === 'float64') {
      const baseline = new BaselineLinearRegression(auto).fit(X, y);
      expect(bits(baseline.coef)).toEqual(bits(reference.coef));
    }
  });

  it('mini-batch steps of many blocks, and the general trainer (full batch, large mini-batches, held-out rows)', () => {
    const weights = Float64Array.from({ length: y.length }, (_, i) => 0.5 + (i % 7) / 4);
    const base = { dtype, maxEpochs: 8, tolerance: null, seed: 11 } as const;
    const cases = {
      // 2 000-row batches: 5 blocks of 480 rows in float64, 3 of 960 in float32; the last batch 1 000 rows.
      'plain minibatch': { solver: 'minibatch', batchSize: 2000, learningRate: 0.02 },
      'huber batch, adaptive schedule': { solver: 'batch', loss: 'huber', epsilon: 1, schedule: 'adaptive' },
      'minibatch momentum, held-out rows': {
        solver: 'minibatch',
        batchSize: 2000,
        optimizer: 'momentum',
        learningRate: 0.02,
        validationFraction: 0.3,
        tolerance: 1e-3,
      },
      // Adam's step is not the same bits in the JS engine (its own rounding of the moments), so only threads here.
      'minibatch adam': { solver: 'minibatch', batchSize: 2000, optimizer: 'adam', learningRate: 0.05, js: false },
      'elastic net batch, sample weights': { solver: 'batch', alpha: 0.01, l1Ratio: 0.5, weights: true },
      'sgd, held-out rows': { solver: 'sgd', learningRate: 0.001, validationFraction: 0.3, maxEpochs: 3 },
    } as const;
    for (const [name, c] of Object.entries(cases)) {
      const { weights: weighted, js: twin, ...rest } = { weights: false, js: true, ...c };
      const o = { ...base, ...rest };
      const fitWith = (m: { fit: LinearRegression['fit'] }) =>
        weighted ? m.fit(X, y, { sampleWeight: weights }) : m.fit(X, y);
      const reference = fitWith(new SingleThreaded(o) as unknown as LinearRegression);
      for (const threads of THREADS) {
        const model = fitWith(new LinearRegression({ ...o, threads }));
        expect(bits(model.coef), `${name}, ${threads} threads`).toEqual(bits(reference.coef));
        expect(model.intercept).toBe(reference.intercept);
        expect(bits(model.history)).toEqual(bits(reference.history));
        expect(bits(model.validationHistory)).toEqual(bits(reference.validationHistory));
      }
      if (dtype === 'float64' && twin) {
        const baseline = fitWith(new BaselineLinearRegression(o) as unknown as LinearRegression);
        expect(bits(baseline.coef), `${name}, the JS engine`).toEqual(bits(reference.coef));
        expect(bits(baseline.history)).toEqual(bits(reference.history));
        expect(bits(baseline.validationHistory)).toEqual(bits(reference.validationHistory));
      }
    }
  });

  it('the exact solver (Gram matrix, column statistics, standardization): with and without intercept, weights, l2', () => {
    const weights = Float64Array.from({ length: y.length }, (_, i) => 0.5 + (i % 7) / 4);
    for (const extra of [{}, { fitIntercept: false, standardize: false }, { l2: 0.3, standardize: false }] as const) {
      const o = { solver: 'exact', dtype, ...extra } as const;
      for (const s of [null, weights]) {
        const fitWith = (m: { fit: LinearRegression['fit'] }) => (s ? m.fit(X, y, { sampleWeight: s }) : m.fit(X, y));
        const reference = fitWith(new SingleThreaded(o) as unknown as LinearRegression);
        for (const threads of THREADS) {
          const model = fitWith(new LinearRegression({ ...o, threads }));
          expect(bits(model.coef), `${JSON.stringify(extra)} ${threads} threads`).toEqual(bits(reference.coef));
          expect(model.intercept).toBe(reference.intercept);
        }
        // The JS engine's sequential sums: the same solution within round-off.
        const baseline = fitWith(new BaselineLinearRegression(o) as unknown as LinearRegression);
        expect(relDiff(reference.coef, baseline.coef)).toBeLessThan(dtype === 'float32' ? 1e-6 : 1e-9);
      }
    }
  });

  it('the Gram kernel: the same bits on any threads, and the JS engine sequential Gram matrix within round-off', () => {
    const { data } = X;
    const s = Float64Array.from({ length: y.length }, (_, i) => (i % 5) / 2);
    for (const weights of [null, s]) {
      const reference = gramOn(0, data, y, weights, X.rows, X.cols);
      for (const threads of THREADS) {
        const got = gramOn(threads, data, y, weights, X.rows, X.cols);
        expect(bits(got.A), `${threads} threads`).toEqual(bits(reference.A));
        expect(bits(got.c)).toEqual(bits(reference.c));
        expect(bits(got.means)).toEqual(bits(reference.means));
      }
      const sequential = js.gram(data, y, X.rows, X.cols, true, weights);
      expect(relDiff(reference.A, sequential.A)).toBeLessThan(1e-12);
      expect(relDiff(reference.c, sequential.c)).toBeLessThan(1e-11);
      expect(relDiff(reference.means, sequential.means)).toBeLessThan(1e-12);
    }
  });

  it('column statistics: the same bits on any threads and in the JS engine (which sums in the same blocks)', () => {
    const data = X.data.map((v, i) => v * (1 + (i % 67)) + (i % 67) * 10);
    const reference = statsOn(0, data, X.rows, X.cols);
    for (const threads of THREADS) {
      const got = statsOn(threads, data, X.rows, X.cols);
      expect(bits(got.mean), `${threads} threads`).toEqual(bits(reference.mean));
      expect(bits(got.scale)).toEqual(bits(reference.scale));
    }
    const twin = js.columnStats(data, X.rows, X.cols, true);
    expect(bits(twin.mean)).toEqual(bits(reference.mean));
    expect(bits(twin.scale)).toEqual(bits(reference.scale));
    // Against a plain two-pass sum in float64 (one block of all rows): equal within round-off.
    const mean = new Float64Array(X.cols);
    const m2 = new Float64Array(X.cols);
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) mean[j] += data[i * X.cols + j] / X.rows;
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) m2[j] += (data[i * X.cols + j] - mean[j]) ** 2;
    expect(relDiff(reference.mean, mean)).toBeLessThan(1e-12);
    expect(
      relDiff(
        reference.scale,
        m2.map((v) => Math.sqrt(v / X.rows)),
      ),
    ).toBeLessThan(1e-12);
  });

  it('predict', () => {
    const model = new LinearRegression({ solver: 'exact', dtype }).fit(X, y);
    const big = problem(60000, 67, dtype).X;
    const reference = new SingleThreaded({ solver: 'exact', dtype }).fit(X, y) as unknown as LinearRegression;
    const expected = reference.predict(big);
    for (const threads of THREADS) {
      const m = LinearRegression.fromJSON({ ...model.toJSON(), options: { ...model.toJSON().options, threads } });
      expect(bits(m.predict(big)), `${threads} threads`).toEqual(bits(expected));
    }
  });

  it('predict on a ResidentMatrix', () => {
    const model = new LinearRegression({ solver: 'exact', dtype }).fit(X, y);
    const big = problem(60000, 67, dtype).X;
    const reference = new SingleThreaded({ solver: 'exact', dtype }).fit(X, y) as unknown as LinearRegression;
    const expected = reference.predict(big);
    const resident = residentMatrix(big);
    try {
      for (const threads of THREADS) {
        const m = LinearRegression.fromJSON({ ...model.toJSON(), options: { ...model.toJSON().options, threads } });
        expect(bits(m.predict(resident)), `${threads} threads`).toEqual(bits(expected));
      }
    } finally {
      resident.dispose();
    }
  });
});

describe.each(DTYPES)('the first non-finite value of many blocks, %s', (dtype) => {
  // 300 000 values: 10 blocks of 32 768 float64 values (256 KiB), 5 of 65 536 float32 ones.
  const count = 300000;
  it.each([[0], [32767], [32768], [150001], [299999], [-1]])('at %i, found the same on any threads', (at) => {
    const data = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) data[i] = (i % 13) - 6;
    if (at >= 0) {
      data[at] = Number.NaN;
      // Later ones (in a later block, and in the last) must not win, whichever thread scans them first.
      if (at + 70000 < count) data[at + 70000] = Number.POSITIVE_INFINITY;
      data[count - 1] = Number.NEGATIVE_INFINITY;
    }
    const expected = js.firstNonFinite(data);
    expect(expected).toBe(at >= 0 ? at : -1);
    for (const threads of [0, ...THREADS]) {
      const got = onCore(threads, dtype, (k, _a, put) => k.firstNonFinite(put(data), count));
      expect(got, `${threads} threads`).toBe(expected);
    }
  });
});

describe('wide data: the Gram matrix in super-blocks', () => {
  // 2 000 × 512 float64: the gradient's blocks are 64 rows (32 blocks), but 32 partial Gram matrices of 2 MiB
  // would pass GRAM_PART_BYTES: the Gram blocks are super-blocks of whole gradient blocks, fewer than 32.
  const n = 2000;
  const d = 512;
  const { X, y } = problem(n, d, 'float64');

  it('keeps its partials within GRAM_PART_BYTES, in more than one block', () => {
    const slot = d * d * 8;
    const part = kernelsOf(core(), 'float64').gramPartBytes(n, d);
    expect(part).toBeLessThanOrEqual(GRAM_PART_BYTES);
    expect(part).toBeGreaterThanOrEqual(2 * slot);
    expect(part).toBeLessThan(blockCount(n, d * 8) * slot);
  });

  it('the same bits on any threads, and the sequential Gram matrix within round-off', () => {
    const reference = gramOn(0, X.data, y, null, n, d);
    for (const threads of [1, 2, 3]) {
      const got = gramOn(threads, X.data, y, null, n, d);
      expect(bits(got.A), `${threads} threads`).toEqual(bits(reference.A));
      expect(bits(got.c)).toEqual(bits(reference.c));
    }
    const sequential = js.gram(X.data, y, n, d, true);
    expect(relDiff(reference.A, sequential.A)).toBeLessThan(1e-12);
    expect(relDiff(reference.c, sequential.c)).toBeLessThan(1e-11);
  });
});

describe('a blocked kernel without block slots', () => {
  // Before the guard, partPtr = 0 sent the blocks' partial sums to address 0, where the threaded build
  // keeps its pool's state: the next job waited forever. Now the kernel refuses before any job starts.
  const n = 2000;
  const d = 64;
  const { X, y } = problem(n, d, 'float64');

  it('refuses with a message naming partPtr, leaves memory at address 0 alone and the pool working', () => {
    for (const threads of [0, 2]) {
      onCore(threads, 'float64', (k, a, put) => {
        const low = Array.from(new Uint8Array((threads ? core() : single).memory.buffer, 0, 1024));
        const xPtr = put(X.data);
        const yPtr = put(y);
        const meanPtr = a.alloc((d + 1) * 8);
        const aPtr = a.alloc(d * d * 8);
        const cPtr = a.alloc(d * 8);
        const rowsPtr = a.alloc(4 * d * 8);
        expect(() => k.gram(xPtr, yPtr, 0, n, d, true, meanPtr, aPtr, cPtr, rowsPtr, 0), `${threads} threads`).toThrow(
          /gram: needs block slots \(partPtr\)/,
        );
        const scalePtr = a.alloc(d * 8);
        expect(() => k.columnStats(xPtr, n, d, true, meanPtr, scalePtr, 0), `${threads} threads`).toThrow(
          /column statistics: more than one row block needs block slots \(partPtr\)/,
        );
        const after = Array.from(new Uint8Array((threads ? core() : single).memory.buffer, 0, 1024));
        expect(after).toEqual(low);
      });
    }
    const reference = gramOn(0, X.data, y, null, n, d);
    const got = gramOn(2, X.data, y, null, n, d);
    expect(bits(got.A)).toEqual(bits(reference.A));
    expect(bits(statsOn(2, X.data, n, d).scale)).toEqual(bits(statsOn(0, X.data, n, d).scale));
  });
});

describe('shutting down', () => {
  it('terminate() ends the workers, later calls run on one thread with the same results, init restarts it', async () => {
    const { X, y } = problem(3000, 67, 'float64');
    const options = { solver: 'batch', maxEpochs: 5, tolerance: null, threads: 2 } as const;
    const before = new LinearRegression(options).fit(X, y).coef;
    const model = new LinearRegression({ solver: 'exact', threads: 2 }).fit(X, y);
    const resident = residentMatrix(problem(40000, 67, 'float64').X);
    const predicted = model.predict(resident);
    await terminate();
    expect(poolThreads()).toBe(1);
    expect(bits(new LinearRegression(options).fit(X, y).coef)).toEqual(bits(before));
    // A resident matrix outlives the pool: the instance and its memory stay.
    expect(bits(model.predict(resident))).toEqual(bits(predicted));
    await init({ threads: 2 });
    expect(poolThreads()).toBe(2);
    expect(bits(new LinearRegression(options).fit(X, y).coef)).toEqual(bits(before));
    expect(bits(model.predict(resident))).toEqual(bits(predicted));
    resident.dispose();
  });

  it('a process with a running pool exits on its own', () => {
    const script = `
      import { init, LinearRegression } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      await init({ threads: 2 });
      const n = 20000, d = 32, X = new Float64Array(n * d).map((_, i) => Math.sin(i));
      const y = new Float64Array(n).map((_, i) => X[i * d]);
      new LinearRegression({ solver: 'batch', maxEpochs: 3, threads: 2 }).fit({ data: X, rows: n, cols: d }, y);
      console.log('done');
    `;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('done');
    expect(run.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(30000);
    void fileURLToPath;
  });
});

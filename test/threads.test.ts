// The thread pool and the fixed row blocks: a fit and a prediction are the same bits on 1, 2, 3 or 16
// threads, on the shared-memory build with its pool and on the single-threaded build (a second
// instance of build/linwasm.wasm, driven by the same estimator), and — in float64 — equal to the JS
// engine (linwasm/baseline), which sums in the same blocks. The pool starts once, resizes, ends with
// terminate(), and a process that never calls terminate() still exits.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockCount } from '../src/engine/blocks.js';
import type { Engine } from '../src/engine/engine.js';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { Arena } from '../src/engine/wasm/arena.js';
import { init } from '../src/engine/wasm/embedded.js';
import type { CoreExports } from '../src/engine/wasm/exports.js';
import { core, terminate } from '../src/engine/wasm/module.js';
import { predictChunked } from '../src/engine/wasm/predict.js';
import { WasmProblem, WasmX } from '../src/engine/wasm/store.js';
import { poolThreads } from '../src/engine/wasm/threads.js';
import { Estimator } from '../src/fit/estimator.js';
import { LinearRegression, residentMatrix } from '../src/index.js';
import { normal } from './helpers.js';

const DTYPES = ['float64', 'float32'] as const;
const THREADS = [1, 2, 3, 16];

/** The estimator on an instance of the single-threaded build of its own (no pool, no shared memory). */
let SingleThreaded: new (options?: ConstructorParameters<typeof LinearRegression>[0]) => Estimator;

beforeAll(async () => {
  await init({ threads: 16 });
  const bytes = readFileSync(new URL('../build/linwasm.wasm', import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => undefined } });
  const single = instance.exports as unknown as CoreExports;
  single.poolSetThreads(1, 0);
  const arena = new Arena(single);
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

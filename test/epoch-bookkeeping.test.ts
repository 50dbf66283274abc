// The per-epoch work around the gradient pass, made cheaper for small data (issue 15) without changing a bit:
// the float32 update four weights at a time (promoted to f64, stepped, rounded back) equals the scalar
// formula fround(w·shrink − step·g) computed in JS, on every d that leaves a tail; the end-of-epoch test
// that every weight is finite (now in SIMD lanes) catches a weight that overflows at any position, in both
// dtypes; the gradient cleared each epoch with stores instead of memory.fill leaves every g[j] at 0.
import { beforeAll, describe, expect, it } from 'vitest';
import { configBlock, plainSettings } from '../src/engine/js/index.js';
import { SLOT_BEST, STATE_SLOTS, STATUS_DIVERGED, STATUS_OK } from '../src/engine/layout.js';
import { init } from '../src/engine/wasm/embedded.js';
import { core } from '../src/engine/wasm/module.js';
import { normal } from './helpers.js';
import { withArena } from './wasm-scratch.js';

beforeAll(async () => {
  await init({ threads: 1 });
});

describe('updateF32', () => {
  it.each([1, 3, 4, 5, 8, 9, 17])('d = %i: bit for bit fround(w·shrink − step·g)', (d) => {
    const g = normal(d);
    // Values whose products round, large and tiny ones, and weights near float32's limits.
    const w = Float32Array.from({ length: d }, (_, j) => (j % 5 === 4 ? 3.0e38 : g() * 10 ** ((j % 7) - 3)));
    const grad = Float64Array.from({ length: d }, () => g() * 1e3);
    const shrink = 1 - 2 * 0.013 * 0.37;
    const step = (2 * 0.013) / 7;
    const expected = Float32Array.from(w, (wj, j) => Math.fround(wj * shrink - step * grad[j]));
    const got = withArena((a) => {
      const wPtr = a.alloc(4 * d + 16);
      const gPtr = a.alloc(8 * d + 16);
      a.f32(wPtr, d).set(w);
      a.f64(gPtr, d).set(grad);
      core().updateF32(wPtr, gPtr, d, shrink, step);
      return a.f32(wPtr, d).slice();
    });
    expect(Array.from(got)).toEqual(Array.from(expected));
  });
});

// Large enough that a step of 1e305 overflows float64 too; a power of two, so every sum below is exact.
const BIG = 2 ** 33;

describe.each(['float64', 'float32'] as const)('the end-of-epoch checks, %s', (dtype) => {
  const size = dtype === 'float32' ? 4 : 8;

  /** One batch epoch on n rows where only column `hot` is non-zero, with step `learningRate`. */
  function epoch(d: number, hot: number, learningRate: number): { status: number; g: Float64Array } {
    const n = 3;
    return withArena((a) => {
      const X = new Float64Array(n * d);
      for (let i = 0; i < n; i++) X[i * d + hot] = (i + 1) * BIG;
      const xPtr = a.alloc(n * d * size + 16);
      (dtype === 'float32' ? a.f32(xPtr, n * d) : a.f64(xPtr, n * d)).set(X);
      const yPtr = a.alloc(n * 8);
      a.f64(yPtr, n).set([1, 2, 3]);
      const wPtr = a.alloc(d * size + 16);
      a.zero(wPtr, d * size);
      const gPtr = a.alloc((d + 1) * 8 + 16);
      // Garbage in g: the epoch must clear it before the pass.
      a.f64(gPtr, d + 1).fill(123.5);
      const accPtr = a.alloc(d * size + 16);
      a.zero(accPtr, d * size);
      const historyPtr = a.alloc(8);
      const statePtr = a.alloc(STATE_SLOTS * 8);
      const state = a.f64(statePtr, STATE_SLOTS);
      state.fill(0);
      state[SLOT_BEST] = Number.POSITIVE_INFINITY;
      const block = configBlock(plainSettings({ learningRate, batchSize: n, fitIntercept: false }));
      const configPtr = a.alloc(block.length * 8);
      a.f64(configPtr, block.length).set(block);
      const train = dtype === 'float32' ? core().trainBatchF32 : core().trainBatchF64;
      const status = train(xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, 1, 0);
      return { status, g: a.f64(gPtr, d + 1).slice() };
    });
  }

  it.each([1, 2, 3, 4, 5, 8, 9, 17])('d = %i: a weight that overflows at any position is divergence', (d) => {
    for (let hot = 0; hot < d; hot++) {
      // The loss of the epoch is finite (θ = 0); the step sends w[hot] (and only it) to −Infinity.
      expect(epoch(d, hot, 1e305).status).toBe(STATUS_DIVERGED);
      const { status, g } = epoch(d, hot, 0.01);
      expect(status).toBe(STATUS_OK);
      // g after the pass: Σ r·x in column hot (r = −y at θ = 0), 0 elsewhere (cleared, not 123.5).
      const expected = new Float64Array(d + 1);
      expected[hot] = -(1 * 1 + 2 * 2 + 3 * 3) * BIG;
      expect(Array.from(g.subarray(0, d))).toEqual(Array.from(expected.subarray(0, d)));
    }
  });
});

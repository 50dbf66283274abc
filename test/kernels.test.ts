// Every WASM kernel and trainer against its pure-JS twin (linwasm/baseline), on shapes that hit
// the SIMD bodies and their scalar tails (nFeatures 1, 2, 3, 5, 17, 67), one sample and batches
// that do not divide the row count, in both dtypes.
import { beforeAll, describe, expect, it } from 'vitest';
import { allocAligned, allocSlots } from '../src/engine/blocks.js';
import * as js from '../src/engine/js/index.js';
import { SLOT_BEST, SLOT_EPOCH, SLOT_INTERCEPT, STATE_SLOTS, STATUS_OK } from '../src/engine/layout.js';
import { type Arena, arena } from '../src/engine/wasm/arena.js';
import { init } from '../src/engine/wasm/embedded.js';
import { kernelsOf } from '../src/engine/wasm/kernels.js';
import { core } from '../src/engine/wasm/module.js';
import { normal, relDiff } from './helpers.js';
import { withArena } from './wasm-scratch.js';

const FEATURES = [1, 2, 3, 5, 17, 67];
const SAMPLES = [1, 7, 1000];
const SHAPES = SAMPLES.flatMap((n) => FEATURES.map((d) => [n, d] as const));
const DTYPES = ['float64', 'float32'] as const;
// float64: the JS twins add in the SIMD lanes' order, so results are equal bit for bit (any
// difference fails). float32: WASM also sums gradients in float32 blocks and rounds some scale
// factors to float32.
const TOL = { float64: Number.MIN_VALUE, float32: 2e-5 };

beforeAll(async () => {
  await init();
});

type DT = (typeof DTYPES)[number];

/** Row-major X and y with N(0,1) entries, and a weight vector. */
function data(n: number, d: number, dtype: DT, seed = 7) {
  const g = normal(seed + n * 131 + d);
  const X = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = g();
  const y = Float64Array.from({ length: n }, () => 3 * g());
  const w = dtype === 'float32' ? new Float32Array(d) : new Float64Array(d);
  for (let j = 0; j < d; j++) w[j] = 0.5 * g();
  return { X, y, w };
}

/** The batch gradient's block slots for n rows of d features (zeroed), or 0 for a single block. */
function partsOf(a: Arena, n: number, d: number, dtype: DT): number {
  return allocSlots(a, n, d, dtype === 'float32' ? 4 : 8);
}

/** Copies typed arrays into WASM memory; returns their pointers. Released by the caller's mark. */
function put(a: Arena, ...arrays: (Float64Array | Float32Array | Uint32Array)[]): number[] {
  return arrays.map((arr) => {
    const ptr = a.alloc(Math.max(arr.byteLength, 16));
    new Uint8Array(core().memory.buffer, ptr, arr.byteLength).set(
      new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength),
    );
    return ptr;
  });
}

function read(ptr: number, length: number, dtype: DT): Float64Array {
  return Float64Array.from(dtype === 'float32' ? arena().f32(ptr, length) : arena().f64(ptr, length));
}

/** The kernels of the dtype, as the engine binds them. */
const kernels = (dtype: DT) => kernelsOf(core(), dtype);

describe.each(DTYPES)('kernels, %s', (dtype) => {
  const tol = TOL[dtype];

  it.each(SHAPES)('matvec n=%i d=%i', (n, d) => {
    const { X, w } = data(n, d, dtype);
    const expected = new Float64Array(n);
    js.matvec(X, n, d, w, 0.25, expected);
    const got = withArena((a) => {
      const [xPtr, wPtr] = put(a, X, w);
      const outPtr = a.alloc(n * 8);
      kernels(dtype).matvec(xPtr, n, d, wPtr, 0.25, outPtr);
      return read(outPtr, n, 'float64');
    });
    expect(relDiff(got, expected)).toBeLessThan(tol);
  });

  it.each(SHAPES)('gradient (all rows, and a shuffled range) n=%i d=%i', (n, d) => {
    const { X, y, w } = data(n, d, dtype);
    const perm = js.permutationInit(n);
    js.shuffle(perm, new js.Rng(3));
    const start = Math.floor(n / 3);
    const end = n;
    for (const [idx, s, e] of [
      [null, 0, n],
      [perm, start, end],
    ] as const) {
      const g = new Float64Array(d + 1).fill(0.5);
      const loss = js.gradient(X, y, d, idx, s, e, w, -0.3, g);
      const [gotLoss, gotG] = withArena((a) => {
        const [xPtr, yPtr, wPtr, permPtr] = put(a, X, y, w, perm);
        const [gPtr] = put(a, new Float64Array(d + 1).fill(0.5));
        const accPtr = a.alloc(d * 8);
        a.zero(accPtr, d * 8);
        const l = kernels(dtype).gradient(xPtr, yPtr, d, idx ? permPtr : 0, s, e, wPtr, -0.3, gPtr, accPtr);
        return [l, read(gPtr, d + 1, 'float64')] as const;
      });
      expect(Math.abs(gotLoss - loss) / Math.max(loss, 1e-12)).toBeLessThan(tol);
      expect(relDiff(gotG, g)).toBeLessThan(tol * 10);
    }
  });

  it.each(SHAPES)('update n=%i d=%i', (_n, d) => {
    const { w } = data(1, d, dtype);
    const g = Float64Array.from({ length: d }, (_, j) => Math.sin(j + 1));
    const expected = w.slice();
    js.update(expected, g, d, 0.99, 0.01);
    const got = withArena((a) => {
      const [wPtr, gPtr] = put(a, w, g);
      kernels(dtype).update(wPtr, gPtr, d, 0.99, 0.01);
      return read(wPtr, d, dtype);
    });
    expect(relDiff(got, expected)).toBeLessThan(tol);
  });

  describe.each(['batch', 'minibatch', 'sgd'] as const)('trainer %s', (solver) => {
    it.each(SHAPES)('3 epochs n=%i d=%i', (n, d) => {
      const { X, y } = data(n, d, dtype);
      const batchSize = solver === 'sgd' ? 1 : solver === 'batch' ? n : Math.max(1, Math.floor(n / 3) + 1);
      const settings = js.plainSettings({ learningRate: 0.5 / (d + 1), l2: 0.01, batchSize });
      const block = js.configBlock(settings);
      const epochs = 3;
      // Baseline twin.
      const w = dtype === 'float32' ? new Float32Array(d) : new Float64Array(d);
      const g = new Float64Array(d + 1);
      const history = new Float64Array(epochs);
      const state = js.newState();
      const rng = new js.Rng(42);
      const perm = js.permutationInit(n);
      const status =
        solver === 'batch'
          ? js.trainBatch(X, y, n, d, w, g, history, state, block, epochs)
          : solver === 'minibatch'
            ? js.trainMinibatch(X, y, n, d, w, g, history, state, block, perm, rng, epochs)
            : js.trainSgd(X, y, n, d, w, history, state, block, perm, rng, epochs);
      // WASM, on the same settings block.
      const got = withArena((a) => {
        const size = dtype === 'float32' ? 4 : 8;
        const [xPtr, yPtr, configPtr] = put(a, X, y, block);
        const wPtr = a.alloc(d * size);
        a.zero(wPtr, d * size);
        const gPtr = a.alloc((d + 1) * 8);
        const accPtr = a.alloc(d * size);
        a.zero(accPtr, d * size);
        const historyPtr = a.alloc(epochs * 8);
        const statePtr = a.alloc(STATE_SLOTS * 8);
        const s = a.f64(statePtr, STATE_SLOTS);
        s.fill(0);
        s[SLOT_BEST] = Number.POSITIVE_INFINITY;
        const permPtr = a.alloc(n * 4);
        const rngPtr = a.alloc(16);
        const c = core();
        c.rngSeed(rngPtr, 42);
        c.permutationInit(permPtr, n);
        const k = kernels(dtype);
        const st =
          solver === 'batch'
            ? k.trainBatch(
                xPtr,
                yPtr,
                n,
                d,
                wPtr,
                gPtr,
                accPtr,
                historyPtr,
                statePtr,
                configPtr,
                epochs,
                partsOf(a, n, d, dtype),
              )
            : solver === 'minibatch'
              ? k.trainMinibatch(
                  xPtr,
                  yPtr,
                  n,
                  d,
                  wPtr,
                  gPtr,
                  accPtr,
                  historyPtr,
                  statePtr,
                  configPtr,
                  permPtr,
                  rngPtr,
                  epochs,
                  partsOf(a, n, d, dtype),
                )
              : k.trainSgd(xPtr, yPtr, n, d, wPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr, epochs);
        const st2 = a.f64(statePtr, STATE_SLOTS);
        return {
          status: st,
          w: read(wPtr, d, dtype),
          history: read(historyPtr, epochs, 'float64'),
          b: st2[SLOT_INTERCEPT],
          epochs: st2[SLOT_EPOCH],
        };
      });
      expect(status).toBe(STATUS_OK);
      expect(got.status).toBe(STATUS_OK);
      expect(got.epochs).toBe(epochs);
      expect(state[SLOT_EPOCH]).toBe(epochs);
      expect(relDiff(got.history, history)).toBeLessThan(tol * 10);
      expect(relDiff(got.w, w, 1e-3)).toBeLessThan(tol * 10);
      expect(Math.abs(got.b - state[SLOT_INTERCEPT]) / Math.max(1, Math.abs(got.b))).toBeLessThan(tol * 10);
    });
  });

  it.each(SHAPES)('powerIteration n=%i d=%i', (n, d) => {
    const { X } = data(n, d, dtype);
    for (const fitIntercept of [true, false]) {
      const expected = js.powerIteration(X, n, d, fitIntercept, 50, 1e-3);
      const got = withArena((a) => {
        const [xPtr] = put(a, X);
        const size = dtype === 'float32' ? 4 : 8;
        const accPtr = a.alloc(d * size);
        a.zero(accPtr, d * size);
        return kernels(dtype).powerIteration(
          xPtr,
          n,
          d,
          fitIntercept,
          a.alloc((d + 1) * 8),
          a.alloc(d * size),
          a.alloc((d + 1) * 8),
          accPtr,
          a.alloc(16),
          50,
          1e-3,
          partsOf(a, n, d, dtype),
        );
      });
      expect(Math.abs(got - expected) / expected).toBeLessThan(dtype === 'float32' ? 1e-4 : 1e-10);
    }
  });

  it.each(SHAPES)('columnStats, standardize, maxRowNormSq, firstNonFinite n=%i d=%i', (n, d) => {
    const { X } = data(n, d, dtype);
    for (let i = 0; i < X.length; i++) X[i] = X[i] * (1 + (i % d)) + (i % d) * 10;
    const expected = js.columnStats(X, n, d, true);
    const Xs = X.slice();
    js.standardize(Xs, n, d, expected.mean, expected.scale);
    const got = withArena((a) => {
      const [xPtr] = put(a, X);
      const meanPtr = a.alloc(d * 8);
      const scalePtr = a.alloc(d * 8);
      const partPtr = allocAligned(a, kernels(dtype).columnPartBytes(n, d));
      kernels(dtype).columnStats(xPtr, n, d, true, meanPtr, scalePtr, partPtr);
      const mean = read(meanPtr, d, 'float64');
      const scale = read(scalePtr, d, 'float64');
      kernels(dtype).standardize(xPtr, n, d, meanPtr, scalePtr);
      const maxNorm = kernels(dtype).maxRowNormSq(xPtr, n, d);
      const clean = kernels(dtype).firstNonFinite(xPtr, n * d);
      const bad = Math.floor((n * d) / 2);
      (dtype === 'float32' ? a.f32(xPtr, n * d) : a.f64(xPtr, n * d))[bad] = Number.NaN;
      return {
        mean,
        scale,
        X: read(xPtr, n * d, dtype),
        maxNorm,
        clean,
        found: kernels(dtype).firstNonFinite(xPtr, n * d),
        bad,
      };
    });
    expect(relDiff(got.mean, expected.mean)).toBeLessThan(1e-12);
    expect(relDiff(got.scale, expected.scale)).toBeLessThan(1e-12);
    got.X[got.bad] = Xs[got.bad];
    expect(relDiff(got.X, Xs)).toBeLessThan(tol);
    expect(Math.abs(got.maxNorm - js.maxRowNormSq(Xs, n, d)) / Math.max(got.maxNorm, 1e-12)).toBeLessThan(tol);
    expect(got.clean).toBe(-1);
    expect(got.found).toBe(got.bad);
  });

  it.each(SHAPES)('gram and choleskySolve n=%i d=%i', (n, d) => {
    const { X, y } = data(n, d, dtype);
    // Sample weights from 0 to 2 (row i: (i mod 5)/2), or none.
    const weights = Float64Array.from({ length: n }, (_, i) => (i % 5) / 2 + (n === 1 ? 1 : 0));
    for (const [center, s] of [
      [true, null],
      [false, null],
      [true, weights],
      [false, weights],
    ] as const) {
      const ref = js.gram(X, y, n, d, center, s);
      const A0 = ref.A.slice();
      const refSolve = js.choleskySolve(ref.A, ref.c.slice(), d, 1.5);
      const got = withArena((a) => {
        const [xPtr, yPtr] = put(a, X, y);
        let sPtr = 0;
        if (s) {
          sPtr = a.alloc(n * 8);
          a.f64(sPtr, n).set(s);
        }
        const meanPtr = a.alloc((d + 1) * 8);
        const aPtr = a.alloc(d * d * 8);
        const cPtr = a.alloc(d * 8);
        const partPtr = allocAligned(a, kernels(dtype).gramPartBytes(n, d));
        kernels(dtype).gram(xPtr, yPtr, sPtr, n, d, center, meanPtr, aPtr, cPtr, a.alloc(4 * d * 8), partPtr);
        const A = read(aPtr, d * d, 'float64');
        const c = read(cPtr, d, 'float64');
        const means = read(meanPtr, d + 1, 'float64');
        const wPtr = a.alloc(d * 8);
        const status = core().choleskySolve(aPtr, cPtr, d, 1.5, wPtr, a.alloc(4));
        return { A, c, means, status, w: read(wPtr, d, 'float64') };
      });
      expect(relDiff(got.A, A0)).toBeLessThan(1e-12);
      expect(relDiff(got.c, ref.c)).toBeLessThan(1e-12);
      expect(relDiff(got.means, ref.means)).toBeLessThan(1e-12);
      expect(got.status).toBe(STATUS_OK);
      expect(refSolve.ok).toBe(true);
      if (refSolve.ok) expect(relDiff(got.w, refSolve.w)).toBeLessThan(1e-10);
      if (s && n > 1) {
        // Weighted means are Σ s·x / Σ s, computed here directly.
        const total = s.reduce((t, v) => t + v, 0);
        let my = 0;
        for (let i = 0; i < n; i++) my += (s[i] * y[i]) / total;
        if (center) expect(Math.abs(got.means[d] - my)).toBeLessThan(1e-9 * Math.max(1, Math.abs(my)));
      }
    }
  });
});

describe.each(DTYPES)('firstNonFinite finds the first NaN or ±Infinity anywhere, %s', (dtype) => {
  it.each([0, 1, 7, 15, 16, 17, 63, 64, 100, 999])('at index %i of 1000', (at) => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const data = dtype === 'float32' ? new Float32Array(1000) : new Float64Array(1000);
      for (let i = 0; i < data.length; i++) data[i] = (i % 7) - 3 + 1e30 * (i % 2); // large but finite
      data[at] = bad;
      if (at + 5 < data.length) data[at + 5] = Number.NaN; // a later one must not win
      expect(js.firstNonFinite(data)).toBe(at);
      expect(withArena((a) => kernels(dtype).firstNonFinite(put(a, data)[0], data.length))).toBe(at);
    }
  });
});

describe('PRNG and shuffle', () => {
  it('the WASM stream equals the JS twin for several seeds', () => {
    for (const seed of [0, 1, 42, 0xffffffff, 123456789]) {
      const twin = new js.Rng(seed);
      const got = withArena((a) => {
        const ptr = a.alloc(16);
        core().rngSeed(ptr, seed);
        return Array.from({ length: 1000 }, () => core().rngNext(ptr) >>> 0);
      });
      expect(got).toEqual(Array.from({ length: 1000 }, () => twin.next()));
    }
  });

  it('shuffle gives the same permutation in WASM and JS, and a permutation', () => {
    const n = 1001;
    const perm = js.permutationInit(n);
    const rng = new js.Rng(9);
    js.shuffle(perm, rng);
    js.shuffle(perm, rng);
    const got = withArena((a) => {
      const p = a.alloc(n * 4);
      const r = a.alloc(16);
      core().rngSeed(r, 9);
      core().permutationInit(p, n);
      core().shuffle(p, n, r);
      core().shuffle(p, n, r);
      return Uint32Array.from(new Uint32Array(core().memory.buffer, p, n));
    });
    expect(Array.from(got)).toEqual(Array.from(perm));
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('below(k) is uniform (chi-square over 10 bins)', () => {
    const rng = new js.Rng(5);
    const counts = new Array(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[rng.below(10)]++;
    const expected = draws / 10;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9); // p = 0.001 for 9 degrees of freedom
  });
});

describe.each(DTYPES)('transpose (columns → rows), %s', (dtype) => {
  // Row counts that hit the 2- and 4-row blocks and their tails, columns that hit the lane tails.
  it.each([1, 2, 3, 4, 5, 7, 1000].flatMap((n) => FEATURES.map((d) => [n, d] as const)))('n=%i d=%i', (n, d) => {
    const g = normal(11 + n * 7 + d);
    // Values that float32 must round (and some exact ones): the copy or rounding must equal the twin's.
    const src = Float64Array.from({ length: n * d }, (_, k) => (k % 5 === 0 ? k : g() * 1e3 + 1 / 3));
    const expected = dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
    js.transpose(src, n, d, expected);
    const got = withArena((a) => {
      const [srcPtr] = put(a, src);
      const dstPtr = a.alloc(Math.max(n * d * (dtype === 'float32' ? 4 : 8), 16));
      kernels(dtype).transpose(srcPtr, n, d, dstPtr);
      return read(dstPtr, n * d, dtype);
    });
    // Bit for bit in both dtypes: a copy, or one rounding to nearest.
    expect(Array.from(got)).toEqual(Array.from(expected));
    // And the twin is a transpose: row i, column j holds column j's value i.
    expect(expected[(n - 1) * d + (d - 1)]).toBe(
      dtype === 'float32' ? Math.fround(src[(d - 1) * n + n - 1]) : src[(d - 1) * n + n - 1],
    );
  });
});

// The relaxed-SIMD build in Chromium, which runs relaxed SIMD without a flag: init({ relaxedSimd: true }) loads
// it (a chunk of its own), wasmBuild() says so, and its fits and predictions are close to the default build's
// and to the JS engine's float64 reference (linwasm/baseline) but not the same bits; init({ relaxedSimd: false })
// brings back the default build's bits; fitInWorker runs the page's build.
import { describe, expect, it } from 'vitest';
import { LinearRegression as Baseline } from '../../src/engine/js/index.js';
import { init, LinearRegression, relaxedSimdSupported, wasmBuild } from '../../src/index.js';
import { fitInWorker } from '../../src/worker/index.js';
import { flat, synthetic } from '../helpers.js';

const data = synthetic(4000, 13, { seed: 11, scale: [1, 3, 0.5, 2, 1, 1, 4, 1, 0.25, 1, 2, 1, 1] });
const X32 = { ...flat(data.X), data: Float32Array.from(flat(data.X).data) };
const options = { solver: 'batch', maxEpochs: 60, tolerance: null, learningRate: 0.01 } as const;

/** max |a − b| over max |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

describe('relaxed SIMD in Chromium', () => {
  it('is supported, chosen by init, close to the default build and the float64 reference, not the same bits', async () => {
    expect(relaxedSimdSupported()).toBe(true);
    await init({ threads: 1 });
    expect(wasmBuild()).toEqual({ relaxedSimd: false, threads: 1 });
    const plain = { float64: new LinearRegression(options).fit(data.X, data.y), float32: fit32() };
    await init({ relaxedSimd: true });
    expect(wasmBuild()).toEqual({ relaxedSimd: true, threads: 1 });
    const relaxed = { float64: new LinearRegression(options).fit(data.X, data.y), float32: fit32() };
    const reference = new Baseline(options).fit(data.X, data.y);
    for (const dtype of ['float64', 'float32'] as const) {
      const tolerance = dtype === 'float64' ? 1e-12 : 1e-6;
      const r = relaxed[dtype];
      const p = plain[dtype];
      expect(relativeError([...r.coef, r.intercept], [...p.coef, p.intercept])).toBeLessThan(tolerance);
      expect(relativeError([...r.coef, r.intercept], [...reference.coef, reference.intercept])).toBeLessThan(tolerance);
      expect(relativeError(r.predict(data.X), reference.predict(data.X))).toBeLessThan(tolerance);
    }
    // The fused multiply-adds round differently: the relaxed build really ran.
    expect(Array.from(relaxed.float64.coef)).not.toEqual(Array.from(plain.float64.coef));

    // The page's build goes to the worker.
    const inWorker = await fitInWorker(X32, data.y, { ...options, dtype: 'float32' });
    expect(Array.from(inWorker.coef)).toEqual(Array.from(relaxed.float32.coef));

    await init({ relaxedSimd: false });
    expect(wasmBuild()).toEqual({ relaxedSimd: false, threads: 1 });
    const back = fit32();
    expect(Array.from(back.coef)).toEqual(Array.from(plain.float32.coef));
    expect(back.intercept).toBe(plain.float32.intercept);
  });
});

function fit32() {
  return new LinearRegression({ ...options, dtype: 'float32' }).fit(X32, data.y);
}

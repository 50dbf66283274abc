// The relaxed-SIMD build (init({ relaxedSimd: true })): chosen only where WebAssembly.validate accepts a
// relaxed-SIMD module, otherwise the default build runs (with its bits); where it runs, fits and predictions
// are close to the default build's and to the JS engine's float64 reference, but not the same bits; within the
// build, one and two threads still give the same bits. Node 20 runs relaxed SIMD only with
// --experimental-wasm-relaxed-simd, so those checks run in a child process started with it
// (test/relaxed-simd.child.mjs, against the built package).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { synthetic } from './helpers.js';

interface Fit {
  coef: number[];
  intercept: number;
  history: number[];
  predictions: number[];
}
interface Build {
  relaxedSimd: boolean;
  threads: number;
}
interface ChildReport {
  supported: boolean;
  builds: Record<string, Build>;
  fits: Record<string, Fit>;
}

const CHILD = fileURLToPath(new URL('./relaxed-simd.child.mjs', import.meta.url));

function runChild(mode: 'main' | 'slim'): ChildReport {
  const run = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', CHILD, mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as ChildReport;
}

/** max |a − b| over max |b| (and the intercepts), a relative error of the whole vector. */
function relativeError(a: Fit, b: Fit, key: 'coef' | 'history' | 'predictions'): number {
  let diff = key === 'coef' ? Math.abs(a.intercept - b.intercept) : 0;
  let scale = key === 'coef' ? Math.abs(b.intercept) : 0;
  for (let i = 0; i < b[key].length; i++) {
    diff = Math.max(diff, Math.abs(a[key][i] - b[key][i]));
    scale = Math.max(scale, Math.abs(b[key][i]));
  }
  return diff / scale;
}

function sameBits(a: Fit, b: Fit): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// float32 data keeps float32 sums per 32 rows and float32 weights: the two builds differ by float32
// round-off; in float64 by float64 round-off.
const TOLERANCE = { float64: 1e-12, float32: 1e-6 };

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('relaxed SIMD, where the runtime has none', () => {
  it('falls back to the default build, with its bits, and says so', async () => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    const { relaxedSimdSupported } = await import('../src/engine/wasm/module.js');
    // The relaxed probe is refused (as Node 20 without the flag, or an older browser, does); all else validates.
    vi.spyOn(WebAssembly, 'validate').mockImplementation((bytes) =>
      (bytes as Uint8Array).includes(0x85) && (bytes as Uint8Array).length < 64 ? false : validate(bytes),
    );
    expect(relaxedSimdSupported()).toBe(false);
    const { init, LinearRegression, wasmBuild } = await import('../src/index.js');
    await init({ relaxedSimd: true, threads: 1 });
    expect(wasmBuild()).toEqual({ relaxedSimd: false, threads: 1 });
    const d = synthetic(200, 5, { seed: 3 });
    const options = { solver: 'batch', maxEpochs: 20, tolerance: null, dtype: 'float32' } as const;
    const relaxedAsked = new LinearRegression(options).fit(d.X, d.y);
    vi.resetModules();
    const fresh = await import('../src/index.js');
    await fresh.init({ threads: 1 });
    const plain = new fresh.LinearRegression(options).fit(d.X, d.y);
    expect(Array.from(relaxedAsked.coef)).toEqual(Array.from(plain.coef));
    expect(relaxedAsked.intercept).toBe(plain.intercept);
  });

  it('rejects a relaxedSimd that is not a boolean, naming the option', async () => {
    const { init, wasmBuild } = await import('../src/index.js');
    expect(wasmBuild()).toBeUndefined();
    await expect(init({ relaxedSimd: 'yes' as unknown as boolean })).rejects.toThrow(
      new TypeError('init option relaxedSimd must be true or false, got yes'),
    );
    await init({ threads: 1 });
    expect(wasmBuild()).toEqual({ relaxedSimd: false, threads: 1 });
  });
});

describe('relaxed SIMD in `node --experimental-wasm-relaxed-simd`', () => {
  const main = runChild('main');

  it('is supported there, chosen by init and reported by wasmBuild(), on one and two threads, and switched off again', () => {
    expect(main.supported).toBe(true);
    expect(main.builds).toEqual({
      default: { relaxedSimd: false, threads: 1 },
      relaxed1: { relaxedSimd: true, threads: 1 },
      relaxed2: { relaxedSimd: true, threads: 2 },
      back: { relaxedSimd: false, threads: 2 },
    });
  });

  it.each(['float64', 'float32'] as const)(
    '%s: close to the default build and to the JS float64 reference, not the same bits',
    (dtype) => {
      const relaxed = main.fits[`relaxed1-${dtype}`];
      const plain = main.fits[`default-${dtype}`];
      const reference = main.fits['baseline-float64'];
      // The relaxed build really ran: fused multiply-adds round differently.
      expect(sameBits(relaxed, plain)).toBe(false);
      for (const key of ['coef', 'history', 'predictions'] as const) {
        expect(relativeError(relaxed, plain, key)).toBeLessThan(TOLERANCE[dtype]);
        expect(relativeError(relaxed, reference, key)).toBeLessThan(TOLERANCE[dtype]);
        // No further from the reference than the default build is, beyond round-off of the same size.
        expect(relativeError(relaxed, reference, key)).toBeLessThan(
          relativeError(plain, reference, key) + TOLERANCE[dtype],
        );
      }
    },
  );

  it.each(['float64', 'float32'] as const)(
    '%s: the same bits on one and two threads within the relaxed build',
    (dtype) => {
      expect(main.fits[`relaxed2-${dtype}`]).toEqual(main.fits[`relaxed1-${dtype}`]);
    },
  );

  it('init({ relaxedSimd: false }) later brings back the default build, bit for bit', () => {
    expect(main.fits['back-float32']).toEqual(main.fits['default-float32']);
  });

  it('linwasm/slim runs it only when given its source (and the threaded one for threads)', () => {
    const slim = runChild('slim');
    expect(slim.builds).toEqual({
      withoutSource: { relaxedSimd: false, threads: 1 },
      withSource: { relaxedSimd: true, threads: 1 },
      withThreads: { relaxedSimd: true, threads: 2 },
    });
    expect(slim.fits['slim-float32']).toEqual(main.fits['relaxed1-float32']);
    expect(slim.fits['slim2-float32']).toEqual(main.fits['relaxed1-float32']);
  });
});

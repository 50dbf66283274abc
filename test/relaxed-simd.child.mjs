// Run by test/relaxed-simd.test.ts in a child process, `node --experimental-wasm-relaxed-simd` (Node 20 runs
// relaxed-SIMD WebAssembly only with that flag), against the built package (dist/, build/). Fits and predicts
// with the default build, the relaxed-SIMD build on one and two threads, and the JS engine (linwasm/baseline,
// float64: the independent reference), and prints what the parent asserts on as one JSON line.
// Mode 'main': the main entry (embedded builds); 'slim': linwasm/slim, given the builds' files.
import { readFileSync } from 'node:fs';

const mode = process.argv[2] ?? 'main';
const at = (path) => new URL(`../${path}`, import.meta.url);

// Multiple 256 KiB blocks in both dtypes (so two threads have blocks to share): 20 000 × 16.
const n = 20000;
const d = 16;
const X = new Float64Array(n * d);
const y = new Float64Array(n);
let seed = 12345;
const uniform = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296 - 0.5;
};
for (let i = 0; i < n; i++) {
  let s = 0.5;
  for (let j = 0; j < d; j++) {
    const v = 2 * uniform() + 0.1 * j;
    X[i * d + j] = v;
    s += v * (j % 3 === 0 ? 1.5 : -0.25 * j);
  }
  y[i] = s + 0.1 * uniform();
}
const matrix = { data: X, rows: n, cols: d };
const settings = { solver: 'batch', maxEpochs: 40, tolerance: null, learningRate: 0.05 };

function fitWith(Estimator, dtype, threads) {
  const model = new Estimator({ ...settings, dtype, ...(threads ? { threads } : {}) }).fit(matrix, y);
  return {
    coef: Array.from(model.coef),
    intercept: model.intercept,
    history: Array.from(model.history ?? model.lossHistory ?? []),
    predictions: Array.from(model.predict({ data: X.subarray(0, 64 * d), rows: 64, cols: d })),
  };
}

const out = { supported: false, builds: {}, fits: {} };
if (mode === 'main') {
  const lib = await import(at('dist/index.js'));
  const { LinearRegression: Baseline } = await import(at('dist/engine/js/index.js'));
  out.supported = lib.relaxedSimdSupported();
  await lib.init({ threads: 1 });
  out.builds.default = lib.wasmBuild();
  for (const dtype of ['float64', 'float32']) out.fits[`default-${dtype}`] = fitWith(lib.LinearRegression, dtype, 1);
  await lib.init({ relaxedSimd: true });
  out.builds.relaxed1 = lib.wasmBuild();
  for (const dtype of ['float64', 'float32']) out.fits[`relaxed1-${dtype}`] = fitWith(lib.LinearRegression, dtype, 1);
  await lib.init({ threads: 2 });
  out.builds.relaxed2 = lib.wasmBuild();
  for (const dtype of ['float64', 'float32']) out.fits[`relaxed2-${dtype}`] = fitWith(lib.LinearRegression, dtype, 2);
  await lib.init({ relaxedSimd: false });
  out.builds.back = lib.wasmBuild();
  out.fits['back-float32'] = fitWith(lib.LinearRegression, 'float32', 2);
  out.fits['baseline-float64'] = fitWith(Baseline, 'float64');
  await lib.terminate();
} else {
  const slim = await import(at('dist/slim.js'));
  const bytes = readFileSync(at('build/linwasm.wasm'));
  out.supported = slim.relaxedSimdSupported();
  await slim.init(bytes, { relaxedSimd: true });
  out.builds.withoutSource = slim.wasmBuild();
  await slim.init(bytes, { relaxedSimd: true, relaxedSimdSource: readFileSync(at('build/linwasm-relaxed.wasm')) });
  out.builds.withSource = slim.wasmBuild();
  out.fits['slim-float32'] = fitWith(slim.LinearRegression, 'float32', 1);
  await slim.init(bytes, {
    threads: 2,
    relaxedSimdThreadsSource: readFileSync(at('build/linwasm-threads-relaxed.wasm')),
  });
  out.builds.withThreads = slim.wasmBuild();
  out.fits['slim2-float32'] = fitWith(slim.LinearRegression, 'float32', 2);
  await slim.terminate();
}
console.log(JSON.stringify(out));

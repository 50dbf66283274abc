// Predict with one fitted model: of all rows, of one row and of a few rows, end to end through each API (copies
// in and out included), and the matvec kernel alone (X already in place). The baseline of the end-to-end cases is
// what predict promises written as plain JavaScript — a fresh output array, an error on a value that is not
// finite, X read where it is (no copy first): the loop a user would write instead of calling linwasm.
import { matvec } from '../../dist/engine/js/index.js';
import { LinearRegression, residentMatrix } from '../../dist/index.js';
import { nativeImpls } from '../native.mjs';
import { tfPredict, useBackend } from '../tf.mjs';
import { WasmProblem } from '../wasm.mjs';
import { dataOf } from '../workloads.mjs';

/** The predict cases of one workload and dtype. */
export function predictCases(ctx) {
  const { workload: wl, dtype, threads = 1 } = ctx;
  // The model: the exact solution on the first rows (cheap to fit; any fitted model predicts at the same speed).
  const head = Math.min(wl.rows, 4 * wl.cols);
  const model = new LinearRegression({ solver: 'exact', dtype, standardize: false, threads }).fit(
    { data: dataOf(wl, dtype).subarray(0, head * wl.cols), rows: head, cols: wl.cols },
    wl.y.subarray(0, head),
  );
  const X = { data: dataOf(wl, dtype), rows: wl.rows, cols: wl.cols };
  if (ctx.native?.build?.available) ctx.native.setWeights(model.coef, model.intercept);
  const endToEnd = (rows) => {
    const part = rows === wl.rows ? X : { data: X.data.subarray(0, rows * wl.cols), rows, cols: wl.cols };
    return [
      { name: 'linwasm', runsPerCheck: 1, check: () => model.predict(part), run: () => model.predict(part) },
      plainLoop(part, model),
    ];
  };
  return [
    {
      id: 'predict',
      title: 'predict of all rows, end to end',
      impls: [...endToEnd(wl.rows), naive(ctx, model), ...tfjs(ctx, model)],
    },
    {
      id: 'predict/resident',
      title: 'predict of all rows on a ResidentMatrix (X copied into WASM once, before the timing)',
      impls: [resident(X, model), plainLoop(X, model)],
    },
    { id: 'predict/row', title: 'predict of one row, end to end', impls: endToEnd(1) },
    { id: 'predict/rows', title: `predict of ${FEW_ROWS} rows, end to end`, impls: endToEnd(FEW_ROWS) },
    {
      id: 'matvec',
      title: 'the predict kernel X·w + b, kernel only',
      impls: [linwasmKernel(ctx, model), baselineKernel(ctx, model), ...nativeImpls(ctx, 'matvec')],
    },
  ];
}

/** model.predict(resident): the public call on X already in WASM memory (residentMatrix), output copied out. */
function resident(X, model) {
  let r = null;
  return {
    name: 'linwasm',
    runsPerCheck: 1,
    setup() {
      r = residentMatrix(X);
    },
    check: () => model.predict(r),
    run: () => model.predict(r),
    teardown() {
      r.dispose();
    },
  };
}

/** Rows of the few-rows case. */
const FEW_ROWS = 8;

/** predict's promise as the plain loop: ŷ_i = b + Σ_j x_ij·coef_j in float64, a RangeError on a non-finite x. */
function plainLoop(X, model) {
  const coef = model.coef;
  const b = model.intercept;
  const { data, rows, cols } = X;
  const run = () => {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = b;
      for (let j = 0; j < cols; j++) {
        const v = data[i * cols + j];
        if (!Number.isFinite(v)) throw new RangeError(`X[${i}][${j}] is ${v}: every value must be finite`);
        s += v * coef[j];
      }
      out[i] = s;
    }
    return out;
  };
  return { name: 'baseline', runsPerCheck: 1, check: run, run };
}

function naive({ workload: wl, dtype }, model) {
  if (dtype !== 'float64') return { name: 'naive', na: 'arrays of JS numbers are float64' };
  const theta = Array.from(model.coef);
  const b = model.intercept;
  const predict = () => wl.arrays().map((row) => row.reduce((s, x, j) => s + x * theta[j], b));
  return { name: 'naive', runsPerCheck: 1, check: () => Float64Array.from(predict()), run: predict };
}

function tfjs({ workload: wl, dtype, tf }, model) {
  return ['wasm', 'cpu'].map((backend) => {
    const name = `tfjs-${backend}`;
    if (dtype !== 'float32') return { name, na: 'TF.js computes in float32 only' };
    const predict = () => tfPredict(tf, wl.X32, wl.rows, wl.cols, model.coef, model.intercept);
    return { name, runsPerCheck: 1, prepare: () => useBackend(tf, backend), check: predict, run: predict };
  });
}

function linwasmKernel({ workload: wl, dtype, threads = 1 }, model) {
  let p = null;
  return {
    name: 'linwasm',
    kernel: true,
    reference: () => p.readX(),
    runsPerCheck: 1,
    setup() {
      p = new WasmProblem(dataOf(wl, dtype), wl.y, wl.rows, wl.cols, dtype);
      p.threads = threads;
      p.setWeights(model.coef);
    },
    check() {
      p.matvec(model.intercept);
      return p.output();
    },
    run: () => p.matvec(model.intercept),
    teardown() {
      p.free();
    },
  };
}

function baselineKernel({ workload: wl, dtype }, model) {
  const X = dataOf(wl, dtype);
  const w = dtype === 'float32' ? Float32Array.from(model.coef) : Float64Array.from(model.coef);
  const out = new Float64Array(wl.rows);
  const run = () => matvec(X, wl.rows, wl.cols, w, model.intercept, out);
  return {
    name: 'baseline',
    runsPerCheck: 1,
    check() {
      run();
      return out.slice();
    },
    run,
  };
}

// The exact least-squares solver, end to end: linwasm and its baseline (centered normal equations, Cholesky) and
// ml-regression-multivariate-linear (normal equations with a column of ones, SVD inverse), all with an intercept;
// and its kernels alone (gram + choleskySolve, X already in place): linwasm, the baseline's twins and the native C
// reference.
import MLR from 'ml-regression-multivariate-linear';
import { LinearRegression as BaselineLinearRegression, choleskySolve, gram } from '../../dist/engine/js/index.js';
import { LinearRegression } from '../../dist/index.js';
import { nativeImpls } from '../native.mjs';
import { WasmProblem } from '../wasm.mjs';
import { dataOf } from '../workloads.mjs';

/** The exact-solver case of one workload and dtype. */
export function exactCases(ctx) {
  return [
    {
      id: 'exact',
      title: 'exact solver (normal equations), end to end',
      impls: [
        estimator('linwasm', LinearRegression, ctx),
        estimator('baseline', BaselineLinearRegression, ctx),
        ml(ctx),
      ],
    },
    {
      id: 'exact/kernel',
      title: 'exact solver, kernels only (gram + choleskySolve)',
      impls: [linwasmKernel(ctx), baselineKernel(ctx), ...nativeImpls(ctx, 'exact')],
    },
  ];
}

function linwasmKernel({ workload: wl, dtype, threads = 1 }) {
  let p = null;
  const solve = () => {
    const status = p.solveExact();
    if (status !== 0) throw new Error(`linwasm choleskySolve returned status ${status}`);
  };
  return {
    name: 'linwasm',
    runsPerCheck: 1,
    setup() {
      p = new WasmProblem(dataOf(wl, dtype), wl.y, wl.rows, wl.cols, dtype);
      p.threads = threads;
    },
    check() {
      solve();
      return p.solution();
    },
    run: solve,
    teardown() {
      p.free();
    },
  };
}

function baselineKernel({ workload: wl, dtype }) {
  const X = dataOf(wl, dtype);
  const d = wl.cols;
  const solve = () => {
    const { A, c, means } = gram(X, wl.y, wl.rows, d, true);
    const result = choleskySolve(A, c, d, 0);
    if (!result.ok) throw new Error(`baseline choleskySolve: column ${result.column} is singular`);
    return { w: result.w, means };
  };
  return {
    name: 'baseline',
    runsPerCheck: 1,
    check() {
      const { w, means } = solve();
      let intercept = means[d];
      for (let j = 0; j < d; j++) intercept -= means[j] * w[j];
      return solution(w, intercept);
    },
    run: solve,
  };
}

/** coef followed by the intercept. */
function solution(coef, intercept) {
  const out = new Float64Array(coef.length + 1);
  out.set(coef);
  out[coef.length] = intercept;
  return out;
}

function estimator(name, Model, { workload: wl, dtype, threads = 1 }) {
  const X = { data: dataOf(wl, dtype), rows: wl.rows, cols: wl.cols };
  const fit = () => new Model({ solver: 'exact', dtype, standardize: false, threads }).fit(X, wl.y);
  return {
    name,
    runsPerCheck: 1,
    check() {
      const m = fit();
      return solution(m.coef, m.intercept);
    },
    run: fit,
  };
}

/** ml-regression's time (ms), as measured here: XᵀX at ≈ 1.5e8 multiply-adds/s, then an SVD of ≈ cols³/4e7 s. */
function mlEstimateMs(rows, cols) {
  return (rows * cols * cols) / 1.5e5 + cols ** 3 / 4e4;
}

function ml({ workload: wl, dtype, budget }) {
  const name = 'ml-regression';
  if (dtype !== 'float64') return { name, na: 'arrays of JS numbers are float64' };
  const estimate = mlEstimateMs(wl.rows, wl.cols);
  if (estimate > 2 * budget.maxRun) {
    return { name, skip: `≈ ${(estimate / 1000).toFixed(0)} s per run (ml-matrix's XᵀX product and SVD)` };
  }
  let y = null;
  const fit = () => new MLR(wl.arrays(), y, { intercept: true, statistics: false });
  return {
    name,
    runsPerCheck: 1,
    setup() {
      y = Array.from(wl.y, (v) => [v]);
    },
    check() {
      const weights = fit().weights;
      return solution(
        weights.slice(0, wl.cols).map((r) => r[0]),
        weights[wl.cols][0],
      );
    },
    run: fit,
  };
}

// summary(): the inference statistics of ordinary least squares — standard errors, t statistics,
// p-values and confidence intervals of every coefficient, R², adjusted R², the F test, the
// log-likelihood — as statsmodels' OLS reports them, from what an exact, unpenalized fit kept.
import { describe } from '../api/data.js';
import type { FittedState } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import { checkOptionObject } from '../select/checks.js';
import { fSurvival, studentTQuantile, studentTTwoSided } from './distributions.js';

/** The options of `model.summary()`: the features' names and the confidence level. */
export interface SummaryOptions {
  /** Names of the features, one per column of X (default: the model's featureNames, else 'x0', 'x1', …). */
  names?: readonly string[];
  /** Confidence level of the intervals, in (0, 1) (default 0.95). */
  confidenceLevel?: number;
}

/** What `model.summary()` returns: statsmodels' OLS results — the estimates with their standard
 *  errors, t and p-values and confidence intervals, and the fit's statistics — and a text table. */
export interface RegressionSummary {
  /** 'intercept' first (when fitted), then the features' names. */
  names: string[];
  /** The estimates, in the order of names: the intercept, then coef. */
  estimates: number[];
  /** Their standard errors (statsmodels' bse). */
  stdErr: number[];
  /** estimate / stdErr. */
  tValues: number[];
  /** Two-sided p-values of the t statistics, with dfResidual degrees of freedom. */
  pValues: number[];
  /** [lower, upper] confidence interval of every estimate, at confidenceLevel. */
  confInt: [number, number][];
  confidenceLevel: number;
  /** R²: centered with an intercept; uncentered (1 − RSS/Σy²) without one, as statsmodels. */
  r2: number;
  /** 1 − (n − k)/(n − p)·(1 − R²), k = 1 with an intercept, else 0. */
  adjustedR2: number;
  /** The F statistic of "every coefficient but the intercept is 0", and its p-value. */
  fStatistic: number;
  fPValue: number;
  /** Observations n, model degrees of freedom (features d), residual degrees of freedom n − p. */
  nObs: number;
  dfModel: number;
  dfResidual: number;
  /** Σ (y − ŷ)², and √(RSS/dfResidual), the residual standard error. */
  rss: number;
  residualStdError: number;
  /** Gaussian log-likelihood, AIC and BIC (p parameters). */
  logLikelihood: number;
  aic: number;
  bic: number;
  /** The covariance matrix of the estimates (p×p, in the order of names). */
  covariance: number[][];
  /** A statsmodels-like text table. */
  toString(): string;
}

/** A column whose centered sum of squares is below this share of the largest carries nothing
 *  (the rule of the exact solver, assembly/solve/cholesky.ts). */
const ZERO_COLUMN = 1e-24;

/**
 * The OLS statistics of a fitted model.
 * @throws RangeError when the model was not fitted by the exact solver without penalty and sample
 * weights (its estimates are not OLS and the statistics would mislead), was restored from JSON
 * (which does not keep the data's statistics), has a constant column, has no more rows than
 * coefficients, or fits exactly; for bad names or confidenceLevel.
 */
export function summarize(
  state: FittedState,
  options: ResolvedOptions,
  summaryOptions: SummaryOptions = {},
): RegressionSummary {
  const o = checkOptionObject(summaryOptions, ['names', 'confidenceLevel'], 'summary');
  if (options.solver !== 'exact') {
    throw new RangeError(
      `summary() reports ordinary least squares statistics, which need solver 'exact' with l2 = 0: this model used ` +
        `solver '${options.solver}', whose estimates approximate the least-squares solution, so standard errors, ` +
        'p-values and intervals computed for them would mislead. Fit with solver: "exact"',
    );
  }
  if (options.l2 > 0) {
    throw new RangeError(
      `summary() reports ordinary least squares statistics: with l2 = ${options.l2} the estimates are ridge estimates, ` +
        'biased towards 0, and OLS standard errors, p-values and intervals would mislead. Fit with l2: 0 for them',
    );
  }
  const stats = state.inference;
  if (!stats) {
    throw new RangeError(
      'summary() needs the statistics an exact fit keeps of its data: this model was fitted with sampleWeight (weighted least squares is not supported) or restored from JSON (which keeps no data); fit it again',
    );
  }
  const level = o.confidenceLevel ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`summary: confidenceLevel must be a number in (0, 1), got ${describe(level)}`);
  }
  const d = state.nFeatures;
  const featureNames = checkNames(o.names ?? state.featureNames ?? undefined, d);
  const fitIntercept = options.fitIntercept;
  const n = stats.nSamples;
  const k = fitIntercept ? 1 : 0;
  const p = d + k;
  const dfResidual = n - p;
  if (dfResidual < 1) {
    throw new RangeError(
      `summary() needs more rows than estimated coefficients: ${n} rows, ${p} coefficients leave no residual degrees of freedom`,
    );
  }
  if (!(stats.rss > 0)) {
    throw new RangeError(
      'summary(): the model fits the data exactly (residual sum of squares 0): standard errors are 0',
    );
  }
  const inverse = invert(stats.gram, d);
  const scale = state.scaling?.scale ?? new Float64Array(d).fill(1);
  const shift = state.scaling?.mean ?? new Float64Array(d);
  const sigma2 = stats.rss / dfResidual;
  // Cov(w) in original units: σ²·G⁻¹ in the stored units z = (x − μ)/s, divided by s_j·s_k.
  const covW = Array.from({ length: d }, (_, j) =>
    Array.from({ length: d }, (_, l) => (sigma2 * inverse[j * d + l]) / (scale[j] * scale[l])),
  );
  let covariance = covW;
  if (fitIntercept) {
    // b = ȳ − x̄ᵀw with ȳ independent of w: Var(b) = σ²/n + x̄ᵀCov(w)x̄, Cov(b, w) = −Cov(w)x̄, with
    // x̄ the original columns' means.
    const xBar = Array.from({ length: d }, (_, j) => shift[j] + scale[j] * stats.means[j]);
    const covBW = covW.map((row) => -row.reduce((s, v, l) => s + v * xBar[l], 0));
    const varB = sigma2 / n - covBW.reduce((s, v, j) => s + v * xBar[j], 0);
    covariance = [[varB, ...covBW], ...covW.map((row, j) => [covBW[j], ...row])];
  }
  const names = [...(fitIntercept ? ['intercept'] : []), ...featureNames];
  const estimates = [...(fitIntercept ? [state.intercept] : []), ...state.coef];
  const stdErr = covariance.map((row, j) => Math.sqrt(row[j]));
  const tValues = estimates.map((b, j) => b / stdErr[j]);
  const pValues = tValues.map((t) => studentTTwoSided(t, dfResidual));
  const q = studentTQuantile(1 - (1 - level) / 2, dfResidual);
  const confInt = estimates.map((b, j) => [b - q * stdErr[j], b + q * stdErr[j]] as [number, number]);
  const r2 = 1 - stats.rss / stats.tss;
  const dfModel = d;
  const fStatistic = (stats.tss - stats.rss) / dfModel / sigma2;
  const logLikelihood = (-n / 2) * (Math.log(2 * Math.PI) + Math.log(stats.rss / n) + 1);
  const summary: RegressionSummary = {
    names,
    estimates,
    stdErr,
    tValues,
    pValues,
    confInt,
    confidenceLevel: level,
    r2,
    adjustedR2: 1 - ((n - k) / dfResidual) * (1 - r2),
    fStatistic,
    fPValue: fSurvival(fStatistic, dfModel, dfResidual),
    nObs: n,
    dfModel,
    dfResidual,
    rss: stats.rss,
    residualStdError: Math.sqrt(sigma2),
    logLikelihood,
    aic: -2 * logLikelihood + 2 * p,
    bic: -2 * logLikelihood + Math.log(n) * p,
    covariance,
    toString: () => format(summary, fitIntercept),
  };
  return summary;
}

function checkNames(names: unknown, d: number): string[] {
  if (names === undefined) return Array.from({ length: d }, (_, j) => `x${j}`);
  if (!Array.isArray(names) || names.length !== d) {
    throw new RangeError(`summary: names must be a list of ${d} names, one per feature, got ${describe(names)}`);
  }
  names.forEach((name, j) => {
    if (typeof name !== 'string') throw new TypeError(`summary: names[${j}] must be a string, got ${describe(name)}`);
  });
  return names as string[];
}

/**
 * G⁻¹ of the symmetric positive definite Gram matrix by its Cholesky factor; a constant column
 * (which the exact solver gave coefficient 0) has no statistics.
 */
function invert(gram: Float64Array, d: number): Float64Array {
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, gram[j * d + j]);
  for (let j = 0; j < d; j++) {
    if (gram[j * d + j] <= ZERO_COLUMN * maxDiag) {
      throw new RangeError(
        `summary(): column ${j} of X is constant, so its coefficient is not identified (the exact solver set it to 0) ` +
          'and has no standard error: remove the column',
      );
    }
  }
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = gram[i * d + j];
      for (let m = 0; m < j; m++) s -= L[i * d + m] * L[j * d + m];
      L[i * d + j] = i === j ? Math.sqrt(s) : s / L[j * d + j];
    }
  }
  // Column by column: G·x = e_c, by L·u = e_c then Lᵀ·x = u.
  const inverse = new Float64Array(d * d);
  const u = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      let s = i === c ? 1 : 0;
      for (let m = 0; m < i; m++) s -= L[i * d + m] * u[m];
      u[i] = s / L[i * d + i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = u[i];
      for (let m = i + 1; m < d; m++) s -= L[m * d + i] * inverse[m * d + c];
      inverse[i * d + c] = s / L[i * d + i];
    }
  }
  return inverse;
}

/** The text table: the fit's statistics, then one row per estimate. */
function format(s: RegressionSummary, centered: boolean): string {
  const num = (v: number, digits = 4) =>
    v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3) ? v.toExponential(digits - 1) : v.toFixed(digits);
  const lowerLabel = `[${((1 - s.confidenceLevel) / 2).toFixed(3).replace(/0+$/, '')}`;
  const upperLabel = `${(1 - (1 - s.confidenceLevel) / 2).toFixed(3).replace(/0+$/, '')}]`;
  const header = [
    `OLS regression, ${s.nObs} observations, ${s.dfModel} features, ${s.dfResidual} residual degrees of freedom`,
    `R²${centered ? '' : ' (uncentered)'} ${num(s.r2)}   adjusted R² ${num(s.adjustedR2)}   ` +
      `F ${num(s.fStatistic)}   p(F) ${num(s.fPValue)}`,
    `residual std. error ${num(s.residualStdError)}   log-likelihood ${num(s.logLikelihood)}   ` +
      `AIC ${num(s.aic)}   BIC ${num(s.bic)}`,
    '',
  ];
  const rows = s.names.map((name, j) => [
    name,
    num(s.estimates[j]),
    num(s.stdErr[j]),
    s.tValues[j].toFixed(3),
    s.pValues[j] < 1e-3 ? s.pValues[j].toExponential(1) : s.pValues[j].toFixed(3),
    num(s.confInt[j][0]),
    num(s.confInt[j][1]),
  ]);
  const titles = ['', 'coef', 'std err', 't', 'P>|t|', lowerLabel, upperLabel];
  const widths = titles.map((t, c) => Math.max(t.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [...header, line(titles), ...rows.map(line)].join('\n');
}

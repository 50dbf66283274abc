// Ridge regression with its penalty chosen by cross-validation: scikit-learn's RidgeCV. Leave-one-
// out (the default) takes one eigendecomposition of the Gram matrix for every candidate, in WASM
// (assembly/solve/eigen.ts, loo.ts); k folds refit the exact solver on each fold.
import { describe, type MatrixInput, type VectorInput } from '../api/data.js';
import type { DType } from '../engine/engine.js';
import { wasmEngine } from '../engine/wasm/engine.js';
import { mergeMoments, scalingOf } from '../fit/running-stats.js';
import { LinearRegression } from '../LinearRegression.js';
import { checkBoolean, checkOptionObject } from './checks.js';
import { type Data, readData } from './data.js';
import { scoreFolds } from './evaluate.js';
import { foldsFor } from './kfold.js';
import { checkScoring, isBetter, meanStd, type Scoring, scoreOf } from './scoring.js';

/** The options of ridgeCV: the penalties to compare, how they are scored, and the model's settings. */
export interface RidgeCVOptions {
  /** The penalties l2 to compare, each > 0 (default 10⁻⁶, 10⁻⁵, …, 10). */
  l2s?: readonly number[];
  /** 'loo' (default): leave-one-out, computed for every l2 at once; or a number k of folds (KFold,
   *  consecutive rows). */
  cv?: 'loo' | number;
  /** How the l2s are compared: default 'mse' for 'loo' and 'r2' for k folds (as RidgeCV). */
  scoring?: Scoring;
  /** Fit an intercept (default true). */
  fitIntercept?: boolean;
  /** Standardize the features (default true): the scaling is computed once from all rows, as
   *  make_pipeline(StandardScaler(), RidgeCV(…)) does. */
  standardize?: boolean;
  /** The model's dtype (default 'float64'). */
  dtype?: DType;
}

/** What ridgeCV returns: the chosen l2, every l2's score, and the model refitted with it. */
export interface RidgeCVResult {
  /** The chosen penalty: the first l2 of the best score. */
  l2: number;
  /** The score of every l2, in the order given: the leave-one-out score (every row predicted by
   *  the fit without it), or the mean over the folds. */
  scores: number[];
  scoring: Scoring;
  /** The exact solver with the chosen l2 (and fitIntercept, standardize, dtype), fitted on all rows. */
  model: LinearRegression;
}

const KEYS = ['l2s', 'cv', 'scoring', 'fitIntercept', 'standardize', 'dtype'];
const DEFAULT_L2S = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10];

/**
 * Chooses the ridge penalty l2 by cross-validation and fits the exact solver with it on all rows.
 * Every candidate is scored as scikit-learn's RidgeCV(alphas = l2s·n) scores it, n the number of
 * all rows: every fit, on all rows, without one row or without a fold, minimizes
 * Σ r² + α·‖w‖² with the same α = l2·n — the final model's penalty — and with standardize the
 * features are scaled once with all rows' statistics. So l2, scores (errors as positive numbers)
 * and the model equal RidgeCV's alpha_/n, cv_values_ means and coef_ (make_pipeline(StandardScaler(),
 * RidgeCV(…)) with standardize). Ties go to the first l2, as in RidgeCV.
 * @throws TypeError/RangeError for bad X or y, an unknown option or scoring, l2s empty or not all
 * finite and > 0, cv not 'loo' or an integer from 2 to the number of rows, fewer than 2 rows.
 */
export function ridgeCV(X: MatrixInput, y: VectorInput, options: RidgeCVOptions = {}): RidgeCVResult {
  const o = checkOptionObject(options, KEYS, 'ridgeCV');
  const l2s = checkL2s(o.l2s ?? DEFAULT_L2S);
  const cv = o.cv ?? 'loo';
  if (cv !== 'loo' && !(Number.isInteger(cv) && (cv as number) >= 2)) {
    throw new RangeError(`ridgeCV: cv must be 'loo' or a number of folds (an integer ≥ 2), got ${describe(cv)}`);
  }
  const scoring = checkScoring(o.scoring ?? (cv === 'loo' ? 'mse' : 'r2'), 'ridgeCV');
  const fitIntercept = checkBoolean(o.fitIntercept ?? true, 'fitIntercept', 'ridgeCV');
  const standardize = checkBoolean(o.standardize ?? true, 'standardize', 'ridgeCV');
  const base = new LinearRegression({ solver: 'exact', fitIntercept, standardize, dtype: o.dtype as DType }).options;
  const data = readData(X, y, base.dtype);
  const n = data.X.rows;
  if (n < 2) throw new RangeError('ridgeCV needs at least 2 rows: every row is predicted by a fit without it');
  if (cv !== 'loo' && (cv as number) > n) {
    throw new RangeError(`ridgeCV: cv (${cv} folds) is more than the number of rows (${n}): every fold needs a row`);
  }
  const scores =
    cv === 'loo'
      ? looScores(data, l2s, scoring, fitIntercept, standardize, base.dtype)
      : foldScores(data, l2s, cv as number, scoring, base);
  let best = 0;
  for (let a = 1; a < l2s.length; a++) if (isBetter(scoring, scores[a], scores[best])) best = a;
  const l2 = l2s[best];
  const model = new LinearRegression({ ...base, l2 }).fit(data.X, data.y);
  return { l2, scores, scoring, model };
}

function checkL2s(l2s: unknown): number[] {
  if (!Array.isArray(l2s) || l2s.length === 0) {
    throw new RangeError(`ridgeCV: l2s must be a non-empty list of penalties > 0, got ${describe(l2s)}`);
  }
  l2s.forEach((v, i) => {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`ridgeCV: l2s[${i}] must be a finite number > 0, got ${describe(v)}`);
    }
  });
  return l2s as number[];
}

/** Leave-one-out scores of every l2 from one eigendecomposition, on the (standardized) stored rows. */
function looScores(
  data: Data,
  l2s: number[],
  scoring: Scoring,
  fitIntercept: boolean,
  standardize: boolean,
  dtype: DType,
): number[] {
  const n = data.X.rows;
  const problem = wasmEngine.storeProblem(data.X, data.y, dtype);
  let residuals: Float64Array | null;
  try {
    if (standardize) problem.standardize(fitIntercept);
    residuals = problem.ridgeLoo(
      Float64Array.from(l2s, (l2) => l2 * n),
      fitIntercept,
    );
  } finally {
    problem.dispose();
  }
  if (!residuals) throw new RangeError('ridgeCV: the eigendecomposition of the Gram matrix did not converge');
  const e = residuals;
  return l2s.map((_, a) => {
    const r = e.subarray(a * n, (a + 1) * n);
    if (scoring === 'mse' || scoring === 'rmse') {
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i] * r[i];
      return scoring === 'mse' ? s / n : Math.sqrt(s / n);
    }
    const predictions = data.y.map((v, i) => v - r[i]);
    return scoreOf(scoring, data.y, predictions);
  });
}

/**
 * Mean fold scores of every l2: each fold's exact fit on its nTrain rows with l2·n/nTrain, so that
 * its α is the final model's; with standardize, on features scaled once with all rows' statistics.
 */
function foldScores(
  data: Data,
  l2s: number[],
  k: number,
  scoring: Scoring,
  base: LinearRegression['options'],
): number[] {
  const n = data.X.rows;
  const folds = foldsFor(n, { folds: k }, 'ridgeCV');
  const scaled = base.standardize ? { X: standardized(data, base.fitIntercept), y: data.y } : data;
  const fixed = { ...base, standardize: false };
  return l2s.map(
    (l2) =>
      meanStd(
        scoreFolds(fixed, scaled, folds, scoring, {
          optionsFor: (_, nTrain) => ({ ...fixed, l2: (l2 * n) / nTrain }),
        }).test,
      ).mean,
  );
}

/** X scaled with all rows' column statistics, by the rules of the estimator's standardize. */
function standardized(data: Data, center: boolean): Data['X'] {
  const { data: x, rows, cols } = data.X;
  const mean = new Float64Array(cols);
  const m2 = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += x[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = x[i * cols + j] - mean[j];
      m2[j] += c * c;
    }
  }
  const scaling = scalingOf(mergeMoments(null, rows, mean, m2), center);
  const out = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = (x[i * cols + j] - scaling.mean[j]) / scaling.scale[j];
  }
  return { data: out, rows, cols };
}

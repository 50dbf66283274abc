// Exhaustive search over a grid of estimator options by cross-validated score: scikit-learn's
// GridSearchCV over LinearRegression's options (learningRate, batchSize, l2, alpha, l1Ratio,
// schedule, solver, …), with KFold folds.

import { labelled } from '../api/check-input.js';
import { describe, type MatrixInput, type VectorInput } from '../api/data.js';
import type { LinearRegressionOptions } from '../api/options.js';
import { LinearRegression } from '../LinearRegression.js';
import { checkBoolean, checkOptionObject } from './checks.js';
import { readData } from './data.js';
import { isFitFailure, scoreFolds } from './evaluate.js';
import { foldsFor, type KFoldOptions } from './kfold.js';
import { checkScoring, isBetter, meanStd, type Scoring } from './scoring.js';

/** For each option, the values to try: every combination is a candidate. A list of such grids
 *  searches each in turn (as scikit-learn's list of dicts). */
export type Grid = { [K in keyof LinearRegressionOptions]?: readonly LinearRegressionOptions[K][] };

/** The options of searchGrid: kFold's folds, how candidates are compared, and whether to refit the best. */
export interface SearchOptions extends KFoldOptions {
  /** How candidates are compared (default 'r2'): the highest mean R², or the lowest mean error of
   *  'mse', 'rmse', 'mae' (reported as positive numbers). */
  scoring?: Scoring;
  /** Fit the best candidate on all rows and return it as `model` (default true). */
  refit?: boolean;
}

/** One combination of the grid's values and how it scored (an entry of SearchResult.results). */
export interface SearchCandidate {
  /** The grid's values for this candidate. */
  params: LinearRegressionOptions;
  /** baseOptions with params (and the search's seed): what the candidate was fitted with. */
  options: LinearRegressionOptions;
  /** Its score on each fold (empty when it failed). */
  scores: number[];
  /** Mean and population standard deviation of the scores; NaN when it failed. */
  mean: number;
  std: number;
  /** 1 for the best candidate, 2 for the next, … (ties share a rank); null when it failed. */
  rank: number | null;
  /** Why the candidate failed (a DivergenceError or SingularMatrixError naming the fold), or null. */
  error: Error | null;
}

/** What searchGrid returns: every candidate's scores, the best one and, with refit, its model. */
export interface SearchResult {
  /** The best candidate's options (baseOptions with its params), or null when every candidate failed. */
  best: LinearRegressionOptions | null;
  /** Its mean score (NaN when none). */
  bestScore: number;
  /** Its index in results (−1 when none). */
  bestIndex: number;
  /** Every candidate, in the grid's order. */
  results: SearchCandidate[];
  scoring: Scoring;
  /** The best candidate fitted on all rows (with refit; null when none, or when that fit failed). */
  model: LinearRegression | null;
  /** Why the best candidate's fit on all rows failed (DivergenceError, SingularMatrixError), or null. */
  refitError: Error | null;
}

const KEYS = ['folds', 'shuffle', 'seed', 'scoring', 'refit'];

/**
 * Cross-validates every combination of the grid's values (on top of baseOptions) on the same folds
 * and picks the best: the highest mean for 'r2', the lowest for the errors; the first of equal
 * means. Candidates are ordered as scikit-learn's ParameterGrid orders them: option names sorted,
 * the last varying fastest. Every candidate is checked before anything is fitted, so an invalid
 * value fails at once with the estimator's own error naming the option. A candidate whose fit
 * diverges (or whose system is singular) is reported in results with its error and skipped;
 * other fit errors are raised. Without a seed in baseOptions the search draws one and gives it to
 * every candidate, so that gradient-descent candidates are compared on the same shuffles.
 * @throws TypeError/RangeError for an empty grid or value list, an unknown option name (with the
 * nearest known one), an invalid value (naming the candidate and the option), bad X or y, bad
 * search options (folds, scoring, …).
 */
export function searchGrid(
  baseOptions: LinearRegressionOptions,
  grid: Grid | readonly Grid[],
  X: MatrixInput,
  y: VectorInput,
  search: SearchOptions = {},
): SearchResult {
  const o = checkOptionObject(search, KEYS, 'searchGrid');
  const scoring = checkScoring(o.scoring ?? 'r2', 'searchGrid');
  const refit = checkBoolean(o.refit ?? true, 'refit', 'searchGrid');
  const base = new LinearRegression(baseOptions).options;
  // The given options (not the resolved ones, whose l1/l2 would clash with a grid of alpha), with one seed.
  const given: LinearRegressionOptions = { ...stripUndefined(baseOptions), seed: baseOptions.seed ?? base.seed };
  const candidates = expand(grid).map((params) => {
    const options = { ...given, ...params };
    try {
      return { params, options, resolved: new LinearRegression(options).options };
    } catch (e) {
      throw labelled(e, `searchGrid: candidate ${JSON.stringify(params)}: `);
    }
  });
  const data = readData(X, y, base.dtype);
  const folds = foldsFor(data.X.rows, o, 'searchGrid');
  const results: SearchCandidate[] = candidates.map(({ params, options, resolved }) => {
    try {
      const scores = scoreFolds(resolved, data, folds, scoring).test;
      return { params, options, scores, ...meanStd(scores), rank: null, error: null };
    } catch (e) {
      if (!isFitFailure(e)) throw labelled(e, `searchGrid: candidate ${JSON.stringify(params)}: `);
      return { params, options, scores: [], mean: Number.NaN, std: Number.NaN, rank: null, error: e };
    }
  });
  let bestIndex = -1;
  results.forEach((r, i) => {
    if (!Number.isNaN(r.mean) && (bestIndex < 0 || isBetter(scoring, r.mean, results[bestIndex].mean))) bestIndex = i;
  });
  for (const r of results) {
    if (Number.isNaN(r.mean)) continue;
    r.rank = 1 + results.filter((other) => isBetter(scoring, other.mean, r.mean)).length;
  }
  const best = bestIndex < 0 ? null : results[bestIndex].options;
  let model: LinearRegression | null = null;
  let refitError: Error | null = null;
  if (best && refit) {
    try {
      model = new LinearRegression(best).fit(data.X, data.y);
    } catch (e) {
      if (!isFitFailure(e)) throw e;
      refitError = e;
    }
  }
  return {
    best,
    bestScore: bestIndex < 0 ? Number.NaN : results[bestIndex].mean,
    bestIndex,
    results,
    scoring,
    model,
    refitError,
  };
}

/** Every combination of each grid's values: names sorted, the last varying fastest. */
function expand(grid: Grid | readonly Grid[]): LinearRegressionOptions[] {
  const grids = Array.isArray(grid) ? (grid as readonly Grid[]) : [grid as Grid];
  if (grids.length === 0) throw new RangeError('searchGrid: the grid is empty: give at least one option to vary');
  const out: LinearRegressionOptions[] = [];
  grids.forEach((g, index) => {
    const where = grids.length > 1 ? `searchGrid: grid ${index}` : 'searchGrid: grid';
    if (g === null || typeof g !== 'object' || Array.isArray(g)) {
      throw new TypeError(`${where} must be an object of option names and lists of values, got ${describe(g)}`);
    }
    const names = Object.keys(g).sort();
    if (names.length === 0) throw new RangeError(`${where} is empty: give at least one option to vary`);
    for (const name of names) {
      const values = (g as Record<string, unknown>)[name];
      if (!Array.isArray(values)) {
        throw new TypeError(`${where}: ${name} must be a list of values to try, got ${describe(values)}`);
      }
      if (values.length === 0) throw new RangeError(`${where}: ${name} has no values to try`);
    }
    let combos: Record<string, unknown>[] = [{}];
    for (const name of names) {
      const values = (g as Record<string, unknown[]>)[name];
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
    }
    out.push(...(combos as LinearRegressionOptions[]));
  });
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

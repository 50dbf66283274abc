// Fit and score over folds: the loop under crossValidate, searchGrid, ridgeCV and the curves. Each
// fold fits a fresh LinearRegression (WASM core) on its training rows and scores it on its test
// rows (and on the training rows when asked).

import { labelled } from '../api/check-input.js';
import { DivergenceError, SingularMatrixError } from '../api/errors.js';
import type { LinearRegressionOptions } from '../api/options.js';
import { LinearRegression } from '../LinearRegression.js';
import { type Data, takeRows, takeValues } from './data.js';
import type { Fold } from './kfold.js';
import { type Scoring, scoreOf } from './scoring.js';

export interface FoldScores {
  /** Score on each fold's test rows. */
  test: number[];
  /** Score on each fold's training rows (empty unless asked for). */
  train: number[];
  /** The fitted models (empty unless asked for). */
  models: LinearRegression[];
}

export interface FoldRun {
  /** Score the training rows too. */
  train?: boolean;
  /** Keep the models. */
  models?: boolean;
  /** Train on only the first `size` training rows of each fold (learning curves). */
  size?: number;
  /** Options for the fit of fold k (default: `options` for every fold). */
  optionsFor?: (fold: number, nTrain: number) => LinearRegressionOptions;
}

/**
 * Fits `options` on every fold and scores it.
 * @throws the first fit's error, its message prefixed with the fold ('fold 2 of 5: …').
 */
export function scoreFolds(
  options: LinearRegressionOptions,
  data: Data,
  folds: readonly Fold[],
  scoring: Scoring,
  run: FoldRun = {},
): FoldScores {
  const out: FoldScores = { test: [], train: [], models: [] };
  folds.forEach(([trainRows, testRows], k) => {
    const rows = run.size === undefined ? trainRows : trainRows.slice(0, run.size);
    const Xtrain = takeRows(data.X, rows);
    const ytrain = takeValues(data.y, rows);
    let model: LinearRegression;
    try {
      model = new LinearRegression(run.optionsFor ? run.optionsFor(k, rows.length) : options).fit(Xtrain, ytrain);
    } catch (e) {
      throw labelled(e, `fold ${k + 1} of ${folds.length}: `);
    }
    out.test.push(scoreOf(scoring, takeValues(data.y, testRows), model.predict(takeRows(data.X, testRows))));
    if (run.train) out.train.push(scoreOf(scoring, ytrain, model.predict(Xtrain)));
    if (run.models) out.models.push(model);
  });
  return out;
}

/**
 * Whether an error is a fit that failed on its data (diverged, or a singular system), which a
 * search reports and moves past, as opposed to bad input, which it raises.
 */
export function isFitFailure(e: unknown): e is DivergenceError | SingularMatrixError {
  return e instanceof DivergenceError || e instanceof SingularMatrixError;
}

// Cross-validated scores of one set of options: scikit-learn's cross_val_score / cross_validate
// with KFold folds.
import type { MatrixInput, VectorInput } from '../api/data.js';
import type { LinearRegressionOptions } from '../api/options.js';
import { LinearRegression } from '../LinearRegression.js';
import { checkBoolean, checkOptionObject } from './checks.js';
import { readData } from './data.js';
import { scoreFolds } from './evaluate.js';
import { foldsFor, type KFoldOptions } from './kfold.js';
import { checkScoring, meanStd, type Scoring } from './scoring.js';

/** The options of crossValidate: kFold's folds, the scoring, and what to return besides the scores. */
export interface CrossValidateOptions extends KFoldOptions {
  /** 'r2' (default; higher is better) or an error, reported as a positive number (lower is better):
   *  'mse', 'rmse', 'mae'. */
  scoring?: Scoring;
  /** Return the model fitted on each fold (default false). */
  returnModels?: boolean;
  /** Return each fold's score on its own training rows too (default false). */
  returnTrainScores?: boolean;
}

/** What crossValidate returns: each fold's held-out score, their mean and spread, and on request
 *  the training scores and the fold models. */
export interface CrossValidation {
  /** The score of each fold's model on the fold's held-out rows. */
  scores: number[];
  /** Their mean and population standard deviation (ddof 0, as scikit-learn reports them). */
  mean: number;
  std: number;
  scoring: Scoring;
  /** With returnTrainScores: each fold's score on its training rows. */
  trainScores?: number[];
  /** With returnModels: the model of each fold. */
  models?: LinearRegression[];
}

const KEYS = ['folds', 'shuffle', 'seed', 'scoring', 'returnModels', 'returnTrainScores'];

/**
 * Fits a LinearRegression with `options` on the training rows of each of k folds (kFold) and
 * scores it on the fold's held-out rows. With shuffle: false (default) the folds are scikit-learn's
 * KFold folds, so the exact solver's scores equal cross_val_score's (error scorings negated: linwasm
 * reports the error, scikit-learn its negative). Every fold uses the same resolved options, so a
 * seed drawn when options has none is shared by all folds.
 * @throws TypeError/RangeError for bad options (the estimator's own errors), bad X or y, an unknown
 * option or scoring, folds not an integer from 2 to the number of rows; a fold's fit error
 * (DivergenceError, SingularMatrixError, …), its message prefixed with the fold.
 */
export function crossValidate(
  options: LinearRegressionOptions,
  X: MatrixInput,
  y: VectorInput,
  cv: CrossValidateOptions = {},
): CrossValidation {
  const resolved = new LinearRegression(options).options;
  const o = checkOptionObject(cv, KEYS, 'crossValidate');
  const scoring = checkScoring(o.scoring ?? 'r2', 'crossValidate');
  const returnModels = checkBoolean(o.returnModels ?? false, 'returnModels', 'crossValidate');
  const returnTrain = checkBoolean(o.returnTrainScores ?? false, 'returnTrainScores', 'crossValidate');
  const data = readData(X, y, resolved.dtype);
  const folds = foldsFor(data.X.rows, o, 'crossValidate');
  const run = scoreFolds(resolved, data, folds, scoring, { train: returnTrain, models: returnModels });
  const result: CrossValidation = { scores: run.test, ...meanStd(run.test), scoring };
  if (returnTrain) result.trainScores = run.train;
  if (returnModels) result.models = run.models;
  return result;
}

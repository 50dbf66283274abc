// Learning and validation curves: training and validation scores as the training set grows, or as
// one option varies (scikit-learn's learning_curve and validation_curve, with KFold folds). A point
// whose fit diverges or is singular gets NaN scores and its error, as scikit-learn's
// error_score=nan does, so one bad point does not hide the rest of the curve.

import { labelled } from '../api/check-input.js';
import { describe, type MatrixInput, type VectorInput } from '../api/data.js';
import type { LinearRegressionOptions } from '../api/options.js';
import { LinearRegression } from '../LinearRegression.js';
import { checkOptionObject } from './checks.js';
import { type Data, readData } from './data.js';
import { type FoldRun, isFitFailure, scoreFolds } from './evaluate.js';
import { type Fold, foldsFor, type KFoldOptions } from './kfold.js';
import { checkScoring, meanStd, type Scoring } from './scoring.js';

/** The options learningCurve and validationCurve share: kFold's folds and the scoring. */
export interface CurveOptions extends KFoldOptions {
  /** 'r2' (default) or an error reported as a positive number: 'mse', 'rmse', 'mae'. */
  scoring?: Scoring;
}

/** The options of learningCurve: the shared ones and the training-set sizes. */
export interface LearningCurveOptions extends CurveOptions {
  /** Training-set sizes: fractions in (0, 1] of the largest training set (the first fold's) when
   *  every value is ≤ 1, else numbers of rows. Default [0.1, 0.325, 0.55, 0.775, 1]. */
  sizes?: readonly number[];
}

/** The options of validationCurve: the shared ones, the option to vary and its values (both required). */
export interface ValidationCurveOptions extends CurveOptions {
  /** The option to vary (any LinearRegression option: 'l2', 'learningRate', 'batchSize', …). */
  param: keyof LinearRegressionOptions;
  /** Its values, one point each. */
  values: readonly unknown[];
}

/** Scores per point (rows) and fold (columns), with their means and population standard deviations. */
export interface Curve {
  trainScores: number[][];
  validationScores: number[][];
  trainMean: number[];
  trainStd: number[];
  validationMean: number[];
  validationStd: number[];
  /** For each point, the first fold's fit failure (its scores are then NaN), or null. */
  errors: (Error | null)[];
  scoring: Scoring;
}

export interface LearningCurve extends Curve {
  /** The numbers of training rows, ascending, duplicates removed. */
  sizes: number[];
}

export interface ValidationCurve extends Curve {
  param: string;
  values: unknown[];
}

/** numpy.linspace(0.1, 1, 5), scikit-learn's default train_sizes. */
const DEFAULT_SIZES = [0.1, 0.325, 0.55, 0.775, 1];

/**
 * Training and validation scores of `options` for growing training sets: for every size m and
 * fold, a model is fitted on the first m of the fold's training rows and scored on them and on the
 * fold's held-out rows. With shuffle: false these are scikit-learn's learning_curve folds and sizes.
 * @throws TypeError/RangeError for bad options, X or y, an unknown option or scoring, bad folds, or
 * sizes that are empty, mix fractions with counts, or lie outside (0, 1] or [1, largest training set].
 */
export function learningCurve(
  options: LinearRegressionOptions,
  X: MatrixInput,
  y: VectorInput,
  curve: LearningCurveOptions = {},
): LearningCurve {
  const resolved = new LinearRegression(options).options;
  const o = checkOptionObject(curve, ['folds', 'shuffle', 'seed', 'scoring', 'sizes'], 'learningCurve');
  const scoring = checkScoring(o.scoring ?? 'r2', 'learningCurve');
  const data = readData(X, y, resolved.dtype);
  const folds = foldsFor(data.X.rows, o, 'learningCurve');
  const sizes = trainSizes(o.sizes ?? DEFAULT_SIZES, folds[0].train.length);
  return {
    sizes,
    ...points(
      sizes.map((size) => ({ options: resolved, run: { size } })),
      data,
      folds,
      scoring,
    ),
  };
}

/**
 * Training and validation scores as one option takes each of `values` (the others as in options):
 * the curve that shows under- and overfitting along l2, or the learning rates that diverge.
 * @throws TypeError/RangeError for bad options, X or y, an unknown option to vary (with the
 * nearest known name), an invalid value (the estimator's error naming the option), an empty list of
 * values, an unknown scoring or bad folds.
 */
export function validationCurve(
  options: LinearRegressionOptions,
  X: MatrixInput,
  y: VectorInput,
  curve: ValidationCurveOptions,
): ValidationCurve {
  const base = new LinearRegression(options).options;
  const o = checkOptionObject(curve, ['folds', 'shuffle', 'seed', 'scoring', 'param', 'values'], 'validationCurve');
  const scoring = checkScoring(o.scoring ?? 'r2', 'validationCurve');
  if (typeof o.param !== 'string') {
    throw new TypeError(`validationCurve: param must be the name of an option, got ${describe(o.param)}`);
  }
  const param = o.param;
  if (!Array.isArray(o.values) || o.values.length === 0) {
    throw new RangeError(
      `validationCurve: values must be a non-empty list of values of ${param}, got ${describe(o.values)}`,
    );
  }
  const values = o.values as unknown[];
  // One seed for every point (from options, or drawn once), so that points differ only in param.
  const seed = options.seed ?? base.seed;
  const settings = values.map((value) => {
    try {
      return { options: new LinearRegression({ ...options, seed, [param]: value }).options, run: {} };
    } catch (e) {
      throw labelled(e, `validationCurve: ${param} = ${JSON.stringify(value)}: `);
    }
  });
  const data = readData(X, y, settings[0].options.dtype);
  const folds = foldsFor(data.X.rows, o, 'validationCurve');
  return { param, values, ...points(settings, data, folds, scoring) };
}

/** Scores every point on every fold; a fit failure makes the point's scores NaN. */
function points(
  settings: { options: LinearRegressionOptions; run: FoldRun }[],
  data: Data,
  folds: readonly Fold[],
  scoring: Scoring,
): Curve {
  const curve: Curve = {
    trainScores: [],
    validationScores: [],
    trainMean: [],
    trainStd: [],
    validationMean: [],
    validationStd: [],
    errors: [],
    scoring,
  };
  for (const { options, run } of settings) {
    let train: number[];
    let validation: number[];
    let error: Error | null = null;
    try {
      const scores = scoreFolds(options, data, folds, scoring, { ...run, train: true });
      train = scores.train;
      validation = scores.test;
    } catch (e) {
      if (!isFitFailure(e)) throw e;
      error = e;
      train = folds.map(() => Number.NaN);
      validation = folds.map(() => Number.NaN);
    }
    const t = meanStd(train);
    const v = meanStd(validation);
    curve.trainScores.push(train);
    curve.validationScores.push(validation);
    curve.trainMean.push(t.mean);
    curve.trainStd.push(t.std);
    curve.validationMean.push(v.mean);
    curve.validationStd.push(v.std);
    curve.errors.push(error);
  }
  return curve;
}

/**
 * scikit-learn's _translate_train_sizes: fractions of the largest training set floored to whole
 * rows (at least 1), or row counts; sorted, duplicates removed.
 */
function trainSizes(sizes: unknown, largest: number): number[] {
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new RangeError(`learningCurve: sizes must be a non-empty list of numbers, got ${describe(sizes)}`);
  }
  for (const [i, s] of sizes.entries()) {
    if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s)) {
      throw new RangeError(`learningCurve: sizes[${i}] must be a number > 0, got ${describe(s)}`);
    }
  }
  const fractions = sizes.every((s) => s <= 1);
  let rows: number[];
  if (fractions) {
    rows = sizes.map((s) => Math.min(Math.max(Math.floor(s * largest), 1), largest));
  } else {
    const bad = sizes.findIndex((s) => !Number.isInteger(s) || s > largest);
    if (bad >= 0) {
      throw new RangeError(
        `learningCurve: sizes[${bad}] is ${sizes[bad]}: sizes are fractions in (0, 1] when all are ≤ 1, else whole ` +
          `numbers of rows from 1 to the largest training set (${largest} rows, the first fold's)`,
      );
    }
    rows = sizes as number[];
  }
  return [...new Set(rows)].sort((a, b) => a - b);
}

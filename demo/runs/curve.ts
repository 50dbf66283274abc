// In a run worker: training and validation error along the penalty strength or the polynomial
// degree, one point at a time (each posted as soon as it is known), by linwasm's validationCurve:
// k-fold cross-validation over the training rows, so the rows held out for testing are never used
// to choose the penalty or the degree. The folds are cut from a seeded shuffle of those rows (the
// split's seed): without held-out rows the training rows are the file's, in its order, and a file
// sorted by time or by the target would otherwise give folds unlike each other.
import { type LinearRegressionOptions, validationCurve } from 'linwasm';
import { checkWidth, type Prepared, polynomial } from './prepare.js';
import type { CurvePoint } from './protocol.js';

/** How the training rows are cut into folds: their number, and the seed of the shuffle before. */
export interface CurveFolds {
  folds: number;
  seed: number;
}

/**
 * @throws RangeError for a degree whose features would not fit, or fewer training rows than folds
 * (validationCurve's message).
 */
export function curve(
  data: Prepared,
  options: LinearRegressionOptions,
  along: 'penalty' | 'degree',
  values: readonly number[],
  cv: CurveFolds,
  onPoint: (point: CurvePoint, index: number) => void,
): void {
  const { train } = data;
  // The exact solver takes an L2 penalty only; gradient descent takes alpha with the form's l1Ratio.
  const param = options.solver === 'exact' ? 'l2' : 'alpha';
  const strength = options.solver === 'exact' ? (options.l2 ?? 0) : (options.alpha ?? 0);
  values.forEach((value, index) => {
    let X = train.X;
    let at = value;
    if (along === 'degree') {
      checkWidth(train.raw.cols, value, train.raw.rows);
      X = value === 1 ? train.raw : polynomial(train.raw, value).X;
      at = strength;
    }
    // One value per call, so that each point is drawn as soon as it is known: every call cuts the
    // same folds (cv.seed), and the seed in options (the form's) makes its gradient descents shuffle
    // alike.
    const c = validationCurve(options, X, train.y, {
      param,
      values: [at],
      folds: cv.folds,
      shuffle: true,
      seed: cv.seed,
      scoring: 'mse',
    });
    onPoint(
      {
        value,
        trainMse: c.trainMean[0],
        validationMse: c.validationMean[0],
        validationStd: c.validationStd[0],
        features: X.cols,
      },
      index,
    );
  });
}

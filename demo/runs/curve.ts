// In a run worker: training and validation error along the penalty strength or the polynomial
// degree, one point at a time (each posted as soon as it is known), through validationCurve.
import type { LinearRegressionOptions } from 'linwasm';
import { polynomialFeatures, polynomialWidth, validationCurve } from '../selection.js';
import { MAX_VALUES, type Prepared } from './prepare.js';
import type { CurvePoint } from './protocol.js';

/**
 * @throws RangeError without held-out rows (there is no validation error to draw).
 */
export function curve(
  data: Prepared,
  options: LinearRegressionOptions,
  along: 'penalty' | 'degree',
  values: readonly number[],
  onPoint: (point: CurvePoint, index: number) => void,
): void {
  const split = data.split;
  if (!split) throw new RangeError('Hold out some rows for testing (the Data panel) to see the validation error');
  const cv = [{ train: split.trainIndex, test: split.testIndex }];
  // The exact solver takes an L2 penalty only; gradient descent takes alpha with the form's l1Ratio.
  const paramName = options.solver === 'exact' ? 'l2' : 'alpha';
  const strength = options.solver === 'exact' ? (options.l2 ?? 0) : (options.alpha ?? 0);
  values.forEach((value, index) => {
    let X = data.X;
    let param = value;
    if (along === 'degree') {
      const width = polynomialWidth(data.raw.cols, value, false);
      if (width * data.raw.rows > MAX_VALUES) {
        throw new RangeError(
          `Degree ${value} makes ${width} features of ${data.raw.rows} rows: too many for this page`,
        );
      }
      X = value === 1 ? data.raw : polynomialFeatures(data.raw, { degree: value, includeBias: false }).X;
      param = strength;
    }
    const { trainScores, testScores } = validationCurve(options, X, data.y, {
      paramName,
      paramRange: [param],
      cv,
      scoring: 'neg_mean_squared_error',
    });
    onPoint({ value, trainMse: -trainScores[0][0], testMse: -testScores[0][0], features: X.cols }, index);
  });
}

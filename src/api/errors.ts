// The errors users can catch. Input problems are TypeError/RangeError (as in the JS standard
// library and ml.js); these classes add what a caller needs to react: the epoch, the column.

/**
 * Gradient descent diverged: a loss, weight or intercept stopped being finite, or the loss grew
 * far beyond where it started. The model keeps the state it had before fit.
 */
export class DivergenceError extends Error {
  override name = 'DivergenceError';

  constructor(
    /** The epoch (1-based) in which the run diverged. */
    readonly epoch: number,
    /** The learning rate that diverged. */
    readonly learningRate: number,
    /** A learning rate the data supports (what 'auto' picks), to retry with. */
    readonly suggestedLearningRate: number,
    /** Whether the features were standardized. */
    standardized: boolean,
    /** Training loss of the epochs up to and including the one that diverged. */
    readonly history: Float64Array,
    /** The learning-rate schedule: 'optimal' sets its own steps, so the advice differs. */
    schedule = 'constant',
  ) {
    const last = history[history.length - 1];
    const what = Number.isFinite(last)
      ? history.length > 1
        ? `the loss grew from ${history[0].toPrecision(4)} to ${last.toPrecision(4)}`
        : `the loss reached ${last.toPrecision(4)}`
      : 'the loss or the coefficients stopped being finite';
    const advice =
      schedule === 'optimal'
        ? `. Schedule 'optimal' starts with a step of ${learningRate.toPrecision(3)}, too large for this data: ` +
          `use schedule 'invscaling' or 'constant' (this data supports a learning rate of about ` +
          `${suggestedLearningRate.toPrecision(3)}, which learningRate: 'auto' picks), or a larger penalty`
        : ` with learningRate ${learningRate}. Lower the learning rate (this data supports about ` +
          `${suggestedLearningRate.toPrecision(3)}, which learningRate: 'auto' picks)`;
    super(
      `Training diverged at epoch ${epoch}: ${what}${advice}` +
        (standardized
          ? '.'
          : ", or set standardize: true so that features of different scales don't blow up the step."),
    );
  }
}

/** The exact solver's normal equations are singular (collinear or duplicate columns). */
export class SingularMatrixError extends RangeError {
  override name = 'SingularMatrixError';

  constructor(
    /** The column that is a linear combination of the columns before it. */
    readonly column: number,
  ) {
    super(
      `The exact solver cannot solve this system: column ${column} of X is a linear combination of ` +
        'earlier columns (collinear or duplicated features). Set l2 > 0 (ridge) to make it solvable, ' +
        'or remove the column.',
    );
  }
}

/** predict, score or toJSON before fit. A TypeError: the call is invalid in the model's state. */
export class NotFittedError extends TypeError {
  override name = 'NotFittedError';

  constructor(method: string) {
    super(`This LinearRegression is not fitted yet: call fit(X, y) before ${method}()`);
  }
}

// summary() against statsmodels' OLS (sm.OLS(y, sm.add_constant(X)).fit(), and without the
// constant: uncentered R²), on both engines and with and without standardization (the statistics
// are of the model in original units either way): estimates, standard errors, t statistics,
// p-values (to 1e-10 absolute), confidence intervals, R², adjusted R², F and its p-value, degrees
// of freedom, log-likelihood, AIC, BIC (scripts/sklearn_selection_fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression, NotFittedError } from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };

beforeAll(async () => {
  await init();
});

const datasets = fixtures.datasets as Record<string, { X: number[][]; y: number[] }>;

/** Every |got − expected| ≤ tol·max(1, |expected|). */
function expectClose(got: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(got.length, what).toBe(expected.length);
  for (let j = 0; j < expected.length; j++) {
    expect(Math.abs(got[j] - expected[j]), `${what}[${j}]: ${got[j]} vs ${expected[j]}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(expected[j])),
    );
  }
}

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s summary() equals statsmodels OLS', (_engine, Model) => {
  it.each(
    fixtures.summary.flatMap((c) =>
      [true, false].map(
        (standardize) =>
          [`${c.dataset} constant=${c.fitIntercept} standardize=${standardize}`, c, standardize] as const,
      ),
    ),
  )('%s', (_label, c, standardize) => {
    const { X, y } = datasets[c.dataset];
    const m = new Model({ solver: 'exact', fitIntercept: c.fitIntercept, standardize }).fit(X, y);
    const s = m.summary();
    expect(s.names).toEqual(c.names.map((n) => (n === 'const' ? 'intercept' : n)));
    expectClose(s.estimates, c.params, 1e-9, 'estimates');
    expectClose(s.stdErr, c.bse, 1e-8, 'stdErr');
    expectClose(s.tValues, c.tvalues, 1e-8, 'tValues');
    s.pValues.forEach((p, j) => {
      expect(Math.abs(p - c.pvalues[j]), `p[${j}]`).toBeLessThanOrEqual(1e-10);
    });
    expectClose(s.confInt.flat(), c.confInt95.flat(), 1e-8, 'confInt');
    expect(s.confidenceLevel).toBe(0.95);
    expectClose(
      [s.r2, s.adjustedR2, s.fStatistic, s.rss, s.logLikelihood, s.aic, s.bic, s.residualStdError ** 2],
      [c.rsquared, c.rsquaredAdj, c.fvalue, c.ssr, c.llf, c.aic, c.bic, c.scale],
      1e-9,
      'fit statistics',
    );
    expect(Math.abs(s.fPValue - c.fPvalue)).toBeLessThanOrEqual(1e-10);
    expect([s.nObs, s.dfModel, s.dfResidual]).toEqual([c.nobs, c.dfModel, c.dfResid]);
    // The diagonal of the covariance is the squared standard errors.
    expectClose(
      s.covariance.map((row, j) => row[j]),
      c.bse.map((b) => b * b),
      1e-8,
      'covariance',
    );
    const s90 = m.summary({ confidenceLevel: 0.9 });
    expectClose(s90.confInt.flat(), c.confInt90.flat(), 1e-8, 'confInt 90%');
  });
});

describe('summary()', () => {
  const { X, y } = datasets.small;

  it('names the features as given, and prints a table', () => {
    const s = new LinearRegression({ solver: 'exact' }).fit(X, y).summary({ names: ['age', 'bmi', 'bp'] });
    expect(s.names).toEqual(['intercept', 'age', 'bmi', 'bp']);
    const text = s.toString();
    expect(text).toMatch(/^OLS regression, 40 observations, 3 features, 36 residual degrees of freedom/);
    expect(text).toMatch(/coef\s+std err\s+t\s+P>\|t\|\s+\[0.025\s+0.975\]/);
    expect(text).toMatch(/\nbmi /);
    expect(String(s)).toBe(text);
    const uncentered = new LinearRegression({ solver: 'exact', fitIntercept: false }).fit(X, y).summary().toString();
    expect(uncentered).toMatch(/R² \(uncentered\)/);
  });

  it('float32: close to the float64 statistics', () => {
    const a = new LinearRegression({ solver: 'exact' }).fit(X, y).summary();
    const b = new LinearRegression({ solver: 'exact', dtype: 'float32' }).fit(X, y).summary();
    expectClose(b.stdErr, a.stdErr, 1e-4, 'stdErr');
  });

  it('refuses what would mislead, and bad input', () => {
    expect(() => new LinearRegression({ solver: 'exact' }).summary()).toThrow(NotFittedError);
    expect(() => new LinearRegression({ solver: 'batch' }).fit(X, y).summary()).toThrow(
      /summary\(\) reports ordinary least squares statistics, which need solver 'exact' with l2 = 0: this model used solver 'batch'/,
    );
    expect(() => new LinearRegression({ solver: 'exact', l2: 0.1 }).fit(X, y).summary()).toThrow(
      /with l2 = 0.1 the estimates are ridge estimates, biased towards 0/,
    );
    const fitted = new LinearRegression({ solver: 'exact' }).fit(X, y);
    expect(() => LinearRegression.fromJSON(JSON.stringify(fitted)).summary()).toThrow(/restored from JSON/);
    expect(() =>
      new LinearRegression({ solver: 'exact' }).fit(X, y, { sampleWeight: y.map(() => 2) }).summary(),
    ).toThrow(/fitted with sampleWeight/);
    const constant = X.map((r) => [...r, 5]);
    expect(() => new LinearRegression({ solver: 'exact' }).fit(constant, y).summary()).toThrow(
      /column 3 of X is constant, so its coefficient is not identified/,
    );
    expect(() => new LinearRegression({ solver: 'exact' }).fit(X.slice(0, 4), y.slice(0, 4)).summary()).toThrow(
      /needs more rows than estimated coefficients: 4 rows, 4 coefficients/,
    );
    expect(() =>
      new LinearRegression({ solver: 'exact', standardize: false }).fit([[1], [2], [3], [4]], [2, 4, 6, 8]).summary(),
    ).toThrow(/fits the data exactly/);
    expect(() => fitted.summary({ names: ['a'] })).toThrow(/names must be a list of 3 names, one per feature/);
    expect(() => fitted.summary({ names: ['a', 'b', 3 as unknown as string] })).toThrow(/names\[2\] must be a string/);
    expect(() => fitted.summary({ confidenceLevel: 95 })).toThrow(
      /confidenceLevel must be a number in \(0, 1\), got number 95/,
    );
    expect(() => fitted.summary({ level: 0.9 } as never)).toThrow(/Unknown summary option 'level'/);
    // The model is unchanged and still usable after every error.
    expect(fitted.summary().nObs).toBe(40);
  });
});

// The exact and ridge solutions against scikit-learn on the bundled diabetes data. The fixtures
// come from scripts/sklearn_fixtures.py (LinearRegression, Ridge(alpha = l2·n), StandardScaler),
// run with Debian's python3-sklearn; see the versions recorded in the JSON.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression } from '../src/index.js';
import fixtures from './fixtures/sklearn_diabetes.json' with { type: 'json' };
import { relDiff } from './helpers.js';
import { loadCsv } from './node-helpers.js';

beforeAll(async () => {
  await init();
});

const datasets = { diabetes: loadCsv('diabetes'), diabetes_raw: loadCsv('diabetes_raw') };

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s exact solver vs scikit-learn', (_name, Model) => {
  it.each(
    fixtures.cases.map(
      (c) => [`${c.dataset} l2=${c.l2} fitIntercept=${c.fitIntercept} standardize=${c.standardize}`, c] as const,
    ),
  )('%s', (_label, c) => {
    const { X, y } = datasets[c.dataset as keyof typeof datasets];
    for (const dtype of ['float64', 'float32'] as const) {
      const m = new Model({
        solver: 'exact',
        l2: c.l2,
        fitIntercept: c.fitIntercept,
        standardize: c.standardize,
        dtype,
      }).fit(X, y);
      // float32 storage rounds X itself to 7 significant digits.
      const tol = dtype === 'float64' ? 1e-10 : 1e-5;
      expect(relDiff(m.coef, c.coef)).toBeLessThan(tol);
      expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(tol * Math.max(1, Math.abs(c.intercept)) + 1e-10);
      expect(Math.abs(m.score(X, y) - c.r2)).toBeLessThan(dtype === 'float64' ? 1e-9 : 1e-5);
    }
  });
});

it('the fixtures are what the script says they are', () => {
  expect(fixtures.generatedBy).toBe('scripts/sklearn_fixtures.py');
  expect(fixtures.cases.length).toBe(32);
  expect(fixtures.nSamples).toBe(datasets.diabetes.X.length);
});

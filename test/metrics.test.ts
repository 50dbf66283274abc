// The regression metrics against scikit-learn's (scripts/sklearn_selection_fixtures.py), edge cases
// included: MAPE's ε where y is 0, explained variance and R² for a constant y.
import { describe, expect, it } from 'vitest';
import {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };

const METRICS = {
  meanSquaredError,
  rootMeanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  explainedVariance,
  medianAbsoluteError,
  maxError,
  r2Score,
} as const;

describe.each(fixtures.metrics.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it.each(Object.keys(METRICS) as (keyof typeof METRICS)[])('%s equals scikit-learn', (metric) => {
    const expected = c[metric];
    if (expected === null) return; // R² of one value: undefined in scikit-learn
    const got = METRICS[metric](c.y, c.yPred);
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  });
});

describe('bad input', () => {
  it.each(Object.entries(METRICS))('%s names the problem', (name, metric) => {
    expect(() => metric([1, 2, 3], [1, 2])).toThrow(
      new RangeError(`${name}: y and yPred must have the same length: y has 3 values but yPred has 2`),
    );
    expect(() => metric([], [])).toThrow(/are empty/);
    expect(() => metric([1, Number.NaN], [1, 2])).toThrow(
      new RangeError(`${name}: y[1] is NaN: every value must be finite`),
    );
    expect(() => metric([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(/yPred\[1\] is Infinity/);
    expect(() => metric([1, 2], ['1', 2] as unknown as number[])).toThrow(TypeError);
    expect(() => metric(null as unknown as number[], [1])).toThrow(/y must be an array of numbers/);
  });

  it('typed arrays are accepted', () => {
    expect(maxError(Float64Array.from([1, 2, 3]), Float32Array.from([1, 2.5, 1]))).toBe(2);
    expect(medianAbsoluteError([1, 2, 3, 4], [1, 1, 1, 1])).toBe(1.5);
  });
});

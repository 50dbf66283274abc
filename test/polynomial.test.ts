// polynomialFeatures against scikit-learn's PolynomialFeatures: columns, order and names
// (get_feature_names_out), for degrees, [min, max] degrees, interactions only, with and without
// the bias column and input names (scripts/sklearn_selection_fixtures.py).
import { describe, expect, it } from 'vitest';
import { MAX_POLYNOMIAL_VALUES, polynomialFeatures } from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };
import { flat } from './helpers.js';

const X = fixtures.polynomial.X;

describe.each(
  fixtures.polynomial.cases.map(
    (c) =>
      [
        `degree ${JSON.stringify(c.degree)} interactionOnly ${c.interactionOnly} includeBias ${c.includeBias} names ${c.inputNames}`,
        c,
      ] as const,
  ),
)('%s', (_label, c) => {
  const options = {
    degree: c.degree as number | [number, number],
    interactionOnly: c.interactionOnly,
    includeBias: c.includeBias,
    ...(c.inputNames ? { names: c.inputNames } : {}),
  };

  it('equals scikit-learn: values, column order and names', () => {
    const out = polynomialFeatures(X, options);
    expect(out.names).toEqual(c.names);
    expect(out.X).toHaveLength(X.length);
    out.X.forEach((row, i) => {
      expect(row).toHaveLength(c.names.length);
      row.forEach((v, j) => {
        expect(Math.abs(v - c.X[i][j])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(c.X[i][j])));
      });
    });
  });

  it('a typed matrix gives a typed matrix of the same values (float32: rounded)', () => {
    const m = polynomialFeatures(flat(X), options).X;
    expect(m.data).toBeInstanceOf(Float64Array);
    expect(m.rows).toBe(X.length);
    expect(m.cols).toBe(c.names.length);
    expect(Array.from(m.data)).toEqual(polynomialFeatures(X, options).X.flat());
    const f32 = flat(X);
    const m32 = polynomialFeatures({ data: Float32Array.from(f32.data), rows: f32.rows, cols: f32.cols }, options).X;
    expect(m32.data).toBeInstanceOf(Float32Array);
    expect(Array.from(m32.data)).toEqual(Array.from(Float32Array.from(m.data)));
  });
});

it('powers give each column its exponents', () => {
  const out = polynomialFeatures([[2, 3]], { degree: 3 });
  expect(out.names).toEqual(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2', 'x0^3', 'x0^2 x1', 'x0 x1^2', 'x1^3']);
  expect(out.powers[7]).toEqual([2, 1]);
  expect(out.X[0]).toEqual([1, 2, 3, 4, 6, 9, 8, 12, 18, 27]);
});

describe('bad input', () => {
  it('degree out of range, empty output, bad options', () => {
    for (const degree of [-1, 1.5, Number.NaN, '2', [3, 2], [-1, 2], [1]]) {
      expect(() => polynomialFeatures(X, { degree: degree as number })).toThrow(
        /polynomialFeatures: degree must be an integer ≥ 0 or \[min, max\]/,
      );
    }
    expect(() => polynomialFeatures(X, { degree: 0, includeBias: false })).toThrow(/leaves no column/);
    expect(() => polynomialFeatures(X, { degree: [0, 0], includeBias: false })).toThrow(/leaves no column/);
    expect(() => polynomialFeatures(X, { degre: 2 } as never)).toThrow(
      /Unknown polynomialFeatures option 'degre' \(did you mean 'degree'\?\)/,
    );
    expect(() => polynomialFeatures(X, { interactionOnly: 1 as unknown as boolean })).toThrow(TypeError);
    expect(() => polynomialFeatures(X, { names: ['a', 'b'] })).toThrow(/names must be a list of 3 names/);
    expect(() => polynomialFeatures(X, { names: ['a', 'b', 7 as unknown as string] })).toThrow(
      /names\[2\] must be a non-empty string/,
    );
    expect(() => polynomialFeatures([[1, 2], [3]], {})).toThrow(/ragged: row 1 has 1 columns/);
  });

  it('an output too large is refused before it is built', () => {
    const wide = [Array.from({ length: 200 }, (_, j) => j)];
    expect(() => polynomialFeatures(wide, { degree: 6 })).toThrow(
      new RegExp(`more than the ${MAX_POLYNOMIAL_VALUES} values this function builds`),
    );
    expect(() => polynomialFeatures(wide, { degree: 6 })).toThrow(/columns × 1 rows/);
  });
});

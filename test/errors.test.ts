// Bad input gets a clear error naming the row, column or option, and leaves the model and the
// module working: the next valid call succeeds and no WASM memory stays in use.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, LinearRegression, memoryInfo, NotFittedError, SingularMatrixError } from '../src/index.js';
import { synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const good = synthetic(20, 2, { seed: 4 });

/** After any error: nothing left allocated, and a fresh fit and predict work. */
function stillWorks(model?: LinearRegression) {
  expect(memoryInfo().inUseBytes).toBe(0);
  const m = model ?? new LinearRegression({ solver: 'exact' });
  m.fit(good.X, good.y);
  expect(m.predict(good.X).every(Number.isFinite)).toBe(true);
}

describe('bad data', () => {
  const cases: [string, unknown, unknown, ErrorConstructor, RegExp][] = [
    ['ragged rows', [[1, 2], [3, 4], [5]], [1, 2, 3], RangeError, /ragged: row 2 has 1 columns, but row 0 has 2/],
    ['X/y length mismatch', [[1], [2], [3]], [1, 2], RangeError, /X has 3 rows but y has 2 values/],
    [
      'NaN in X',
      [
        [1, 2],
        [3, Number.NaN],
      ],
      [1, 2],
      RangeError,
      /X\[1\]\[1\] \(row 1, column 1\) is NaN/,
    ],
    [
      'Infinity in X',
      [
        [Number.POSITIVE_INFINITY, 2],
        [3, 4],
      ],
      [1, 2],
      RangeError,
      /X\[0\]\[0\] \(row 0, column 0\) is Infinity/,
    ],
    ['NaN in y', [[1], [2], [3]], [1, Number.NaN, 3], RangeError, /y\[1\] is NaN/],
    ['-Infinity in y', [[1], [2]], new Float64Array([1, Number.NEGATIVE_INFINITY]), RangeError, /y\[1\] is -Infinity/],
    ['empty X', [], [], RangeError, /X is empty/],
    ['empty rows', [[], []], [1, 2], RangeError, /X has no columns/],
    ['empty y', [[1]], [], RangeError, /y is empty/],
    [
      'a string in X',
      [[1, 'a']],
      [1],
      TypeError,
      /X\[0\]\[1\] \(row 0, column 1\) must be a number, got a string \("a"\)/,
    ],
    ['null row', [[1], null], [1, 2], TypeError, /X\[1\] must be an array of numbers, got null/],
    ['X not an array', 'abc', [1], TypeError, /X must be an array of rows/],
    ['y not an array', [[1]], 5, TypeError, /y must be an array of numbers/],
    ['a string in y', [[1], [2]], [1, '2'], TypeError, /y\[1\] must be a number, got a string/],
    [
      'typed X with NaN',
      { data: new Float64Array([1, 2, 3, 4, 5, Number.NaN]), rows: 3, cols: 2 },
      [1, 2, 3],
      RangeError,
      /X\[2\]\[1\] \(row 2, column 1\) is NaN/,
    ],
    [
      'typed X of the wrong size',
      { data: new Float64Array(5), rows: 3, cols: 2 },
      [1, 2, 3],
      RangeError,
      /has 5 values, but X.rows × X.cols = 3 × 2 = 6/,
    ],
    [
      'typed X of the wrong type',
      { data: new Int32Array(6), rows: 3, cols: 2 },
      [1, 2, 3],
      TypeError,
      /X.data must be a Float64Array or Float32Array/,
    ],
  ];
  it.each(cases)('%s', (_label, X, y, type, message) => {
    for (const solver of ['batch', 'exact'] as const) {
      const m = new LinearRegression({ solver });
      expect(() => m.fit(X as number[][], y as number[])).toThrow(type);
      expect(() => m.fit(X as number[][], y as number[])).toThrow(message);
      stillWorks(m);
    }
  });

  it('a value that overflows float32 is named, with what to do', () => {
    const X = { data: new Float64Array([1, 2, 3e39, 4]), rows: 2, cols: 2 };
    const m = new LinearRegression({ dtype: 'float32' });
    expect(() => m.fit(X, [1, 2])).toThrow(/X\[1\]\[0\] \(row 1, column 0\) is 3e\+39, which overflows float32/);
    expect(() => new LinearRegression().fit(X, [1, 2])).not.toThrow();
    stillWorks(m);
  });
});

describe('bad options', () => {
  const cases: [string, Record<string, unknown>, ErrorConstructor, RegExp][] = [
    [
      'negative learningRate',
      { learningRate: -1 },
      RangeError,
      /learningRate must be a positive number or 'auto', got number -1/,
    ],
    ['zero learningRate', { learningRate: 0 }, RangeError, /learningRate/],
    ['NaN learningRate', { learningRate: Number.NaN }, RangeError, /learningRate/],
    ['string learningRate', { learningRate: 'fast' }, RangeError, /learningRate.*got a string/],
    [
      'zero batchSize',
      { solver: 'minibatch', batchSize: 0 },
      RangeError,
      /batchSize must be a positive integer, got number 0/,
    ],
    ['fractional batchSize', { solver: 'minibatch', batchSize: 2.5 }, RangeError, /batchSize/],
    ['negative maxEpochs', { maxEpochs: -5 }, RangeError, /maxEpochs must be a positive integer/],
    ['zero maxEpochs', { maxEpochs: 0 }, RangeError, /maxEpochs/],
    ['zero patience', { patience: 0 }, RangeError, /patience/],
    [
      'unknown solver',
      { solver: 'newton' },
      RangeError,
      /solver must be one of 'batch', 'sgd', 'minibatch', 'exact', got a string \("newton"\)/,
    ],
    ['unknown dtype', { dtype: 'float16' }, RangeError, /dtype must be one of 'float64', 'float32'/],
    ['negative l2', { l2: -0.1 }, RangeError, /l2 must be a finite number ≥ 0/],
    ['negative tolerance', { tolerance: -1 }, RangeError, /tolerance must be a number ≥ 0 or null/],
    ['bad seed', { seed: 1.5 }, RangeError, /seed must be an integer from 0 to 4294967295/],
    ['boolean as string', { fitIntercept: 'yes' }, TypeError, /fitIntercept must be true or false/],
    [
      'misspelt option',
      { lerningRate: 0.1 },
      TypeError,
      /Unknown LinearRegression option 'lerningRate' \(did you mean 'learningRate'\?\)/,
    ],
    ['unknown option', { dropout: 0.5 }, TypeError, /Unknown LinearRegression option 'dropout'/],
    ['batchSize with sgd', { solver: 'sgd', batchSize: 8 }, RangeError, /solver 'sgd' takes one row per step/],
  ];
  it.each(cases)('%s', (_label, options, type, message) => {
    expect(() => new LinearRegression(options)).toThrow(type);
    expect(() => new LinearRegression(options)).toThrow(message);
  });

  it('options must be an object', () => {
    expect(() => new LinearRegression(5 as never)).toThrow(TypeError);
  });

  it('batchSize larger than the number of rows', () => {
    const m = new LinearRegression({ solver: 'minibatch', batchSize: 64 });
    expect(() => m.fit(good.X, good.y)).toThrow(/batchSize \(64\) is larger than the number of training rows \(20\)/);
    stillWorks();
  });

  it('bad fit options', () => {
    const m = new LinearRegression();
    expect(() => m.fit(good.X, good.y, { every: 0 })).toThrow(/every must be a positive integer/);
    expect(() => m.fit(good.X, good.y, { onEpoch: 5 } as never)).toThrow(/onEpoch must be a function/);
    expect(() => m.fit(good.X, good.y, { onEpock: () => {} } as never)).toThrow(
      /Unknown fit option 'onEpock' \(did you mean 'onEpoch'\?\)/,
    );
    stillWorks(m);
  });
});

describe('predict and score', () => {
  it('before fit: NotFittedError, a TypeError', () => {
    const m = new LinearRegression();
    expect(() => m.predict(good.X)).toThrow(NotFittedError);
    expect(() => m.predict(good.X)).toThrow(TypeError);
    expect(() => m.predict(good.X)).toThrow(/not fitted yet: call fit\(X, y\) before predict\(\)/);
    expect(() => m.coef).toThrow(NotFittedError);
    expect(() => m.toJSON()).toThrow(NotFittedError);
    expect(() => m.score(good.X, good.y)).toThrow(NotFittedError);
  });

  it('the wrong number of features', () => {
    const m = new LinearRegression({ solver: 'exact' }).fit(good.X, good.y);
    expect(() => m.predict([[1, 2, 3]])).toThrow(RangeError);
    expect(() => m.predict([[1, 2, 3]])).toThrow(/X has 3 features \(columns\), but the model was fitted with 2/);
    stillWorks(m);
  });

  it('NaN in predict input', () => {
    const m = new LinearRegression({ solver: 'exact' }).fit(good.X, good.y);
    expect(() =>
      m.predict([
        [1, 2],
        [Number.NaN, 1],
      ]),
    ).toThrow(/X\[1\]\[0\] \(row 1, column 0\) is NaN/);
    expect(() => m.predict({ data: new Float32Array([1, Number.POSITIVE_INFINITY]), rows: 1, cols: 2 })).toThrow(
      /X\[0\]\[1\]/,
    );
    expect(() => m.score(good.X, good.y.slice(1))).toThrow(/X has 20 rows but y has 19 values/);
    stillWorks(m);
  });
});

describe('solver failures', () => {
  it('exact: a duplicated column is singular without l2, and solvable with it', () => {
    const X = good.X.map(([a, b]) => [a, b, a]);
    const m = new LinearRegression({ solver: 'exact', standardize: false });
    let error: unknown;
    try {
      m.fit(X, good.y);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SingularMatrixError);
    expect((error as SingularMatrixError).column).toBe(2);
    expect((error as Error).message).toMatch(/column 2 of X is a linear combination of earlier columns.*l2 > 0/);
    expect(m.isFitted).toBe(false);
    const ridge = new LinearRegression({ solver: 'exact', standardize: false, l2: 1e-3 }).fit(X, good.y);
    // Ridge splits the duplicated weight evenly between the two copies.
    expect(ridge.coef[0]).toBeCloseTo(ridge.coef[2], 10);
    stillWorks(m);
  });

  it('exact: a constant column gets coefficient 0 instead of an error', () => {
    const X = good.X.map(([a, b]) => [a, 7, b]);
    for (const standardize of [true, false]) {
      const m = new LinearRegression({ solver: 'exact', standardize }).fit(X, good.y);
      expect(m.coef[1]).toBe(0);
      const ref = new LinearRegression({ solver: 'exact', standardize }).fit(good.X, good.y);
      expect(m.coef[0]).toBeCloseTo(ref.coef[0], 10);
      expect(m.intercept).toBeCloseTo(ref.intercept, 10);
    }
  });

  it('a step slightly too large for batch GD is caught as divergence, not reported as converged', () => {
    const auto = new LinearRegression({ solver: 'batch', maxEpochs: 1 }).fit(good.X, good.y).learningRateUsed!;
    // The stability limit is 2/L = 2 × auto: 2.2 × auto grows the loss by (1.2)² per epoch.
    const m = new LinearRegression({ solver: 'batch', learningRate: 2.2 * auto, maxEpochs: 10_000 });
    expect(() => m.fit(good.X, good.y)).toThrow(/Training diverged at epoch \d+: the loss grew from/);
    expect(m.isFitted).toBe(false);
    stillWorks();
  });

  it('an error thrown by onEpoch propagates and leaves the model as it was', () => {
    const m = new LinearRegression({ solver: 'sgd', seed: 1 }).fit(good.X, good.y);
    const coef = m.coef;
    expect(() =>
      m.fit(good.X, good.y, {
        onEpoch: ({ epoch }) => {
          if (epoch === 3) throw new Error('stop here');
        },
      }),
    ).toThrow('stop here');
    expect(Array.from(m.coef)).toEqual(Array.from(coef));
    stillWorks(m);
  });
});

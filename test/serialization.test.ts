// toJSON / fromJSON: a versioned, self-describing document that restores the same predictions.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/baseline/index.js';
import { init, LinearRegression } from '../src/index.js';
import { synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const d = synthetic(300, 5, { seed: 21, scale: [1, 100, 0.01, 5, 1], shift: [10, 0, 3, -4, 0] });

describe('round trip', () => {
  for (const solver of ['batch', 'minibatch', 'sgd', 'exact'] as const) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${solver}, ${dtype}: restores identical predictions through JSON text`, () => {
        const m = new LinearRegression({ solver, dtype, seed: 5, maxEpochs: 50 }).fit(d.X, d.y);
        const text = JSON.stringify(m);
        const restored = LinearRegression.fromJSON(JSON.parse(text));
        expect(Array.from(restored.predict(d.X))).toEqual(Array.from(m.predict(d.X)));
        expect(restored.options).toEqual(m.options);
        expect(Array.from(restored.history)).toEqual(Array.from(m.history));
        expect(restored.epochs).toBe(m.epochs);
        expect(restored.converged).toBe(m.converged);
        expect(restored.learningRateUsed).toBe(m.learningRateUsed);
        expect(LinearRegression.fromJSON(text).intercept).toBe(m.intercept);
        // The restored model trains again like the original.
        expect(Array.from(restored.fit(d.X, d.y).coef)).toEqual(Array.from(m.coef));
      });
    }
  }

  it('is self-describing', () => {
    const json = new LinearRegression({ solver: 'exact' }).fit(d.X, d.y).toJSON();
    expect(json.kind).toBe('linwasm.LinearRegression');
    expect(json.formatVersion).toBe(1);
    expect(json.nFeatures).toBe(5);
    expect(json.coef).toHaveLength(5);
    expect(json.scaling?.mean).toHaveLength(5);
    expect(json.training.nSamples).toBe(300);
    expect(json.options.solver).toBe('exact');
  });

  it('documents move between linwasm and the baseline', () => {
    const m = new LinearRegression({ solver: 'exact' }).fit(d.X, d.y);
    const b = BaselineLinearRegression.fromJSON(m.toJSON());
    expect(b).toBeInstanceOf(BaselineLinearRegression);
    const p = b.predict(d.X);
    const q = m.predict(d.X);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(q[i], 9);
  });
});

describe('rejects what it cannot read', () => {
  const valid = () =>
    new LinearRegression({ solver: 'exact' }).fit(d.X, d.y).toJSON() as unknown as Record<string, unknown>;

  it.each([
    [
      'another kind',
      { kind: 'ml.LinearRegression' },
      /not a linwasm LinearRegression model: kind is "ml.LinearRegression"/,
    ],
    ['an unknown version', { formatVersion: 2 }, /Unsupported model format version 2: this linwasm reads version 1/],
    ['coefficients of the wrong length', { coef: [1, 2] }, /coef must be an array of 5 numbers/],
    ['a non-finite coefficient', { coef: [1, 2, null, 4, 5] }, /coef\[2\] must be a finite number/],
    ['a missing intercept', { intercept: undefined }, /intercept must be a finite number/],
    ['bad options', { options: { solver: 'newton' } }, /solver must be one of/],
  ])('%s', (_label, patch, message) => {
    expect(() => LinearRegression.fromJSON({ ...valid(), ...patch })).toThrow(message);
  });

  it('not JSON, not an object', () => {
    expect(() => LinearRegression.fromJSON('{oops')).toThrow(/must be valid JSON/);
    expect(() => LinearRegression.fromJSON(42)).toThrow(TypeError);
  });
});

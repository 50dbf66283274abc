// toJSON / fromJSON: a versioned, self-describing document that restores the same predictions.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression } from '../src/index.js';
import { objective, synthetic } from './helpers.js';

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
    expect(json.formatVersion).toBe(3);
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
    [
      'a newer version',
      { formatVersion: 4 },
      /Unsupported model format version 4: this linwasm reads versions 1, 2 and 3/,
    ],
    ['version 0', { formatVersion: 0 }, /Unsupported model format version 0/],
    ['a version as a string', { formatVersion: '2' }, /Unsupported model format version "2"/],
    ['no version', { formatVersion: undefined }, /Unsupported model format version undefined/],
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

/** fromJSON of either engine's class (the union of the two classes cannot call the generic static). */
const load = (Model: typeof LinearRegression | typeof BaselineLinearRegression, doc: unknown) =>
  (Model as typeof LinearRegression).fromJSON(doc);

describe('format version 2: the new options and training record', () => {
  const ENGINES = [
    ['linwasm', LinearRegression],
    ['baseline', BaselineLinearRegression],
  ] as const;
  const noisy = synthetic(200, 4, { seed: 23, noise: 1 });
  const options = {
    solver: 'minibatch',
    batchSize: 16,
    alpha: 0.01,
    l1Ratio: 0.3,
    loss: 'huber',
    epsilon: 0.5,
    optimizer: 'adam',
    learningRate: 0.01,
    average: true,
    validationFraction: 0.2,
    seed: 17,
    maxEpochs: 300,
  } as const;

  describe.each(ENGINES)('%s', (_name, Model) => {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`round-trips alpha/l1Ratio, huber, adam, average and validationFraction (${dtype})`, () => {
        const m = new Model({ ...options, dtype }).fit(noisy.X, noisy.y);
        expect(m.validationHistory.length).toBe(m.epochs);
        expect(m.bestEpoch).not.toBeNull();

        const text = JSON.stringify(m);
        const doc = JSON.parse(text);
        expect(doc.formatVersion).toBe(3);
        // The saved options keep alpha and l1Ratio (and at most the l1 and l2 they resolve to).
        expect(doc.options).toMatchObject({ alpha: 0.01, l1Ratio: 0.3, loss: 'huber', optimizer: 'adam' });
        if ('l1' in doc.options) expect(doc.options.l1).toBe(m.options.l1);
        if ('l2' in doc.options) expect(doc.options.l2).toBe(m.options.l2);
        expect(doc.training.validationHistory).toHaveLength(m.epochs);
        expect(doc.training.bestEpoch).toBe(m.bestEpoch);
        expect(doc.training.state).not.toBeNull();

        const restored = load(Model, doc);
        expect(restored).toBeInstanceOf(Model);
        expect(restored.options).toEqual(m.options);
        expect(restored.options.l1).toBe(m.options.l1);
        expect(restored.options.l2).toBe(m.options.l2);
        expect(Array.from(restored.coef)).toEqual(Array.from(m.coef));
        expect(restored.intercept).toBe(m.intercept);
        expect(Array.from(restored.predict(noisy.X))).toEqual(Array.from(m.predict(noisy.X)));
        expect(Array.from(restored.history)).toEqual(Array.from(m.history));
        expect(Array.from(restored.validationHistory)).toEqual(Array.from(m.validationHistory));
        expect(restored.bestEpoch).toBe(m.bestEpoch);
        expect(restored.epochs).toBe(m.epochs);
        expect(restored.converged).toBe(m.converged);
        expect(restored.learningRateUsed).toBe(m.learningRateUsed);
        // From the JSON text too, and the restored model trains again like the original.
        expect(load(Model, text).bestEpoch).toBe(m.bestEpoch);
        expect(Array.from(restored.fit(noisy.X, noisy.y).coef)).toEqual(Array.from(m.coef));
      });
    }

    it('a model without validation saves an empty record and bestEpoch null', () => {
      const m = new Model({ solver: 'sgd', seed: 1, maxEpochs: 5 }).fit(noisy.X, noisy.y);
      const doc = JSON.parse(JSON.stringify(m));
      expect(doc.training.validationHistory).toEqual([]);
      expect(doc.training.bestEpoch).toBeNull();
      const restored = load(Model, doc);
      expect(restored.validationHistory.length).toBe(0);
      expect(restored.bestEpoch).toBeNull();
    });

    it('the exact solver saves no training state', () => {
      const doc = new Model({ solver: 'exact' }).fit(noisy.X, noisy.y).toJSON();
      expect(doc.training.state).toBeNull();
    });
  });

  describe('a hand-written version-1 document (no new fields)', () => {
    // What linwasm 0.1 wrote: the options of the time, no validationHistory, bestEpoch or state.
    const v1 = {
      kind: 'linwasm.LinearRegression',
      formatVersion: 1,
      options: {
        solver: 'batch',
        learningRate: 'auto',
        maxEpochs: 1000,
        batchSize: 32,
        tolerance: 1e-7,
        patience: 5,
        l2: 0,
        fitIntercept: true,
        standardize: true,
        dtype: 'float64',
        shuffle: true,
        seed: 42,
      },
      nFeatures: 2,
      coef: [2, -1],
      intercept: 0.5,
      scaling: { mean: [1, 3], scale: [2, 0.5] },
      training: { nSamples: 10, epochs: 37, converged: true, learningRate: 0.25, history: [4, 2, 1] },
    };

    it.each(ENGINES)('%s: loads and predicts', (_name, Model) => {
      for (const doc of [v1, JSON.stringify(v1)]) {
        const m = load(Model, doc);
        expect(m.isFitted).toBe(true);
        // ŷ = 2·x₀ − x₁ + 0.5
        expect(
          Array.from(
            m.predict([
              [1, 1],
              [0, 2],
              [-3, 0.5],
            ]),
          ),
        ).toEqual([1.5, -1.5, -6]);
        expect(m.nFeatures).toBe(2);
        expect(m.epochs).toBe(37);
        expect(m.converged).toBe(true);
        expect(m.learningRateUsed).toBe(0.25);
        expect(Array.from(m.history)).toEqual([4, 2, 1]);
        expect(m.validationHistory.length).toBe(0);
        expect(m.bestEpoch).toBeNull();
        // The new options take their defaults.
        expect(m.options).toMatchObject({
          solver: 'batch',
          seed: 42,
          loss: 'squaredError',
          alpha: null,
          warmStart: false,
        });
        // Saved again, it is a version-3 document.
        expect(m.toJSON().formatVersion).toBe(3);
        expect(m.toJSON().training.state).toBeNull();
      }
    });

    it.each(ENGINES)('%s: with warmStart, training continues from its coefficients', (_name, Model) => {
      const m = load(Model, { ...v1, options: { ...v1.options, warmStart: true, maxEpochs: 5 } });
      const d = synthetic(50, 2, { seed: 3 });
      m.fit(d.X, d.y);
      // Batch GD reports each epoch's loss at the weights it started from: the first is the old model's.
      const start = objective(d.X, d.y, [2, -1], 0.5);
      expect(Math.abs(m.history[0] - start) / start).toBeLessThan(1e-12);
      const cold = new Model({ ...v1.options, maxEpochs: 5 } as never).fit(d.X, d.y);
      expect(m.history[0]).not.toBeCloseTo(cold.history[0], 3);
    });
  });

  describe('rejects a malformed training state', () => {
    const valid = () =>
      new LinearRegression({ solver: 'sgd', seed: 1, maxEpochs: 3 }).fit(d.X, d.y).toJSON() as unknown as {
        training: { state: Record<string, unknown> };
      };
    it.each([
      [
        'rng of the wrong length',
        { rng: [1, 2, 3] },
        /training.state.rng must be an array of 4 unsigned 32-bit integers/,
      ],
      ['a negative rng word', { rng: [1, 2, 3, -4] }, /training.state.rng/],
      ['weights of the wrong length', { weights: [1, 2] }, /training.state.weights must be an array of 5 numbers/],
      [
        'moment1 of the wrong length',
        { moment1: [0, 0, 0, 0, 0] },
        /training.state.moment1 must be an array of 6 numbers/,
      ],
      ['a non-finite step', { step: null }, /training.state.step must be a finite number/],
    ])('%s', (_label, patch, message) => {
      const doc = valid();
      doc.training.state = { ...doc.training.state, ...patch };
      expect(() => LinearRegression.fromJSON(doc)).toThrow(TypeError);
      expect(() => LinearRegression.fromJSON(doc)).toThrow(message);
    });
  });
});

// Feature names are part of the model: fit's featureNames option and records by name, predict of
// records, a flat row and a one-dimensional X, the names kept in JSON (format version 3) and shown
// by summary(). References: the least-squares solution of the same rows (test/helpers.ts), the
// closed-form simple regression for one feature, and the rows the records stand for.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression } from '../src/index.js';
import { leastSquares, relDiff, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const names = ['age', 'bmi', 'bp'];
const data = synthetic(60, 3, { seed: 7 });
const records = data.X.map((row) => Object.fromEntries(names.map((n, j) => [n, row[j]])));
const reference = leastSquares(data.X, data.y);
/** The exact solver, so that coefficients compare with the least-squares reference to rounding. */
const exact = { solver: 'exact' } as const;

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s', (_engine, Model) => {
  it('fit takes featureNames; predict takes records by name, in any key order', () => {
    const model = new Model(exact).fit(data.X, data.y, { featureNames: names });
    expect(model.featureNames).toEqual(names);
    expect(relDiff(model.coef, reference.w)).toBeLessThan(1e-9);
    // Keys in another order, as objects from a database or JSON often come.
    const shuffled = data.X.slice(0, 5).map((row) => ({ bp: row[2], age: row[0], bmi: row[1] }));
    const expected = data.X.slice(0, 5).map((row) => row.reduce((s, x, j) => s + x * reference.w[j], reference.b));
    expect(relDiff(model.predict(shuffled), expected)).toBeLessThan(1e-9);
  });

  it('fit on records takes the names from the first record', () => {
    const model = new Model(exact).fit(records, data.y);
    expect(model.featureNames).toEqual(names);
    expect(relDiff(model.coef, reference.w)).toBeLessThan(1e-9);
    expect(model.score(records, data.y)).toBeCloseTo(new Model(exact).fit(data.X, data.y).score(data.X, data.y), 12);
  });

  it('records name the missing, unknown or bad feature and the row', () => {
    const model = new Model(exact).fit(data.X, data.y, { featureNames: names });
    expect(() =>
      model.predict([
        { age: 1, bmi: 2, bp: 3 },
        { age: 1, bmi: 2 },
      ]),
    ).toThrow(/X\[1\] \(row 1\) has no feature "bp"; the features are "age", "bmi", "bp"/);
    expect(() => model.predict([{ age: 1, bmi: 2, bp: 3, sex: 1 }])).toThrow(
      /X\[0\] \(row 0\) has a feature "sex" that the model was not fitted with/,
    );
    expect(() => model.predict([{ age: 1, bmi: '2', bp: 3 }] as never)).toThrow(
      /X\[0\]\.bmi \(row 0, feature "bmi"\) must be a number, got a string/,
    );
    expect(() => model.predict([{ age: 1, bmi: Number.NaN, bp: 3 }])).toThrow(/is NaN: every value must be finite/);
    expect(() => new Model().fit([{ a: 1 }, { b: 2 }], [1, 2])).toThrow(/X\[1\] \(row 1\) has no feature "a"/);
    // The model is still usable after each error.
    expect(model.predict([{ age: 0, bmi: 0, bp: 0 }])[0]).toBeCloseTo(reference.b, 9);
  });

  it('records need a model with names', () => {
    const model = new Model().fit(data.X, data.y);
    expect(model.featureNames).toBeNull();
    expect(() => model.predict(records)).toThrow(
      /this model has no feature names: fit it with the featureNames option/,
    );
  });

  it('featureNames are checked: one per column, unique, agreeing with named data', () => {
    const model = new Model();
    expect(() => model.fit(data.X, data.y, { featureNames: ['a', 'b'] })).toThrow(
      /featureNames has 2 names, but X has 3 features/,
    );
    expect(() => model.fit(data.X, data.y, { featureNames: ['a', 'b', 'a'] })).toThrow(
      /featureNames\[2\] \("a"\) is given twice/,
    );
    expect(() => model.fit(data.X, data.y, { featureNames: ['a', '', 'c'] })).toThrow(
      /featureNames\[1\] must be a non-empty string/,
    );
    const columns = {
      columns: names.map((_, j) => Float64Array.from(data.X, (row) => row[j])),
      rows: data.X.length,
      cols: 3,
      names,
    };
    expect(() => model.fit(columns, data.y, { featureNames: ['bmi', 'age', 'bp'] })).toThrow(
      /featureNames \(bmi, age, bp\) differ from the column names X carries \(age, bmi, bp\)/,
    );
    expect(new Model().fit(columns, data.y, { featureNames: names }).featureNames).toEqual(names);
  });

  it('predict of one flat row equals predict of that row', () => {
    const model = new Model().fit(data.X, data.y);
    const row = data.X[3];
    expect(model.predict(row)[0]).toBe(model.predict([row])[0]);
    expect(model.predict(Float64Array.from(row))[0]).toBe(model.predict([row])[0]);
    expect(() => model.predict([1, 2])).toThrow(
      /X is a flat array of 2 numbers, but the model has 3 features: pass one row of 3 numbers/,
    );
  });

  it('a one-dimensional X is one feature: the closed-form simple regression', () => {
    const x = data.X.map((row) => row[1]);
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = data.y.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (data.y[i] - my);
      sxx += (x[i] - mx) ** 2;
    }
    const slope = sxy / sxx;
    const model = new Model(exact).fit(x, data.y);
    expect(model.coef.length).toBe(1);
    expect(model.coef[0]).toBeCloseTo(slope, 10);
    expect(model.intercept).toBeCloseTo(my - slope * mx, 10);
    // Predicting a flat array with a one-feature model: one value per row.
    const out = model.predict([0, 1, 2]);
    expect(out.length).toBe(3);
    expect(out[2]).toBeCloseTo(my - slope * mx + 2 * slope, 10);
    expect(() => new Model().fit([1, 2, 3], [1, 2])).toThrow(
      /X is a flat array of 3 numbers, read as one feature with one value per row, but y has 2 values/,
    );
  });

  it('JSON (format version 3) keeps the names; a version-2 document without them still loads', () => {
    const model = new Model().fit(data.X, data.y, { featureNames: names });
    const doc = model.toJSON();
    expect(doc.formatVersion).toBe(3);
    expect(doc.featureNames).toEqual(names);
    const back = (Model as typeof LinearRegression).fromJSON(JSON.parse(JSON.stringify(doc)));
    expect(back.featureNames).toEqual(names);
    expect(back.predict(records.slice(0, 4))).toEqual(model.predict(records.slice(0, 4)));
    expect(new Model().fit(data.X, data.y).toJSON().featureNames).toBeNull();
    const { featureNames: _, ...v2 } = { ...doc, formatVersion: 2 };
    expect((Model as typeof LinearRegression).fromJSON(v2).featureNames).toBeNull();
  });

  it("summary() shows the model's feature names", () => {
    const model = new Model({ solver: 'exact' }).fit(data.X, data.y, { featureNames: names });
    expect(model.summary().names).toEqual(['intercept', ...names]);
    expect(model.summary({ names: ['a', 'b', 'c'] }).names).toEqual(['intercept', 'a', 'b', 'c']);
  });
});

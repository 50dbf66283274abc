// trainTestSplit and kFold: scikit-learn's train_test_split(shuffle=False) and KFold splits row for
// row (scripts/sklearn_selection_fixtures.py); seeded shuffles are permutations, reproducible, the
// same for every input form; every bad input has its error.
import { describe, expect, it } from 'vitest';
import { kFold, trainTestSplit } from '../src/index.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };
import { flat } from './helpers.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, 10 * i]);
const targets = (n: number) => Array.from({ length: n }, (_, i) => 100 + i);

describe('kFold', () => {
  it.each(fixtures.kFold.map((c) => [c.n, c.folds, c] as const))("n=%i folds=%i: scikit-learn's KFold", (n, k, c) => {
    const folds = kFold(n, { folds: k });
    expect(folds).toEqual(c.splits.map((s) => [s.train, s.test]));
    folds.forEach((fold, i) => {
      expect(fold.train).toEqual(c.splits[i].train);
      expect(fold.test).toEqual(c.splits[i].test);
      const [train, test] = fold;
      expect(train).toBe(fold.train);
      expect(test).toBe(fold.test);
    });
  });

  it('shuffled folds: a seeded partition, sorted indices, the same for the same seed', () => {
    const a = kFold(23, { folds: 4, shuffle: true, seed: 7 });
    expect(kFold(23, { folds: 4, shuffle: true, seed: 7 })).toEqual(a);
    expect(kFold(23, { folds: 4, shuffle: true, seed: 8 })).not.toEqual(a);
    expect(a).not.toEqual(kFold(23, { folds: 4 }));
    const all = a.flatMap(([, test]) => test).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(a.map(([, test]) => test.length)).toEqual([6, 6, 6, 5]);
    for (const [train, test] of a) {
      expect([...train].sort((x, y) => x - y)).toEqual(train);
      expect([...test].sort((x, y) => x - y)).toEqual(test);
      expect(train.length + test.length).toBe(23);
      expect(train.filter((i) => test.includes(i))).toEqual([]);
    }
  });

  it('default: 5 consecutive folds', () => {
    expect(kFold(10).map(([, test]) => test)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
  });

  it('bad input', () => {
    expect(() => kFold(10, { folds: 1 })).toThrow(new RangeError('kFold: folds must be an integer ≥ 2, got number 1'));
    expect(() => kFold(10, { folds: 2.5 })).toThrow(/folds must be an integer ≥ 2, got number 2.5/);
    expect(() => kFold(4, { folds: 5 })).toThrow(
      new RangeError('kFold: folds (5) is more than the number of rows (4): every fold needs at least one row'),
    );
    expect(() => kFold(0)).toThrow(/nRows must be a positive integer/);
    // A seed without shuffle is unused (the folds are consecutive rows), but still checked.
    expect(kFold(10, { seed: 3 })).toEqual(kFold(10));
    expect(() => kFold(10, { seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => kFold(10, { shuffle: true, seed: -1 })).toThrow(/seed must be an integer from 0 to 4294967295/);
    expect(() => kFold(10, { shufle: true } as never)).toThrow(
      /Unknown kFold option 'shufle' \(did you mean 'shuffle'\?\)/,
    );
    expect(() => kFold(10, { shuffle: 'yes' as unknown as boolean })).toThrow(TypeError);
  });
});

describe('trainTestSplit', () => {
  it.each(fixtures.trainTestSplit.map((c) => [c.n, c.testFraction, c] as const))(
    "n=%i testFraction=%f, shuffle: false: scikit-learn's split",
    (n, testFraction, c) => {
      const s = trainTestSplit(rows(n), targets(n), { testFraction, shuffle: false });
      expect(s.trainIndex).toEqual(c.train);
      expect(s.testIndex).toEqual(c.test);
      expect(s.XTrain).toEqual(c.train.map((i) => [i, 10 * i]));
      expect(s.yTest).toEqual(c.test.map((i) => 100 + i));
    },
  );

  it('shuffled: ⌈0.25·n⌉ test rows, a seeded permutation, the same rows in every input form', () => {
    const X = rows(41);
    const y = targets(41);
    const a = trainTestSplit(X, y, { seed: 3 });
    expect(a.testIndex).toHaveLength(11);
    expect([...a.trainIndex, ...a.testIndex].sort((p, q) => p - q)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(trainTestSplit(X, y, { seed: 3 }).testIndex).toEqual(a.testIndex);
    expect(trainTestSplit(X, y, { seed: 4 }).testIndex).not.toEqual(a.testIndex);
    // Rows are the given row objects; y as given.
    expect(a.XTrain[0]).toBe(X[a.trainIndex[0]]);
    expect(a.yTrain).toEqual(a.trainIndex.map((i) => y[i]));
    // A Float32Array matrix and a Float32Array y come back as such.
    const m = flat(X);
    const b = trainTestSplit({ data: Float32Array.from(m.data), rows: 41, cols: 2 }, Float32Array.from(y), { seed: 3 });
    expect(b.testIndex).toEqual(a.testIndex);
    expect(b.XTest.data).toBeInstanceOf(Float32Array);
    expect(b.XTest.rows).toBe(11);
    expect(Array.from(b.XTest.data)).toEqual(a.XTest.flat());
    expect(b.yTrain).toBeInstanceOf(Float32Array);
    expect(Array.from(b.yTrain)).toEqual(a.yTrain);
  });

  it('bad input', () => {
    for (const testFraction of [0, 1, -0.1, 1.5, Number.NaN, '0.2']) {
      expect(() => trainTestSplit(rows(10), targets(10), { testFraction: testFraction as number })).toThrow(
        /trainTestSplit: testFraction must be a number in \(0, 1\)/,
      );
    }
    expect(() => trainTestSplit(rows(1), targets(1), { testFraction: 0.5 })).toThrow(
      /testFraction 0.5 of 1 rows holds out 1, leaving none to train on/,
    );
    expect(() => trainTestSplit(rows(3), targets(2))).toThrow(/X has 3 rows but y has 2 values/);
    expect(() => trainTestSplit([[1], [Number.NaN]], [1, 2])).toThrow(/X\[1\]\[0\] \(row 1, column 0\) is NaN/);
    expect(trainTestSplit(rows(4), targets(4), { shuffle: false, seed: 1 }).testIndex).toEqual([3]);
    expect(() => trainTestSplit(rows(4), targets(4), { seed: -2 })).toThrow(/trainTestSplit: seed must be an integer/);
    expect(() => trainTestSplit(rows(4), targets(4), { testSize: 0.2 } as never)).toThrow(
      /Unknown trainTestSplit option 'testSize'/,
    );
  });
});

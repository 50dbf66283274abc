// A hold-out split of X and y into training and test rows, scikit-learn's train_test_split: the
// test set has ⌈testFraction·n⌉ rows; without shuffle they are the last rows.

import { describe, type Matrix, type MatrixInput, type VectorInput } from '../api/data.js';
import { Rng, shuffle as shuffleOrder } from '../engine/rng.js';
import { checkBoolean, checkOptionObject, checkSeed } from './checks.js';
import { readData, takeRows } from './data.js';

/** The options of trainTestSplit: the test share, and the shuffle and its seed. */
export interface SplitOptions {
  /** The share of rows held out for testing, in (0, 1) (default 0.25). */
  testFraction?: number;
  /** Seed of the shuffle (drawn at random when not given: give one to get the same split again);
   *  unused with shuffle: false. */
  seed?: number;
  /** Draw the rows in a random order (default true); false keeps the last rows for testing. */
  shuffle?: boolean;
}

/** X and y, split; each in the form it was given (rows stay the same row objects). */
export interface Split<X extends MatrixInput, Y extends VectorInput> {
  XTrain: X;
  XTest: X;
  yTrain: Y;
  yTest: Y;
  /** The rows of X in XTrain and in XTest, in that order. */
  trainIndex: number[];
  testIndex: number[];
}

/**
 * Splits X and y into training and test rows. X and y come back in the forms they were given:
 * arrays of rows as arrays of (the same) rows, a { data, rows, cols } matrix as one of the same
 * element type; number[] y as number[], a typed array as the same typed array. With shuffle
 * (default) the test rows are the first ⌈testFraction·n⌉ of a seeded random order and the training
 * rows the rest, in that order (scikit-learn's ShuffleSplit does the same with numpy's generator).
 * @throws TypeError/RangeError for bad X or y (as fit), an unknown option, testFraction outside
 * (0, 1), or a split that leaves no row to train on.
 */
export function trainTestSplit<X extends MatrixInput, Y extends VectorInput>(
  X: X,
  y: Y,
  options: SplitOptions = {},
): Split<X, Y> {
  const o = checkOptionObject(options, ['testFraction', 'seed', 'shuffle'], 'trainTestSplit');
  const fraction = o.testFraction ?? 0.25;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new RangeError(`trainTestSplit: testFraction must be a number in (0, 1), got ${describe(fraction)}`);
  }
  const shuffle = checkBoolean(o.shuffle ?? true, 'shuffle', 'trainTestSplit');
  const seed = checkSeed(o.seed, 'trainTestSplit');
  const data = readData(X, y);
  const n = data.X.rows;
  const nTest = Math.ceil(fraction * n);
  const nTrain = n - nTest;
  if (nTrain < 1) {
    throw new RangeError(
      `trainTestSplit: testFraction ${fraction} of ${n} rows holds out ${nTest}, leaving none to train on`,
    );
  }
  let trainIndex: number[];
  let testIndex: number[];
  if (shuffle) {
    const order = new Uint32Array(n);
    shuffleOrder(order, new Rng(seed));
    testIndex = Array.from(order.subarray(0, nTest));
    trainIndex = Array.from(order.subarray(nTest));
  } else {
    trainIndex = Array.from({ length: nTrain }, (_, i) => i);
    testIndex = Array.from({ length: nTest }, (_, i) => nTrain + i);
  }
  return {
    XTrain: rowsOf(X, data.X, trainIndex),
    XTest: rowsOf(X, data.X, testIndex),
    yTrain: valuesOf(y, trainIndex),
    yTest: valuesOf(y, testIndex),
    trainIndex,
    testIndex,
  };
}

function rowsOf<X extends MatrixInput>(X: X, m: Matrix, indices: number[]): X {
  if (Array.isArray(X)) return indices.map((i) => X[i]) as X;
  return takeRows(m, indices) as X;
}

function valuesOf<Y extends VectorInput>(y: Y, indices: number[]): Y {
  if (ArrayBuffer.isView(y)) {
    const Typed = (y as unknown as { constructor: new (n: number) => { [i: number]: number } }).constructor;
    const out = new Typed(indices.length);
    for (let k = 0; k < indices.length; k++) out[k] = y[indices[k]];
    return out as unknown as Y;
  }
  return indices.map((i) => y[i]) as unknown as Y;
}

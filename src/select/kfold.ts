// k-fold cross-validation splits, scikit-learn's KFold: n rows in k consecutive folds, the first
// n mod k of them one row larger; with shuffle, the rows are first put in a seeded random order
// (linwasm's PRNG, the same stream in Node and browsers; not numpy's).

import { describe } from '../api/data.js';
import { Rng, shuffle as shuffleOrder } from '../engine/rng.js';
import { checkBoolean, checkFolds, checkOptionObject, checkSeed } from './checks.js';

/** How rows are cut into folds (kFold, and every function that cross-validates). */
export interface KFoldOptions {
  /** Number of folds k, from 2 to the number of rows (default 5). */
  folds?: number;
  /** Put the rows in a random order before cutting the folds (default false: consecutive rows). */
  shuffle?: boolean;
  /** Seed of the shuffle (used only with shuffle: true; drawn at random when not given). */
  seed?: number;
}

/**
 * One fold: the pair [train, test] of row indices, both ascending (as scikit-learn returns them),
 * also readable as fold.train and fold.test.
 */
export type Fold = readonly [train: number[], test: number[]] & { readonly train: number[]; readonly test: number[] };

/**
 * The k folds of nRows rows: for fold i, the rows of test fold i and all the others to train on.
 * With shuffle: false they are scikit-learn's KFold(k) folds, row for row.
 * @throws TypeError for an unknown option or nRows that is not a whole number; RangeError for folds
 * not an integer from 2 to nRows, or a seed that is not an integer from 0 to 2³² − 1.
 */
export function kFold(nRows: number, options: KFoldOptions = {}): Fold[] {
  if (!Number.isInteger(nRows) || nRows < 1) {
    throw new TypeError(`kFold: nRows must be a positive integer, got ${describe(nRows)}`);
  }
  return foldsFor(nRows, checkOptionObject(options, ['folds', 'shuffle', 'seed'], 'kFold'), 'kFold');
}

/**
 * The folds of nRows rows for the folds, shuffle and seed in `o` (already checked for unknown
 * keys); errors name `where`, the public function they were given to.
 */
export function foldsFor(nRows: number, o: Record<string, unknown>, where: string): Fold[] {
  const k = checkFolds(o.folds ?? 5, nRows, where);
  const shuffle = checkBoolean(o.shuffle ?? false, 'shuffle', where);
  // A seed is checked even when unused (without shuffle), so that a bad one never passes silently.
  const seed = checkSeed(o.seed, where);
  const order = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) order[i] = i;
  if (shuffle) shuffleOrder(order, new Rng(seed));
  return foldsOf(order, k);
}

/** The folds of the rows in `order`: consecutive blocks of it, sizes ⌈n/k⌉ first, then ⌊n/k⌋. */
function foldsOf(order: Uint32Array, k: number): Fold[] {
  const n = order.length;
  const folds: Fold[] = [];
  const inTest = new Uint8Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    inTest.fill(0);
    for (let i = start; i < start + size; i++) inTest[order[i]] = 1;
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (inTest[i] ? test : train).push(i);
    folds.push(pair(train, test));
    start += size;
  }
  return folds;
}

/** [train, test] with non-enumerable .train and .test: a plain pair to compare, destructure or print. */
export function pair(train: number[], test: number[]): Fold {
  const fold = [train, test] as unknown as Fold;
  Object.defineProperty(fold, 'train', { value: train, enumerable: false });
  Object.defineProperty(fold, 'test', { value: test, enumerable: false });
  return fold;
}

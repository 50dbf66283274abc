// The options shared by the model-selection functions (folds, shuffle, seed), checked with the
// same messages everywhere: each names the function and the option.
import { describe } from '../api/data.js';
import { checkKeys } from '../api/options.js';

/** Throws a TypeError naming an unknown option (with the nearest known name) or a non-object. */
export function checkOptionObject(options: unknown, known: readonly string[], where: string): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  const o = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  checkKeys(o, known, `${where} option`);
  return o;
}

/** folds: an integer from 2 to the number of rows. */
export function checkFolds(folds: unknown, rows: number, where: string): number {
  if (!Number.isInteger(folds) || (folds as number) < 2) {
    throw new RangeError(`${where}: folds must be an integer ≥ 2, got ${describe(folds)}`);
  }
  if ((folds as number) > rows) {
    throw new RangeError(
      `${where}: folds (${folds}) is more than the number of rows (${rows}): every fold needs at least one row`,
    );
  }
  return folds as number;
}

export function checkBoolean(value: unknown, name: string, where: string): boolean {
  if (typeof value !== 'boolean')
    throw new TypeError(`${where}: ${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** A seed: an integer from 0 to 2³² − 1; drawn at random when not given. */
export function checkSeed(seed: unknown, where: string): number {
  if (seed === undefined) return Math.floor(Math.random() * 0x100000000);
  if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 0xffffffff) {
    throw new RangeError(`${where}: seed must be an integer from 0 to 4294967295, got ${describe(seed)}`);
  }
  return seed as number;
}

// Options of LinearRegression: types, defaults and validation. Every check names the option.
import { describe } from './data.js';
import type { DType } from './engine.js';

export type Solver = 'batch' | 'sgd' | 'minibatch' | 'exact';

export interface LinearRegressionOptions {
  /** 'batch' (default), 'sgd' (one row per step), 'minibatch' (batchSize rows per step), 'exact'. */
  solver?: Solver;
  /** Step size η of θ ← θ − η·∇(MSE + l2·‖w‖²), or 'auto' (default): a safe step from the data. */
  learningRate?: number | 'auto';
  /** Passes over the data at most (default 1000). */
  maxEpochs?: number;
  /** Rows per step of 'minibatch' (default 32). 'sgd' always uses 1. */
  batchSize?: number;
  /** Stop when the objective improves by less than tolerance × best for `patience` epochs in a
   *  row (default 1e-7, relative); null never stops early. */
  tolerance?: number | null;
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Weight of the L2 penalty: the objective is MSE + l2·‖w‖² (default 0). */
  l2?: number;
  /** Fit an intercept (default true). It is never penalized. */
  fitIntercept?: boolean;
  /** Standardize features internally (default true); coef are reported in original units. */
  standardize?: boolean;
  /** Storage and SIMD arithmetic of X: 'float64' (default) or 'float32' (half the memory traffic). */
  dtype?: DType;
  /** Seed of the row shuffle (a 32-bit unsigned integer); drawn at random when not given. */
  seed?: number;
  /** Shuffle the row order every epoch for 'sgd' and 'minibatch' (default true). */
  shuffle?: boolean;
}

export type ResolvedOptions = Required<Omit<LinearRegressionOptions, 'tolerance'>> & { tolerance: number | null };

export const DEFAULTS: Omit<ResolvedOptions, 'seed'> = {
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
};

const SOLVERS: readonly Solver[] = ['batch', 'sgd', 'minibatch', 'exact'];
const DTYPES: readonly DType[] = ['float64', 'float32'];
const KEYS = [...Object.keys(DEFAULTS), 'seed'];

/**
 * Validates options and fills in defaults.
 * @throws TypeError for an unknown option or a value of the wrong type; RangeError for a value out of range.
 */
export function resolveOptions(options: unknown = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`LinearRegression options must be an object, got ${describe(options)}`);
  }
  const given = options as Record<string, unknown>;
  checkKeys(given, KEYS, 'LinearRegression option');
  const o = { ...DEFAULTS, seed: randomSeed(), ...stripUndefined(given) } as Record<string, unknown>;

  oneOf(o, 'solver', SOLVERS);
  oneOf(o, 'dtype', DTYPES);
  if (o.learningRate !== 'auto') positive(o, 'learningRate', "a positive number or 'auto'");
  positiveInteger(o, 'maxEpochs');
  positiveInteger(o, 'batchSize');
  positiveInteger(o, 'patience');
  if (o.tolerance !== null) {
    if (typeof o.tolerance !== 'number' || !(o.tolerance >= 0) || !Number.isFinite(o.tolerance)) {
      throw new RangeError(`Option tolerance must be a number ≥ 0 or null, got ${describe(o.tolerance)}`);
    }
  }
  if (typeof o.l2 !== 'number' || !(o.l2 >= 0) || !Number.isFinite(o.l2)) {
    throw new RangeError(`Option l2 must be a finite number ≥ 0, got ${describe(o.l2)}`);
  }
  boolean(o, 'fitIntercept');
  boolean(o, 'standardize');
  boolean(o, 'shuffle');
  if (!Number.isInteger(o.seed) || (o.seed as number) < 0 || (o.seed as number) > 0xffffffff) {
    throw new RangeError(`Option seed must be an integer from 0 to 4294967295, got ${describe(o.seed)}`);
  }
  if (o.solver === 'sgd') {
    if (o.batchSize !== 1 && given.batchSize !== undefined) {
      throw new RangeError(
        `Option batchSize is ${o.batchSize}, but solver 'sgd' takes one row per step: use solver 'minibatch' ` +
          'for batches, or leave batchSize out',
      );
    }
    o.batchSize = 1;
  }
  return o as ResolvedOptions;
}

/** Throws a TypeError naming the first key of `given` not in `known`, with the nearest known key. */
export function checkKeys(given: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      const near = nearest(key, known);
      throw new TypeError(
        `Unknown ${what} '${key}'${near ? ` (did you mean '${near}'?)` : ''}; known: ${known.join(', ')}`,
      );
    }
  }
}

function oneOf<T>(o: Record<string, unknown>, key: string, allowed: readonly T[]): void {
  if (!allowed.includes(o[key] as T)) {
    throw new RangeError(
      `Option ${key} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(o[key])}`,
    );
  }
}

function positive(o: Record<string, unknown>, key: string, expected: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new RangeError(`Option ${key} must be ${expected}, got ${describe(v)}`);
  }
}

function positiveInteger(o: Record<string, unknown>, key: string): void {
  const v = o[key];
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 0x7fffffff) {
    throw new RangeError(`Option ${key} must be a positive integer, got ${describe(v)}`);
  }
}

function boolean(o: Record<string, unknown>, key: string): void {
  if (typeof o[key] !== 'boolean') throw new TypeError(`Option ${key} must be true or false, got ${describe(o[key])}`);
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}

/** The known name within edit distance 2 of `key`, if any. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const dist = editDistance(key.toLowerCase(), k.toLowerCase());
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

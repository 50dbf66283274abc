// What fit, partialFit and fitStream accept besides the options: fit options, sample weights, chunks,
// stream options. Every check names what is wrong and where (the chunk, the row, the option).
import {
  type ArrowTableLike,
  type ColumnSelection,
  isArrowTable,
  isArrowVector,
  numericColumn,
  readTable,
  toFloat64,
} from '../arrow/table.js';
import type { Chunk } from '../fit/sources.js';
import { checkSameLength, type Dense, describe, isColumnar, toMatrix, toVector, type VectorInput } from './data.js';
import type { FitOptions, StreamOptions } from './fit-options.js';
import { checkFeatureNames, flatForFit, flatForPredict, fromRecords, isFlat, isRecords } from './names.js';
import { checkKeys } from './options.js';

export function checkFitOptions(fitOptions: unknown): {
  onEpoch: FitOptions['onEpoch'];
  every: number;
  sampleWeight: VectorInput | undefined;
  featureNames: readonly string[] | undefined;
} {
  if (fitOptions === null || typeof fitOptions !== 'object') {
    throw new TypeError(`fit options must be an object, got ${describe(fitOptions)}`);
  }
  const f = fitOptions as Record<string, unknown>;
  checkKeys(f, ['onEpoch', 'every', 'sampleWeight', 'featureNames'], 'fit option');
  if (f.onEpoch !== undefined && typeof f.onEpoch !== 'function') {
    throw new TypeError(`fit option onEpoch must be a function, got ${describe(f.onEpoch)}`);
  }
  const every = f.every ?? 1;
  if (!Number.isInteger(every) || (every as number) < 1) {
    throw new RangeError(`fit option every must be a positive integer, got ${describe(f.every)}`);
  }
  return {
    onEpoch: f.onEpoch as FitOptions['onEpoch'],
    every: every as number,
    sampleWeight: f.sampleWeight as VectorInput | undefined,
    featureNames: f.featureNames as readonly string[] | undefined,
  };
}

/** Sample weights: one finite number ≥ 0 per row, not all zero. */
export function checkSampleWeight(input: VectorInput, rows: number): Float64Array {
  const s = toVector(input, 'sampleWeight');
  if (s.length !== rows) {
    throw new RangeError(`sampleWeight has ${s.length} entries, but X has ${rows} rows: give one weight per row`);
  }
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    if (!(s[i] >= 0) || !Number.isFinite(s[i])) {
      throw new RangeError(`sampleWeight[${i}] must be a finite number ≥ 0, got ${describe(s[i])}`);
    }
    total += s[i];
  }
  if (!(total > 0)) throw new RangeError('sampleWeight is all zeros: at least one row must count');
  return s;
}

/** A chunk checked and converted, with the prefix its errors carry. */
export interface ReadChunk {
  X: Dense;
  y: Float64Array;
  sampleWeight: Float64Array | null;
  /** The features' column names when the data has them (a table, named columns, a file's header). */
  names: string[] | null;
  /** '' for partialFit, 'chunk k: ' in a stream. */
  label: string;
}

/**
 * X and y as fit, partialFit and score take them: X rows, records by feature name, a flat array (one
 * feature), a typed matrix, typed columns or an Arrow Table; y values, an Arrow vector, or — when X is
 * a table — the target's column name or { target, features } (the features default to every other
 * column). `featureNames`, when given, names X's columns (and orders the features of records); it
 * must agree with the names the data carries.
 * @throws TypeError/RangeError as toMatrix and readTable, naming the column and row.
 */
export function readXY(
  X: unknown,
  y: unknown,
  featureNames: readonly string[] | null = null,
): { X: Dense; y: Float64Array; names: string[] | null } {
  const named = typeof y === 'string' || isSelection(y);
  const read = ((): { X: Dense; y: Float64Array; names: string[] | null } => {
    if (isArrowTable(X)) {
      if (named) {
        const selection = typeof y === 'string' ? { target: y } : (y as ColumnSelection);
        const t = readTable(
          X,
          featureNames && !selection.features ? { ...selection, features: featureNames } : selection,
        );
        return { X: t.X, y: t.y as Float64Array, names: t.features };
      }
      const t = readTable(X, featureNames ? { features: featureNames } : null);
      const target = vectorOf(y, 'y');
      checkSameLength(t.X, target);
      return { X: t.X, y: target, names: t.features };
    }
    if (named) {
      throw new TypeError(
        `y is a column name (${describe(typeof y === 'string' ? y : (y as ColumnSelection).target)}), which needs X to be an Arrow Table, got ${describe(X)}`,
      );
    }
    if (isRecords(X)) {
      const r = fromRecords(X, featureNames);
      const target = vectorOf(y, 'y');
      checkSameLength(r.X, target);
      return { X: r.X, y: target, names: r.names };
    }
    if (isFlat(X)) {
      const target = vectorOf(y, 'y');
      return { X: flatForFit(X, target.length), y: target, names: null };
    }
    const m = toMatrix(X, 'X');
    const target = vectorOf(y, 'y');
    checkSameLength(m, target);
    return { X: m, y: target, names: isColumnar(m) && m.names ? [...m.names] : null };
  })();
  if (!featureNames) return read;
  const names = checkFeatureNames(featureNames, read.X.cols);
  if (read.names?.some((n, j) => n !== names[j])) {
    throw new RangeError(
      `featureNames (${names.join(', ')}) differ from the column names X carries (${read.names.join(', ')})`,
    );
  }
  return { ...read, names };
}

/**
 * X for predict: a table's features by the model's names (every column when it has none), records by
 * the model's feature names, a flat array (one row, or one value per row of a one-feature model), or
 * a matrix.
 * @throws TypeError/RangeError naming the row and feature; for records, when the model has no names.
 */
export function readX(X: unknown, featureNames: readonly string[] | null, nFeatures: number): Dense {
  if (isArrowTable(X)) {
    return readTable(X as ArrowTableLike, featureNames ? { features: featureNames } : null).X;
  }
  if (isRecords(X)) {
    if (!featureNames) {
      throw new TypeError(
        'X is records by feature name, but this model has no feature names: fit it with the featureNames option ' +
          '(or named data: an Arrow table, a CSV file), or pass rows of numbers',
      );
    }
    return fromRecords(X, featureNames).X;
  }
  if (isFlat(X)) return flatForPredict(X, nFeatures);
  return toMatrix(X, 'X');
}

/** y as values or an Arrow vector, as a Float64Array of finite numbers. */
export function vectorOf(y: unknown, name: string): Float64Array {
  return isArrowVector(y) ? toFloat64(numericColumn(y, name)) : toVector(y, name);
}

function isSelection(v: unknown): v is ColumnSelection {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'target' in v;
}

export function readChunk(chunk: unknown, index = 0): ReadChunk {
  const label = index > 0 ? `chunk ${index}: ` : '';
  if (chunk === null || typeof chunk !== 'object' || !('X' in chunk) || !('y' in chunk)) {
    throw new TypeError(`${label}a chunk must be an object { X, y, sampleWeight? }, got ${describe(chunk)}`);
  }
  const c = chunk as Chunk & { features?: unknown };
  try {
    const { X, y, names } = readXY(c.X, c.y);
    const sampleWeight = c.sampleWeight === undefined ? null : checkSampleWeight(c.sampleWeight, X.rows);
    // A CSV or Parquet chunk names its features beside X.
    const listed = Array.isArray(c.features) && c.features.length === X.cols ? (c.features as string[]) : null;
    return { X, y, sampleWeight, names: names ?? listed, label };
  } catch (e) {
    throw labelled(e, label);
  }
}

/** The error with `label` before its message (same class and fields). */
export function labelled<E>(error: E, label: string): E {
  if (label && error instanceof Error) error.message = `${label}${error.message}`;
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error('fitStream was aborted');
}

/** Whether the third argument of fit or partialFit is the sample weights themselves (not options). */
export function isVectorInput(v: unknown): v is VectorInput {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

export function checkPartialOptions(options: unknown): VectorInput | undefined {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `partialFit's third argument must be sample weights or { sampleWeight }, got ${describe(options)}`,
    );
  }
  checkKeys(options as Record<string, unknown>, ['sampleWeight'], 'partialFit option');
  return (options as { sampleWeight?: VectorInput }).sampleWeight;
}

export function checkStreamOptions(options: unknown): StreamOptions & { epochs: number } {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`fitStream options must be an object, got ${describe(options)}`);
  }
  const f = options as Record<string, unknown>;
  checkKeys(f, ['epochs', 'scaling', 'onChunk', 'onEpoch', 'signal', 'csv', 'columns'], 'fitStream option');
  const epochs = f.epochs ?? 1;
  if (!Number.isInteger(epochs) || (epochs as number) < 1) {
    throw new RangeError(`fitStream option epochs must be a positive integer, got ${describe(f.epochs)}`);
  }
  if (f.scaling !== undefined && f.scaling !== 'firstPass' && f.scaling !== 'online') {
    throw new RangeError(`fitStream option scaling must be 'firstPass' or 'online', got ${describe(f.scaling)}`);
  }
  for (const key of ['onChunk', 'onEpoch'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'function') {
      throw new TypeError(`fitStream option ${key} must be a function, got ${describe(f[key])}`);
    }
  }
  if (f.signal !== undefined && !(f.signal instanceof AbortSignal)) {
    throw new TypeError(`fitStream option signal must be an AbortSignal, got ${describe(f.signal)}`);
  }
  return { ...(f as StreamOptions), epochs: epochs as number };
}

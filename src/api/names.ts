// Feature names and the input shapes that use them: X as records by name ({ bmi: 0.06, bp: 0.02 }),
// and the one-dimensional X of ml.js and scikit-learn users (a flat row, or one feature). Each form
// becomes a dense row-major Matrix here, before the engines see it; errors name the row and feature.
import { describe, type Matrix } from './data.js';

/** One row of X by feature name. */
export type FeatureRecord = Readonly<Record<string, number>>;

/**
 * Checks feature names: one non-empty string per column, no name twice.
 * @throws TypeError/RangeError naming `what` and the offending entry.
 */
export function checkFeatureNames(names: unknown, cols: number, what = 'featureNames'): string[] {
  if (!Array.isArray(names)) throw new TypeError(`${what} must be an array of column names, got ${describe(names)}`);
  if (names.length !== cols) {
    throw new RangeError(
      `${what} has ${names.length} names, but X has ${cols} features (columns): give one per column`,
    );
  }
  const seen = new Set<string>();
  names.forEach((name, j) => {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`${what}[${j}] must be a non-empty string, got ${describe(name)}`);
    }
    if (seen.has(name))
      throw new RangeError(`${what}[${j}] (${JSON.stringify(name)}) is given twice: names must be unique`);
    seen.add(name);
  });
  return [...(names as string[])];
}

/** Whether X is an array of records (plain objects by feature name) rather than rows. */
export function isRecords(X: unknown): X is readonly FeatureRecord[] {
  if (!Array.isArray(X) || X.length === 0) return false;
  const first = X[0];
  return first !== null && typeof first === 'object' && !Array.isArray(first) && !ArrayBuffer.isView(first);
}

/** Whether X is one-dimensional: an array or typed array of numbers (not of rows). */
export function isFlat(X: unknown): X is ArrayLike<number> {
  if (ArrayBuffer.isView(X) && !(X instanceof DataView)) return true;
  return Array.isArray(X) && X.length > 0 && typeof X[0] === 'number';
}

/**
 * Records as rows of `names`' columns (the first record's keys, in their order, when names is null).
 * Every record must hold exactly those features, each a finite number.
 * @throws TypeError/RangeError naming the record (row) and the feature.
 */
export function fromRecords(
  records: readonly unknown[],
  names: readonly string[] | null,
  name = 'X',
): {
  X: Matrix;
  names: string[];
} {
  const columns = names ? [...names] : Object.keys(records[0] as object);
  if (columns.length === 0) throw new RangeError(`${name}[0] is a record without features`);
  if (!names) checkFeatureNames(columns, columns.length, `the features of ${name}[0]`);
  const known = new Set(columns);
  const d = columns.length;
  const data = new Float64Array(records.length * d);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r) || ArrayBuffer.isView(r)) {
      throw new TypeError(`${name}[${i}] must be a record { feature: number, … } as ${name}[0] is, got ${describe(r)}`);
    }
    const record = r as Record<string, unknown>;
    for (let j = 0; j < d; j++) {
      const key = columns[j];
      const v = record[key];
      if (v === undefined) {
        throw new RangeError(
          `${name}[${i}] (row ${i}) has no feature ${JSON.stringify(key)}; the features are ${list(columns)}`,
        );
      }
      if (typeof v !== 'number') {
        throw new TypeError(
          `${name}[${i}].${key} (row ${i}, feature ${JSON.stringify(key)}) must be a number, got ${describe(v)}`,
        );
      }
      if (!Number.isFinite(v)) {
        throw new RangeError(
          `${name}[${i}].${key} (row ${i}, feature ${JSON.stringify(key)}) is ${v}: every value must be finite`,
        );
      }
      data[i * d + j] = v;
    }
    for (const key of Object.keys(record)) {
      if (!known.has(key)) {
        throw new RangeError(
          `${name}[${i}] (row ${i}) has a feature ${JSON.stringify(key)} that ${names ? 'the model was not fitted with' : `${name}[0] does not have`}; the features are ${list(columns)}`,
        );
      }
    }
  }
  return { X: { data, rows: records.length, cols: d }, names: columns };
}

/**
 * A flat X for fit: one feature, one value per row (as scikit-learn's X.reshape(-1, 1)).
 * @throws RangeError when its length is not y's.
 */
export function flatForFit(X: ArrayLike<number>, rows: number, name = 'X'): Matrix {
  if (X.length !== rows) {
    throw new RangeError(
      `${name} is a flat array of ${X.length} numbers, read as one feature with one value per row, but y has ${rows} values: ` +
        'pass X as rows ([[x₁, x₂, …], …]) for several features',
    );
  }
  return flatMatrix(X, X.length, 1, name);
}

/**
 * A flat X for predict: one value per row for a one-feature model, else one row of nFeatures values.
 * @throws RangeError when it is neither.
 */
export function flatForPredict(X: ArrayLike<number>, nFeatures: number, name = 'X'): Matrix {
  if (nFeatures === 1) return flatMatrix(X, X.length, 1, name);
  if (X.length === nFeatures) return flatMatrix(X, 1, nFeatures, name);
  throw new RangeError(
    `${name} is a flat array of ${X.length} numbers, but the model has ${nFeatures} features: pass one row of ${nFeatures} ` +
      `numbers, or rows ([[x₁, …, x${nFeatures}], …])`,
  );
}

function flatMatrix(X: ArrayLike<number>, rows: number, cols: number, name: string): Matrix {
  // A Float32Array stays float32, as a Float32Array matrix does: predict computes in its dtype.
  const data = X instanceof Float32Array ? new Float32Array(X.length) : new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const v = X[i];
    const where = cols === 1 ? `row ${i}` : `column ${i}`;
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}] (${where}) must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] (${where}) is ${v}: every value must be finite`);
    data[i] = v;
  }
  return { data, rows, cols };
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((n) => JSON.stringify(n));
  return names.length > 12 ? `${shown.join(', ')} … (${names.length})` : shown.join(', ');
}

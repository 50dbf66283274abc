// Apache Arrow tables as training data, without depending on apache-arrow: a Table (or RecordBatch)
// is recognised by its shape — schema.fields, numRows, getChild(name) — so any Arrow JS version, or an
// object that behaves like one, works. Columns are picked by name, checked (numeric, no nulls) and
// handed over as typed arrays, column-major; the engine transposes them in WASM.
import { type ColumnMatrix, describe, type NumericColumn } from '../api/data.js';

/** Arrow's type ids (apache-arrow's `Type` enum) that hold numbers. */
const ARROW_INT = 2;
const ARROW_FLOAT = 3;
/** Precision.HALF of a Float type: stored as raw 16-bit halves, read through get(). */
const HALF = 0;

/** The part of an apache-arrow Vector that linwasm reads. */
export interface ArrowVectorLike {
  readonly length: number;
  readonly nullCount: number;
  readonly type: {
    readonly typeId: number;
    readonly bitWidth?: number;
    readonly precision?: number;
    /** The type's name, for error messages (e.g. 'Utf8'). */
    toString(): string;
  };
  /** The values, as a typed array for numeric types (read for every numeric type but float16). */
  toArray(): ArrayLike<number | bigint>;
  /** The value at `index` (read for float16 columns, whose toArray holds the raw 16-bit halves). */
  get(index: number): unknown;
  /** Whether the value at `index` is not null (read to name the row of the first null). */
  isValid(index: number): boolean;
}

/** The part of an apache-arrow Table or RecordBatch that linwasm reads. */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  /** The column called `name`, or null when there is none. */
  getChild(name: string): ArrowVectorLike | null;
}

/** Which columns are the target and the features (default: every column but the target). */
export interface ColumnSelection {
  target: string;
  features?: readonly string[];
}

export function isArrowTable(v: unknown): v is ArrowTableLike {
  if (v === null || typeof v !== 'object') return false;
  const t = v as Partial<ArrowTableLike>;
  return typeof t.getChild === 'function' && typeof t.numRows === 'number' && Array.isArray(t.schema?.fields);
}

export function isArrowVector(v: unknown): v is ArrowVectorLike {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const a = v as Partial<ArrowVectorLike>;
  return typeof a.toArray === 'function' && typeof a.isValid === 'function' && typeof a.type?.typeId === 'number';
}

/** The column names of a table. */
export function columnNames(table: ArrowTableLike): string[] {
  return table.schema.fields.map((f) => f.name);
}

/**
 * The features of a table as typed columns, and the target when `selection` names one.
 * @throws TypeError for an unknown column (listing the table's), a non-numeric column, or a feature
 * list that is not an array of names; RangeError for a null (naming the column and the row), an empty
 * table, or a target that is also a feature.
 */
export function readTable(
  table: ArrowTableLike,
  selection: { target?: string | null; features?: readonly string[] } | null,
  name = 'X',
  /** Added to row numbers in errors (the rows of the batches before this one). */
  rowOffset = 0,
): { X: ColumnMatrix; y: Float64Array | null; features: string[]; target: string | null } {
  const names = columnNames(table);
  const target = selection?.target ?? null;
  if (target !== null && typeof target !== 'string') {
    throw new TypeError(`The target must be a column name, got ${describe(target)}`);
  }
  const features = selection?.features ? [...selection.features] : names.filter((n) => n !== target);
  if (!features.every((f) => typeof f === 'string')) throw new TypeError('features must be an array of column names');
  const listed = `the table has ${names.map((n) => `'${n}'`).join(', ')}`;
  for (const column of target === null ? features : [target, ...features]) {
    if (!names.includes(column)) {
      throw new TypeError(`${column === target ? 'no target' : 'no feature'} column '${column}': ${listed}`);
    }
  }
  if (target !== null && features.includes(target)) {
    throw new RangeError(`'${target}' is the target, so it cannot also be a feature`);
  }
  if (features.length === 0) throw new RangeError(`no feature columns: ${listed}, and '${target}' is the target`);
  if (table.numRows === 0) throw new RangeError(`${name} is empty: the table has no rows`);
  const columns = features.map((f) => numericColumn(table.getChild(f), f, rowOffset));
  const y = target === null ? null : toFloat64(numericColumn(table.getChild(target), target, rowOffset));
  return { X: { columns, rows: table.numRows, cols: features.length, names: features }, y, features, target };
}

/**
 * An Arrow vector's values as a typed array of numbers (no copy for a single-batch column of a
 * JavaScript typed-array type; 64-bit integers and halves are converted).
 * @throws TypeError for a non-numeric column; RangeError for a null, naming the column and row.
 */
export function numericColumn(vector: ArrowVectorLike | null, column: string, rowOffset = 0): NumericColumn {
  if (!vector || !isArrowVector(vector)) throw new TypeError(`column '${column}' is not an Arrow vector`);
  const { typeId } = vector.type;
  if (typeId !== ARROW_INT && typeId !== ARROW_FLOAT) {
    throw new TypeError(
      `non-numeric column '${column}' (Arrow type ${String(vector.type)}): every feature and the target must be numbers`,
    );
  }
  if (vector.nullCount > 0) {
    let row = 0;
    while (row < vector.length && vector.isValid(row)) row++;
    throw new RangeError(
      `null in column '${column}' at row ${row + rowOffset} (${vector.nullCount} null${vector.nullCount > 1 ? 's' : ''} in the column): ` +
        'fill or drop missing values first',
    );
  }
  if (typeId === ARROW_FLOAT && vector.type.precision === HALF) {
    const out = new Float32Array(vector.length);
    for (let i = 0; i < out.length; i++) out[i] = vector.get(i) as number;
    return out;
  }
  const values = vector.toArray();
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < out.length; i++) out[i] = Number(values[i]);
    return out;
  }
  if (!ArrayBuffer.isView(values)) throw new TypeError(`column '${column}' did not give a typed array of numbers`);
  return values as NumericColumn;
}

/** A column as Float64Array (y and sample weights are float64 everywhere). */
export function toFloat64(column: NumericColumn): Float64Array {
  return column instanceof Float64Array ? column : Float64Array.from(column);
}

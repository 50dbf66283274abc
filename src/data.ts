// Input shapes accepted by the public API, and their conversion to one dense row-major form.
// Shape and type problems are reported here, naming the row and column; values that are not
// finite in the model's dtype are found by the engine on its own copy (see nonFiniteError).

/** A dense row-major matrix: element (i, j) is data[i·cols + j]. */
export interface Matrix {
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
}

/** X as users pass it: rows of numbers, or a row-major typed array with its shape. */
export type MatrixInput = ArrayLike<number>[] | Matrix;
/** y as users pass it. */
export type VectorInput = ArrayLike<number>;

/**
 * Converts X to a Matrix. Arrays of rows are copied into a Float64Array; typed matrices are used
 * as they are (not copied).
 * @throws TypeError for a wrong type or a non-number value; RangeError for an empty or ragged X.
 */
export function toMatrix(X: unknown, name = 'X'): Matrix {
  if (Array.isArray(X)) return fromRows(X, name);
  if (X !== null && typeof X === 'object' && 'data' in X) return checkDense(X as Matrix, name);
  throw new TypeError(
    `${name} must be an array of rows (number[][]) or { data, rows, cols } with a Float64Array or ` +
      `Float32Array, got ${describe(X)}`,
  );
}

function fromRows(rows: unknown[], name: string): Matrix {
  if (rows.length === 0) throw new RangeError(`${name} is empty: it needs at least one row`);
  const first = rows[0];
  if (!isArrayLike(first)) throw new TypeError(`${name}[0] must be an array of numbers, got ${describe(first)}`);
  const cols = first.length;
  if (cols === 0) throw new RangeError(`${name} has no columns: row 0 is empty`);
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!isArrayLike(row)) throw new TypeError(`${name}[${i}] must be an array of numbers, got ${describe(row)}`);
    if (row.length !== cols) {
      throw new RangeError(`${name} is ragged: row ${i} has ${row.length} columns, but row 0 has ${cols}`);
    }
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new TypeError(`${name}[${i}][${j}] (row ${i}, column ${j}) must be a number, got ${describe(v)}`);
      }
      if (!Number.isFinite(v)) {
        throw new RangeError(`${name}[${i}][${j}] (row ${i}, column ${j}) is ${v}: every value must be finite`);
      }
      data[offset + j] = v;
    }
  }
  return { data, rows: rows.length, cols };
}

function checkDense(X: Matrix, name: string): Matrix {
  const { data, rows, cols } = X;
  if (!(data instanceof Float64Array || data instanceof Float32Array)) {
    throw new TypeError(`${name}.data must be a Float64Array or Float32Array, got ${describe(data)}`);
  }
  for (const [key, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new TypeError(`${name}.${key} must be a whole number, got ${describe(v)}`);
  }
  if (rows === 0) throw new RangeError(`${name} is empty: it needs at least one row`);
  if (cols === 0) throw new RangeError(`${name} has no columns`);
  if (data.length !== rows * cols) {
    throw new RangeError(
      `${name}.data has ${data.length} values, but ${name}.rows × ${name}.cols = ${rows} × ${cols} = ${rows * cols}`,
    );
  }
  return { data, rows, cols };
}

/**
 * Converts y to a Float64Array of finite numbers.
 * @throws TypeError for a wrong type or a non-number; RangeError for an empty y or a non-finite value.
 */
export function toVector(y: unknown, name = 'y'): Float64Array {
  if (!isArrayLike(y) || typeof y === 'string') {
    throw new TypeError(`${name} must be an array of numbers or a typed array, got ${describe(y)}`);
  }
  if (y.length === 0) throw new RangeError(`${name} is empty: it needs at least one value`);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}] must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] is ${v}: every value must be finite`);
    out[i] = v;
  }
  return out;
}

/** Checks that X and y describe the same samples. */
export function checkSameLength(X: Matrix, y: Float64Array): void {
  if (X.rows !== y.length) {
    throw new RangeError(`X and y must have the same length: X has ${X.rows} rows but y has ${y.length} values`);
  }
}

/**
 * The error for the first value of X (index into its row-major data) that is not finite as stored
 * in `dtype`: either not finite in the input, or too large for float32.
 */
export function nonFiniteError(X: Matrix, index: number, dtype: string, name = 'X'): RangeError {
  const row = Math.floor(index / X.cols);
  const col = index % X.cols;
  const v = X.data[index];
  const where = `${name}[${row}][${col}] (row ${row}, column ${col})`;
  return Number.isFinite(v)
    ? new RangeError(`${where} is ${v}, which overflows ${dtype}: use dtype 'float64' or rescale the column`)
    : new RangeError(`${where} is ${v}: every value must be finite`);
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return (
    Array.isArray(v) ||
    ArrayBuffer.isView(v) ||
    (v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number')
  );
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)})`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'function') return 'a function';
  return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
}

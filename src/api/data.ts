// Input shapes accepted by the public API, and their conversion to one dense row-major form.
// Shape and type problems are reported here, naming the row and column; values that are not
// finite in the model's dtype are found by the engine on its own copy (see nonFiniteError).

/** A dense row-major matrix: element (i, j) is data[i·cols + j]. */
export interface Matrix {
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
}

/** A numeric column: any typed array of numbers (BigInt arrays excepted). */
export type NumericColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/**
 * Columns of equal length (column-major), as Arrow and Parquet hold data. Not copied into a row-major
 * array in JavaScript: the engine copies the columns in and transposes them in WASM (transpose kernel).
 */
export interface ColumnMatrix {
  columns: readonly NumericColumn[];
  rows: number;
  cols: number;
  /** Column names: errors name the column by them (and models keep them as feature names). */
  names?: readonly string[];
}

/** What the engines store: row-major or column-major. */
export type Dense = Matrix | ColumnMatrix;

/** X as users pass it: rows of numbers, a row-major typed array with its shape, or typed columns. */
export type MatrixInput = ArrayLike<number>[] | Matrix | ColumnMatrix;
/** y as users pass it. */
export type VectorInput = ArrayLike<number>;

/**
 * Converts X to a Matrix. Arrays of rows are copied into a Float64Array; typed matrices are used
 * as they are (not copied).
 * @throws TypeError for a wrong type or a non-number value; RangeError for an empty or ragged X.
 */
export function toMatrix(X: unknown, name = 'X'): Dense {
  if (Array.isArray(X)) return fromRows(X, name);
  if (X !== null && typeof X === 'object' && 'data' in X) return checkDense(X as Matrix, name);
  if (X !== null && typeof X === 'object' && 'columns' in X) return checkColumns(X as ColumnMatrix, name);
  throw new TypeError(
    `${name} must be an array of rows (number[][]), { data, rows, cols } with a Float64Array or ` +
      `Float32Array, { columns, rows, cols } with typed-array columns, or an Arrow Table, got ${describe(X)}`,
  );
}

/**
 * X as a row-major Matrix: typed columns (a ColumnMatrix, an Arrow table's) are copied into rows, for
 * the code outside the engines that reads rows (model selection, polynomial features).
 */
export function toRowMatrix(X: unknown, name = 'X'): Matrix {
  const m = toMatrix(X, name);
  if (!isColumnar(m)) return m;
  const { rows, cols, columns } = m;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const column = columns[j];
    for (let i = 0; i < rows; i++) data[i * cols + j] = column[i];
  }
  return { data, rows, cols };
}

/** Whether X is stored column by column. */
export function isColumnar(X: Dense): X is ColumnMatrix {
  return 'columns' in X;
}

/** Whether predictions on X run in float32: a Float32Array matrix, or columns that are all Float32Array. */
export function isFloat32(X: Dense): boolean {
  return isColumnar(X) ? X.columns.every((c) => c instanceof Float32Array) : X.data instanceof Float32Array;
}

/**
 * Writes X's columns as float64, one after another (column-major: element (i, j) at j·rows + i), into
 * `out` — what the transpose kernel reads. With `order`, row i is X's row order[i]. TypedArray.set
 * widens float32 and integer columns natively; only a reordered copy runs a loop.
 */
export function writeColumns(X: ColumnMatrix, order: Uint32Array | null, out: Float64Array): void {
  const n = order ? order.length : X.rows;
  for (let j = 0; j < X.cols; j++) {
    const column = X.columns[j];
    if (!order) {
      out.set(column, j * n);
    } else {
      const base = j * n;
      for (let i = 0; i < n; i++) out[base + i] = column[order[i]];
    }
  }
}

function checkColumns(X: ColumnMatrix, name: string): ColumnMatrix {
  const { columns, rows, cols, names } = X;
  if (!Array.isArray(columns))
    throw new TypeError(`${name}.columns must be an array of typed arrays, got ${describe(columns)}`);
  for (const [key, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new TypeError(`${name}.${key} must be a whole number, got ${describe(v)}`);
  }
  if (rows === 0) throw new RangeError(`${name} is empty: it needs at least one row`);
  if (cols === 0) throw new RangeError(`${name} has no columns`);
  if (columns.length !== cols)
    throw new RangeError(`${name} has ${columns.length} columns, but ${name}.cols is ${cols}`);
  if (names !== undefined && (!Array.isArray(names) || names.length !== cols)) {
    throw new TypeError(`${name}.names must be an array of ${cols} column names`);
  }
  columns.forEach((c: unknown, j) => {
    const label = names ? `'${names[j]}'` : String(j);
    if (!ArrayBuffer.isView(c) || c instanceof DataView || c instanceof BigInt64Array || c instanceof BigUint64Array) {
      throw new TypeError(`${name} column ${label} must be a typed array of numbers, got ${describe(c)}`);
    }
    if ((c as NumericColumn).length !== rows) {
      throw new RangeError(
        `${name} column ${label} has ${(c as NumericColumn).length} values, but ${name}.rows is ${rows}`,
      );
    }
  });
  return { columns, rows, cols, ...(names ? { names } : {}) };
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

function checkCount(name: string, key: string, v: unknown): void {
  if (!Number.isInteger(v) || (v as number) < 0) {
    throw new TypeError(`${name}.${key} must be a whole number, got ${describe(v)}`);
  }
}

function checkDense(X: Matrix, name: string): Matrix {
  const { data, rows, cols } = X;
  if (!(data instanceof Float64Array || data instanceof Float32Array)) {
    throw new TypeError(`${name}.data must be a Float64Array or Float32Array, got ${describe(data)}`);
  }
  // Two plain checks, not a loop over [name, value] pairs: predict of a row or two runs this on every call.
  checkCount(name, 'rows', rows);
  checkCount(name, 'cols', cols);
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
export function checkSameLength(X: Dense, y: Float64Array): void {
  if (X.rows !== y.length) {
    throw new RangeError(`X and y must have the same length: X has ${X.rows} rows but y has ${y.length} values`);
  }
}

/**
 * The error for the first value of X (index into its row-major data) that is not finite as stored
 * in `dtype`: either not finite in the input, or too large for float32.
 */
export function nonFiniteError(X: Dense, index: number, dtype: string, name = 'X'): RangeError {
  const row = Math.floor(index / X.cols);
  const col = index % X.cols;
  const v = isColumnar(X) ? X.columns[col][row] : X.data[index];
  const column = isColumnar(X) && X.names ? `'${X.names[col]}'` : String(col);
  const where = `${name}[${row}][${col}] (row ${row}, column ${column})`;
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

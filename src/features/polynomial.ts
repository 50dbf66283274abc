// Polynomial and interaction features, scikit-learn's PolynomialFeatures: the columns, their
// order and their names (get_feature_names_out) are scikit-learn's, so a model on them can be
// compared term by term.
import { describe, type Matrix, type MatrixInput, toRowMatrix } from '../api/data.js';
import { checkOptionObject } from '../select/checks.js';

/** The options of polynomialFeatures, scikit-learn's PolynomialFeatures parameters. */
export interface PolynomialOptions {
  /** The largest degree (default 2), or [min, max]: the terms of degrees min … max (the bias
   *  column still comes first with includeBias). */
  degree?: number | readonly [number, number];
  /** Only products of distinct features (x0·x1, not x0²) (default false). */
  interactionOnly?: boolean;
  /** A first column of ones, the degree-0 term (default true, as scikit-learn; LinearRegression
   *  fits its own intercept, so pass false for it). */
  includeBias?: boolean;
  /** Names of the input columns (default 'x0', 'x1', …). */
  names?: readonly string[];
}

/** What polynomialFeatures returns: the expanded X, the output columns' names and their powers. */
export interface PolynomialFeatures<X extends MatrixInput> {
  /** The expanded rows, in the form X was given (arrays of rows, or a matrix of X's element type). */
  X: X;
  /** The name of every output column: '1', 'x0', 'x0^2', 'x0 x1', … */
  names: string[];
  /** The exponent of every input column in every output column (output × input). */
  powers: number[][];
}

/** The most values polynomialFeatures builds (2²⁷ = 134 217 728: 1 GiB of float64). */
export const MAX_POLYNOMIAL_VALUES = 2 ** 27;

/**
 * The polynomial features of X up to `degree`: for every row, 1 (with includeBias), then the
 * products of degree 1, 2, … of its values, in scikit-learn's order (combinations with replacement
 * of the column indices, each degree in lexicographic order). Products are formed left to right,
 * as scikit-learn forms them.
 * @throws TypeError/RangeError for bad X (as fit), an unknown option, a degree that is not a
 * non-negative integer or [min, max] with 0 ≤ min ≤ max, names of the wrong number or type, no
 * output column (degree 0 without includeBias), or an output of more than MAX_POLYNOMIAL_VALUES values.
 */
export function polynomialFeatures<X extends MatrixInput>(
  X: X,
  options: PolynomialOptions = {},
): PolynomialFeatures<X> {
  const o = checkOptionObject(options, ['degree', 'interactionOnly', 'includeBias', 'names'], 'polynomialFeatures');
  const [minDegree, maxDegree] = checkDegree(o.degree ?? 2);
  const interactionOnly = flag(o.interactionOnly ?? false, 'interactionOnly');
  const includeBias = flag(o.includeBias ?? true, 'includeBias');
  const m = toRowMatrix(X, 'X');
  const d = m.cols;
  const inputNames = checkNames(o.names, d);
  if (maxDegree === 0 && !includeBias) {
    throw new RangeError('polynomialFeatures: degree 0 without includeBias leaves no column to output');
  }
  const terms = combinations(d, Math.max(1, minDegree), maxDegree, interactionOnly, m.rows);
  if (includeBias) terms.unshift([]);
  const cols = terms.length;
  const total = cols * m.rows;
  if (total > MAX_POLYNOMIAL_VALUES) throw tooLarge(cols, m.rows);
  const out = m.data instanceof Float32Array ? new Float32Array(total) : new Float64Array(total);
  for (let i = 0; i < m.rows; i++) {
    const row = i * d;
    for (let t = 0; t < cols; t++) {
      const term = terms[t];
      let v = 1;
      if (term.length > 0) {
        v = m.data[row + term[0]];
        for (let k = 1; k < term.length; k++) v *= m.data[row + term[k]];
      }
      out[i * cols + t] = v;
    }
  }
  const powers = terms.map((term) => {
    const p = new Array<number>(d).fill(0);
    for (const j of term) p[j]++;
    return p;
  });
  const names = powers.map((p) => {
    const factors = p.flatMap((e, j) => (e === 0 ? [] : [e === 1 ? inputNames[j] : `${inputNames[j]}^${e}`]));
    return factors.length ? factors.join(' ') : '1';
  });
  const expanded: Matrix = { data: out, rows: m.rows, cols };
  return { X: (Array.isArray(X) ? toRows(expanded) : expanded) as X, names, powers };
}

function checkDegree(degree: unknown): [number, number] {
  const isDegree = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (isDegree(degree)) return [0, degree as number];
  if (
    Array.isArray(degree) &&
    degree.length === 2 &&
    isDegree(degree[0]) &&
    isDegree(degree[1]) &&
    degree[0] <= degree[1]
  ) {
    return [degree[0], degree[1]];
  }
  throw new RangeError(
    `polynomialFeatures: degree must be an integer ≥ 0 or [min, max] with integers 0 ≤ min ≤ max, got ${
      Array.isArray(degree) ? JSON.stringify(degree) : describe(degree)
    }`,
  );
}

function flag(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean')
    throw new TypeError(`polynomialFeatures: ${name} must be true or false, got ${describe(v)}`);
  return v;
}

function checkNames(names: unknown, d: number): string[] {
  if (names === undefined) return Array.from({ length: d }, (_, j) => `x${j}`);
  if (!Array.isArray(names) || names.length !== d) {
    throw new RangeError(
      `polynomialFeatures: names must be a list of ${d} names, one per column of X, got ${describe(names)}`,
    );
  }
  names.forEach((name, j) => {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`polynomialFeatures: names[${j}] must be a non-empty string, got ${describe(name)}`);
    }
  });
  return names as string[];
}

/**
 * The index lists of every term of degrees lo … hi: combinations with replacement (or without, for
 * interactionOnly) in lexicographic order, degree by degree. Stops as soon as the output would be
 * too large, before building it.
 */
function combinations(d: number, lo: number, hi: number, distinct: boolean, rows: number): number[][] {
  const out: number[][] = [];
  let count = 0;
  for (let k = lo; k <= hi; k++) {
    count += countCombinations(d, k, distinct);
    if (count * rows > MAX_POLYNOMIAL_VALUES) throw tooLarge(countAll(d, lo, hi, distinct), rows);
  }
  const term: number[] = [];
  const walk = (k: number, from: number) => {
    if (term.length === k) {
      out.push(term.slice());
      return;
    }
    for (let j = from; j < d; j++) {
      term.push(j);
      walk(k, distinct ? j + 1 : j);
      term.pop();
    }
  };
  for (let k = lo; k <= hi; k++) walk(k, 0);
  return out;
}

/** C(d, k), or C(d + k − 1, k) with replacement (as a float: only compared with the limit). */
function countCombinations(d: number, k: number, distinct: boolean): number {
  const top = distinct ? d : d + k - 1;
  if (k > top) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (top - k + i)) / i;
  return Math.round(c);
}

function countAll(d: number, lo: number, hi: number, distinct: boolean): number {
  let count = 0;
  for (let k = lo; k <= hi && Number.isFinite(count); k++) count += countCombinations(d, k, distinct);
  return count;
}

function tooLarge(cols: number, rows: number): RangeError {
  return new RangeError(
    `polynomialFeatures: the output would have ${Number.isSafeInteger(cols) ? cols : cols.toPrecision(4)} columns × ` +
      `${rows} rows, more than the ` +
      `${MAX_POLYNOMIAL_VALUES} values this function builds: lower the degree, use interactionOnly, or select features first`,
  );
}

function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

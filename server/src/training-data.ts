// A JSON body of POST /v2/models/{name}/train → a validated job: X, y, column names and resolved
// options; and the options of a file upload (upload.ts), given in the query string. Everything a
// client can get wrong is found here, before a worker starts, and answered with 400 naming the row
// and column (413 past the row limit).
import { LinearRegression, type LinearRegressionOptions, type ResolvedOptions } from 'linwasm';
import { HttpError } from './http-error.js';
import type { ModelColumns } from './model-file.js';

/** The JSON form: rows as objects keyed by column, or as arrays with a `columns` header. */
export interface TrainJsonBody {
  target: string;
  features?: string[];
  columns?: string[];
  rows: unknown[];
  options?: Record<string, unknown>;
}

export interface TrainingData {
  X: Float64Array;
  rows: number;
  cols: number;
  y: Float64Array;
  columns: ModelColumns;
  options: ResolvedOptions;
}

export const TRAIN_BODY_SCHEMA = {
  type: 'object',
  required: ['target', 'rows'],
  additionalProperties: false,
  properties: {
    target: { type: 'string', minLength: 1 },
    features: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    columns: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    rows: { type: 'array', minItems: 1 },
    options: { type: 'object' },
  },
} as const;

/**
 * Resolves training options and checks them against the data.
 * @throws HttpError 400 naming the option.
 */
export function resolve(options: Record<string, unknown>, rows: number): ResolvedOptions {
  let resolved: ResolvedOptions;
  try {
    resolved = { ...new LinearRegression(options as LinearRegressionOptions).options };
  } catch (e) {
    throw new HttpError(400, (e as Error).message);
  }
  if (resolved.solver === 'minibatch' && resolved.batchSize > rows) {
    throw new HttpError(400, `Option batchSize (${resolved.batchSize}) is larger than the number of rows (${rows})`);
  }
  return resolved;
}

/**
 * Reads a JSON training body.
 * @throws HttpError 400 for a missing column, a non-numeric or non-finite value (naming its row and
 * column) or a bad option; 413 for more than maxRows rows.
 */
export function fromJson(body: TrainJsonBody, maxRows: number): TrainingData {
  const { target, rows } = body;
  if (rows.length > maxRows) throw new HttpError(413, `${rows.length} rows is more than the limit of ${maxRows}`);
  const options = resolve(body.options ?? {}, rows.length);
  const byName = !Array.isArray(rows[0]);
  if (!byName && !body.columns) {
    throw new HttpError(400, 'rows are arrays: give their column names in "columns" (or send rows as objects)');
  }
  const header = byName ? objectKeys(rows[0], 0) : (body.columns as string[]);
  if (!header.includes(target)) {
    throw new HttpError(400, `no target column '${target}': the columns are ${header.map((h) => `'${h}'`).join(', ')}`);
  }
  const features = body.features ?? header.filter((h) => h !== target);
  for (const f of features) {
    if (!header.includes(f)) throw new HttpError(400, `no feature column '${f}' in the rows`);
  }
  if (features.length === 0) throw new HttpError(400, `no feature columns: '${target}' is the only column`);
  const d = features.length;
  const X = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  const index = byName ? null : features.map((f) => header.indexOf(f));
  const targetIndex = header.indexOf(target);
  const float32 = options.dtype === 'float32';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (byName) {
      const r = objectRow(row, i);
      for (let k = 0; k < d; k++) X[i * d + k] = number(r[features[k]], i, features[k], float32);
      y[i] = number(r[target], i, target, float32);
    } else {
      if (!Array.isArray(row) || row.length !== header.length) {
        const got = Array.isArray(row) ? `${row.length} values` : 'not an array';
        throw new HttpError(400, `rows[${i}] has ${got}, but there are ${header.length} columns`);
      }
      for (let k = 0; k < d; k++) X[i * d + k] = number(row[(index as number[])[k]], i, features[k], float32);
      y[i] = number(row[targetIndex], i, target, float32);
    }
  }
  return { X, rows: rows.length, cols: d, y, columns: { features, target }, options };
}

// Query strings carry text: turn each known option into its type. Unknown names pass through as
// they are, so that the option check names them (and suggests the nearest known one).
const NUMBERS = new Set([
  'maxEpochs',
  'batchSize',
  'patience',
  'l2',
  'l1',
  'alpha',
  'l1Ratio',
  'epsilon',
  'powerT',
  'momentum',
  'beta1',
  'beta2',
  'adamEpsilon',
  'validationFraction',
  'seed',
]);
const BOOLEANS = new Set(['fitIntercept', 'standardize', 'shuffle', 'nesterov', 'warmStart']);

export function optionsFromQuery(query: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(query)) {
    if (NUMBERS.has(key)) out[key] = toNumber(text);
    else if (BOOLEANS.has(key)) out[key] = text === 'true' ? true : text === 'false' ? false : text;
    else if (key === 'learningRate') out[key] = text === 'auto' ? text : toNumber(text);
    else if (key === 'tolerance') out[key] = text === 'null' || text === 'none' ? null : toNumber(text);
    else if (key === 'average') out[key] = text === 'true' ? true : text === 'false' ? false : toNumber(text);
    else out[key] = text;
  }
  return out;
}

function toNumber(text: string): number | string {
  const v = Number(text);
  return text.trim() !== '' && Number.isFinite(v) ? v : text;
}

function objectKeys(row: unknown, i: number): string[] {
  return Object.keys(objectRow(row, i));
}

function objectRow(row: unknown, i: number): Record<string, unknown> {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new HttpError(400, `rows[${i}] must be an object of column: value (like rows[0])`);
  }
  return row as Record<string, unknown>;
}

function number(v: unknown, row: number, column: string, float32: boolean): number {
  if (typeof v !== 'number') {
    const what = v === undefined ? 'is missing' : `must be a number, got ${JSON.stringify(v)}`;
    throw new HttpError(400, `row ${row}, column '${column}': the value ${what}`);
  }
  // JSON numbers such as 1e999 parse to Infinity.
  if (!Number.isFinite(v)) throw new HttpError(400, `row ${row}, column '${column}': the value is not finite (${v})`);
  if (float32 && !Number.isFinite(Math.fround(v))) {
    throw new HttpError(400, `row ${row}, column '${column}': ${v} overflows float32 (use dtype 'float64')`);
  }
  return v;
}

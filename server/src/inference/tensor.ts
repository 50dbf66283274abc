// An inference request's input tensor → the matrix linwasm predicts on. The same checks for every
// wire form: JSON data (flat, or nested exactly as the shape), binary bytes (Triton's binary tensor
// data, gRPC raw_input_contents) and gRPC's typed contents. Every rejected value is named by its
// position, so that a client can find it in what it sent.
import { endianness } from 'node:os';
import type { Matrix } from 'linwasm';
import { HttpError } from '../http-error.js';
import { type Datatype, datatypeOf, type OutputDatatype } from './datatypes.js';

/** An input tensor as received: its data in exactly one of the three forms. */
export interface InputTensor {
  name: string;
  datatype: unknown;
  shape: unknown;
  /** JSON data, flat or nested in row-major order. */
  data?: unknown[];
  /** Little-endian binary data. */
  bytes?: Uint8Array;
  /** gRPC typed contents: the repeated field of the datatype. */
  values?: ArrayLike<unknown>;
}

export interface DecodedTensor {
  /** For up to SCRATCH_VALUES values, a view of a buffer that the next readTensor call overwrites. */
  X: Matrix;
  output: OutputDatatype;
}

const LITTLE_ENDIAN = endianness() === 'LE';

// A one-row matrix of 10 features is 80 bytes, past V8's limit for typed arrays kept on the JS heap
// (64): an array of its own per request was a malloc, a backing store and a sweep (0.5 µs). Small
// tensors are decoded into these instead; infer() hands the matrix to predict, which copies it into
// WASM, before any other request is read.
const SCRATCH_VALUES = 4096;
const scratch64 = new Float64Array(SCRATCH_VALUES);
const scratch32 = new Float32Array(SCRATCH_VALUES);

/**
 * The matrix of one input tensor of shape [rows, nFeatures]; a small one is valid until the next call
 * (see DecodedTensor).
 * @throws HttpError 400 for an unsupported datatype, a shape that does not match the model, data
 * that does not match the shape, or a bad element (named by row and column); 413 past maxRows.
 */
export function readTensor(input: InputTensor, nFeatures: number, maxRows: number): DecodedTensor {
  const where = `input '${input.name}'`;
  const type = datatypeOf(input.datatype);
  if (typeof type === 'string') throw new HttpError(400, `${where}: ${type}`);
  const rows = checkShape(input.shape, nFeatures, where);
  if (rows > maxRows) {
    throw new HttpError(413, `${where}: ${rows} rows is more than the limit of ${maxRows} per request`);
  }
  const n = rows * nFeatures;
  const f32 = type.output === 'FP32';
  const data =
    n <= SCRATCH_VALUES
      ? (f32 ? scratch32 : scratch64).subarray(0, n)
      : f32
        ? new Float32Array(n)
        : new Float64Array(n);
  const ctx = new Context(where, rows, nFeatures, type, data);
  if (input.bytes !== undefined) fromBytes(input.bytes, ctx);
  else if (input.values !== undefined) fromFlat(input.values, ctx, 'contents');
  else fromJson(input.data ?? [], rows, ctx);
  return { X: { data, rows, cols: nFeatures }, output: type.output };
}

class Context {
  constructor(
    readonly where: string,
    readonly rows: number,
    readonly cols: number,
    readonly type: Datatype,
    readonly out: Float32Array | Float64Array,
  ) {}

  /** For messages only: made when a request is refused. */
  get shape(): string {
    return `[${this.rows}, ${this.cols}]`;
  }
}

/** @returns the number of rows. */
function checkShape(shape: unknown, nFeatures: number, where: string): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new HttpError(
      400,
      `${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)?.slice(0, 80)}`,
    );
  }
  if (shape.length !== 2 || shape[1] !== nFeatures || shape[0] < 1) {
    throw new HttpError(
      400,
      `${where}: shape [${shape.join(', ')}] does not match the model: expected [rows, ${nFeatures}] ` +
        `with rows ≥ 1 (one row per sample, ${nFeatures} features)`,
    );
  }
  return shape[0];
}

// JSON data is either flat (rows·cols numbers) or nested exactly as the shape (rows arrays of cols
// numbers); anything else — ragged rows, a mix of numbers and arrays, deeper nesting — is refused.
function fromJson(data: unknown[], rows: number, ctx: Context): void {
  if (data.length === 0 || !Array.isArray(data[0])) {
    fromFlat(data, ctx, 'data');
    return;
  }
  if (data.length !== rows) {
    throw new HttpError(
      400,
      `${ctx.where}: data is nested with ${data.length} rows, but shape ${ctx.shape} has ${rows}`,
    );
  }
  const { cols } = ctx;
  for (let i = 0; i < rows; i++) {
    const row = data[i];
    if (!Array.isArray(row)) {
      throw new HttpError(400, `${ctx.where}: data[${i}] is not an array: nest every row, or send flat data`);
    }
    if (row.length !== cols) {
      throw new HttpError(
        400,
        `${ctx.where}: data is ragged: row ${i} has ${row.length} elements, but shape ${ctx.shape} needs ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) put(row[j], i * cols + j, ctx);
  }
}

function fromFlat(values: ArrayLike<unknown>, ctx: Context, what: string): void {
  const n = ctx.out.length;
  if (values.length !== n) {
    throw new HttpError(400, `${ctx.where}: ${what} has ${values.length} elements, but shape ${ctx.shape} needs ${n}`);
  }
  for (let k = 0; k < n; k++) put(values[k], k, ctx);
}

function put(v: unknown, k: number, ctx: Context): void {
  if (typeof v !== 'number') {
    const got = Array.isArray(v) ? 'an array (nesting deeper than the shape)' : JSON.stringify(v);
    throw new HttpError(400, `${ctx.where}: element ${position(k, ctx.cols)} must be a number, got ${got}`);
  }
  // JSON numbers such as 1e999 parse to Infinity.
  if (!Number.isFinite(v))
    throw new HttpError(400, `${ctx.where}: element ${position(k, ctx.cols)} is not finite (${v})`);
  const range = ctx.type.range;
  if (range !== null && (!Number.isInteger(v) || v < range[0] || v > range[1])) {
    throw new HttpError(
      400,
      `${ctx.where}: element ${position(k, ctx.cols)} must be an integer from ${range[0]} to ${range[1]} ` +
        `for ${ctx.type.name}, got ${v}`,
    );
  }
  ctx.out[k] = v;
  // FP32 cannot hold values past ±3.4e38.
  if (ctx.type.output === 'FP32' && !Number.isFinite(ctx.out[k])) {
    throw new HttpError(400, `${ctx.where}: element ${position(k, ctx.cols)} (${v}) overflows FP32: send FP64`);
  }
}

function fromBytes(bytes: Uint8Array, ctx: Context): void {
  const { out, type } = ctx;
  const n = out.length;
  if (bytes.byteLength !== n * type.bytes) {
    throw new HttpError(
      400,
      `${ctx.where}: binary data has ${bytes.byteLength} bytes, but shape ${ctx.shape} of ${type.name} ` +
        `needs ${n * type.bytes}`,
    );
  }
  if (LITTLE_ENDIAN && type.range === null) {
    // FP32 → Float32Array, FP64 → Float64Array: one copy of the bytes, then a check for NaN and ±∞.
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(out[k])) {
        throw new HttpError(400, `${ctx.where}: element ${position(k, ctx.cols)} is not finite (${out[k]})`);
      }
    }
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < n; k++) {
    const v = type.read(view, k);
    if (!Number.isFinite(v))
      throw new HttpError(400, `${ctx.where}: element ${position(k, ctx.cols)} is not finite (${v})`);
    out[k] = v;
  }
}

function position(k: number, cols: number): string {
  return `${k} (row ${Math.floor(k / cols)}, column ${k % cols})`;
}

// Open Inference Protocol tensors ↔ linwasm matrices. A request carries X as one input tensor of
// shape [rows, nFeatures], datatype FP32 or FP64, with its data flat or nested (row-major either
// way); the answer is one output tensor of shape [rows]. Every rejected value is named by its
// position, so a client can find it in what it sent.
import type { Matrix } from '../index.js';
import { HttpError } from './http-error.js';

export const INPUT_NAME = 'input-0';
export const OUTPUT_NAME = 'output-0';
export type Datatype = 'FP32' | 'FP64';

export interface RequestInput {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
  parameters?: Record<string, unknown>;
}

export interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: RequestInput[];
  outputs?: { name: string; parameters?: Record<string, unknown> }[];
}

export interface ResponseOutput {
  name: string;
  shape: number[];
  datatype: Datatype;
  data: number[];
}

/**
 * The matrix of an inference request's input tensor.
 * @throws HttpError 400 for a wrong number of inputs, an unsupported datatype, a shape that does not
 * match the model, data that does not match the shape, or a non-number or non-finite element;
 * 413 for more than maxRows rows.
 */
export function readInput(
  request: InferRequest,
  nFeatures: number,
  maxRows: number,
): { X: Matrix; datatype: Datatype } {
  if (request.inputs.length !== 1) {
    throw new HttpError(
      400,
      `expected 1 input tensor (${INPUT_NAME}, shape [rows, ${nFeatures}]), got ${request.inputs.length}`,
    );
  }
  const input = request.inputs[0];
  const where = `input '${input.name}'`;
  const datatype = input.datatype;
  if (datatype !== 'FP32' && datatype !== 'FP64') {
    throw new HttpError(400, `${where}: datatype ${JSON.stringify(datatype)} is not supported: use FP64 or FP32`);
  }
  const shape = input.shape;
  if (shape.length !== 2 || shape[1] !== nFeatures || shape[0] < 1) {
    throw new HttpError(
      400,
      `${where}: shape [${shape.join(', ')}] does not match the model: expected [rows, ${nFeatures}] ` +
        `with rows ≥ 1 (one row per sample, ${nFeatures} features)`,
    );
  }
  const rows = shape[0];
  if (rows > maxRows) {
    throw new HttpError(413, `${where}: ${rows} rows is more than the limit of ${maxRows} per request`);
  }
  const data = datatype === 'FP32' ? new Float32Array(rows * nFeatures) : new Float64Array(rows * nFeatures);
  const count = flatten(input.data, data, 0, where, nFeatures, datatype);
  if (count !== data.length) {
    throw new HttpError(
      400,
      `${where}: data has ${count} elements, but shape [${rows}, ${nFeatures}] needs ${rows * nFeatures}`,
    );
  }
  return { X: { data, rows, cols: nFeatures }, datatype };
}

/**
 * Copies nested or flat tensor data into `out` in row-major order, checking every element.
 * @returns the number of elements found (may exceed out.length: counted but not stored).
 */
function flatten(
  data: unknown[],
  out: Float32Array | Float64Array,
  start: number,
  where: string,
  cols: number,
  datatype: Datatype,
): number {
  let k = start;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Array.isArray(v)) {
      k = flatten(v, out, k, where, cols, datatype);
      continue;
    }
    if (typeof v !== 'number') {
      throw new HttpError(400, `${where}: element ${position(k, cols)} must be a number, got ${JSON.stringify(v)}`);
    }
    // JSON numbers such as 1e999 parse to Infinity; FP32 cannot hold values past ±3.4e38.
    if (!Number.isFinite(v)) throw new HttpError(400, `${where}: element ${position(k, cols)} is not finite (${v})`);
    if (k < out.length) {
      out[k] = v;
      if (datatype === 'FP32' && !Number.isFinite(out[k])) {
        throw new HttpError(400, `${where}: element ${position(k, cols)} (${v}) overflows FP32: send FP64`);
      }
    }
    k++;
  }
  return k;
}

function position(k: number, cols: number): string {
  return `${k} (row ${Math.floor(k / cols)}, column ${k % cols})`;
}

/**
 * The response's output tensors.
 * @throws HttpError 400 when the request asks for an output the model does not have.
 */
export function outputs(request: InferRequest, yPred: Float64Array, datatype: Datatype): ResponseOutput[] {
  for (const o of request.outputs ?? []) {
    if (o.name !== OUTPUT_NAME) {
      throw new HttpError(400, `unknown output '${o.name}': this model has one output, '${OUTPUT_NAME}'`);
    }
  }
  return [{ name: OUTPUT_NAME, shape: [yPred.length], datatype, data: Array.from(yPred) }];
}

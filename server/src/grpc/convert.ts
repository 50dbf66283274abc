// KServe v2 gRPC messages ↔ the protocol-neutral inference request and result (inference/), and
// linwasm's errors → gRPC status codes. Inputs come either as typed `contents` (the repeated field of
// their datatype) or all as `raw_input_contents` (little-endian bytes, one entry per input); the
// answer uses the same form the request used, as KServe's own servers do.
import { status as Status } from '@grpc/grpc-js';
import { HttpError } from '../http-error.js';
import { littleEndianBytes } from '../inference/bytes.js';
import type { InferResult } from '../inference/infer.js';
import type { InferRequest } from '../inference/request.js';
import type { InputTensor } from '../inference/tensor.js';

/** The repeated field of InferTensorContents that carries each datatype. */
const CONTENTS_FIELD: Record<string, string> = {
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  BOOL: 'bool_contents',
  BYTES: 'bytes_contents',
};

// As proto-loader decodes them (keepCase, longs as Number, defaults).
interface GrpcInputTensor {
  name: string;
  datatype: string;
  shape: number[];
  contents?: Record<string, unknown[]> | null;
}

export interface GrpcInferRequest {
  model_name: string;
  model_version: string;
  id: string;
  inputs: GrpcInputTensor[];
  outputs: { name: string }[];
  raw_input_contents: Buffer[];
}

/** @throws HttpError 400 when the raw contents do not match the inputs. */
export function fromGrpcRequest(req: GrpcInferRequest): InferRequest {
  const raw = req.raw_input_contents ?? [];
  const inputs = req.inputs ?? [];
  if (raw.length > 0 && raw.length !== inputs.length) {
    throw new HttpError(
      400,
      `raw_input_contents has ${raw.length} entries, but there are ${inputs.length} inputs: send one per input, or use contents`,
    );
  }
  return {
    ...(req.id ? { id: req.id } : {}),
    inputs: inputs.map((t, i): InputTensor => {
      const base = { name: t.name, datatype: t.datatype, shape: t.shape };
      if (raw.length > 0) return { ...base, bytes: raw[i] };
      const field = CONTENTS_FIELD[t.datatype];
      return { ...base, values: (field && t.contents?.[field]) || [] };
    }),
    outputs: (req.outputs ?? []).map((o) => ({ name: o.name })),
    binaryOutput: raw.length > 0,
  };
}

export function toGrpcResponse(result: InferResult, raw: boolean) {
  return {
    model_name: result.model_name,
    model_version: result.model_version,
    id: result.id ?? '',
    outputs: result.outputs.map((o) => ({
      name: o.name,
      datatype: o.datatype,
      shape: o.shape,
      ...(raw ? {} : { contents: { [CONTENTS_FIELD[o.datatype]]: Array.from(o.values) } }),
    })),
    raw_output_contents: raw ? result.outputs.map(littleEndianBytes) : [],
  };
}

const CODES: Record<number, Status> = {
  400: Status.INVALID_ARGUMENT,
  401: Status.UNAUTHENTICATED,
  403: Status.PERMISSION_DENIED,
  404: Status.NOT_FOUND,
  413: Status.RESOURCE_EXHAUSTED,
  429: Status.RESOURCE_EXHAUSTED,
  503: Status.UNAVAILABLE,
};

/** A gRPC error for what a handler threw; errors that are not linwasm's say no more than 'internal error'. */
export function toGrpcError(e: unknown): { code: Status; details: string } {
  if (e instanceof HttpError) return { code: CODES[e.statusCode] ?? Status.INTERNAL, details: e.message };
  return { code: Status.INTERNAL, details: 'internal error' };
}

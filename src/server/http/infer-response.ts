// An inference answer in the REST form: all JSON, or — when any output is wanted as binary data
// (Triton's binary tensor data extension) — a JSON header followed by the raw little-endian tensors,
// sent as application/octet-stream with the header's length in Inference-Header-Content-Length.
import { littleEndianBytes } from '../inference/bytes.js';
import type { InferResult } from '../inference/infer.js';

export interface EncodedResponse {
  body: string | Buffer;
  headers: Record<string, string>;
}

export function encodeInferResponse(result: InferResult): EncodedResponse {
  const head = {
    model_name: result.model_name,
    model_version: result.model_version,
    ...(result.id === undefined ? {} : { id: result.id }),
  };
  if (!result.outputs.some((o) => o.binary)) {
    const outputs = result.outputs.map((o) => ({
      name: o.name,
      shape: o.shape,
      datatype: o.datatype,
      data: Array.from(o.values),
    }));
    return {
      body: JSON.stringify({ ...head, outputs }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    };
  }
  const tensors: Buffer[] = [];
  const outputs = result.outputs.map((o) => {
    if (!o.binary) return { name: o.name, shape: o.shape, datatype: o.datatype, data: Array.from(o.values) };
    const bytes = littleEndianBytes(o);
    tensors.push(bytes);
    return { name: o.name, shape: o.shape, datatype: o.datatype, parameters: { binary_data_size: bytes.byteLength } };
  });
  const header = Buffer.from(JSON.stringify({ ...head, outputs }), 'utf8');
  return {
    body: Buffer.concat([header, ...tensors]),
    headers: {
      'content-type': 'application/octet-stream',
      'inference-header-content-length': String(header.byteLength),
    },
  };
}

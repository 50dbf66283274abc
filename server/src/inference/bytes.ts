// Output tensors as the binary forms send them (REST binary tensor data, gRPC raw_output_contents):
// little-endian, row-major, no padding.
import { endianness } from 'node:os';
import type { InferOutput } from './infer.js';

const LITTLE_ENDIAN = endianness() === 'LE';

/** The output's values as little-endian bytes (a view of them on little-endian machines). */
export function littleEndianBytes(o: InferOutput): Buffer {
  const v = o.values;
  if (LITTLE_ENDIAN) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const out = Buffer.alloc(v.byteLength);
  for (let i = 0; i < v.length; i++) {
    if (o.datatype === 'FP32') out.writeFloatLE(v[i], i * 4);
    else out.writeDoubleLE(v[i], i * 8);
  }
  return out;
}

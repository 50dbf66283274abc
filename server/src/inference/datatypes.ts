// The Open Inference Protocol's tensor datatypes, as linwasm reads them. FP32 inputs are predicted in
// float32 and answered as FP32; FP64 and every integer type are converted to float64 and answered as
// FP64. BOOL, BYTES and the 16-bit floats have no meaning for a linear model's features (or no exact
// JSON form) and are refused by name.

/** What linwasm answers with. */
export type OutputDatatype = 'FP32' | 'FP64';

export interface Datatype {
  name: string;
  /** Bytes per element in the binary form (raw_input_contents, binary tensor data). */
  bytes: number;
  /** The answer's datatype. */
  output: OutputDatatype;
  /** Integer range of JSON and typed values; null for floats. */
  range: readonly [number, number] | null;
  /** Reads element i of little-endian binary data. */
  read(view: DataView, i: number): number;
}

function int(name: string, bytes: number, min: number, max: number, read: Datatype['read']): Datatype {
  return { name, bytes, output: 'FP64', range: [min, max], read };
}

// 64-bit integers are read exactly as BigInt and rounded to the nearest float64 once; JSON cannot
// carry more than 2^53 exactly anyway.
const DATATYPES: Record<string, Datatype> = {
  FP32: { name: 'FP32', bytes: 4, output: 'FP32', range: null, read: (v, i) => v.getFloat32(i * 4, true) },
  FP64: { name: 'FP64', bytes: 8, output: 'FP64', range: null, read: (v, i) => v.getFloat64(i * 8, true) },
  INT8: int('INT8', 1, -128, 127, (v, i) => v.getInt8(i)),
  INT16: int('INT16', 2, -32768, 32767, (v, i) => v.getInt16(i * 2, true)),
  INT32: int('INT32', 4, -2147483648, 2147483647, (v, i) => v.getInt32(i * 4, true)),
  INT64: int('INT64', 8, -(2 ** 63), 2 ** 63, (v, i) => Number(v.getBigInt64(i * 8, true))),
  UINT8: int('UINT8', 1, 0, 255, (v, i) => v.getUint8(i)),
  UINT16: int('UINT16', 2, 0, 65535, (v, i) => v.getUint16(i * 2, true)),
  UINT32: int('UINT32', 4, 0, 4294967295, (v, i) => v.getUint32(i * 4, true)),
  UINT64: int('UINT64', 8, 0, 2 ** 64, (v, i) => Number(v.getBigUint64(i * 8, true))),
};

/** Datatypes of the protocol that linwasm refuses, with the reason given to the client. */
const REFUSED: Record<string, string> = {
  BOOL: 'booleans are not features of a linear model',
  BYTES: 'strings are not features of a linear model',
  FP16: 'half precision is not supported',
  BF16: 'bfloat16 is not supported',
};

export const SUPPORTED_DATATYPES = Object.keys(DATATYPES);

/**
 * The datatype of that name, or the reason it is refused.
 */
export function datatypeOf(name: unknown): Datatype | string {
  if (typeof name === 'string' && Object.hasOwn(DATATYPES, name)) return DATATYPES[name];
  const why = typeof name === 'string' && Object.hasOwn(REFUSED, name) ? `${REFUSED[name]}: ` : '';
  return (
    `datatype ${JSON.stringify(name)} is not supported: ${why}send FP32 or FP64 ` +
    '(or INT8…INT64, UINT8…UINT64, converted to FP64)'
  );
}

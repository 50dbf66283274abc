// The ONNX message fields and constants linwasm writes and reads (onnx/onnx.proto, onnx-ml.proto):
// one table, shared by write.ts and read.ts.

export const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
} as const;
export const OPSET = { domain: 1, version: 2 } as const;
export const ENTRY = { key: 1, value: 2 } as const;
export const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 } as const;
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, docString: 6, domain: 7 } as const;
export const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, type: 20 } as const;
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;
export const TENSOR = {
  dims: 1,
  dataType: 2,
  floatData: 4,
  int32Data: 5,
  int64Data: 7,
  name: 8,
  rawData: 9,
  doubleData: 10,
  dataLocation: 14,
} as const;
export const VALUE_INFO = { name: 1, type: 2 } as const;
export const TYPE = { tensorType: 1 } as const;
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIMENSION = { dimValue: 1, dimParam: 2 } as const;

/** TensorProto.DataType */
export const FLOAT = 1;
export const DOUBLE = 11;

/** What linwasm writes: IR version 8 (ONNX 1.10+), operators of the default domain at opset 13. */
export const IR_VERSION = 8;
export const OPSET_VERSION = 13;
/** The traditional-ML domain of LinearRegressor. */
export const ML_DOMAIN = 'ai.onnx.ml';

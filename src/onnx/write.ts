// A fitted linear model as an ONNX model: y = MatMul(X, coef) + intercept, in float32 or float64, the
// model's standardization already folded into coef and intercept (they are in the original units).
import { ProtoWriter } from './protobuf.js';
import {
  DIMENSION,
  DOUBLE,
  ENTRY,
  FLOAT,
  GRAPH,
  IR_VERSION,
  MODEL,
  NODE,
  OPSET,
  OPSET_VERSION,
  SHAPE,
  TENSOR,
  TENSOR_TYPE,
  TYPE,
  VALUE_INFO,
} from './schema.js';

/** What toONNX writes besides the weights. */
export interface OnnxOptions {
  /** Element type of the input and output: 'float32' (FLOAT) or 'float64' (DOUBLE). Default: the model's dtype. */
  dtype?: 'float32' | 'float64';
  /** Names of the graph's input and output (default 'X' and 'y'). */
  inputName?: string;
  outputName?: string;
  /** Feature names for the metadata (default: the model's, when it has them). */
  featureNames?: readonly string[];
  /** The target's name for the metadata. */
  target?: string;
}

/** The linear model to write, with everything resolved. */
export interface OnnxLinear {
  coef: Float64Array;
  intercept: number;
  dtype: 'float32' | 'float64';
  inputName: string;
  outputName: string;
  featureNames: readonly string[] | null;
  target: string | null;
  /** Free-form description (doc_string). */
  doc: string;
}

/**
 * Encodes the model: IR version 8, opset 13 (ai.onnx); input [N, nFeatures], output [N]; metadata
 * `feature_names` (a JSON array) and `target` when known.
 */
export function writeOnnx(m: OnnxLinear): Uint8Array {
  const d = m.coef.length;
  const elem = m.dtype === 'float32' ? FLOAT : DOUBLE;
  const tensor = (w: ProtoWriter, name: string, dims: number[], values: ArrayLike<number>) => {
    for (const n of dims) w.varint(TENSOR.dims, n);
    w.varint(TENSOR.dataType, elem);
    w.string(TENSOR.name, name);
    const data = m.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
    w.bytes(TENSOR.rawData, littleEndian(data));
  };
  const valueInfo = (w: ProtoWriter, name: string, dims: (number | string)[]) => {
    w.string(VALUE_INFO.name, name);
    w.message(VALUE_INFO.type, (t) =>
      t.message(TYPE.tensorType, (tt) => {
        tt.varint(TENSOR_TYPE.elemType, elem);
        tt.message(TENSOR_TYPE.shape, (s) => {
          for (const dim of dims) {
            s.message(SHAPE.dim, (x) =>
              typeof dim === 'number' ? x.varint(DIMENSION.dimValue, dim) : x.string(DIMENSION.dimParam, dim),
            );
          }
        });
      }),
    );
  };
  const meta: [string, string][] = [];
  if (m.featureNames) meta.push(['feature_names', JSON.stringify(m.featureNames)]);
  if (m.target !== null) meta.push(['target', m.target]);
  meta.push(['n_features', String(d)]);
  const model = new ProtoWriter()
    .varint(MODEL.irVersion, IR_VERSION)
    .message(MODEL.opsetImport, (o) => o.string(OPSET.domain, '').varint(OPSET.version, OPSET_VERSION))
    .string(MODEL.producerName, 'linwasm')
    .string(MODEL.domain, 'linwasm')
    .varint(MODEL.modelVersion, 1)
    .string(MODEL.docString, m.doc)
    .message(MODEL.graph, (g) => {
      g.message(GRAPH.node, (n) =>
        n
          .string(NODE.input, m.inputName)
          .string(NODE.input, 'coef')
          .string(NODE.output, 'Xw')
          .string(NODE.name, 'matmul')
          .string(NODE.opType, 'MatMul'),
      );
      g.message(GRAPH.node, (n) =>
        n
          .string(NODE.input, 'Xw')
          .string(NODE.input, 'intercept')
          .string(NODE.output, m.outputName)
          .string(NODE.name, 'add')
          .string(NODE.opType, 'Add'),
      );
      g.string(GRAPH.name, 'linwasm_linear_regression');
      g.message(GRAPH.initializer, (t) => tensor(t, 'coef', [d], m.coef));
      g.message(GRAPH.initializer, (t) => tensor(t, 'intercept', [], [m.intercept]));
      g.message(GRAPH.input, (v) => valueInfo(v, m.inputName, ['N', d]));
      g.message(GRAPH.output, (v) => valueInfo(v, m.outputName, ['N']));
    });
  for (const [key, value] of meta) {
    model.message(MODEL.metadataProps, (e) => e.string(ENTRY.key, key).string(ENTRY.value, value));
  }
  return model.finish();
}

function littleEndian(data: Float32Array | Float64Array): Uint8Array {
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  const width = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    if (width === 4) view.setFloat32(i * 4, data[i], true);
    else view.setFloat64(i * 8, data[i], true);
  }
  return out;
}

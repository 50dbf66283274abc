// Reads an ONNX model that computes a linear regression, written by linwasm or another tool: a
// LinearRegressor node (ai.onnx.ml, as sklearn-onnx writes LinearRegression), MatMul with an optional
// Add, or Gemm, with constant weights and one input [N, d]. Anything else is refused with what was
// found and what linwasm reads, so that a model trained elsewhere is served only when it is served
// exactly.
import { ProtoMessage } from './protobuf.js';
import {
  ATTRIBUTE,
  DIMENSION,
  DOUBLE,
  ENTRY,
  FLOAT,
  GRAPH,
  MODEL,
  NODE,
  SHAPE,
  TENSOR,
  TENSOR_TYPE,
  TYPE,
  VALUE_INFO,
} from './schema.js';

/** A linear model read from ONNX. */
export interface OnnxLinearModel {
  coef: Float64Array;
  intercept: number;
  /** Whether the graph adds an intercept (an Add, a Gemm bias or LinearRegressor's intercepts). */
  hasIntercept: boolean;
  /** The element type the graph computes in. */
  dtype: 'float32' | 'float64';
  /** From the metadata `feature_names` (a JSON array or comma-separated), when present and of the right length. */
  featureNames: string[] | null;
  target: string | null;
  /** Which form it had: 'LinearRegressor', 'MatMul+Add', 'MatMul', 'Gemm'. */
  form: string;
  producer: string;
}

const READS =
  'linwasm reads a linear regression: one LinearRegressor node (ai.onnx.ml, one target, post_transform NONE), ' +
  'MatMul(X, W) with an optional Add of a constant intercept, or Gemm(X, W, b), with W constant and one input X of shape [N, d]';

interface Tensor {
  dims: number[];
  values: Float64Array;
  dtype: 'float32' | 'float64';
}

/**
 * Decodes `bytes` as an ONNX model of a linear regression.
 * @throws TypeError when the bytes are not an ONNX model, or the graph is not a linear regression
 * linwasm can compute exactly (saying what it found and what is read).
 */
export function readOnnx(bytes: Uint8Array): OnnxLinearModel {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('fromONNX needs the bytes of an ONNX model (a Uint8Array)');
  let model: ProtoMessage;
  try {
    model = ProtoMessage.decode(bytes);
  } catch (e) {
    throw new TypeError(`Not an ONNX model: ${(e as Error).message}`);
  }
  const graph = model.message(MODEL.graph);
  if (!model.has(MODEL.irVersion) || !graph) throw new TypeError('Not an ONNX model: it has no IR version or no graph');
  const producer = model.string(MODEL.producerName);
  const initializers = new Map<string, Tensor>();
  for (const t of graph.messages(GRAPH.initializer)) initializers.set(t.string(TENSOR.name), readTensor(t));
  // Older IR versions list initializers among the inputs too.
  const inputs = graph.messages(GRAPH.input).filter((v) => !initializers.has(v.string(VALUE_INFO.name)));
  const outputs = graph.messages(GRAPH.output);
  const nodes = graph.messages(GRAPH.node);
  const ops = nodes.map((n) => n.string(NODE.opType));
  const found = `the graph has ${nodes.length} node${nodes.length === 1 ? '' : 's'} (${ops.join(', ') || 'none'}), ${inputs.length} input${inputs.length === 1 ? '' : 's'} and ${outputs.length} output${outputs.length === 1 ? '' : 's'}`;
  const refuse = (why: string) =>
    new TypeError(`This ONNX model is not a linear regression linwasm can serve: ${why}. ${READS}`);
  if (inputs.length !== 1 || outputs.length !== 1) throw refuse(found);
  const input = inputs[0].string(VALUE_INFO.name);
  const output = outputs[0].string(VALUE_INFO.name);
  const inputType = tensorType(inputs[0]);
  const meta = metadata(model);
  const linear = ((): Omit<OnnxLinearModel, 'featureNames' | 'target' | 'producer'> => {
    if (ops.length === 1 && ops[0] === 'LinearRegressor') return linearRegressor(nodes[0], input, output, refuse);
    if (ops.length === 1 && ops[0] === 'Gemm') return gemm(nodes[0], input, output, initializers, refuse);
    if (ops.length === 1 && ops[0] === 'MatMul') return matmul(nodes, input, output, initializers, refuse);
    if (ops.length === 2 && ops[0] === 'MatMul' && ops[1] === 'Add')
      return matmul(nodes, input, output, initializers, refuse);
    throw refuse(found);
  })();
  if (inputType.elem !== null && inputType.elem !== FLOAT && inputType.elem !== DOUBLE) {
    throw refuse(`its input '${input}' has element type ${inputType.elem}, not float or double`);
  }
  const d = linear.coef.length;
  if (
    inputType.dims &&
    (inputType.dims.length !== 2 || (typeof inputType.dims[1] === 'number' && inputType.dims[1] !== d))
  ) {
    throw refuse(`its input '${input}' has shape [${inputType.dims.join(', ')}], but the weights have ${d} features`);
  }
  for (const v of [...linear.coef, linear.intercept]) {
    if (!Number.isFinite(v)) throw refuse('a weight or the intercept is not finite');
  }
  let featureNames: string[] | null = null;
  const listed = meta.get('feature_names');
  if (listed !== undefined) {
    let names: unknown;
    try {
      names = JSON.parse(listed);
    } catch {
      names = listed.split(',').map((s) => s.trim());
    }
    if (Array.isArray(names) && names.length === d && names.every((n) => typeof n === 'string')) featureNames = names;
  }
  return { ...linear, featureNames, target: meta.get('target') ?? null, producer };
}

type Refuse = (why: string) => TypeError;

function linearRegressor(node: ProtoMessage, input: string, output: string, refuse: Refuse) {
  if (node.string(NODE.domain) !== 'ai.onnx.ml')
    throw refuse(`its LinearRegressor is in domain '${node.string(NODE.domain)}', not ai.onnx.ml`);
  const [x] = node.strings(NODE.input);
  if (x !== input) throw refuse(`its LinearRegressor reads '${x}', not the input '${input}'`);
  wired(node, output, refuse);
  const attributes = new Map(node.messages(NODE.attribute).map((a) => [a.string(ATTRIBUTE.name), a]));
  const targets = attributes.get('targets')?.int(ATTRIBUTE.i, 1) ?? 1;
  if (targets !== 1) throw refuse(`its LinearRegressor has ${targets} targets; linwasm models predict one`);
  const transform = attributes.get('post_transform')?.string(ATTRIBUTE.s, 'NONE') ?? 'NONE';
  if (transform !== 'NONE') throw refuse(`its LinearRegressor applies post_transform ${transform}`);
  const coef = attributes.get('coefficients')?.reals(ATTRIBUTE.floats, 4) ?? [];
  if (coef.length === 0) throw refuse('its LinearRegressor has no coefficients');
  const intercepts = attributes.get('intercepts')?.reals(ATTRIBUTE.floats, 4) ?? [];
  if (intercepts.length > 1) throw refuse(`its LinearRegressor has ${intercepts.length} intercepts`);
  // ai.onnx.ml computes in float: the weights are float32 and so is the result.
  return {
    coef: Float64Array.from(coef),
    intercept: intercepts[0] ?? 0,
    hasIntercept: intercepts.length === 1,
    dtype: 'float32' as const,
    form: 'LinearRegressor',
  };
}

function matmul(
  nodes: ProtoMessage[],
  input: string,
  output: string,
  initializers: Map<string, Tensor>,
  refuse: Refuse,
) {
  const [mul, add] = nodes;
  if (mul.string(NODE.domain) !== '') throw refuse(`its MatMul is in domain '${mul.string(NODE.domain)}'`);
  const [a, b] = mul.strings(NODE.input);
  if (a !== input || !initializers.has(b))
    throw refuse(`its MatMul multiplies '${a}' by '${b}', not the input by constant weights`);
  const w = weights(initializers.get(b) as Tensor, 'MatMul', refuse);
  const product = mul.strings(NODE.output)[0];
  if (!add) {
    if (product !== output) throw refuse(`its MatMul writes '${product}', not the output '${output}'`);
    return { coef: w.values, intercept: 0, hasIntercept: false, dtype: w.dtype, form: 'MatMul' };
  }
  if (add.string(NODE.domain) !== '') throw refuse(`its Add is in domain '${add.string(NODE.domain)}'`);
  const terms = add.strings(NODE.input);
  const other = terms.find((t) => t !== product);
  if (terms.length !== 2 || !terms.includes(product) || other === undefined || !initializers.has(other)) {
    throw refuse(`its Add adds '${terms.join("' and '")}', not a constant to the MatMul's result '${product}'`);
  }
  wired(add, output, refuse);
  return {
    coef: w.values,
    intercept: bias(initializers.get(other) as Tensor, 'Add', refuse),
    hasIntercept: true,
    dtype: w.dtype,
    form: 'MatMul+Add',
  };
}

function gemm(node: ProtoMessage, input: string, output: string, initializers: Map<string, Tensor>, refuse: Refuse) {
  const [a, b, c] = node.strings(NODE.input);
  if (a !== input || !initializers.has(b) || (c !== undefined && c !== '' && !initializers.has(c))) {
    throw refuse('its Gemm does not multiply the input by constant weights');
  }
  wired(node, output, refuse);
  const attributes = new Map(node.messages(NODE.attribute).map((x) => [x.string(ATTRIBUTE.name), x]));
  const real = (name: string) => {
    const at = attributes.get(name);
    return at ? (at.reals(ATTRIBUTE.f, 4)[0] ?? 1) : 1;
  };
  const alpha = real('alpha');
  const beta = real('beta');
  if ((attributes.get('transA')?.int(ATTRIBUTE.i) ?? 0) !== 0) throw refuse('its Gemm transposes the input (transA)');
  const transB = attributes.get('transB')?.int(ATTRIBUTE.i) ?? 0;
  const t = initializers.get(b) as Tensor;
  // Gemm's B is [d, 1], or [1, d] with transB: one output either way.
  const dims = transB ? [...t.dims].reverse() : t.dims;
  const w = weights({ ...t, dims }, 'Gemm', refuse);
  const coef = w.values.map((v) => alpha * v);
  const hasIntercept = c !== undefined && c !== '';
  const intercept = hasIntercept ? beta * bias(initializers.get(c) as Tensor, 'Gemm', refuse) : 0;
  return { coef, intercept, hasIntercept, dtype: w.dtype, form: 'Gemm' };
}

/** Checks that the last node writes the graph's output. */
function wired(node: ProtoMessage, output: string, refuse: Refuse): void {
  const outs = node.strings(NODE.output);
  if (outs[0] !== output)
    throw refuse(`its ${node.string(NODE.opType)} writes '${outs[0]}', not the output '${output}'`);
}

/** W of shape [d] or [d, 1]: one weight per feature. */
function weights(t: Tensor, op: string, refuse: Refuse): Tensor {
  const ok = (t.dims.length === 1 && t.dims[0] >= 1) || (t.dims.length === 2 && t.dims[1] === 1 && t.dims[0] >= 1);
  if (!ok) {
    throw refuse(
      `the weights of its ${op} have shape [${t.dims.join(', ')}]${t.dims.length === 2 ? ` (${t.dims[1]} outputs; linwasm models predict one)` : ''}`,
    );
  }
  return t;
}

/** A one-element intercept: shape [], [1] or [1, 1]. */
function bias(t: Tensor, op: string, refuse: Refuse): number {
  if (t.values.length !== 1) throw refuse(`the constant of its ${op} has ${t.values.length} values, not one intercept`);
  return t.values[0];
}

function readTensor(t: ProtoMessage): Tensor {
  const name = t.string(TENSOR.name);
  const type = t.int(TENSOR.dataType);
  if (type !== FLOAT && type !== DOUBLE) {
    throw new TypeError(
      `ONNX initializer '${name}' has data type ${type}; linwasm reads float (1) and double (11) weights`,
    );
  }
  if (t.int(TENSOR.dataLocation) !== 0)
    throw new TypeError(`ONNX initializer '${name}' keeps its data in an external file`);
  const dims = t.ints(TENSOR.dims);
  const width = type === FLOAT ? 4 : 8;
  const raw = t.bytes(TENSOR.rawData);
  let values: number[];
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    values = [];
    for (let at = 0; at + width <= raw.length; at += width) {
      values.push(width === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true));
    }
  } else {
    values = t.reals(type === FLOAT ? TENSOR.floatData : TENSOR.doubleData, width);
  }
  const count = dims.reduce((p, n) => p * n, 1);
  if (values.length !== count) {
    throw new TypeError(`ONNX initializer '${name}' has ${values.length} values for shape [${dims.join(', ')}]`);
  }
  return { dims, values: Float64Array.from(values), dtype: type === FLOAT ? 'float32' : 'float64' };
}

function tensorType(v: ProtoMessage): { elem: number | null; dims: (number | string)[] | null } {
  const tensor = v.message(VALUE_INFO.type)?.message(TYPE.tensorType);
  if (!tensor) return { elem: null, dims: null };
  const shape = tensor.message(TENSOR_TYPE.shape);
  const dims = shape
    ? shape
        .messages(SHAPE.dim)
        .map((d) => (d.has(DIMENSION.dimValue) ? d.int(DIMENSION.dimValue) : d.string(DIMENSION.dimParam, '?')))
    : null;
  return { elem: tensor.has(TENSOR_TYPE.elemType) ? tensor.int(TENSOR_TYPE.elemType) : null, dims };
}

function metadata(model: ProtoMessage): Map<string, string> {
  return new Map(model.messages(MODEL.metadataProps).map((e) => [e.string(ENTRY.key), e.string(ENTRY.value)]));
}

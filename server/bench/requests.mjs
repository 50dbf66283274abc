// The inference requests the serving benchmark sends, for `rows` rows of the diabetes features: the protocol's
// JSON (flat data), Triton's binary tensor data (JSON header + raw little-endian tensor, as tritonclient.http
// sends it: no Content-Type), and the gRPC ModelInferRequest with raw_input_contents or typed contents.

/** The first `rows` rows of X, cycling. */
export function batchOf(X, rows) {
  return Array.from({ length: rows }, (_, i) => X[i % X.length]);
}

/** The JSON request body. */
export function jsonRequest(batch, datatype) {
  const input = { name: 'input-0', shape: [batch.length, batch[0].length], datatype, data: batch.flat() };
  return { body: JSON.stringify({ inputs: [input] }), headers: { 'content-type': 'application/json' } };
}

/** Binary tensor data in and out: the JSON header, then the tensor's bytes. */
export function binaryRequest(batch, datatype) {
  const values = datatype === 'FP32' ? new Float32Array(batch.flat()) : new Float64Array(batch.flat());
  const header = Buffer.from(
    JSON.stringify({
      inputs: [
        {
          name: 'input-0',
          shape: [batch.length, batch[0].length],
          datatype,
          parameters: { binary_data_size: values.byteLength },
        },
      ],
      parameters: { binary_data_output: true },
    }),
  );
  return {
    body: Buffer.concat([header, Buffer.from(values.buffer)]),
    headers: { 'inference-header-content-length': String(header.length) },
  };
}

/** A gRPC ModelInferRequest, raw (bytes) or typed (fp32_contents / fp64_contents). */
export function grpcRequest(batch, datatype, raw) {
  const shape = [batch.length, batch[0].length];
  const flat = batch.flat();
  const input = { name: 'input-0', datatype, shape };
  if (raw) {
    const bytes = datatype === 'FP32' ? new Float32Array(flat) : new Float64Array(flat);
    return { model_name: 'diabetes', inputs: [input], raw_input_contents: [Buffer.from(bytes.buffer)] };
  }
  const field = datatype === 'FP32' ? 'fp32_contents' : 'fp64_contents';
  return { model_name: 'diabetes', inputs: [{ ...input, contents: { [field]: flat } }] };
}

/** The predictions in an answer of any of the forms above. */
export function answerValues(kind, answer) {
  if (kind === 'json') return answer.outputs[0].data;
  if (kind === 'binary') {
    const length = Number(answer.headers.get('inference-header-content-length'));
    const header = JSON.parse(answer.bytes.subarray(0, length).toString());
    const tail = new Uint8Array(answer.bytes.subarray(length)).buffer;
    return Array.from(header.outputs[0].datatype === 'FP32' ? new Float32Array(tail) : new Float64Array(tail));
  }
  const out = answer.outputs[0];
  if (answer.raw_output_contents.length > 0) {
    const tail = new Uint8Array(answer.raw_output_contents[0]).buffer;
    return Array.from(out.datatype === 'FP32' ? new Float32Array(tail) : new Float64Array(tail));
  }
  return out.contents.fp64_contents.length > 0 ? out.contents.fp64_contents : out.contents.fp32_contents;
}

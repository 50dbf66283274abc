// The REST inference request ($inference_request of the Open Inference Protocol), checked field by
// field, with Triton's binary tensor data extension: inputs that carry `parameters.binary_data_size`
// take their bytes, in order, from the binary part of the body that follows the JSON header.
// Validation is written out rather than left to a schema: the same request arrives over gRPC, and
// every message names the field a client got wrong.
import { HttpError } from '../http-error.js';
import type { InputTensor } from './tensor.js';

/** A requested output: its name, and whether it is wanted as binary data. */
export interface RequestedOutput {
  name: string;
  /** `parameters.binary_data`; undefined follows the request's `binary_data_output`. */
  binary?: boolean;
}

/** An inference request, whatever the wire form it came in. */
export interface InferRequest {
  id?: string;
  inputs: InputTensor[];
  /** Outputs asked for; empty means every output. */
  outputs: RequestedOutput[];
  /** Outputs not asked for by name come as binary data (`parameters.binary_data_output`). */
  binaryOutput: boolean;
}

type Json = Record<string, unknown>;

/**
 * Reads a REST inference request.
 * @param binary the bytes after the JSON header (Inference-Header-Content-Length), or null.
 * @throws HttpError 400 naming the field that is wrong.
 */
export function readRestRequest(body: unknown, binary: Uint8Array | null): InferRequest {
  const req = object(body, 'the request body');
  const id = req.id;
  if (id !== undefined && typeof id !== 'string') throw bad(`"id" must be a string, got ${show(id)}`);
  const parameters = scalars(req.parameters, 'parameters');
  const binaryOutput = flag(parameters, 'binary_data_output', 'parameters');

  if (!Array.isArray(req.inputs) || req.inputs.length === 0) {
    throw bad(`"inputs" must be a non-empty array of input tensors, got ${show(req.inputs)}`);
  }
  let offset = 0;
  const inputs = req.inputs.map((value, i): InputTensor => {
    const at = `inputs[${i}]`;
    const t = object(value, at);
    if (typeof t.name !== 'string') throw bad(`${at}.name must be a string, got ${show(t.name)}`);
    if (typeof t.datatype !== 'string') throw bad(`${at}.datatype must be a string, got ${show(t.datatype)}`);
    if (!Array.isArray(t.shape)) throw bad(`${at}.shape must be an array of integers, got ${show(t.shape)}`);
    const p = scalars(t.parameters, `${at}.parameters`);
    const size = p.binary_data_size;
    if (size === undefined) {
      if (!Array.isArray(t.data)) throw bad(`${at}.data must be an array, got ${show(t.data)}`);
      return { name: t.name, datatype: t.datatype, shape: t.shape, data: t.data };
    }
    if (!Number.isSafeInteger(size) || (size as number) < 0) {
      throw bad(`${at}.parameters.binary_data_size must be a non-negative integer, got ${show(size)}`);
    }
    if (t.data !== undefined) throw bad(`${at} has both data and binary_data_size: send one of them`);
    const end = offset + (size as number);
    if (binary === null || end > binary.byteLength) {
      throw bad(
        `${at}.parameters.binary_data_size is ${size}, but the body has ${binary === null ? 'no' : binary.byteLength - offset} ` +
          'bytes of binary data left' +
          (binary === null ? ': send the JSON header length in the Inference-Header-Content-Length header' : ''),
      );
    }
    const bytes = binary.subarray(offset, end);
    offset = end;
    return { name: t.name, datatype: t.datatype, shape: t.shape, bytes };
  });
  if (binary !== null && offset !== binary.byteLength) {
    throw bad(
      `the body has ${binary.byteLength} bytes of binary data after the JSON header, but the inputs' ` +
        `binary_data_size add up to ${offset}`,
    );
  }

  let outputs: RequestedOutput[] = [];
  if (req.outputs !== undefined) {
    if (!Array.isArray(req.outputs)) throw bad(`"outputs" must be an array, got ${show(req.outputs)}`);
    outputs = req.outputs.map((value, i) => {
      const at = `outputs[${i}]`;
      const o = object(value, at);
      if (typeof o.name !== 'string') throw bad(`${at}.name must be a string, got ${show(o.name)}`);
      const p = scalars(o.parameters, `${at}.parameters`);
      if (p.class_count !== undefined && p.class_count !== 0) {
        throw bad(`${at}: the classification extension (class_count) does not apply to a regression model`);
      }
      const binaryData = p.binary_data === undefined ? undefined : flag(p, 'binary_data', `${at}.parameters`);
      return { name: o.name, binary: binaryData };
    });
  }
  return { ...(id === undefined ? {} : { id: id as string }), inputs, outputs, binaryOutput };
}

function object(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw bad(`${what} must be a JSON object, got ${show(v)}`);
  return v as Json;
}

/** The protocol's parameters: an object whose values are strings, numbers or booleans. */
function scalars(v: unknown, what: string): Json {
  if (v === undefined) return {};
  const p = object(v, what);
  for (const [key, value] of Object.entries(p)) {
    const t = typeof value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') {
      throw bad(`${what}.${key} must be a string, number or boolean, got ${show(value)}`);
    }
  }
  return p;
}

function flag(p: Json, key: string, what: string): boolean {
  const v = p[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw bad(`${what}.${key} must be true or false, got ${show(v)}`);
  return v;
}

function bad(message: string): HttpError {
  return new HttpError(400, message);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// One inference, whatever protocol carried it: find the model version, decode the input tensor,
// predict, and shape the output tensor. REST (JSON and binary) and gRPC call this with a request in
// the common form (request.ts) and encode what it returns in their own wire format; statistics and
// metrics are counted here so that both protocols report alike.
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import type { OutputDatatype } from './datatypes.js';
import type { InferRequest } from './request.js';
import type { RequestTimes } from './stats.js';
import { readTensor } from './tensor.js';

export const INPUT_NAME = 'input-0';
export const OUTPUT_NAME = 'output-0';

export interface InferOutput {
  name: string;
  datatype: OutputDatatype;
  shape: number[];
  /** FP32 outputs hold float32 values, FP64 outputs float64 ones. */
  values: Float32Array | Float64Array;
  /** Sent as binary data (REST) rather than JSON numbers. */
  binary: boolean;
}

export interface InferResult {
  model_name: string;
  model_version: string;
  /** The request's id, echoed; undefined when it sent none. */
  id: string | undefined;
  outputs: InferOutput[];
  /**
   * Records the request as a success in the statistics once its answer is encoded (the time from
   * the end of inference to this call is compute_output).
   */
  done(): void;
}

/** When a request arrived and when its body had been read, in performance.now() milliseconds. */
export interface Arrival {
  arrived: number;
  /** Body read and parsed (REST); equal to `arrived` for gRPC, whose messages arrive decoded. */
  bodyStart: number;
  bodyEnd: number;
}

/**
 * Runs one inference request against the latest or the given version of a model.
 * @throws HttpError 404 for an unknown model or version; 400 for a bad request or tensor and for a
 * prediction that is not finite; 413 past the row limit. Refusals of a known version are counted as
 * failures in its statistics.
 */
export function infer(
  ctx: ServerContext,
  name: string,
  version: string | undefined,
  request: InferRequest,
  arrival: Arrival,
): InferResult {
  const found = ctx.registry.get(name, version);
  const { stats } = ctx;
  try {
    if (request.inputs.length !== 1) {
      throw new HttpError(
        400,
        `expected 1 input tensor (${INPUT_NAME}, shape [rows, ${found.model.nFeatures}]), got ${request.inputs.length}`,
      );
    }
    for (const o of request.outputs) {
      if (o.name !== OUTPUT_NAME) {
        throw new HttpError(400, `unknown output '${o.name}': this model has one output, '${OUTPUT_NAME}'`);
      }
    }
    const decodeStart = performance.now();
    const { X, output } = readTensor(request.inputs[0], found.model.nFeatures, ctx.options.maxRows);
    const inferStart = performance.now();
    const yPred = found.model.predict(X);
    for (let i = 0; i < yPred.length; i++) {
      if (!Number.isFinite(yPred[i])) {
        throw new HttpError(400, `the prediction for row ${i} is not finite: the inputs of that row are too large`);
      }
    }
    const inferEnd = performance.now();
    ctx.metrics.rowsPredicted(name).inc(X.rows);
    const requested = request.outputs[0];
    const result: InferResult = {
      model_name: name,
      model_version: found.version,
      // Always present, undefined when the request had none: one shape of object on every request.
      id: request.id,
      outputs: [
        {
          name: OUTPUT_NAME,
          datatype: output,
          shape: [X.rows],
          // predict answers float64; an FP32 model input was computed in float32, so this is exact.
          values: output === 'FP32' ? Float32Array.from(yPred) : yPred,
          binary: requested?.binary ?? request.binaryOutput,
        },
      ],
      done() {
        const end = performance.now();
        const times: RequestTimes = {
          queue: ms(arrival.bodyStart - arrival.arrived),
          input: ms(arrival.bodyEnd - arrival.bodyStart + (inferStart - decodeStart)),
          infer: ms(inferEnd - inferStart),
          output: ms(end - inferEnd),
        };
        stats.success(name, found.version, X.rows, ms(end - arrival.arrived), times);
      },
    };
    return result;
  } catch (e) {
    stats.fail(name, found.version, ms(performance.now() - arrival.arrived));
    throw e;
  }
}

const ms = (t: number) => t * 1e6;

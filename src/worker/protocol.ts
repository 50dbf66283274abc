// The messages between fitInWorker (on the page) and the worker script, and how errors cross the
// boundary: structured clone keeps only an Error's message, so the class and its fields travel as
// data and are rebuilt on the page, where `instanceof DivergenceError` must keep working.
import type { MatrixInput, VectorInput } from '../api/data.js';
import { DivergenceError, NotFittedError, SingularMatrixError } from '../api/errors.js';
import type { ModelJSON } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';

/** Page → worker: one fit, and the WASM core the page compiled (the worker instantiates it). */
export interface FitRequest {
  module: WebAssembly.Module;
  X: MatrixInput;
  y: VectorInput;
  sampleWeight?: VectorInput;
  options: ResolvedOptions;
  /** Post progress every `every` epochs (and after the last); 0 posts none. */
  every: number;
}

/** Worker → page. */
export type WorkerMessage =
  | { type: 'epoch'; epoch: number; loss: number }
  | { type: 'done'; model: ModelJSON }
  | { type: 'error'; error: SerializedError };

/** An error as data: its class name, message, and the fields its class carries. */
export interface SerializedError {
  name: string;
  message: string;
  epoch?: number;
  learningRate?: number;
  suggestedLearningRate?: number;
  history?: Float64Array;
  column?: number;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DivergenceError) {
    const { name, message, epoch, learningRate, suggestedLearningRate, history } = error;
    return { name, message, epoch, learningRate, suggestedLearningRate, history };
  }
  if (error instanceof SingularMatrixError) return { name: error.name, message: error.message, column: error.column };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The error the page throws for a serialized one: the same class (by name), fields and message. */
export function deserializeError(e: SerializedError): Error {
  let error: Error;
  switch (e.name) {
    case 'DivergenceError':
      error = new DivergenceError(
        e.epoch ?? 0,
        e.learningRate ?? Number.NaN,
        e.suggestedLearningRate ?? Number.NaN,
        true,
        e.history ?? new Float64Array(0),
      );
      break;
    case 'SingularMatrixError':
      error = new SingularMatrixError(e.column ?? 0);
      break;
    case 'NotFittedError':
      error = new NotFittedError('fit');
      break;
    case 'TypeError':
      error = new TypeError(e.message);
      break;
    case 'RangeError':
      error = new RangeError(e.message);
      break;
    default:
      error = new Error(e.message);
      error.name = e.name;
  }
  // The worker's message is authoritative (the constructors above rebuild it from fewer facts).
  error.message = e.message;
  return error;
}

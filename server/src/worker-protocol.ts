// What the server and a training worker say to each other. The task goes in workerData with its
// buffers transferred (not copied); the worker answers with progress, then exactly one of done/error.
import type { ModelJSON, ResolvedOptions } from 'linwasm';
import type { FileSpec } from './upload.js';

/** A job's data: arrays parsed from a JSON body, or an uploaded file (CSV, Parquet, Arrow) spooled to disk. */
export type TrainInput =
  | {
      kind: 'arrays';
      /** Row-major features, rows × cols. */
      X: Float64Array;
      y: Float64Array;
      cols: number;
    }
  | {
      kind: 'file';
      /** The upload, checked already; the server deletes it when the job ends. */
      file: string;
      spec: FileSpec;
      /** Train chunk by chunk (fitStream), or read the whole file and fit (exact, validationFraction). */
      stream: boolean;
    };

export interface TrainTask {
  input: TrainInput;
  rows: number;
  options: ResolvedOptions;
  /** Epochs between progress messages. */
  every: number;
  /** The server's compiled WASM core, so that a job does not compile it again (≈0.3 s). */
  module?: WebAssembly.Module;
}

export type WorkerMessage =
  | { type: 'epoch'; epoch: number; loss: number; progressiveLoss?: number }
  /** Streaming: rows of the pass under way read so far, and its progressive validation loss. */
  | { type: 'chunk'; rows: number; progressiveLoss: number }
  | { type: 'done'; model: ModelJSON; r2: number }
  | { type: 'error'; name: string; message: string };

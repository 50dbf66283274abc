// What the server and a training worker say to each other. The task goes in workerData with its
// buffers transferred (not copied); the worker answers with progress, then exactly one of done/error.
import type { ModelJSON, ResolvedOptions } from '../index.js';

export interface TrainTask {
  /** Row-major features, rows × cols. */
  X: Float64Array;
  rows: number;
  cols: number;
  y: Float64Array;
  options: ResolvedOptions;
  /** Epochs between progress messages. */
  every: number;
  /** The server's compiled WASM core, so that a job does not compile it again (≈0.3 s). */
  module?: WebAssembly.Module;
}

export type WorkerMessage =
  | { type: 'epoch'; epoch: number; loss: number }
  | { type: 'done'; model: ModelJSON; r2: number }
  | { type: 'error'; name: string; message: string };

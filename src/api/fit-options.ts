// What fit, partialFit and fitStream take besides X and y, and what their callbacks receive: the
// public types of a fit's options (checked in check-input.ts).
import type { ArrowVectorLike, ColumnSelection } from '../arrow/table.js';
import type { CsvChunkOptions, FileChunkOptions } from '../fit/sources.js';
import type { VectorInput } from './data.js';

/** What onEpoch receives. */
export interface EpochInfo {
  /** Epochs completed (1-based). */
  epoch: number;
  /** Training loss of that epoch (the mean of the loss per row: MSE for 'squaredError'). */
  loss: number;
  /** Loss on the held-out rows after that epoch (with validationFraction > 0). */
  validationLoss?: number;
}

/** The options of `fit` and `partialFit` (the third argument, or the fourth after sampleWeight):
 *  progress, early stopping by the caller, and row weights. */
export interface FitOptions {
  /** Called every `every` epochs and after the last one; return false to stop training. */
  onEpoch?: (info: EpochInfo) => boolean | void;
  /** Epochs between onEpoch calls (default 1); WASM runs the epochs in between in one call. */
  every?: number;
  /** Weight s_i ≥ 0 of each row's loss: the objective is (1/n)·Σ s_i·ℓ(r_i) + penalty. */
  sampleWeight?: VectorInput;
  /** Names of X's columns, kept by the model (model.featureNames, its JSON, ONNX, summary()) so that
   *  predict takes records by name. Named data (an Arrow table, a CSV file's header, named columns,
   *  records) carries its own; given both, they must agree. */
  featureNames?: readonly string[];
}

/** What fitStream's onChunk receives. */
export interface ChunkInfo {
  /** The epoch (1-based). */
  epoch: number;
  /** The chunk within the epoch (1-based). */
  chunk: number;
  /** Rows of this chunk, and of the epoch so far. */
  rows: number;
  rowsSeen: number;
  /** The chunk's mean loss before training on it (progressive validation). */
  chunkLoss: number;
  /** The running mean of chunkLoss over the epoch's rows so far: an honest estimate of the loss on
   *  data the model has not seen. */
  progressiveLoss: number;
  /** The training loss of the chunk's pass (the running loss, as history). */
  loss: number;
}

/** What fitStream's onEpoch receives. */
export interface StreamEpochInfo {
  epoch: number;
  /** The epoch's training loss (history) and progressive validation loss (progressiveHistory). */
  loss: number;
  progressiveLoss: number;
  /** Rows read in the epoch. */
  rows: number;
}

/** The options of `fitStream`: passes over the source, how features are scaled, progress and
 *  cancellation, and how a file path or Node stream is read. */
export interface StreamOptions {
  /** Passes over the source (default 1). */
  epochs?: number;
  /** With standardize: 'firstPass' reads the source once more first and merges every chunk's column
   *  statistics (exact for the whole); 'online' merges them as training goes. Default: 'firstPass'
   *  when the source can be read again, else 'online'. */
  scaling?: 'firstPass' | 'online';
  /** Called after every chunk; return false to stop. */
  onChunk?: (info: ChunkInfo) => boolean | void;
  /** Called after every epoch; return false to stop. */
  onEpoch?: (info: StreamEpochInfo) => boolean | void;
  /** Aborting rejects fitStream with signal.reason between chunks; the model keeps its state. */
  signal?: AbortSignal;
  /** How to read a CSV file path or Node readable source (Node only). */
  csv?: CsvChunkOptions;
  /** How to read a file path or readable source of any format — CSV, Parquet, Arrow IPC — (Node only):
   *  the target and features by name, rows per chunk, and the format when the extension does not say. */
  columns?: FileChunkOptions;
}

/** What `fit` and `partialFit` take as y: the values, an Arrow vector, or — when X is an Arrow Table —
 *  the target's column name or { target, features }. */
export type TargetInput = VectorInput | ArrowVectorLike | string | ColumnSelection;

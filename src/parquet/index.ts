// linwasm/parquet: Parquet files as training data, in browsers (a dropped File) and in Node, read
// with hyparquet — an optional peer dependency: `npm install hyparquet` to use this entry.
import * as hyparquet from 'hyparquet';
import { type ColumnData, gatherColumns } from '../api/gather.js';
import {
  type AsyncBuffer,
  parquetChunks as chunksWith,
  type Hyparquet,
  type ParquetChunk,
  type ParquetChunkOptions,
} from './chunks.js';

export type { ColumnChunk } from '../api/gather.js';
export type { AsyncBuffer, ColumnData, ParquetChunk, ParquetChunkOptions };

/** What parquetChunks and readParquet read: a File or Blob, bytes, or hyparquet's AsyncBuffer. */
export type ParquetInput = AsyncBuffer | Blob | ArrayBuffer | ArrayBufferView;

/**
 * The selected columns of a Parquet file, `chunkRows` rows at a time, as chunks for fitStream and
 * partialFit: `model.fitStream(() => parquetChunks(file, { target: 'y' }))`. Each chunk's buffers are
 * reused for the next one. Only the selected columns' bytes are read (a File is sliced, not loaded).
 * @throws (from the iteration) Error when the input is not Parquet; TypeError for an unknown or
 * non-numeric column; RangeError for a null, naming the column and row.
 */
export function parquetChunks(file: ParquetInput, options: ParquetChunkOptions): AsyncGenerator<ParquetChunk> {
  return chunksWith(hyparquet as unknown as Hyparquet, file, options);
}

/**
 * A whole Parquet file's selected columns, for fit: `const { X, y } = await readParquet(file, { target: 'y' })`.
 * @throws as parquetChunks; RangeError for a file without rows.
 */
export function readParquet(file: ParquetInput, options: Omit<ParquetChunkOptions, 'chunkRows'>): Promise<ColumnData> {
  return gatherColumns(parquetChunks(file, options));
}

// linwasm/arrow: Arrow IPC files and streams as training data, in browsers (a dropped File, a fetch
// body) and in Node, read with apache-arrow — an optional peer dependency: `npm install apache-arrow`
// to use this entry. (An Arrow Table already in memory needs no entry: fit, partialFit and predict
// take it directly.)
import * as arrow from 'apache-arrow';
import { type ColumnData, gatherColumns } from '../api/gather.js';
import {
  type ApacheArrow,
  type ArrowChunk,
  type ArrowChunkOptions,
  type ArrowInput,
  arrowChunks as chunksWith,
} from './chunks.js';

export type { ColumnChunk } from '../api/gather.js';
export type { ArrowChunk, ArrowChunkOptions, ArrowInput, ColumnData };

/**
 * The record batches of Arrow IPC data (file or stream format) as chunks for fitStream and partialFit:
 * `model.fitStream(() => arrowChunks(file, { target: 'y' }))`. Batches are read one at a time from a
 * stream or a Blob.
 * @throws (from the iteration) Error when the input is not Arrow IPC data; TypeError/RangeError from
 * fitStream for an unknown or non-numeric column or a null, naming the column and row.
 */
export function arrowChunks(input: ArrowInput, options: ArrowChunkOptions): AsyncGenerator<ArrowChunk> {
  return chunksWith(arrow as unknown as ApacheArrow, input, options);
}

/**
 * Whole Arrow IPC data's selected columns, for fit: `const { X, y } = await readArrow(bytes, { target: 'y' })`.
 * @throws as arrowChunks, and for an unknown or non-numeric column or a null; RangeError without rows.
 */
export function readArrow(input: ArrowInput, options: ArrowChunkOptions): Promise<ColumnData> {
  return gatherColumns(arrowChunks(input, options));
}

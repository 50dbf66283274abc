// Arrow IPC data (the file format, .arrow / .feather v2, and the stream format, .arrows) as chunks, one
// per record batch, read with apache-arrow's RecordBatchReader without importing it: the caller passes
// the module in (linwasm/arrow imports it; the Node entry loads it on first use). Browser-safe.

import type { ColumnChunk } from '../api/gather.js';
import { type ArrowTableLike, readTable } from './table.js';

/** What linwasm calls of apache-arrow: RecordBatchReader.from (bytes, a stream, a Node stream). */
export interface ApacheArrow {
  RecordBatchReader: {
    from(source: unknown): unknown;
  };
}

/** How arrowChunks reads Arrow IPC data: the target and feature columns. */
export interface ArrowChunkOptions {
  /** The column of y (required to train; without it chunks have an empty y). */
  target?: string;
  /** The columns of X, in order (default: every column but the target). */
  features?: readonly string[];
  /** How errors name the input (default 'arrow data'). */
  source?: string;
}

/** What arrowChunks reads: bytes, a Blob or File, a web ReadableStream or (async) iterable of bytes, a Node stream. */
export type ArrowInput =
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>;

/** A chunk of Arrow data: one record batch's typed columns (no copy where Arrow holds them as such) and y. */
export type ArrowChunk = ColumnChunk;

/**
 * The record batches of Arrow IPC data (file or stream format) as chunks of named typed columns.
 * @throws (from the iteration) Error naming the input when it is not Arrow IPC data; TypeError for an
 * unknown or non-numeric column; RangeError for a null, naming the column and the row (from 0).
 */
export async function* arrowChunks(
  arrow: ApacheArrow,
  input: ArrowInput,
  options: ArrowChunkOptions,
): AsyncGenerator<ArrowChunk> {
  const source = options.source ?? 'arrow data';
  if (options.target !== undefined && typeof options.target !== 'string') {
    throw new TypeError(`${source}: the target must be a column name`);
  }
  const selection = { target: options.target ?? null, ...(options.features ? { features: options.features } : {}) };
  const bytes =
    typeof Blob !== 'undefined' && input instanceof Blob
      ? input.stream()
      : input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : ArrayBuffer.isView(input)
          ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
          : input;
  let reader: AsyncIterable<ArrowTableLike> | Iterable<ArrowTableLike>;
  try {
    reader = (await arrow.RecordBatchReader.from(bytes)) as AsyncIterable<ArrowTableLike>;
  } catch (e) {
    throw new Error(`${source}: not Arrow IPC data (${readerMessage(e)})`);
  }
  let rowStart = 0;
  const iterator = (reader as AsyncIterable<ArrowTableLike>)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<ArrowTableLike>;
    try {
      next = await iterator.next();
    } catch (e) {
      throw new Error(`${source}: cannot read Arrow IPC data after row ${rowStart}: ${readerMessage(e)}`);
    }
    if (next.done) return;
    const batch = next.value;
    if (batch.numRows === 0) continue;
    let chunk: ArrowChunk;
    try {
      const t = readTable(batch, selection, 'X', rowStart);
      chunk = { X: t.X, y: t.y ?? new Float64Array(0), features: t.features, target: t.target };
    } catch (e) {
      (e as Error).message = `${source}: ${(e as Error).message}`;
      throw e;
    }
    yield chunk;
    rowStart += batch.numRows;
  }
}

/**
 * The reader's message, or what it means when apache-arrow failed inside its parser on bytes that are
 * not a complete IPC file or stream (a TypeError about its own internals, which names nothing the
 * user knows).
 */
function readerMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return e instanceof TypeError && /Cannot read properties|is not a function|undefined/.test(message)
    ? 'the data is truncated or not an Arrow IPC file or stream'
    : message;
}

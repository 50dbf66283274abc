// Sources of chunks for fitStream: what a stream may be, how to read it once per epoch, and how a
// file path or Node readable stream (CSV, Parquet, Arrow IPC) becomes chunks (the reader is
// registered by the Node entry, so that the browser build carries no parser and no Node module).

import { describe, type MatrixInput, type VectorInput } from '../api/data.js';
import type { ArrowTableLike, ArrowVectorLike, ColumnSelection } from '../arrow/table.js';

/** One piece of a dataset: X and y as fit takes them (an Arrow Table with its target's name too). */
export interface Chunk {
  X: MatrixInput | ArrowTableLike;
  y: VectorInput | ArrowVectorLike | string | ColumnSelection;
  sampleWeight?: VectorInput;
}

/** Chunks read once: an array or any iterable or async iterable (a generator, a reader's chunks). */
export type Chunks = AsyncIterable<Chunk> | Iterable<Chunk>;

/**
 * What fitStream reads: chunks (an array, any iterable or async iterable), a function that opens
 * them afresh (called once per epoch: how a file is re-read), or — in Node — a readable CSV stream
 * or a CSV file path (with the `csv` option).
 */
export type ChunkSource = Chunks | (() => Chunks | Promise<Chunks>) | string | { pipe: unknown };

/** How a byte stream or path is read as CSV chunks (see `csv` in StreamOptions). */
export interface CsvChunkOptions {
  /** The column of y. */
  target: string;
  /** The columns of X, in order (default: every column but the target). */
  features?: readonly string[];
  /** Field delimiter (default ','). */
  delimiter?: string;
  /** Rows per chunk (default 65 536). */
  chunkRows?: number;
}

/** The data formats fitStream reads from a path or a Node readable stream. */
export type FileFormat = 'csv' | 'parquet' | 'arrow';

/** How a byte stream or path is read as chunks (see `columns` in StreamOptions). */
export interface FileChunkOptions extends CsvChunkOptions {
  /** Default: from the extension (.parquet, .arrow / .feather / .arrows / .ipc), else CSV; a readable
   *  stream is CSV unless 'arrow' (an Arrow IPC stream). Parquet needs a file (its index is at the end). */
  format?: FileFormat;
}

type FileReader = (input: string | { pipe: unknown }, options: FileChunkOptions & { dtype: string }) => Chunks;
let fileReader: FileReader | null = null;

/** Lets the Node entry teach fitStream to read files and streams (CSV, Parquet, Arrow IPC). */
export function registerFileReader(reader: FileReader): void {
  fileReader = reader;
}

/**
 * The chunks of one read (of `reads` in all: one per epoch, plus the statistics pass). A one-shot
 * source (a generator, a stream) can be read once: more reads need a function that opens it again.
 * @throws TypeError for a source of another kind, or a one-shot source asked for more than one read.
 */
export async function chunksOf(
  source: ChunkSource,
  reads: number,
  file: FileChunkOptions | undefined,
  dtype: string,
): Promise<Chunks> {
  if (typeof source === 'function') {
    const opened = await source();
    if (isChunks(opened)) return opened;
    throw new TypeError(`fitStream's source function must return an iterable of chunks, got ${describe(opened)}`);
  }
  if (typeof source === 'string' || isByteStream(source)) {
    if (!fileReader) {
      throw new TypeError(
        "fitStream reads files and streams (CSV, Parquet, Arrow) in Node only (import from 'linwasm' there); elsewhere " +
          "pass chunks { X, y }, e.g. from parquetChunks or arrowChunks of 'linwasm/parquet' and 'linwasm/arrow'",
      );
    }
    if (!file) {
      throw new TypeError('fitStream needs the columns option ({ target, … }) to read a file or stream');
    }
    if (reads > 1 && typeof source !== 'string') throw oneShot();
    return fileReader(source, { ...file, dtype });
  }
  if (!isChunks(source)) {
    throw new TypeError(
      `fitStream's source must be chunks { X, y } (an array or an iterable), a function returning them, or a CSV stream, got ${describe(source)}`,
    );
  }
  if (reads > 1 && isOneShot(source)) throw oneShot();
  return source;
}

function oneShot(): TypeError {
  return new TypeError(
    'This source can be read only once (a generator or a stream), but it must be read more than once (epochs, ' +
      "or scaling: 'firstPass'): " +
      'pass a function that opens it again, e.g. () => csvChunks(createReadStream(path), …), or a file path',
  );
}

function isChunks(v: unknown): v is Chunks {
  return (
    v != null &&
    (typeof (v as AsyncIterable<Chunk>)[Symbol.asyncIterator] === 'function' ||
      typeof (v as Iterable<Chunk>)[Symbol.iterator] === 'function')
  );
}

/** A Node readable (its chunks are bytes or text, not { X, y }). */
function isByteStream(v: unknown): v is { pipe: unknown } {
  return v != null && typeof v === 'object' && typeof (v as { pipe?: unknown }).pipe === 'function';
}

/** Iterators that are their own iterable (generators, streams) cannot be read twice. */
function isOneShot(v: Chunks): boolean {
  const asyncIt = (v as AsyncIterable<Chunk>)[Symbol.asyncIterator];
  if (typeof asyncIt === 'function') return (asyncIt.call(v) as unknown) === v;
  return ((v as Iterable<Chunk>)[Symbol.iterator]() as unknown) === v;
}

/** Whether the source can be read more than once (a function, a file path, a re-iterable collection). */
export function canReread(source: ChunkSource): boolean {
  if (typeof source === 'function' || typeof source === 'string') return true;
  if (isByteStream(source) || !isChunks(source)) return false;
  return !isOneShot(source);
}

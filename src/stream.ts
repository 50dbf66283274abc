// Sources of chunks for fitStream: what a stream may be, how to read it once per epoch, and how a
// Node readable CSV stream becomes chunks (registered by the Node entry, so that the browser build
// carries no CSV parser and no Node module).
import { describe, type MatrixInput, type VectorInput } from './data.js';

/** One piece of a dataset. */
export interface Chunk {
  X: MatrixInput;
  y: VectorInput;
  sampleWeight?: VectorInput;
}

type Chunks = AsyncIterable<Chunk> | Iterable<Chunk>;

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

type CsvReader = (input: string | { pipe: unknown }, options: CsvChunkOptions & { dtype: string }) => Chunks;
let csvReader: CsvReader | null = null;

/** Lets the Node entry teach fitStream to read CSV streams and files. */
export function registerCsvReader(reader: CsvReader): void {
  csvReader = reader;
}

/**
 * The chunks of one read (of `reads` in all: one per epoch, plus the statistics pass). A one-shot
 * source (a generator, a stream) can be read once: more reads need a function that opens it again.
 * @throws TypeError for a source of another kind, or a one-shot source asked for more than one read.
 */
export async function chunksOf(
  source: ChunkSource,
  reads: number,
  csv: CsvChunkOptions | undefined,
  dtype: string,
): Promise<Chunks> {
  if (typeof source === 'function') {
    const opened = await source();
    if (isChunks(opened)) return opened;
    throw new TypeError(`fitStream's source function must return an iterable of chunks, got ${describe(opened)}`);
  }
  if (typeof source === 'string' || isByteStream(source)) {
    if (!csvReader) {
      throw new TypeError(
        "fitStream reads CSV files and streams in Node only (import from 'linwasm' there); elsewhere pass chunks { X, y }",
      );
    }
    if (!csv) throw new TypeError('fitStream needs the csv option ({ target, … }) to read a CSV file or stream');
    if (reads > 1 && typeof source !== 'string') throw oneShot();
    return csvReader(source, { ...csv, dtype });
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

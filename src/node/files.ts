// Data files of any format linwasm reads in Node — CSV, Parquet, Arrow IPC — by path or stream, as
// chunks (fitStream, train --stream, the server's streamed jobs) or whole (fit, predict, evaluate).
// The Parquet and Arrow readers (hyparquet, apache-arrow) are optional peer dependencies, loaded on
// first use: linwasm itself depends on nothing, and CSV users install nothing more.
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ColumnMatrix, Matrix } from '../api/data.js';
import { type ColumnChunk, gatherColumns } from '../api/gather.js';
import { type ApacheArrow, arrowChunks } from '../arrow/chunks.js';
import type { FileFormat } from '../fit/sources.js';
import { type AsyncBuffer, type Hyparquet, parquetChunks } from '../parquet/chunks.js';
import { type CsvChunk, csvChunks, readCsv } from './csv.js';
import { DataFileError, RowLimitError } from './errors.js';

export type { FileFormat };

/** The format of a path by its extension: .parquet / .pq, .arrow / .feather / .arrows / .ipc, else CSV. */
export function formatOf(path: string): FileFormat {
  const lower = path.toLowerCase();
  if (/\.(parquet|pq)$/.test(lower)) return 'parquet';
  if (/\.(arrow|feather|arrows|ipc)$/.test(lower)) return 'arrow';
  return 'csv';
}

/** How fileChunks reads a data file of any format: the target and feature columns, the format when
 *  the path's extension does not say, rows per chunk, and CSV's settings. */
export interface FileChunksOptions {
  /** The column of y. */
  target: string;
  /** The columns of X, in order (default: every column but the target). */
  features?: readonly string[];
  /** Default: formatOf(path); a stream is CSV unless told 'arrow'. */
  format?: FileFormat;
  /** How errors name the input (default: the path, or 'stream'). */
  source?: string;
  /** CSV only: field delimiter (default ','). */
  delimiter?: string;
  /** Rows per chunk (default 65 536; Arrow chunks are its record batches). */
  chunkRows?: number;
  /** CSV only: values too large for float32 are reported where their line is known. */
  dtype?: 'float64' | 'float32';
}

/** A chunk of any format: X row-major (CSV) or as typed columns (Parquet, Arrow), y, and the names. */
export type FileChunk = CsvChunk | ColumnChunk;

/**
 * The chunks of a data file (a path, '-' for stdin, or a readable stream) in its format.
 * @throws (from the iteration) DataFileError for CSV, naming the file, line and column; Error,
 * TypeError or RangeError naming the file, the column and the row for Parquet and Arrow; Error
 * when the format's reader is not installed (saying what to install).
 */
export async function* fileChunks(input: string | Readable, options: FileChunksOptions): AsyncGenerator<FileChunk> {
  const path = typeof input === 'string' ? input : null;
  const source = options.source ?? (path === null ? 'stream' : path === '-' ? 'stdin' : path);
  const format = options.format ?? (path !== null && path !== '-' ? formatOf(path) : 'csv');
  checkFormat(format);
  if (format === 'csv') {
    yield* csvChunks(input, { ...options, source, dtype: options.dtype, fastPath: true });
    return;
  }
  if (format === 'parquet') {
    if (path === null || path === '-') {
      throw new TypeError(`${source}: Parquet is read from a file (its index is at the end), not from a stream`);
    }
    const hyparquet = await load<Hyparquet>('hyparquet', 'Parquet');
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (e) {
      throw fileError(e, source);
    }
    try {
      const file = await fileBuffer(handle);
      yield* parquetChunks(hyparquet, file, { ...options, source, compressors: await compressors() });
    } finally {
      await handle.close();
    }
    return;
  }
  const arrow = await load<ApacheArrow>('apache-arrow', 'Arrow IPC');
  const stream = path === null ? input : path === '-' ? process.stdin : createReadStream(path);
  const opened = await opening(stream as Readable, source);
  try {
    yield* arrowChunks(arrow, opened as unknown as AsyncIterable<Uint8Array>, { ...options, source });
  } finally {
    if (opened !== process.stdin) (opened as Readable).destroy();
  }
}

/** A data file read whole, as readCsv reads a CSV: the selected columns (row-major for CSV, typed columns otherwise). */
export interface DataFile {
  features: string[];
  target: string | null;
  X: Matrix | ColumnMatrix;
  /** null without a target. */
  y: Float64Array | null;
}

/**
 * Reads a whole data file (a path or '-') in its format: the features (by name, or every column but
 * the target) and the target when asked for.
 * @throws DataFileError for CSV (file:line:column) and for an unreadable file; RowLimitError past
 * maxRows; the Parquet and Arrow readers' errors naming the file, column and row.
 */
export async function readDataFile(
  path: string,
  options: Omit<FileChunksOptions, 'target' | 'chunkRows'> & { target?: string; maxRows?: number },
): Promise<DataFile> {
  const source = options.source ?? (path === '-' ? 'stdin' : path);
  const format = options.format ?? (path !== '-' ? formatOf(path) : 'csv');
  checkFormat(format);
  if (format === 'csv') {
    const data = await readCsv(path, { ...options, source });
    return { features: data.features, target: data.target, X: data.X, y: data.y };
  }
  const chunks = fileChunks(path, { ...options, source, format, target: options.target as string });
  try {
    const data = await gatherColumns(chunks as AsyncIterable<ColumnChunk>, options.maxRows);
    return { features: data.features, target: data.target, X: data.X, y: data.target === null ? null : data.y };
  } catch (e) {
    if (e instanceof RangeError && /^too many rows/.test(e.message)) throw new RowLimitError(source, 0, 0, e.message);
    if (e instanceof RangeError && e.message === 'no data rows') throw new DataFileError(source, 0, 0, 'no data rows');
    throw e;
  }
}

/**
 * An open file as hyparquet's AsyncBuffer: each slice is one positioned read into a buffer of its own
 * (hyparquet's asyncBufferFromFile opens a stream per slice and copies its pieces twice).
 */
async function fileBuffer(handle: FileHandle): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size) {
      const bytes = new Uint8Array(Math.max(0, end - start));
      let at = 0;
      while (at < bytes.length) {
        const { bytesRead } = await handle.read(bytes, at, bytes.length - at, start + at);
        if (bytesRead === 0)
          throw new Error(`unexpected end of file at byte ${start + at} (the file is ${size} bytes)`);
        at += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

function checkFormat(format: unknown): void {
  if (format !== 'csv' && format !== 'parquet' && format !== 'arrow') {
    throw new RangeError(`The format must be 'csv', 'parquet' or 'arrow', got ${JSON.stringify(format)}`);
  }
}

/** The optional peer dependency `name`, or an Error that says how to install it. */
async function load<T>(name: string, format: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `reading ${format} needs the package '${name}' (an optional peer dependency of linwasm): npm install ${name}`,
      );
    }
    throw e;
  }
}

/** hyparquet-compressors' decompressors (gzip, zstd, brotli, lz4, a faster snappy) when installed. */
async function compressors(): Promise<unknown> {
  try {
    return ((await import('hyparquet-compressors' as string)) as { compressors: unknown }).compressors;
  } catch {
    return undefined;
  }
}

/** Resolves with the stream once it opened (or at once for stdin); rejects with a DataFileError. */
function opening(stream: Readable, source: string): Promise<Readable> {
  if (stream === process.stdin || !('pending' in stream) || !(stream as { pending?: boolean }).pending) {
    return Promise.resolve(stream);
  }
  return new Promise((resolve, reject) => {
    stream.once('ready', () => resolve(stream));
    stream.once('error', (e) => reject(fileError(e, source)));
  });
}

function fileError(e: unknown, source: string): Error {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new DataFileError(source, 0, 0, 'no such file');
  if (code === 'EACCES') return new DataFileError(source, 0, 0, 'permission denied');
  if (code === 'EISDIR') return new DataFileError(source, 0, 0, 'is a directory, not a data file');
  return e as Error;
}

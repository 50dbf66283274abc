// Parquet files as chunks of typed columns, read with hyparquet (https://github.com/hyparam/hyparquet)
// without importing it: the caller passes the module in (linwasm/parquet imports it; the Node entry
// loads it on first use), so that linwasm itself depends on nothing. Browser-safe: a file is anything
// with byteLength and slice(start, end) → bytes (hyparquet's AsyncBuffer), a Blob or File, or bytes.
// Only the selected columns are read, one range of rows at a time: memory holds one chunk.
import type { ColumnChunk } from '../api/gather.js';

/** What linwasm calls of hyparquet (its `parquetMetadataAsync` and `parquetRead`). */
export interface Hyparquet {
  parquetMetadataAsync(file: AsyncBuffer): Promise<ParquetMetadata>;
  parquetRead(options: {
    file: AsyncBuffer;
    metadata: ParquetMetadata;
    columns: string[];
    rowStart: number;
    rowEnd: number;
    compressors?: unknown;
    onChunk: (chunk: { columnName: string; columnData: ArrayLike<unknown>; rowStart: number; rowEnd: number }) => void;
  }): Promise<void>;
}

/** hyparquet's random-access file. */
export interface AsyncBuffer {
  /** The file's size in bytes. */
  byteLength: number;
  /** The bytes from `start` up to `end` (default: the end of the file), at once or as a promise. */
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

/** The part of a Parquet footer linwasm reads. */
export interface ParquetMetadata {
  num_rows: bigint | number;
  schema: {
    name: string;
    type?: string;
    num_children?: number;
    repetition_type?: string;
    converted_type?: string;
    logical_type?: { type: string };
  }[];
  row_groups: { num_rows: bigint | number }[];
}

/** How parquetChunks reads a Parquet file: the target and feature columns, rows per chunk, decompressors. */
export interface ParquetChunkOptions {
  /** The column of y (required to train; without it chunks have an empty y). */
  target?: string;
  /** The columns of X, in order (default: every top-level column but the target). */
  features?: readonly string[];
  /** Rows per chunk at most (default 65 536); a chunk never spans two row groups. */
  chunkRows?: number;
  /** How errors name the file (default 'parquet file'). */
  source?: string;
  /** Decompressors for codecs hyparquet lacks (gzip, zstd, brotli, …): hyparquet-compressors' `compressors`. */
  compressors?: unknown;
}

/** A chunk of a Parquet file: named typed columns (views of buffers reused for the next chunk) and y. */
export type ParquetChunk = ColumnChunk;

const DEFAULT_CHUNK_ROWS = 65536;
// Physical types that hold numbers, and logical types on them that are not plain numbers.
const NUMERIC = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);
const NOT_A_NUMBER = /^(DATE|TIME|TIMESTAMP|INTERVAL|ENUM|JSON|BSON|UTF8|STRING)/;

/** A Blob (a dropped File), bytes or an AsyncBuffer as hyparquet's AsyncBuffer. */
export function asyncBufferOf(file: AsyncBuffer | Blob | ArrayBuffer | ArrayBufferView): AsyncBuffer {
  if (typeof Blob !== 'undefined' && file instanceof Blob) {
    return { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
  }
  if (ArrayBuffer.isView(file)) {
    return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  }
  return file as AsyncBuffer;
}

/**
 * The selected columns of a Parquet file, chunkRows rows at a time, as { X (typed columns), y }.
 * @throws (from the iteration) Error naming the file when it is not Parquet; TypeError for an unknown
 * or non-numeric column; RangeError for a null, naming the column and the row (counted from 0 in the file).
 */
export async function* parquetChunks(
  hyparquet: Hyparquet,
  input: AsyncBuffer | Blob | ArrayBuffer | ArrayBufferView,
  options: ParquetChunkOptions,
): AsyncGenerator<ParquetChunk> {
  const source = options.source ?? 'parquet file';
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  }
  const file = asyncBufferOf(input);
  let metadata: ParquetMetadata;
  try {
    metadata = await hyparquet.parquetMetadataAsync(file);
  } catch (e) {
    throw new Error(`${source}: not a Parquet file (${(e as Error).message})`);
  }
  const { features, target } = selectColumns(metadata, options, source);
  const columns = target === null ? features : [...features, target];
  const d = features.length;
  const buffers = columns.map(() => new Float64Array(chunkRows));
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    for (let start = groupStart; start < groupStart + groupRows; start += chunkRows) {
      const end = Math.min(start + chunkRows, groupStart + groupRows);
      const n = end - start;
      const filled = new Float64Array(columns.length);
      let failure: Error | null = null;
      try {
        await hyparquet.parquetRead({
          file,
          metadata,
          columns,
          rowStart: start,
          rowEnd: end,
          compressors: options.compressors,
          onChunk({ columnName, columnData, rowStart }) {
            if (failure) return;
            const k = columns.indexOf(columnName);
            if (k < 0) return;
            try {
              filled[k] += copyRange(columnData, rowStart, start, end, buffers[k], columnName, source);
            } catch (e) {
              failure = e as Error;
            }
          },
        });
      } catch (e) {
        throw new Error(`${source}: cannot read rows ${start}–${end - 1}: ${(e as Error).message}`);
      }
      if (failure) throw failure;
      const short = columns.findIndex((_, k) => filled[k] !== n);
      if (short >= 0)
        throw new Error(
          `${source}: column '${columns[short]}' gave ${filled[short]} of the ${n} rows ${start}–${end - 1}`,
        );
      yield {
        X: { columns: buffers.slice(0, d).map((b) => b.subarray(0, n)), rows: n, cols: d, names: features },
        y: target === null ? new Float64Array(0) : buffers[d].subarray(0, n),
        features,
        target,
      };
    }
    groupStart += groupRows;
  }
}

/** The feature and target columns, checked against the file's schema. */
function selectColumns(
  metadata: ParquetMetadata,
  options: ParquetChunkOptions,
  source: string,
): { features: string[]; target: string | null } {
  // The top-level columns: the root's children (nested columns take their own children along).
  const top: ParquetMetadata['schema'] = [];
  const schema = metadata.schema;
  for (let i = 1; i < schema.length; ) {
    top.push(schema[i]);
    i = skip(schema, i);
  }
  const names = top.map((e) => e.name);
  const listed = `the file has ${names.map((n) => `'${n}'`).join(', ')}`;
  const target = options.target ?? null;
  if (target !== null && typeof target !== 'string') throw new TypeError(`${source}: the target must be a column name`);
  if (target !== null && !names.includes(target))
    throw new TypeError(`${source}: no target column '${target}': ${listed}`);
  const features = options.features ? [...options.features] : names.filter((n) => n !== target);
  for (const f of features) {
    if (!names.includes(f)) throw new TypeError(`${source}: no feature column '${f}': ${listed}`);
  }
  if (target !== null && features.includes(target)) {
    throw new RangeError(`${source}: '${target}' is the target, so it cannot also be a feature`);
  }
  if (features.length === 0) throw new RangeError(`${source}: no feature columns: ${listed}`);
  for (const name of target === null ? features : [...features, target]) {
    const e = top[names.indexOf(name)];
    const logical = e.logical_type?.type ?? e.converted_type ?? '';
    if (e.num_children || !NUMERIC.has(e.type ?? '') || NOT_A_NUMBER.test(logical)) {
      const type = [e.type ?? 'group', logical].filter(Boolean).join(' ');
      throw new TypeError(
        `${source}: non-numeric column '${name}' (Parquet type ${type}): every feature and the target must be numbers`,
      );
    }
  }
  return { features, target };
}

/** The index after schema element i and its descendants. */
function skip(schema: ParquetMetadata['schema'], i: number): number {
  let next = i + 1;
  for (let c = 0; c < (schema[i].num_children ?? 0); c++) next = skip(schema, next);
  return next;
}

/**
 * Copies the part of `data` (rows from `dataStart`) that falls in [start, end) into out[row − start];
 * returns how many rows it copied. Typed data is copied natively; arrays are checked value by value
 * (hyparquet gives arrays with nulls for optional columns, and bigints for INT64).
 */
function copyRange(
  data: ArrayLike<unknown>,
  dataStart: number,
  start: number,
  end: number,
  out: Float64Array,
  column: string,
  source: string,
): number {
  const from = Math.max(start, dataStart);
  const to = Math.min(end, dataStart + data.length);
  if (to <= from) return 0;
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array) {
    out.set(data.subarray(from - dataStart, to - dataStart), from - start);
    return to - from;
  }
  for (let row = from; row < to; row++) {
    const v = data[row - dataStart];
    if (typeof v === 'number') out[row - start] = v;
    else if (typeof v === 'bigint') out[row - start] = Number(v);
    else if (v === null || v === undefined) {
      throw new RangeError(`${source}: null in column '${column}' at row ${row}: fill or drop missing values first`);
    } else {
      throw new TypeError(`${source}: non-numeric value in column '${column}' at row ${row}`);
    }
  }
  return to - from;
}

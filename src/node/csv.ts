// Streaming CSV → the dense row-major matrix linwasm trains on. csv-parse handles the format
// (quotes, embedded delimiters and newlines, CRLF, a BOM); this file turns fields into numbers and
// reports every problem with the file, line and column, so a user can open the file right there.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { DataFileError, RowLimitError } from './errors.js';

export interface CsvOptions {
  /** How errors name the input: its path, or a description such as 'request body'. */
  source: string;
  /** Field delimiter, one character (default ','). */
  delimiter?: string;
  /** The column of y. Without it there is no y. */
  target?: string;
  /** The columns of X, in order. Default: every column but the target. Other columns are not read. */
  features?: readonly string[];
  /** With 'float32', values too large for float32 are reported here, where their line is known. */
  dtype?: 'float64' | 'float32';
  /** Refuse inputs with more data rows than this. */
  maxRows?: number;
}

export interface CsvData {
  /** Every column name of the header row. */
  header: string[];
  /** The columns of X, in order. */
  features: string[];
  /** The column of y, or null. */
  target: string | null;
  /** The feature columns, row-major. */
  X: { data: Float64Array; rows: number; cols: number };
  /** The target column, or null when no target was asked for. */
  y: Float64Array | null;
}

/**
 * Reads a CSV file (a path, '-' for stdin, or a readable stream) with a header row into X and y.
 * The file is streamed: memory holds the numbers of the selected columns, not the text.
 * @throws DataFileError naming the file, line and column: unreadable file, malformed CSV, missing
 * header, unknown target or feature column, wrong column count, missing, non-numeric or non-finite
 * value, no data rows; RowLimitError (a DataFileError) past maxRows.
 */
export async function readCsv(input: string | Readable, options: CsvOptions): Promise<CsvData> {
  const { source } = options;
  checkDelimiter(options.delimiter);
  let table: Table | null = null;
  for await (const batch of records(input, options)) {
    for (const { record, line } of batch) {
      if (table === null) table = new Table(record, line, options);
      else table.add(record, line);
    }
  }
  if (table === null) throw new DataFileError(source, 0, 0, 'the file is empty: expected a header row');
  return table.result();
}

export interface CsvChunkOptions extends Omit<CsvOptions, 'target' | 'maxRows'> {
  /** The column of y. */
  target: string;
  /** Rows per chunk (default 65 536). */
  chunkRows?: number;
}

/** A chunk of a CSV file: views of one reused buffer, valid until the next chunk is requested. */
export interface CsvChunk {
  X: { data: Float64Array; rows: number; cols: number };
  y: Float64Array;
  /** The names of X's columns, and of y's. */
  features: string[];
  target: string;
}

export const DEFAULT_CHUNK_ROWS = 65536;

/**
 * Reads a CSV file (a path, '-' for stdin, or a readable stream) with a header row as chunks of
 * chunkRows rows, in one buffer reused for every chunk: memory stays the same whatever the size of
 * the file. Each chunk is valid until the next one is requested (fitStream copies it at once).
 * @throws (from the iteration) DataFileError naming the file, line and column, as readCsv.
 */
export async function* csvChunks(input: string | Readable, options: CsvChunkOptions): AsyncGenerator<CsvChunk> {
  const { source } = options;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  }
  checkDelimiter(options.delimiter);
  let table: Table | null = null;
  for await (const batch of records(input, options)) {
    for (const { record, line } of batch) {
      if (table === null) {
        table = new Table(record, line, options, chunkRows);
        continue;
      }
      table.add(record, line);
      if (table.full) {
        yield table.chunk();
        table.clear();
      }
    }
  }
  if (table === null) throw new DataFileError(source, 0, 0, 'the file is empty: expected a header row');
  if (table.count > 0) yield table.chunk();
}

/**
 * The records of a CSV input (a path, '-' for stdin, or a readable stream) in batches, lines of
 * spaces skipped, each with the number of its last line. Errors of the file and of its format come out as
 * DataFileError; the stream is closed (stdin excepted) however the iteration ends.
 */
async function* records(
  input: string | Readable,
  options: Pick<CsvOptions, 'source' | 'delimiter'>,
): AsyncGenerator<CsvRecord[]> {
  const delimiter = options.delimiter ?? ',';
  const stream: Readable = typeof input !== 'string' ? input : input === '-' ? process.stdin : createReadStream(input);
  const parser = parse({ delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  stream.on('error', (e: Error) => parser.destroy(e));
  stream.pipe(parser);
  try {
    // The records the parser holds, in batches: one await per batch instead of one per record (an
    // await per record costs a quarter of the reading time).
    for (;;) {
      const batch: CsvRecord[] = [];
      for (let item = parser.read(); item !== null; item = parser.read()) {
        const { record, info } = item as { record: string[]; info: { lines: number } };
        if (record.length === 1 && record[0].trim() === '') continue; // a line of spaces
        batch.push({ record, line: info.lines });
      }
      if (batch.length > 0) yield batch;
      else if (!(await readable(parser))) break;
    }
  } catch (e) {
    throw toDataFileError(e, options.source);
  } finally {
    if (stream !== process.stdin) stream.destroy();
    parser.destroy();
  }
}

interface CsvRecord {
  record: string[];
  /** The number of the record's last line. */
  line: number;
}

/** Resolves true when the stream has more to read, false at its end; rejects with its error. */
function readable(stream: Readable): Promise<boolean> {
  if (stream.readableEnded) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const done = (more: boolean) => () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      resolve(more);
    };
    const onReadable = done(true);
    const onEnd = done(false);
    const onError = (e: Error) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      reject(e);
    };
    stream.once('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

function checkDelimiter(delimiter = ','): void {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(`The delimiter must be one character other than a quote or newline, got '${delimiter}'`);
  }
}

/** Accumulates the selected columns of each record in growing typed arrays. */
class Table {
  private readonly header: string[];
  private readonly featureIndex: number[];
  private readonly targetIndex: number;
  private x: Float64Array;
  private y: Float64Array | null;
  private rows = 0;

  constructor(
    header: string[],
    line: number,
    private readonly options: CsvOptions,
    /** Rows per chunk: a fixed buffer, reused (csvChunks); 0 grows as needed (readCsv). */
    private readonly capacity = 0,
  ) {
    const { source, target } = options;
    this.header = header.map((h) => h.trim());
    const seen = new Map<string, number>();
    this.header.forEach((name, j) => {
      if (seen.has(name)) {
        throw new DataFileError(source, line, j + 1, `duplicate column name '${name}' (also column ${seen.get(name)})`);
      }
      seen.set(name, j + 1);
    });
    const columns = `the header has ${this.header.map((h) => `'${h}'`).join(', ')}`;
    this.targetIndex = target === undefined ? -1 : this.header.indexOf(target);
    if (target !== undefined && this.targetIndex < 0) {
      throw new DataFileError(source, line, 0, `no target column '${target}': ${columns}`);
    }
    const features = options.features ?? this.header.filter((_, j) => j !== this.targetIndex);
    this.featureIndex = features.map((name) => {
      const j = this.header.indexOf(name);
      if (j < 0) throw new DataFileError(source, line, 0, `no feature column '${name}': ${columns}`);
      return j;
    });
    if (this.featureIndex.length === 0) {
      throw new DataFileError(source, line, 0, `no feature columns: ${columns}, and '${target}' is the target`);
    }
    const rows = capacity || 1024;
    this.x = new Float64Array(rows * this.featureIndex.length);
    this.y = target === undefined ? null : new Float64Array(rows);
  }

  /** Whether the chunk buffer is full (csvChunks). */
  get full(): boolean {
    return this.capacity > 0 && this.rows === this.capacity;
  }

  get count(): number {
    return this.rows;
  }

  /** The rows so far as views of the buffer (valid until clear()). */
  chunk(): CsvChunk {
    const cols = this.featureIndex.length;
    return {
      X: { data: this.x.subarray(0, this.rows * cols), rows: this.rows, cols },
      y: (this.y as Float64Array).subarray(0, this.rows),
      features: this.featureIndex.map((j) => this.header[j]),
      target: this.header[this.targetIndex],
    };
  }

  /** Starts the next chunk in the same buffer. */
  clear(): void {
    this.rows = 0;
  }

  add(record: string[], line: number): void {
    const { source, maxRows } = this.options;
    if (record.length !== this.header.length) {
      const column = Math.min(record.length, this.header.length) + 1;
      throw new DataFileError(
        source,
        line,
        column,
        `wrong column count: this row has ${record.length} columns, the header has ${this.header.length}`,
      );
    }
    if (maxRows !== undefined && this.rows >= maxRows) {
      throw new RowLimitError(source, line, 0, `too many rows: at most ${maxRows} data rows are accepted`);
    }
    const d = this.featureIndex.length;
    if ((this.rows + 1) * d > this.x.length) this.x = grow(this.x);
    const offset = this.rows * d;
    for (let k = 0; k < d; k++) this.x[offset + k] = this.value(record, this.featureIndex[k], line);
    if (this.y) {
      if (this.rows >= this.y.length) this.y = grow(this.y);
      this.y[this.rows] = this.value(record, this.targetIndex, line);
    }
    this.rows++;
  }

  result(): CsvData {
    if (this.rows === 0) throw new DataFileError(this.options.source, 0, 0, 'no data rows after the header');
    const cols = this.featureIndex.length;
    return {
      header: this.header,
      features: this.featureIndex.map((j) => this.header[j]),
      target: this.targetIndex < 0 ? null : this.header[this.targetIndex],
      X: { data: this.x.slice(0, this.rows * cols), rows: this.rows, cols },
      y: this.y ? this.y.slice(0, this.rows) : null,
    };
  }

  private value(record: string[], j: number, line: number): number {
    const field = record[j];
    // Fast path for the common field, a plain decimal number: Number() parses it exactly as below,
    // and what it would wrongly take ('', blanks, '0x1f', '0b1', '0o7', non-finite) goes the slow way.
    const fast = Number(field);
    if (fast !== 0 && Number.isFinite(fast) && field.charCodeAt(0) > 32 && !PREFIXED.test(field)) {
      if (this.options.dtype !== 'float32' || Number.isFinite(Math.fround(fast))) return fast;
    }
    const text = field.trim();
    const fail = (why: string) =>
      new DataFileError(this.options.source, line, j + 1, `${why} in column '${this.header[j]}'`);
    if (text === '') throw fail('missing value');
    if (!NUMBER.test(text)) {
      if (NON_FINITE.test(text)) throw fail(`non-finite value ${JSON.stringify(text)}`);
      throw fail(`non-numeric value ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`);
    }
    const v = Number(text);
    if (!Number.isFinite(v)) throw fail(`non-finite value ${JSON.stringify(text)} (too large for float64)`);
    if (this.options.dtype === 'float32' && !Number.isFinite(Math.fround(v))) {
      throw fail(`value ${text} overflows float32 (use dtype float64)`);
    }
    return v;
  }
}

// A decimal number as written in CSV files; Number() alone would also take '', '0x1f' and 'Infinity'.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;
// Number() also reads 0x…, 0b… and 0o… literals.
const PREFIXED = /^0[xXbBoO]/;

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

function toDataFileError(e: unknown, source: string): Error {
  if (e instanceof DataFileError) return e;
  const err = e as Error & { code?: string; lines?: number; column?: number | string };
  if (err.code === 'ENOENT') return new DataFileError(source, 0, 0, 'no such file');
  if (err.code === 'EACCES') return new DataFileError(source, 0, 0, 'permission denied');
  if (err.code === 'EISDIR') return new DataFileError(source, 0, 0, 'is a directory, not a CSV file');
  if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
    // csv-parse's messages are long and name the option; keep the part that describes the data.
    const column = typeof err.column === 'number' ? err.column + 1 : 0;
    return new DataFileError(source, err.lines ?? 0, column, `malformed CSV: ${err.message.split(':')[0]}`);
  }
  if (typeof err.code === 'string') return new DataFileError(source, 0, 0, `cannot read the file: ${err.message}`);
  return err;
}

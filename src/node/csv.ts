// Streaming CSV → the dense row-major matrix linwasm trains on. Plain files — no quotes, LF or CRLF
// line ends — take a fast path: the text is cut at newlines and delimiters with indexOf and the
// selected fields become numbers where they lie (5–7× csv-parse; bench/csv-parsers.mjs). At the first
// quote (or a lone CR), the rest of the input goes through the full reader of the format
// (csv-records.ts: quotes, embedded delimiters and newlines, CR line ends). Either way this file
// turns fields into numbers and reports every problem with the file, line and column, so a user can
// open the file right there.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type CsvRecord, CsvRecords, CsvSyntaxError } from './csv-records.js';
import { DataFileError, RowLimitError } from './errors.js';

/** How readCsv reads a CSV file: the delimiter, the target and feature columns, a row limit. */
export interface CsvOptions {
  /** How errors name the input (default: the path, 'stdin' for '-', 'stream' for a stream handed in). */
  source?: string;
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
  /**
   * Read plain text (no quotes) with the fast path; the full reader takes over at the first quote
   * either way, and reads everything when this is false. Default: true for a path or '-', false for a
   * stream handed in (as before linwasm read CSV itself; both read the stream the same way now).
   * fileChunks passes true.
   */
  fastPath?: boolean;
}

/** A CSV file read whole by readCsv: the selected columns as a row-major X, and y. */
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
export async function readCsv(input: string | Readable, options: CsvOptions = {}): Promise<CsvData> {
  checkDelimiter(options.delimiter);
  let table: Table | null = null;
  for await (const filled of fill(input, options, 0)) table = filled;
  return (table as Table).result();
}

/** How csvChunks reads a CSV file: readCsv's options with a required target, and rows per chunk. */
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

/** Rows per chunk of csvChunks when chunkRows is not given: 65 536 (512 KiB per float64 column). */
export const DEFAULT_CHUNK_ROWS = 65536;

/**
 * Reads a CSV file (a path, '-' for stdin, or a readable stream) with a header row as chunks of
 * chunkRows rows, in one buffer reused for every chunk: memory stays the same whatever the size of
 * the file. Each chunk is valid until the next one is requested (fitStream copies it at once).
 * @throws (from the iteration) DataFileError naming the file, line and column, as readCsv.
 */
export async function* csvChunks(input: string | Readable, options: CsvChunkOptions): AsyncGenerator<CsvChunk> {
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  }
  checkDelimiter(options.delimiter);
  for await (const table of fill(input, options, chunkRows)) {
    if (table.count > 0) yield table.chunk();
    table.clear();
  }
}

/**
 * Reads the input into a Table made from its header row: yields the table each time it is full
 * (capacity > 0; the caller empties it) and once at the end. Plain text is cut by indexOf (the fast
 * path); from the first block with a quote or a lone CR on, CsvRecords reads the rest.
 * @throws DataFileError as readCsv, including for an input without a header row.
 */
async function* fill(input: string | Readable, options: CsvOptions, capacity: number): AsyncGenerator<Table> {
  const source = sourceOf(input, options);
  const delimiter = options.delimiter ?? ',';
  const stream: Readable = typeof input !== 'string' ? input : input === '-' ? process.stdin : createReadStream(input);
  let table: Table | null = null;
  let line = 0; // lines read so far (by the fast path)
  let rest = '';
  let first = true;
  let exact = (options.fastPath ?? typeof input === 'string') ? null : new CsvRecords(delimiter);
  try {
    const blocks = stream.setEncoding('utf8')[Symbol.asyncIterator]() as AsyncIterator<string>;
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await blocks.next();
      } catch (e) {
        throw toDataFileError(e, source);
      }
      const last = next.done === true;
      let text = last ? '' : next.value;
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark
        first = false;
      }
      if (!exact) {
        text = rest + text;
        if (!plain(text)) exact = new CsvRecords(delimiter); // the rest of the input, from this text on
      }
      if (exact) {
        for (const { record, line: at } of records(exact, text, last, source, line)) {
          if (table === null) table = new Table(record, at, options, source, capacity);
          else {
            table.add(record, at);
            if (table.full) yield table;
          }
        }
        if (last) break;
        continue;
      }
      let at = 0;
      for (;;) {
        let nl = text.indexOf('\n', at);
        if (nl === -1) {
          if (!last || at >= text.length) break;
          nl = text.length; // the last line has no newline
        }
        line++;
        const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (!blank(text, at, end)) {
          if (table === null) table = new Table(splitLine(text, at, end, delimiter), line, options, source, capacity);
          else {
            table.addLine(text, at, end, line);
            if (table.full) yield table;
          }
        }
        at = nl + 1;
      }
      if (last) break;
      rest = text.slice(at);
    }
  } finally {
    if (stream !== process.stdin) stream.destroy();
  }
  if (table === null) throw new DataFileError(source, 0, 0, 'the file is empty: expected a header row');
  yield table;
}

/** How errors name the input: options.source, else the path ('stdin' for '-'), else 'stream'. */
function sourceOf(input: string | Readable, options: CsvOptions): string {
  return options.source ?? (typeof input !== 'string' ? 'stream' : input === '-' ? 'stdin' : input);
}

/** Text the fast path reads exactly as the full reader would: no quotes, and every CR before an LF. */
function plain(text: string): boolean {
  if (text.indexOf('"') !== -1) return false;
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    // A CR at the very end may be the first half of a CRLF split between blocks: plain if an LF follows.
    if (cr + 1 < text.length && text.charCodeAt(cr + 1) !== 10) return false;
  }
  return true;
}

/** Whether text[start … end) is empty or spaces (a blank line, skipped as the full reader skips it). */
function blank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function splitLine(text: string, start: number, end: number, delimiter: string): string[] {
  return text.slice(start, end).split(delimiter);
}

/**
 * The records the full reader completes with this block of text, lines of spaces left out, each
 * with the number of its last line (after `lineOffset` lines read by the fast path).
 * @throws DataFileError for malformed CSV, at its line and field.
 */
function records(exact: CsvRecords, text: string, last: boolean, source: string, lineOffset: number): CsvRecord[] {
  let read: CsvRecord[];
  try {
    read = exact.push(text, last);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw new DataFileError(source, e.line + lineOffset, e.column, `malformed CSV: ${e.reason}`);
  }
  const out: CsvRecord[] = [];
  for (const r of read) {
    if (r.record.length === 1 && r.record[0].trim() === '') continue; // a line of spaces
    out.push({ record: r.record, line: r.line + lineOffset });
  }
  return out;
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
    private readonly source: string,
    /** Rows per chunk: a fixed buffer, reused (csvChunks); 0 grows as needed (readCsv). */
    private readonly capacity = 0,
  ) {
    const { target } = options;
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
    this.starts = new Int32Array(this.header.length + 1);
    this.delimiter = options.delimiter ?? ',';
  }

  /** Where each field of the current line starts (fast path), and one past the end of the last. */
  private readonly starts: Int32Array;
  private readonly delimiter: string;

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

  /** A record of the full reader (CsvRecords). */
  add(record: string[], line: number): void {
    this.checkRow(record.length, line);
    const d = this.featureIndex.length;
    const offset = this.rows * d;
    for (let k = 0; k < d; k++) {
      const j = this.featureIndex[k];
      this.x[offset + k] = this.value(record[j], j, line);
    }
    if (this.y) this.y[this.rows] = this.value(record[this.targetIndex], this.targetIndex, line);
    this.rows++;
  }

  /** A line of the fast path, text[start … end): its fields are cut out where they lie. */
  addLine(text: string, start: number, end: number, line: number): void {
    const starts = this.starts;
    const columns = this.header.length;
    starts[0] = start;
    let fields = 1;
    for (
      let at = text.indexOf(this.delimiter, start);
      at !== -1 && at < end;
      at = text.indexOf(this.delimiter, at + 1)
    ) {
      if (fields < columns) starts[fields] = at + 1;
      fields++;
    }
    starts[Math.min(fields, columns)] = end + 1;
    this.checkRow(fields, line);
    const d = this.featureIndex.length;
    const offset = this.rows * d;
    for (let k = 0; k < d; k++) {
      const j = this.featureIndex[k];
      this.x[offset + k] = this.value(text.slice(starts[j], starts[j + 1] - 1), j, line);
    }
    if (this.y) {
      const j = this.targetIndex;
      this.y[this.rows] = this.value(text.slice(starts[j], starts[j + 1] - 1), j, line);
    }
    this.rows++;
  }

  /** The row's column count and the row limit; makes room for one more row. */
  private checkRow(fields: number, line: number): void {
    const { maxRows } = this.options;
    const source = this.source;
    if (fields !== this.header.length) {
      const column = Math.min(fields, this.header.length) + 1;
      throw new DataFileError(
        source,
        line,
        column,
        `wrong column count: this row has ${fields} columns, the header has ${this.header.length}`,
      );
    }
    if (maxRows !== undefined && this.rows >= maxRows) {
      throw new RowLimitError(source, line, 0, `too many rows: at most ${maxRows} data rows are accepted`);
    }
    const d = this.featureIndex.length;
    if ((this.rows + 1) * d > this.x.length) this.x = grow(this.x);
    if (this.y && this.rows >= this.y.length) this.y = grow(this.y);
  }

  result(): CsvData {
    if (this.rows === 0) throw new DataFileError(this.source, 0, 0, 'no data rows after the header');
    const cols = this.featureIndex.length;
    return {
      header: this.header,
      features: this.featureIndex.map((j) => this.header[j]),
      target: this.targetIndex < 0 ? null : this.header[this.targetIndex],
      X: { data: this.x.slice(0, this.rows * cols), rows: this.rows, cols },
      y: this.y ? this.y.slice(0, this.rows) : null,
    };
  }

  private value(field: string, j: number, line: number): number {
    // Fast path for the common field, a plain decimal number: Number() parses it exactly as below,
    // and what it would wrongly take ('', blanks, '0x1f', '0b1', '0o7', non-finite) goes the slow way.
    const fast = Number(field);
    if (fast !== 0 && Number.isFinite(fast) && field.charCodeAt(0) > 32 && !PREFIXED.test(field)) {
      if (this.options.dtype !== 'float32' || Number.isFinite(Math.fround(fast))) return fast;
    }
    const text = field.trim();
    const fail = (why: string) => new DataFileError(this.source, line, j + 1, `${why} in column '${this.header[j]}'`);
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
  const err = e as Error & { code?: string };
  if (err.code === 'ENOENT') return new DataFileError(source, 0, 0, 'no such file');
  if (err.code === 'EACCES') return new DataFileError(source, 0, 0, 'permission denied');
  if (err.code === 'EISDIR') return new DataFileError(source, 0, 0, 'is a directory, not a CSV file');
  if (typeof err.code === 'string') return new DataFileError(source, 0, 0, `cannot read the file: ${err.message}`);
  return err;
}

// CSV text → a numeric table, in the data worker, with errors that name the line and column a user
// must fix. Parsing quotes, line endings and the BOM is csv-parse's; checking that every cell is a
// number is ours.
// Large texts are read in slices cut at record boundaries, so that the rows go straight into one
// growing Float64Array (no array of strings per row for the whole file) and progress can be
// reported. A slice without quotes goes through scan.ts (numbers read where they lie); one with
// quotes through csv-parse.
import { CsvError, parse } from 'csv-parse/browser/esm/sync';
import { badCell, CsvProblem } from './problem.js';
import { type BadCells, RaggedRow, scanRows } from './scan.js';

/** A header and rows × columns finite numbers, row-major. */
export interface NumericTable {
  columns: string[];
  rows: number;
  data: Float64Array;
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

/** Characters per slice: big enough that set-up costs nothing, small enough to report progress. */
const SLICE = 1 << 20;

/**
 * Parses CSV text with a header row into numbers, calling onProgress(fraction) between slices.
 * @throws CsvProblem for malformed CSV (unclosed or stray quotes), a row of the wrong length, a
 * cell that is empty or not a finite number (the first one, with a count of the others), or too
 * few rows or columns.
 */
export function readTable(text: string, source: string, onProgress?: (fraction: number) => void): NumericTable {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineOffset = 0;
  let columns: string[] | null = null;
  let headerLine = 1;
  // The header: the first record that is not an empty line (csv-parse reads it: names may be quoted).
  while (!columns && start < text.length) {
    const end = sliceEnd(text, start, 0);
    const slice = text.slice(start, end);
    const records = parseRecords(slice, source, lineOffset);
    if (records.length > 0) {
      columns = records[0].record.map((name, j) => name || `column ${j + 1}`);
      headerLine = lineOffset + records[0].info.lines;
    }
    lineOffset += countLines(slice);
    start = end;
  }
  if (!columns) throw new CsvProblem(source, 1, null, 'the file is empty');
  if (columns.length < 2) {
    throw new CsvProblem(
      source,
      headerLine,
      null,
      'a header with at least two columns (features and a target) is needed',
    );
  }
  const width = columns.length;
  let data = new Float64Array(0);
  let rows = 0;
  const bad: BadCells = { first: undefined, more: 0 };
  while (start < text.length) {
    const end = sliceEnd(text, start, SLICE);
    const lines = countLines(text, start, end) + 1;
    if ((rows + lines) * width > data.length) {
      const grown = new Float64Array(Math.max(2 * data.length, (rows + lines) * width));
      grown.set(data.subarray(0, rows * width));
      data = grown;
    }
    if (isPlain(text, start, end)) {
      try {
        rows += scanRows(text, start, end, width, data, rows, lineOffset, bad);
      } catch (e) {
        if (!(e instanceof RaggedRow)) throw e;
        throw new CsvProblem(source, e.line, null, `expected ${width} values (as in the header), found ${e.found}`);
      }
    } else {
      const records = parseRecords(text.slice(start, end), source, lineOffset);
      toNumbers(records, columns, source, 'as in the header', lineOffset, data, rows * width, bad);
      rows += records.length;
    }
    lineOffset += lines - 1;
    start = end;
    onProgress?.(end / text.length);
  }
  if (bad.first) throw badCell(source, bad, columns);
  if (rows < 2) throw new CsvProblem(source, headerLine, null, 'at least two data rows are needed');
  return { columns, rows, data: data.slice(0, rows * width) };
}

/**
 * Where the slice starting at `start` ends: after the first newline past start + size that is
 * outside quotes (an even number of `"` since start; a doubled `""` counts two, so it keeps parity).
 */
function sliceEnd(text: string, start: number, size: number): number {
  if (text.length - start <= size) return text.length;
  let quotes = 0;
  let i = start;
  const target = start + size;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && i >= target && quotes % 2 === 0) return i + 1;
  }
  return text.length;
}

/** Newlines in text[start, end). */
function countLines(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whether text[start, end) has no quote and no lone carriage return (the fast path's text). */
function isPlain(text: string, start: number, end: number): boolean {
  const q = text.indexOf('"', start);
  if (q !== -1 && q < end) return false;
  for (let i = text.indexOf('\r', start); i !== -1 && i < end; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return false;
  }
  return true;
}

function parseRecords(text: string, source: string, lineOffset: number): Parsed[] {
  try {
    return parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true, // checked below, with a message that says what was expected
    }) as unknown as Parsed[];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = lineOffset + (typeof e.lines === 'number' ? e.lines : 1);
    const column = typeof e.column === 'number' ? e.column + 1 : null;
    throw new CsvProblem(source, line, column, describeCsvError(e));
  }
}

function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed (a " is missing)';
    case 'INVALID_OPENING_QUOTE':
      return 'a " inside an unquoted value (quote the whole value and double the inner quote: "a""b")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after the closing " of a quoted value (a comma is missing?)';
    default:
      return e.message;
  }
}

/** Writes the records' numbers into out from `offset`; the first bad cell and a count of the others go to `bad`. */
function toNumbers(
  records: Parsed[],
  columns: string[],
  source: string,
  why: string,
  lineOffset: number,
  out: Float64Array,
  offset: number,
  bad: BadCells,
): void {
  let k = offset;
  for (const { record, info } of records) {
    if (record.length !== columns.length) {
      const reason = `expected ${columns.length} values (${why}), found ${record.length}`;
      throw new CsvProblem(source, lineOffset + info.lines, null, reason);
    }
    for (let j = 0; j < record.length; j++) {
      const cell = record[j];
      out[k++] = Number(cell);
      if (isNumber(cell)) continue;
      if (bad.first) bad.more++;
      else bad.first = { line: lineOffset + info.lines, column: j + 1, cell };
    }
  }
}

/** A finite decimal number, as written in CSV files (no hex, no "Infinity", not empty). */
function isNumber(cell: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell));
}

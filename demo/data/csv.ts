// CSV text → a numeric table, with errors that name the line and column a user must fix. Parsing
// (quotes, delimiters, line endings, BOM) is csv-parse's; checking that every cell is a number is ours.
// Large texts are parsed in slices cut at record boundaries, so that the rows go straight into one
// growing Float64Array (no array of strings per row for the whole file) and progress can be reported.
import { CsvError, parse } from 'csv-parse/browser/esm/sync';

/** A header and rows × columns finite numbers, row-major. */
export interface NumericTable {
  columns: string[];
  rows: number;
  data: Float64Array;
}

/** A problem in a CSV, at a 1-based line and (when known) column. */
export class CsvProblem extends Error {
  override name = 'CsvProblem';

  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number | null,
    reason: string,
    columnName?: string,
  ) {
    const where = column === null ? '' : `, column ${column}${columnName ? ` (${columnName})` : ''}`;
    super(`${source}, line ${line}${where}: ${reason}`);
  }
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

/** Characters per slice: big enough that csv-parse's set-up is negligible, small enough to report progress. */
const SLICE = 1 << 20;

/**
 * Parses CSV text with a header row into numbers, calling onProgress(fraction) between slices.
 * @throws CsvProblem for malformed CSV (unclosed or stray quotes), a row of the wrong length, a
 * cell that is empty or not a finite number (the first one, with a count of the others), or too
 * few rows or columns.
 */
export function readTable(text: string, source: string, onProgress?: (fraction: number) => void): NumericTable {
  let columns: string[] | null = null;
  let headerLine = 1;
  let data = new Float64Array(0);
  let rows = 0;
  let lineOffset = 0;
  const bad = { first: undefined as CsvProblem | undefined, more: 0 };
  for (let start = 0; start < text.length; ) {
    const end = sliceEnd(text, start);
    const slice = text.slice(start, end);
    let records = parseRecords(slice, source, lineOffset, start === 0);
    if (!columns) {
      if (records.length === 0) {
        lineOffset += countLines(slice);
        start = end;
        continue;
      }
      const head = records[0];
      columns = head.record.map((name, j) => name || `column ${j + 1}`);
      headerLine = lineOffset + head.info.lines;
      if (columns.length < 2) {
        throw new CsvProblem(
          source,
          headerLine,
          null,
          'a header with at least two columns (features and a target) is needed',
        );
      }
      records = records.slice(1);
    }
    const width = columns.length;
    if ((rows + records.length) * width > data.length) {
      const grown = new Float64Array(Math.max(2 * data.length, (rows + records.length) * width, 1024));
      grown.set(data.subarray(0, rows * width));
      data = grown;
    }
    toNumbers(records, columns, source, 'as in the header', lineOffset, data, rows * width, bad);
    rows += records.length;
    lineOffset += countLines(slice);
    start = end;
    onProgress?.(end / text.length);
  }
  if (!columns) throw new CsvProblem(source, 1, null, 'the file is empty');
  if (bad.first) throw withCount(bad.first, bad.more);
  if (rows < 2) throw new CsvProblem(source, headerLine, null, 'at least two data rows are needed');
  return { columns, rows, data: data.slice(0, rows * columns.length) };
}

/**
 * Parses rows of numbers to predict on: `nFeatures` values per row, and an optional header row
 * (recognised by a cell that is not a number), which is skipped.
 * @throws CsvProblem for malformed CSV, a row of another length, or a cell that is not a number.
 */
export function parseRows(text: string, nFeatures: number, source: string): number[][] {
  let records = parseRecords(text, source, 0, true);
  if (records.length > 0 && records[0].record.some((cell) => !isNumber(cell))) records = records.slice(1);
  if (records.length === 0) throw new CsvProblem(source, 1, null, 'no rows to predict on');
  const unnamed = new Array<string>(nFeatures).fill('');
  const data = new Float64Array(records.length * nFeatures);
  const bad = { first: undefined as CsvProblem | undefined, more: 0 };
  toNumbers(records, unnamed, source, `the model has ${nFeatures} features`, 0, data, 0, bad);
  if (bad.first) throw withCount(bad.first, bad.more);
  return records.map((_, i) => Array.from(data.subarray(i * nFeatures, (i + 1) * nFeatures)));
}

/**
 * Where the slice starting at `start` ends: after the first newline past start + SLICE that is
 * outside quotes (an even number of `"` since start; a doubled `""` counts two, so it keeps parity).
 */
function sliceEnd(text: string, start: number): number {
  if (text.length - start <= SLICE) return text.length;
  let quotes = 0;
  let i = start;
  const target = start + SLICE;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && i >= target && quotes % 2 === 0) return i + 1;
  }
  return text.length;
}

function countLines(slice: string): number {
  let n = 0;
  for (let i = slice.indexOf('\n'); i !== -1; i = slice.indexOf('\n', i + 1)) n++;
  return n;
}

function parseRecords(text: string, source: string, lineOffset: number, first: boolean): Parsed[] {
  try {
    return parse(text, {
      bom: first,
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
  bad: { first: CsvProblem | undefined; more: number },
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
      if (bad.first) {
        bad.more++;
      } else {
        const what = cell === '' ? 'is empty' : `${JSON.stringify(cell)} is not a number`;
        bad.first = new CsvProblem(source, lineOffset + info.lines, j + 1, what, columns[j]);
      }
    }
  }
}

// Every other bad cell would be found on the next try; saying how many spares the user that loop.
function withCount(first: CsvProblem, more: number): CsvProblem {
  if (more > 0) first.message += ` (and ${more} more cell${more === 1 ? '' : 's'} that are not numbers)`;
  return first;
}

/** A finite decimal number, as written in CSV files (no hex, no "Infinity", not empty). */
function isNumber(cell: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell));
}

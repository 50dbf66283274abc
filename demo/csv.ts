// CSV text → a numeric table, with errors that name the line and column a user must fix. Parsing
// (quotes, delimiters, line endings, BOM) is csv-parse's; checking that every cell is a number is ours.
import { CsvError, parse } from 'csv-parse/browser/esm/sync';

/** A header and rows of finite numbers, all of the header's length. */
export interface Table {
  columns: string[];
  rows: number[][];
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

/**
 * Parses CSV text with a header row into numbers.
 * @throws CsvProblem for malformed CSV (unclosed or stray quotes), a row of the wrong length, a
 * cell that is empty or not a finite number (the first one, with a count of the others), or too
 * few rows or columns.
 */
export function parseTable(text: string, source: string): Table {
  const records = parseRecords(text, source);
  if (records.length === 0) throw new CsvProblem(source, 1, null, 'the file is empty');
  const [head, ...body] = records;
  const columns = head.record.map((name, j) => name || `column ${j + 1}`);
  if (columns.length < 2) {
    throw new CsvProblem(
      source,
      head.info.lines,
      null,
      'a header with at least two columns (features and a target) is needed',
    );
  }
  if (body.length < 2) throw new CsvProblem(source, head.info.lines, null, 'at least two data rows are needed');
  return { columns, rows: toNumbers(body, columns, source, 'as in the header') };
}

/**
 * Parses rows of numbers to predict on: `nFeatures` values per row, and an optional header row
 * (recognised by a cell that is not a number), which is skipped.
 * @throws CsvProblem for malformed CSV, a row of another length, or a cell that is not a number.
 */
export function parseRows(text: string, nFeatures: number, source: string): number[][] {
  let records = parseRecords(text, source);
  if (records.length > 0 && records[0].record.some((cell) => !isNumber(cell))) records = records.slice(1);
  if (records.length === 0) throw new CsvProblem(source, 1, null, 'no rows to predict on');
  const unnamed = new Array<string>(nFeatures).fill('');
  return toNumbers(records, unnamed, source, `the model has ${nFeatures} features`);
}

function parseRecords(text: string, source: string): Parsed[] {
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
    const line = typeof e.lines === 'number' ? e.lines : 1;
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

function toNumbers(records: Parsed[], columns: string[], source: string, why: string): number[][] {
  let first: CsvProblem | undefined;
  let more = 0;
  const rows: number[][] = [];
  for (const { record, info } of records) {
    if (record.length !== columns.length) {
      const reason = `expected ${columns.length} values (${why}), found ${record.length}`;
      throw new CsvProblem(source, info.lines, null, reason);
    }
    const row = new Array<number>(record.length);
    for (let j = 0; j < record.length; j++) {
      const cell = record[j];
      row[j] = Number(cell);
      if (isNumber(cell)) continue;
      if (first) {
        more++;
      } else {
        const what = cell === '' ? 'is empty' : `${JSON.stringify(cell)} is not a number`;
        first = new CsvProblem(source, info.lines, j + 1, what, columns[j]);
      }
    }
    rows.push(row);
  }
  if (first) {
    // Every other bad cell would be found on the next try; saying how many spares the user that loop.
    if (more > 0) first.message += ` (and ${more} more cell${more === 1 ? '' : 's'} that are not numbers)`;
    throw first;
  }
  return rows;
}

/** A finite decimal number, as written in CSV files (no hex, no "Infinity", not empty). */
function isNumber(cell: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell));
}

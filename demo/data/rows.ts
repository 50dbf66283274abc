// The rows typed into the prediction box → numbers, on the page (a handful of rows). They are
// plain numbers, so the quote-free scanner reads them; csv-parse stays in the data worker.
import { badCell, CsvProblem } from './problem.js';
import { type BadCells, RaggedRow, scanRows } from './scan.js';

/**
 * Parses rows of numbers to predict on: `nColumns` values per row, and an optional header row
 * (its first line, when a cell of it is not a number), which is skipped.
 * @throws CsvProblem for quotes, a row of another length, or a cell that is not a number.
 */
export function parseRows(text: string, nColumns: number, source: string): number[][] {
  const quote = text.indexOf('"');
  if (quote !== -1) {
    const line = text.slice(0, quote).split('\n').length;
    throw new CsvProblem(source, line, null, 'quotes are not needed here: write the numbers as they are');
  }
  let start = 0;
  let lineOffset = 0;
  const firstEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n') + 1;
  const first = text.slice(0, firstEnd).trim();
  if (first !== '' && first.split(',').some((cell) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell.trim()))) {
    start = firstEnd;
    lineOffset = 1;
  }
  const lines = text.slice(start).split('\n').length;
  const data = new Float64Array(lines * nColumns);
  const bad: BadCells = { first: undefined, more: 0 };
  let rows: number;
  try {
    rows = scanRows(text, start, text.length, nColumns, data, 0, lineOffset, bad);
  } catch (e) {
    if (!(e instanceof RaggedRow)) throw e;
    throw new CsvProblem(
      source,
      e.line,
      null,
      `expected ${nColumns} values (the model takes ${nColumns} columns), found ${e.found}`,
    );
  }
  if (bad.first) throw badCell(source, bad, new Array<string>(nColumns).fill(''));
  if (rows === 0) throw new CsvProblem(source, 1, null, 'no rows to predict on');
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * nColumns, (i + 1) * nColumns)));
}

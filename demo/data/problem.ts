// A problem in a file the page reads, its message naming the file and where in it: what every
// reader of the demo throws (CSV at a line and column, Parquet and Arrow at a column and row).
import type { BadCells } from './scan.js';

/** A problem in a file, whose message already says which file and where: shown as it is. */
export class FileProblem extends Error {
  override name = 'FileProblem';
}

/** A problem in a CSV, at a 1-based line and (when known) column. */
export class CsvProblem extends FileProblem {
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

// Every other bad cell would be found on the next try; saying how many spares the user that loop.
export function badCell(source: string, bad: BadCells, columns: string[]): CsvProblem {
  const { line, column, cell } = bad.first!;
  const what = cell === '' ? 'is empty' : `${JSON.stringify(cell)} is not a number`;
  const problem = new CsvProblem(source, line, column, what, columns[column - 1]);
  if (bad.more > 0) problem.message += ` (and ${bad.more} more cell${bad.more === 1 ? '' : 's'} that are not numbers)`;
  return problem;
}

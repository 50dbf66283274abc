// The error for a problem in a data file or request body, located the way compilers and linters
// locate theirs (file:line:column) so that editors and terminals can jump to it.

/** A value or shape problem in a CSV or model file, with its position (1-based line and column). */
export class DataFileError extends Error {
  override name = 'DataFileError';

  constructor(
    /** The file (or a description of the source, such as 'request body'). */
    readonly file: string,
    /** 1-based line, or 0 when the problem concerns the whole file. */
    readonly line: number,
    /** 1-based column (field number), or 0 when the problem concerns a whole line. */
    readonly column: number,
    /** The problem, without the position. */
    readonly reason: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}${line > 0 && column > 0 ? `:${column}` : ''}: ${reason}`);
  }
}

/** The input has more rows than the caller accepts (a limit, not a mistake in the data). */
export class RowLimitError extends DataFileError {
  override name = 'RowLimitError';
}

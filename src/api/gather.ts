// A whole columnar source in memory: the chunks of a Parquet or Arrow reader gathered into one column
// per feature and y (for fit, the exact solver and evaluation; fitStream reads the chunks themselves).
import type { ColumnMatrix, NumericColumn } from './data.js';

/** A chunk of a columnar reader: named typed columns and y (empty without a target). */
export interface ColumnChunk {
  /** The feature columns, one typed array per feature. */
  X: ColumnMatrix;
  /** The target's values (empty without a target). */
  y: Float64Array;
  /** The names of X's columns, in order. */
  features: string[];
  /** The target's column name, or null. */
  target: string | null;
}

/** Named columns and the target, read whole. */
export interface ColumnData {
  /** The feature columns as float64, named: pass it to fit as it is. */
  X: ColumnMatrix & { columns: Float64Array[]; names: string[] };
  /** Empty when no target was asked for. */
  y: Float64Array;
  /** The names of X's columns, in order. */
  features: string[];
  /** The target's column name, or null. */
  target: string | null;
}

/**
 * Concatenates the chunks of a columnar reader (parquetChunks' typed columns, or arrowChunks' record
 * batches with their selection).
 * @throws RangeError when the source has no rows or more than maxRows; the readers' errors.
 */
export async function gatherColumns(
  chunks: AsyncIterable<ColumnChunk>,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<ColumnData> {
  let columns: Float64Array[] = [];
  let y: Float64Array = new Float64Array(0);
  let rows = 0;
  let features: string[] = [];
  let target: string | null = null;
  for await (const chunk of chunks) {
    const n = chunk.X.rows;
    if (rows === 0) {
      features = chunk.features;
      target = chunk.target;
      columns = features.map(() => new Float64Array(Math.max(1024, n)));
      y = new Float64Array(target === null ? 0 : columns[0].length);
    }
    if (rows + n > maxRows) throw new RangeError(`too many rows: at most ${maxRows} data rows are accepted`);
    if (rows + n > columns[0].length) {
      const capacity = Math.max(2 * columns[0].length, rows + n);
      columns = columns.map((c) => grown(c, capacity));
      if (target !== null) y = grown(y, capacity);
    }
    for (let j = 0; j < columns.length; j++) columns[j].set(chunk.X.columns[j] as NumericColumn, rows);
    if (target !== null) y.set(chunk.y, rows);
    rows += n;
  }
  if (rows === 0) throw new RangeError('no data rows');
  const trimmed = columns.map((c) => c.slice(0, rows));
  return {
    X: { columns: trimmed, rows, cols: features.length, names: features },
    y: target === null ? y : y.slice(0, rows),
    features,
    target,
  };
}

function grown(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}

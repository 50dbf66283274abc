// Parquet and Arrow IPC files → the numeric table a CSV becomes (data/csv.ts), in the data worker.
// Reading them is linwasm's: linwasm/parquet (hyparquet, with hyparquet-compressors for gzip, zstd,
// brotli and LZ4) and linwasm/arrow (apache-arrow), imported with the first such file, so a page
// that only ever reads CSV never downloads them. Their chunks of typed columns are written straight
// into one growing row-major Float64Array, as the CSV reader writes its rows; every value is checked
// to be finite on the way (the readers refuse nulls and non-numeric columns themselves).
import type { NumericTable } from './csv.js';
import { FileProblem } from './problem.js';

export type FileFormat = 'csv' | 'parquet' | 'arrow';

/**
 * A file's format: by its first bytes — Parquet's magic "PAR1", an Arrow IPC file's "ARROW1", an
 * Arrow IPC stream's continuation marker 0xFFFFFFFF — else by its extension, else CSV. The bytes
 * come first: a dropped file's name is whatever its owner gave it.
 */
export async function formatOf(file: Blob & { name: string }): Promise<FileFormat> {
  const head = new Uint8Array(await file.slice(0, 6).arrayBuffer());
  const magic = String.fromCharCode(...head);
  if (magic.startsWith('PAR1')) return 'parquet';
  if (magic === 'ARROW1' || (head.length >= 4 && head.subarray(0, 4).every((b) => b === 0xff))) return 'arrow';
  if (/\.(parquet|pq)$/i.test(file.name)) return 'parquet';
  if (/\.(arrow|arrows|feather|ipc)$/i.test(file.name)) return 'arrow';
  return 'csv';
}

/** What linwasm's parquetChunks and arrowChunks yield, as far as this file reads it. */
interface ColumnChunk {
  X: { columns: readonly ArrayLike<number>[]; rows: number };
  features: string[];
}

/**
 * Reads every column of a Parquet or Arrow IPC file into a table, calling onProgress(fraction of
 * the file's bytes read) as it goes.
 * @throws FileProblem naming the file: not Parquet or Arrow IPC data, a non-numeric column, a null
 * or a value that is not finite (its column and row, rows counted from 0 as the readers count
 * them), fewer than two columns or two rows.
 */
export async function readColumnar(
  file: File,
  format: 'parquet' | 'arrow',
  onProgress?: (fraction: number) => void,
): Promise<NumericTable> {
  const source = file.name;
  const read = meter(file.size, onProgress);
  try {
    let chunks: AsyncIterable<ColumnChunk>;
    if (format === 'parquet') {
      const [{ parquetChunks }, { compressors }] = await Promise.all([
        import('linwasm/parquet'),
        import('hyparquet-compressors'),
      ]);
      // hyparquet reads the footer, then the bytes of each column chunk, by slices of the File.
      const counted = {
        byteLength: file.size,
        slice: async (start: number, end?: number) => {
          const bytes = await file.slice(start, end).arrayBuffer();
          read(bytes.byteLength);
          return bytes;
        },
      };
      chunks = parquetChunks(counted, { source, compressors });
    } else {
      const { arrowChunks } = await import('linwasm/arrow');
      const counted = file.stream().pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(bytes, out) {
            read(bytes.byteLength);
            out.enqueue(bytes);
          },
        }),
      );
      chunks = arrowChunks(counted, { source });
    }
    return await gather(chunks, source);
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    // linwasm's readers name the file already (their `source`).
    const message = (e as Error).message;
    throw new FileProblem(message.startsWith(`${source}: `) ? message : `${source}: ${message}`);
  }
}

/** Concatenates the chunks row-major, noting the first value that is not finite and counting the others. */
async function gather(chunks: AsyncIterable<ColumnChunk>, source: string): Promise<NumericTable> {
  let columns: string[] | null = null;
  let data = new Float64Array(0);
  let rows = 0;
  let first: { row: number; column: number; value: number } | null = null;
  let more = 0;
  for await (const { X, features } of chunks) {
    if (!columns) {
      columns = features;
      if (columns.length < 2) {
        throw new FileProblem(
          `${source}: only one column ('${columns[0]}'): at least two (features and a target) are needed`,
        );
      }
    }
    const width = columns.length;
    const n = X.rows;
    if ((rows + n) * width > data.length) {
      const grown = new Float64Array(Math.max(2 * data.length, (rows + n) * width));
      grown.set(data.subarray(0, rows * width));
      data = grown;
    }
    for (let j = 0; j < width; j++) {
      const column = X.columns[j];
      for (let i = 0, k = rows * width + j; i < n; i++, k += width) {
        const v = column[i];
        data[k] = v;
        if (Number.isFinite(v)) continue;
        const row = rows + i;
        if (first && (first.row < row || (first.row === row && first.column < j))) {
          more++;
          continue;
        }
        if (first) more++;
        first = { row, column: j, value: v };
      }
    }
    rows += n;
  }
  if (!columns || rows < 2) throw new FileProblem(`${source}: at least two data rows are needed (found ${rows})`);
  if (first) {
    const others = more ? ` (and ${more} more value${more === 1 ? ' that is' : 's that are'} not finite)` : '';
    throw new FileProblem(
      `${source}: ${first.value} in column '${columns[first.column]}' at row ${first.row}${others}: ` +
        'every value must be a finite number',
    );
  }
  return { columns, rows, data: data.slice(0, rows * columns.length) };
}

/** Counts bytes read and reports the fraction of `total` when it has grown by a percent (or is all). */
function meter(total: number, onProgress?: (fraction: number) => void): (bytes: number) => void {
  let read = 0;
  let reported = 0;
  return (bytes) => {
    read += bytes;
    const fraction = total > 0 ? Math.min(read / total, 1) : 1;
    if (onProgress && (fraction - reported >= 0.01 || (fraction === 1 && reported < 1))) {
      reported = fraction;
      onProgress(fraction);
    }
  };
}

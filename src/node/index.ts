// linwasm for Node: everything the main entry has, plus data files and streams as fitStream sources —
// CSV, Parquet and Arrow IPC by path, CSV and Arrow IPC streams (package.json maps `linwasm` here under
// the "node" condition). Kept apart so that browser bundles carry neither a parser nor Node modules.
import { registerFileReader } from '../fit/sources.js';
import { fileChunks } from './files.js';

registerFileReader((input, options) =>
  fileChunks(input as string | import('node:stream').Readable, {
    ...options,
    dtype: options.dtype as 'float64' | 'float32',
  }),
);

export type { ColumnChunk } from '../api/gather.js';
export * from '../index.js';
export {
  type CsvChunk,
  type CsvChunkOptions,
  type CsvData,
  type CsvOptions,
  csvChunks,
  DEFAULT_CHUNK_ROWS,
  readCsv,
} from './csv.js';
export { DataFileError, RowLimitError } from './errors.js';
export { type DataFile, type FileChunk, type FileChunksOptions, fileChunks, formatOf, readDataFile } from './files.js';

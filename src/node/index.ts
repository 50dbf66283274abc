// linwasm for Node: everything the main entry has, plus CSV files and streams as fitStream sources
// (package.json maps `linwasm` here under the "node" condition). Kept apart so that browser
// bundles carry neither a CSV parser nor Node modules.
import { registerCsvReader } from '../stream.js';
import { csvChunks } from './csv.js';

registerCsvReader((input, options) =>
  csvChunks(input as string | import('node:stream').Readable, {
    ...options,
    source: typeof input === 'string' ? input : 'stream',
    dtype: options.dtype as 'float64' | 'float32',
  }),
);

export * from '../index.js';
export { type CsvChunk, type CsvChunkOptions, csvChunks } from './csv.js';

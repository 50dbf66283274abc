// One measurement of the streaming benchmark, run by bench/stream.mjs in a fresh process under /usr/bin/time -v:
//   node bench/stream-child.mjs '<json spec>'
// spec: { mode: 'read' | 'parse' | 'parquet' | 'train', file, out, chunkRows, options?, scaling?, truth?, dist?,
// exact?, jsSnappy? }. file is a CSV, or a Parquet file for mode 'parquet' and Parquet training runs. exact: the CSV
// goes through csv-parse (the path quoted files take: the stream's header is quoted, which sends the whole file
// there). jsSnappy: Parquet without hyparquet-compressors (hyparquet's own Snappy). Writes its result (time, rows,
// bytes, memory peaks, and for 'train' the loss and the coefficient errors) to spec.out as JSON.
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { memoryReport, sample } from './stream-sampler.mjs';

const spec = JSON.parse(process.argv[2]);
// spec.dist: the build to load (bench/stream.mjs passes its copy of dist/); by default this checkout's.
const dist = spec.dist ? pathToFileURL(spec.dist).href : new URL('../dist/node/index.js', import.meta.url).href;
const { csvChunks, init, LinearRegression, memoryInfo } = await import(dist);
const { mode, file, chunkRows } = spec;
const size = statSync(file).size;

/** The CSV as a stream, or — for the exact path — the same bytes with the header's first name quoted. */
function csvInput() {
  if (!spec.exact) return file;
  return Readable.from(
    (async function* () {
      let first = true;
      for await (const buf of createReadStream(file)) {
        yield first ? Buffer.concat([Buffer.from('"x1"'), buf.subarray(2)]) : buf;
        first = false;
      }
    })(),
  );
}

/** Parquet chunks without hyparquet-compressors: hyparquet's JavaScript Snappy. */
async function parquetJsSnappy() {
  const hyparquet = await import('hyparquet');
  const { parquetChunks } = await import(new URL('../parquet/chunks.js', dist).href);
  const buffer = await hyparquet.asyncBufferFromFile(file);
  return parquetChunks(hyparquet, buffer, { target: 'y', chunkRows, source: file });
}

/** Bytes of the file only: the floor under any CSV reader. */
async function readOnly() {
  let newlines = 0;
  for await (const buf of createReadStream(file)) {
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) newlines++;
    sample();
  }
  return { rows: newlines - 1, reads: 1 };
}

/** csvChunks alone: every chunk parsed into the reused buffer and touched (sum of y). */
async function parseOnly() {
  let rows = 0;
  let chunks = 0;
  let sumY = 0;
  for await (const chunk of csvChunks(csvInput(), { source: file, target: 'y', chunkRows })) {
    for (let i = 0; i < chunk.y.length; i++) sumY += chunk.y[i];
    rows += chunk.X.rows;
    chunks++;
    sample();
  }
  return { rows, chunks, reads: 1, meanY: sumY / rows };
}

/** Parquet read into chunks of typed columns, every chunk touched (sum of y): the cost of reading Parquet. */
async function parquetOnly() {
  const { fileChunks } = await import(dist);
  let rows = 0;
  let chunks = 0;
  let sumY = 0;
  const source = spec.jsSnappy ? await parquetJsSnappy() : fileChunks(file, { target: 'y', chunkRows });
  for await (const chunk of source) {
    for (let i = 0; i < chunk.y.length; i++) sumY += chunk.y[i];
    rows += chunk.X.rows;
    chunks++;
    sample();
  }
  return { rows, chunks, reads: 1, meanY: sumY / rows };
}

async function train() {
  await init();
  const model = new LinearRegression(spec.options);
  let chunks = 0;
  let last = null;
  const wasmBytes = [];
  const reads = spec.scaling === 'firstPass' ? 2 : 1;
  const source = spec.jsSnappy
    ? parquetJsSnappy
    : spec.exact
      ? () => csvChunks(csvInput(), { source: file, target: 'y', chunkRows })
      : file;
  if (spec.exact && reads > 1) throw new Error('exact CSV runs read once');
  await model.fitStream(source, {
    epochs: 1,
    scaling: spec.scaling,
    columns: typeof source === 'string' ? { target: 'y', chunkRows } : undefined,
    onChunk: (info) => {
      chunks++;
      last = info;
      if (chunks === 1 || chunks % 16 === 0) wasmBytes.push(memoryInfo().wasmBytes);
      sample();
    },
  });
  wasmBytes.push(memoryInfo().wasmBytes);
  const coef = Array.from(model.coef);
  const { truth } = spec;
  const coefError = Math.max(...coef.map((c, j) => Math.abs(c - truth.coef[j])));
  const coefRelError = Math.max(...coef.map((c, j) => Math.abs(c - truth.coef[j]) / Math.abs(truth.coef[j])));
  return {
    rows: last.rowsSeen,
    chunks,
    reads,
    progressiveLoss: last.progressiveLoss,
    lastChunkLoss: last.chunkLoss,
    noiseVariance: truth.noise ** 2,
    learningRate: model.learningRateUsed,
    coef,
    intercept: model.intercept,
    coefMaxAbsError: coefError,
    coefMaxRelError: coefRelError,
    interceptError: Math.abs(model.intercept - truth.intercept),
    wasmBytes: { first: wasmBytes[0], last: wasmBytes[wasmBytes.length - 1], max: Math.max(...wasmBytes) },
  };
}

const run = { read: readOnly, parse: parseOnly, parquet: parquetOnly, train }[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
const t0 = performance.now();
const result = await run();
const seconds = (performance.now() - t0) / 1000;
const bytesRead = size * result.reads;
writeFileSync(
  spec.out,
  JSON.stringify({
    ...result,
    seconds,
    bytesRead,
    rowsPerSecond: result.rows / seconds,
    megabytesPerSecond: bytesRead / 1e6 / seconds,
    memory: memoryReport(),
  }),
);

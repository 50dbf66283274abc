// One measurement of the streaming benchmark, run by bench/stream.mjs in a fresh process under /usr/bin/time -v:
//   node bench/stream-child.mjs '<json spec>'
// spec: { mode: 'read' | 'parse' | 'train', file, out, chunkRows, options?, scaling?, truth?, dist? }. Writes its result
// (time, rows, bytes, memory peaks, and for 'train' the loss and the coefficient errors) to spec.out as JSON.
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { memoryReport, sample } from './stream-sampler.mjs';

const spec = JSON.parse(process.argv[2]);
// spec.dist: the build to load (bench/stream.mjs passes its copy of dist/); by default this checkout's.
const { csvChunks, init, LinearRegression, memoryInfo } = await import(
  spec.dist ? pathToFileURL(spec.dist).href : '../dist/node/index.js'
);
const { mode, file, chunkRows } = spec;
const size = statSync(file).size;

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
  for await (const chunk of csvChunks(file, { source: file, target: 'y', chunkRows })) {
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
  await model.fitStream(file, {
    epochs: 1,
    scaling: spec.scaling,
    csv: { target: 'y', chunkRows },
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
    reads: spec.scaling === 'firstPass' ? 2 : 1,
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

const run = { read: readOnly, parse: parseOnly, train }[mode];
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

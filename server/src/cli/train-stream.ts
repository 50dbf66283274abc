// linwasm train --stream: trains chunk by chunk from the CSV file (fitStream), so that a file of any
// size trains in the memory of one chunk. Reports progressive validation — each chunk's loss before
// the model trained on it — since there is no held-in-memory training set to score afterwards.
import { statSync } from 'node:fs';
import {
  type ChunkInfo,
  DEFAULT_CHUNK_ROWS,
  type FileChunk,
  type FileFormat,
  fileChunks,
  init,
  type LinearRegression,
} from 'linwasm';
import { writeFileAtomic } from '../atomic.js';
import { modelDocument } from '../model-file.js';
import { formatDuration, formatNumber } from './format.js';

export interface StreamFlags {
  target: string;
  out: string;
  features?: string[];
  epochs?: number;
  chunkRows?: number;
  delimiter: string;
  logEvery: number;
  quiet: boolean;
  json: boolean;
  format?: FileFormat;
  relaxedSimd?: boolean;
}

export async function trainStream(file: string, flags: StreamFlags, model: LinearRegression): Promise<void> {
  const o = model.options;
  if (o.solver === 'exact')
    throw new RangeError("--stream needs a gradient-descent solver ('batch', 'sgd' or 'minibatch')");
  await init({ relaxedSimd: flags.relaxedSimd === true });
  const epochs = flags.epochs ?? 1;
  const chunkRows = flags.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const read = (): AsyncGenerator<FileChunk> =>
    fileChunks(file, {
      source: file === '-' ? 'stdin' : file,
      delimiter: flags.delimiter,
      target: flags.target,
      features: flags.features,
      dtype: o.dtype,
      chunkRows,
      format: flags.format,
    });
  // The target's sum and sum of squares over the last epoch: its variance turns the progressive
  // MSE into a progressive R².
  let names: { features: string[]; target: string } | null = null;
  let sum = 0;
  let sumSq = 0;
  let epochRows = 0;
  async function* observed(): AsyncGenerator<FileChunk> {
    sum = 0;
    sumSq = 0;
    epochRows = 0;
    for await (const chunk of read()) {
      names ??= { features: chunk.features, target: chunk.target ?? flags.target };
      for (const v of chunk.y) {
        sum += v;
        sumSq += v * v;
      }
      epochRows += chunk.y.length;
      yield chunk;
    }
  }
  const log = (line: string) => {
    if (!flags.quiet) process.stderr.write(`${line}\n`);
  };
  const started = performance.now();
  await model.fitStream(file === '-' ? observed() : observed, {
    epochs,
    onChunk: (c: ChunkInfo) => {
      if (c.chunk % flags.logEvery === 0) {
        log(
          `epoch ${c.epoch} chunk ${c.chunk}  rows ${c.rowsSeen}  progressive loss ${formatNumber(c.progressiveLoss)}`,
        );
      }
    },
    onEpoch: (e) => {
      log(
        `epoch ${e.epoch}/${epochs}  rows ${e.rows}  loss ${formatNumber(e.loss)}  progressive ${formatNumber(e.progressiveLoss)}`,
      );
    },
  });
  const fitMs = performance.now() - started;
  const { features, target } = names ?? { features: [], target: flags.target };
  const progressive = model.toJSON().training.progressiveHistory;
  const loss = progressive[progressive.length - 1];
  const variance = sumSq / epochRows - (sum / epochRows) ** 2;
  const r2 = o.loss === 'squaredError' && variance > 0 ? 1 - loss / variance : null;
  await writeFileAtomic(flags.out, `${JSON.stringify(modelDocument(model, { features, target }), null, 2)}\n`);
  const bytes = file === '-' ? null : statSync(file).size * (model.epochs + (o.standardize ? 1 : 0));
  const rowsPerSecond = (epochRows * model.epochs) / (fitMs / 1000);
  const summary = {
    model: flags.out,
    rows: epochRows,
    features: features.length,
    target,
    solver: o.solver,
    epochs: model.epochs,
    chunkRows,
    learningRate: model.learningRateUsed,
    progressiveLoss: loss,
    progressiveR2: r2,
    rowsPerSecond,
    megabytesPerSecond: bytes === null ? null : bytes / 1e6 / (fitMs / 1000),
    fitMs,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const speed =
    `${formatNumber(Math.round(rowsPerSecond))} rows/s` +
    (summary.megabytesPerSecond === null ? '' : `, ${summary.megabytesPerSecond.toFixed(1)} MB/s of the file read`);
  process.stdout.write(
    `streamed ${epochRows} rows × ${features.length} features → '${target}' in chunks of ${chunkRows}\n` +
      `solver ${o.solver}, learning rate ${formatNumber(model.learningRateUsed ?? Number.NaN)}${o.learningRate === 'auto' ? ' (auto, from the first chunk)' : ''}\n` +
      `epochs ${model.epochs}${model.converged ? ' (converged)' : ''}\n` +
      `progressive validation: loss ${formatNumber(loss)}${r2 === null ? '' : `   R² ${r2.toFixed(6)}`}   (each chunk scored before training on it)\n` +
      `time ${formatDuration(fitMs)} (${speed})\n` +
      `saved ${flags.out}\n`,
  );
}

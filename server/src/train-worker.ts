// A training job's thread. fit is synchronous, so it runs here, where it cannot block inference on
// the main thread. It cannot receive messages while fit runs either: the server stops it with
// worker.terminate(). Progress goes out with postMessage from onEpoch, which does not need the
// event loop of this thread.
//
// An upload (CSV, Parquet, Arrow) is read from its file: with a gradient-descent solver, chunk by chunk (fitStream: one
// chunk in memory, maxEpochs passes over the file, stopping on the progressive validation loss),
// then once more to score the model; with the exact solver or a validation split, whole (fit).
import { parentPort, workerData } from 'node:worker_threads';
import { fileChunks, init, LinearRegression, readDataFile } from 'linwasm';
import type { TrainTask, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('train-worker.js runs as a worker thread started by the linwasm server');
const post = (message: WorkerMessage) => port.postMessage(message);

/** Chunk progress at most this often (ms): a small chunkRows must not flood the server's thread. */
const CHUNK_MESSAGE_MS = 200;

const task = workerData as TrainTask;
try {
  // Each thread has its own instance and memory; the module compiled once by the server is reused.
  await init(task.module);
  const model = new LinearRegression(task.options);
  const input = task.input;
  const onEpoch = ({ epoch, loss }: { epoch: number; loss: number }) => post({ type: 'epoch', epoch, loss });
  if (input.kind === 'arrays') {
    const X = { data: input.X, rows: task.rows, cols: input.cols };
    model.fit(X, input.y, { every: task.every, onEpoch });
    post({ type: 'done', model: model.toJSON(), r2: model.score(X, input.y) });
  } else {
    const { file, spec } = input;
    const dtype = task.options.dtype;
    if (input.stream) {
      const read = () => fileChunks(file, { ...spec, source: 'request body', dtype });
      let last = 0;
      await model.fitStream(read, {
        epochs: task.options.maxEpochs,
        onChunk: ({ rowsSeen, progressiveLoss }) => {
          const now = performance.now();
          if (now - last < CHUNK_MESSAGE_MS) return;
          last = now;
          post({ type: 'chunk', rows: rowsSeen, progressiveLoss });
        },
        onEpoch: ({ epoch, loss, progressiveLoss }) => {
          if (epoch % task.every === 0) post({ type: 'epoch', epoch, loss, progressiveLoss });
        },
      });
      post({ type: 'done', model: model.toJSON(), r2: await scoreFile(model, read) });
    } else {
      const data = await readDataFile(file, { ...spec, source: 'request body', dtype });
      model.fit(data.X, data.y as Float64Array, { every: task.every, onEpoch, featureNames: data.features });
      post({ type: 'done', model: model.toJSON(), r2: model.score(data.X, data.y as Float64Array) });
    }
  }
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', name: err.name, message: err.message });
}

/**
 * R² of the model on every row of the file, in one more pass: Σ(y − ŷ)² over the pass, and Σ(y − ȳ)²
 * merged chunk by chunk (Chan et al.), as model.score computes it on arrays.
 */
async function scoreFile(model: LinearRegression, read: () => ReturnType<typeof fileChunks>): Promise<number> {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let ssRes = 0;
  for await (const chunk of read()) {
    const yHat = model.predict(chunk.X);
    const y = chunk.y;
    let chunkMean = 0;
    for (let i = 0; i < y.length; i++) {
      const r = y[i] - yHat[i];
      ssRes += r * r;
      chunkMean += y[i];
    }
    chunkMean /= y.length;
    let chunkM2 = 0;
    for (let i = 0; i < y.length; i++) chunkM2 += (y[i] - chunkMean) ** 2;
    const total = n + y.length;
    const delta = chunkMean - mean;
    m2 += chunkM2 + (delta * delta * n * y.length) / total;
    mean += (delta * y.length) / total;
    n = total;
  }
  if (m2 === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / m2;
}

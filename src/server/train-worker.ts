// A training job's thread. fit is synchronous, so it runs here, where it cannot block inference on
// the main thread. It cannot receive messages while fit runs either: the server stops it with
// worker.terminate(). Progress goes out with postMessage from onEpoch, which does not need the
// event loop of this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { init, LinearRegression } from '../index.js';
import type { TrainTask, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('train-worker.js runs as a worker thread started by the linwasm server');
const post = (message: WorkerMessage) => port.postMessage(message);

const task = workerData as TrainTask;
try {
  // Each thread has its own instance and memory; the module compiled once by the server is reused.
  await init(task.module);
  const model = new LinearRegression(task.options);
  const X = { data: task.X, rows: task.rows, cols: task.cols };
  model.fit(X, task.y, {
    every: task.every,
    onEpoch: ({ epoch, loss }) => post({ type: 'epoch', epoch, loss }),
  });
  post({ type: 'done', model: model.toJSON(), r2: model.score(X, task.y) });
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', name: err.name, message: err.message });
}

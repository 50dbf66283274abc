// A run worker: started for one run and terminated when it ends or is cancelled (a fit in progress
// can only be stopped that way). It receives the table from the data worker, prepares X and y,
// then fits the variants one after another, or computes a curve, posting what it finds as it goes.
import { init } from 'linwasm';
import type { TableMessage } from '../data/protocol.js';
import { curve } from '../runs/curve.js';
import { fitVariant } from '../runs/fit.js';
import { prepare, type Table } from '../runs/prepare.js';
import type { RunMessage, RunRequest } from '../runs/protocol.js';

interface Scope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunMessage): void;
}
const scope = globalThis as unknown as Scope;
const post = (message: RunMessage) => scope.postMessage(message);

scope.onmessage = async ({ data: { job, port } }) => {
  try {
    const [table] = await Promise.all([receiveTable(port), init()]);
    const started = performance.now();
    const data = prepare(table, job.data);
    post({
      type: 'prepared',
      features: data.features,
      nTrain: data.train.X.rows,
      nTest: data.test ? data.test.X.rows : 0,
      ms: performance.now() - started,
    });
    if (job.kind === 'fit') {
      job.variants.forEach((variant, i) => {
        const result = fitVariant(i, variant, data, job.detail && i === 0, post);
        post({ type: 'result', variant: i, result });
      });
    } else {
      curve(data, job.options, job.along, job.values, { folds: job.folds, seed: job.data.splitSeed }, (point, index) =>
        post({ type: 'point', index, point }),
      );
    }
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
};

function receiveTable(port: MessagePort): Promise<Table> {
  return new Promise((resolve, reject) => {
    port.onmessage = ({ data }: MessageEvent<TableMessage>) => {
      port.close();
      if (data.type === 'table') resolve(data);
      else reject(new Error(data.message));
    };
  });
}

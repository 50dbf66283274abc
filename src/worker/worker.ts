// The script fitInWorker runs in a module Worker: it receives one FitRequest, instantiates the WASM
// core the page compiled and posted (this script embeds no copy of it), fits, posts progress and
// then the model document or the error.
// The page terminates the worker afterwards; a fit in progress cannot be interrupted from inside
// (it keeps the worker's event loop busy), so cancellation is the page's worker.terminate().

import { initCore } from '../engine/wasm/module.js';
import { LinearRegression } from '../LinearRegression.js';
import { type FitRequest, serializeError, type WorkerMessage } from './protocol.js';

// The DOM lib types `self` as a Window; a dedicated worker's scope needs only these two members.
interface WorkerScope {
  onmessage: ((event: MessageEvent<FitRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = async ({ data: { module, X, y, sampleWeight, options, every } }) => {
  try {
    await initCore(module, null);
    const progress = every > 0 ? { every, onEpoch: post } : {};
    const model = new LinearRegression(options).fit(X, y, { ...progress, sampleWeight });
    scope.postMessage({ type: 'done', model: model.toJSON() });
  } catch (error) {
    scope.postMessage({ type: 'error', error: serializeError(error) });
  }
};

function post({ epoch, loss }: { epoch: number; loss: number }): void {
  scope.postMessage({ type: 'epoch', epoch, loss });
}

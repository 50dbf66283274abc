// The page's side of a run: start a run worker, have the data worker hand it the table, route its
// messages to the panel, and cancel by terminating it.
import type { DataStore } from '../data/store.js';
import type { Job, RunMessage, RunRequest } from './protocol.js';

export interface Run {
  /** Resolves when the run is done; rejects with its error, or an AbortError when cancelled. */
  done: Promise<void>;
  cancel(): void;
}

export function startRun(store: DataStore, job: Job, onMessage: (m: RunMessage) => void): Run {
  const worker = new Worker(new URL('../workers/run.worker.ts', import.meta.url), { type: 'module' });
  let finish: (error?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => {
      worker.terminate();
      finish = () => undefined;
      if (error) reject(error);
      else resolve();
    };
  });
  worker.onmessage = ({ data }: MessageEvent<RunMessage>) => {
    if (data.type === 'done') finish();
    else if (data.type === 'error') finish(new Error(data.message));
    else onMessage(data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish(new Error(`The run worker failed${event.message ? `: ${event.message}` : ''}`));
  };
  const port = store.share();
  const request: RunRequest = { job, port };
  worker.postMessage(request, [port]);
  return { done, cancel: () => finish(new DOMException('The run was cancelled', 'AbortError')) };
}

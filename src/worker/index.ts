// linwasm/worker: fit in a Web Worker so that a page stays responsive during a long fit.
import { describe, type MatrixInput, type VectorInput } from '../api/data.js';
import type { EpochInfo } from '../api/fit-options.js';
import type { ModelJSON } from '../api/model.js';
import type { LinearRegressionOptions } from '../api/options.js';
import { wasmModule } from '../engine/wasm/module.js';
import { LinearRegression } from '../LinearRegression.js';
import { deserializeError, type FitRequest, type WorkerMessage } from './protocol.js';

export type { EpochInfo } from '../api/fit-options.js';

/** Progress and cancellation of fitInWorker. */
export interface WorkerFitOptions {
  /**
   * Called on the page every `every` epochs and after the last one. Its return value is ignored
   * (the worker does not wait for the page); use `signal` to stop.
   */
  onEpoch?: (info: EpochInfo) => void;
  /** Epochs between progress messages (default 1); raise it for long fits on small data. */
  every?: number;
  /** Aborting it terminates the worker and rejects with `signal.reason` (an AbortError by default). */
  signal?: AbortSignal;
  /** Per-row weights of the loss, as fit's sampleWeight. */
  sampleWeight?: VectorInput;
}

/**
 * Fits a LinearRegression in a module Web Worker started for this call and terminates the worker
 * afterwards. The worker instantiates the WASM core this page compiled (posted to it: compiled and
 * downloaded once), so `init()` runs on the page first if it has not — from the embedded core, or
 * from the source the page gave `init` (linwasm/slim). The returned model is ready to use on the page:
 * it is rebuilt with `LinearRegression.fromJSON`. X and y are copied to the worker (structured
 * clone), not transferred.
 *
 * @example
 * const controller = new AbortController();
 * const model = await fitInWorker(X, y, { solver: 'sgd' }, {
 *   every: 10, onEpoch: ({ epoch, loss }) => chart.push(epoch, loss), signal: controller.signal,
 * });
 *
 * @throws (rejects) TypeError/RangeError for bad options or input (options are checked on the page
 * before the worker starts, X and y in the worker), DivergenceError, SingularMatrixError — the same
 * classes as `fit` —, `signal.reason` when aborted, what onEpoch threw, and Error when Web Workers
 * are unavailable (Node: use fit) or the worker script fails to load.
 */
export async function fitInWorker(
  X: MatrixInput,
  y: VectorInput,
  options: LinearRegressionOptions = {},
  { onEpoch, every = 1, signal, sampleWeight }: WorkerFitOptions = {},
): Promise<LinearRegression> {
  if (signal?.aborted) throw abortReason(signal);
  // Checked here so that a typo rejects at once; resolving here also draws the seed on the page.
  const { options: resolved } = new LinearRegression(options);
  if (onEpoch !== undefined && typeof onEpoch !== 'function') {
    throw new TypeError(`fitInWorker option onEpoch must be a function, got ${describe(onEpoch)}`);
  }
  if (!Number.isInteger(every) || every < 1) {
    throw new RangeError(`fitInWorker option every must be a positive integer, got ${describe(every)}`);
  }
  if (typeof Worker === 'undefined') {
    throw new Error('fitInWorker needs Web Workers (browsers, Deno, Bun); in Node call fit() or use worker_threads');
  }
  const module = await compiledCore();
  if (signal?.aborted) throw abortReason(signal);
  const request: FitRequest = { module, X, y, sampleWeight, options: { ...resolved }, every: onEpoch ? every : 0 };
  return LinearRegression.fromJSON(await run(request, onEpoch, signal));
}

/** The page's compiled core; compiled from the embedded copy (a chunk loaded only then) when the page
 *  has not called init(). */
async function compiledCore(): Promise<WebAssembly.Module> {
  const compiled = wasmModule();
  if (compiled) return compiled;
  const { init } = await import('../engine/wasm/embedded.js');
  await init();
  return wasmModule() as WebAssembly.Module;
}

function run(
  request: FitRequest,
  onEpoch: WorkerFitOptions['onEpoch'],
  signal: AbortSignal | undefined,
): Promise<ModelJSON> {
  return new Promise((resolve, reject) => {
    // This exact form (a literal `new URL` relative to import.meta.url and `type: 'module'`) is the
    // one Vite, webpack, Rollup and Parcel recognise, so bundlers emit the worker without a setting.
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    let settled = false;
    const settle = (outcome: () => void) => {
      settled = true;
      worker.terminate();
      signal?.removeEventListener('abort', abort);
      outcome();
    };
    const abort = () => settle(() => reject(abortReason(signal!)));
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = ({ data }: MessageEvent<WorkerMessage>) => {
      if (settled) return; // a message already queued when the worker was terminated
      if (data.type === 'epoch') {
        try {
          onEpoch?.({ epoch: data.epoch, loss: data.loss });
        } catch (error) {
          settle(() => reject(error));
        }
      } else if (data.type === 'done') {
        settle(() => resolve(data.model));
      } else {
        settle(() => reject(deserializeError(data.error)));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const detail = event.message ? `: ${event.message}` : ' (its script could not be loaded)';
      settle(() => reject(new Error(`linwasm's training worker failed${detail}`)));
    };
    worker.onmessageerror = () =>
      settle(() => reject(new Error("linwasm's training worker sent an unreadable message")));
    try {
      worker.postMessage(request);
    } catch (error) {
      settle(() => reject(error)); // data that cannot be cloned (a DataCloneError)
    }
  });
}

/** The signal's reason, as fetch rejects with it; an AbortError where the runtime sets none. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The fit was aborted', 'AbortError');
}

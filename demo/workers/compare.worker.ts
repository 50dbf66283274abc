// The "compare" run: times the same fit on linwasm's WASM core and on its pure-JS twin
// (linwasm/baseline) in one worker, warm and alternating, so both see the same conditions and the
// page stays responsive while the slower one runs. The table comes from the data worker.
import { init, LinearRegression, type LinearRegressionOptions } from 'linwasm';
import { LinearRegression as BaselineLinearRegression } from 'linwasm/baseline';
import type { TableMessage } from '../data/protocol.js';
import { inDtype, prepare } from '../runs/prepare.js';
import type { DataSpec } from '../runs/protocol.js';

export interface CompareRequest {
  port: MessagePort;
  data: DataSpec;
  options: LinearRegressionOptions;
}

export interface Timing {
  /** Median wall time of one fit, in ms. */
  ms: number;
  r2: number;
}

export type CompareResponse =
  | { type: 'done'; wasm: Timing; js: Timing /** Timed samples of each. */; runs: number; maxCoefDiff: number }
  | { type: 'error'; message: string };

/** Time (ms) the timed samples may take in all, after the warm-up. */
const BUDGET_MS = 2000;
const MAX_SAMPLES = 7;
/** A sample repeats a fit until this long (ms): performance.now() is coarse in workers (≈0.1 ms). */
const SAMPLE_MS = 20;

interface Scope {
  onmessage: ((event: MessageEvent<CompareRequest>) => void) | null;
  postMessage(message: CompareResponse): void;
}
const scope = globalThis as unknown as Scope;

scope.onmessage = async ({ data: { port, data, options } }) => {
  try {
    const [table] = await Promise.all([
      new Promise<TableMessage>((resolve) => {
        port.onmessage = (e: MessageEvent<TableMessage>) => resolve(e.data);
      }),
      init(),
    ]);
    if (table.type === 'error') throw new Error(table.message);
    const prepared = prepare(table, data);
    const X = inDtype(prepared.train.X, options.dtype);
    const y = prepared.train.y;
    const fitWasm = () => new LinearRegression(options).fit(X, y);
    const fitJs = () => new BaselineLinearRegression(options).fit(X, y);
    // Warm-up: V8 tiers up both the JS and the WASM code; it also tells how many samples fit the budget.
    const warm = msPerFit(fitWasm, 50) + msPerFit(fitJs, 50);
    const samples = Math.max(1, Math.min(MAX_SAMPLES, Math.floor(BUDGET_MS / Math.max(warm, 2 * SAMPLE_MS))));
    const wasmMs: number[] = [];
    const jsMs: number[] = [];
    for (let r = 0; r < samples; r++) {
      wasmMs.push(msPerFit(fitWasm, SAMPLE_MS));
      jsMs.push(msPerFit(fitJs, SAMPLE_MS));
    }
    const wasmModel = fitWasm();
    const jsModel = fitJs();
    let maxCoefDiff = Math.abs(wasmModel.intercept - jsModel.intercept);
    wasmModel.coef.forEach((c, j) => {
      maxCoefDiff = Math.max(maxCoefDiff, Math.abs(c - jsModel.coef[j]));
    });
    scope.postMessage({
      type: 'done',
      wasm: { ms: median(wasmMs), r2: wasmModel.score(X, y) },
      js: { ms: median(jsMs), r2: jsModel.score(X, y) },
      runs: samples,
      maxCoefDiff,
    });
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message ?? String(error) });
  }
};

/** Mean wall time of one call of fn, over as many calls as take at least minMs (one at least). */
function msPerFit(fn: () => unknown, minMs: number): number {
  const start = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

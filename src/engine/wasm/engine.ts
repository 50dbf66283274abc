// The WASM engine: problems stored in the live instance's linear memory (store.ts), trained by the
// core's loops (training.ts).
import type { Engine } from '../engine.js';
import { arena } from './arena.js';
import { core } from './module.js';
import { predictChunked } from './predict.js';
import { WasmProblem, WasmX } from './store.js';

export const wasmEngine: Engine = {
  name: 'wasm',
  storeX(X, dtype) {
    return new WasmX(core(), arena(), X, dtype);
  },
  predict(X, dtype, coef, intercept) {
    return predictChunked(core(), arena(), X, dtype, coef, intercept);
  },
  storeProblem(X, y, dtype, layout) {
    return new WasmProblem(core(), arena(), X, y, dtype, layout ?? {});
  },
};

import type { Engine } from './engine/engine.js';
import { wasmEngine } from './engine/wasm/engine.js';
import { Estimator } from './fit/estimator.js';

/**
 * Linear regression trained by gradient descent (batch, stochastic, mini-batch) or solved exactly,
 * on the WebAssembly SIMD core. Minimizes MSE + l2·‖w‖² = (1/n)·Σ(x_i·w + b − y_i)² + l2·‖w‖².
 * Call `await init()` once before the first fit or predict.
 *
 * @example
 * await init();
 * const model = new LinearRegression({ solver: 'batch' }).fit(X, y);
 * model.predict(Xnew);
 */
export class LinearRegression extends Estimator {
  /** @internal */
  protected engine(): Engine {
    return wasmEngine;
  }
}

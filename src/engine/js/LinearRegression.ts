import { Estimator } from '../../fit/estimator.js';
import type { Engine } from '../engine.js';
import { jsEngine } from './engine.js';

/**
 * LinearRegression on the pure-JS baseline engine: the same options, PRNG, stopping rule and model
 * documents as linwasm's LinearRegression, with every kernel in plain typed-array JavaScript. Needs
 * no init(). It is the reference the WASM core is tested against and the benchmark baseline.
 */
export class LinearRegression extends Estimator {
  /** @internal */
  protected engine(): Engine {
    return jsEngine;
  }
}

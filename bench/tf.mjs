// TensorFlow.js 4.22 as a competitor: tfjs-core with the WASM backend (XNNPACK kernels, SIMD) and the plain-JS CPU
// backend. The epoch is written with tf ops (r = X·w − y, g = (2/m)·Xᵀr) and the step is taken by tf.train.sgd.
// Automatic differentiation (optimizer.minimize) is not used: tfjs-core registers no gradients in Node (only the
// @tensorflow/tfjs bundle or a bundler does), and the hand-written gradient is TF's fastest path anyway.
import { createRequire } from 'node:module';
import path from 'node:path';
import { permutationInit, Rng, shuffle } from '../dist/engine/js/index.js';

const require = createRequire(import.meta.url);

/** TF.js's fixed cost per step (dispatching a handful of ops), measured ≈ 0.07–0.1 ms on this machine class. */
export const TF_STEP_MS = 0.1;

let loaded = null;

/**
 * Loads tfjs-core and both backends once. The WASM backend's .wasm files are read from the package's dist folder
 * (setWasmPaths with a file path). Its multi-threaded variant does not start in Node (tfjs-backend-wasm turns
 * WASM_HAS_MULTITHREAD_SUPPORT off in Node, and forcing it fails: Node's Worker rejects the blob: URL that
 * Emscripten creates), so it runs single-threaded with SIMD.
 */
export async function loadTf() {
  if (loaded) return loaded;
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  wasm.setWasmPaths(dist + path.sep);
  // Production mode, as a deployment would run it: no debug checks (and no "install tfjs-node" banner).
  tf.enableProdMode();
  await tf.setBackend('wasm');
  await tf.ready();
  const info = {
    version: tf.version_core,
    wasmSimd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    wasmThreadCount: wasm.getThreadsCount(),
  };
  await tf.setBackend('cpu');
  await tf.ready();
  loaded = { tf, info };
  return loaded;
}

/** Makes `backend` ('wasm' or 'cpu') the active one. */
export async function useBackend(tf, backend) {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
}

/**
 * A TF trainer on one workload: X (float32, rows × cols) and y as tensors of the active backend, w a variable,
 * tf.train.sgd as the optimizer. The same iterations as linwasm: θ from 0, batches in the order of the shared
 * shuffle stream, loss of an epoch = mean r² over its rows, each r taken before its own step.
 */
export class TfTrainer {
  constructor(tf, X32, y, rows, cols, solver, learningRate, batchSize, seed) {
    this.tf = tf;
    this.n = rows;
    this.d = cols;
    this.solver = solver;
    this.batchSize = batchSize;
    this.seed = seed;
    this.X = tf.tensor2d(X32, [rows, cols], 'float32');
    this.y = tf.tensor2d(Float32Array.from(y), [rows, 1], 'float32');
    this.w = tf.variable(tf.zeros([cols, 1], 'float32'));
    this.optimizer = tf.train.sgd(learningRate);
    this.reset();
  }

  reset() {
    this.w.assign(this.tf.zeros([this.d, 1], 'float32'));
    this.rng = new Rng(this.seed);
    this.perm = permutationInit(this.n);
  }

  /** One epoch; returns its loss. */
  epoch() {
    const tf = this.tf;
    if (this.solver === 'batch') {
      return tf.tidy(() => this.step(this.X, this.y, this.n)) / this.n;
    }
    shuffle(this.perm, this.rng);
    const order = new Int32Array(this.perm.buffer);
    let loss = 0;
    for (let start = 0; start < this.n; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, this.n);
      loss += tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(start, end), 'int32');
        return this.step(tf.gather(this.X, idx), tf.gather(this.y, idx), end - start);
      });
    }
    return loss / this.n;
  }

  /** One step on m rows: θ ← θ − η·(2/m)·Xᵀr; returns Σ r² (taken before the step). */
  step(X, y, m) {
    const tf = this.tf;
    const r = tf.sub(tf.matMul(X, this.w), y);
    const g = tf.mul(tf.matMul(X, r, true, false), 2 / m);
    this.optimizer.applyGradients({ [this.w.name]: g });
    return tf.sum(tf.square(r)).dataSync()[0];
  }

  /** The weights as float64. */
  coef() {
    return Float64Array.from(this.w.dataSync());
  }

  dispose() {
    this.X.dispose();
    this.y.dispose();
    this.w.dispose();
    this.optimizer.dispose();
  }
}

/** ŷ = X·w + b with X copied into a tensor (end to end: tensor in, result out). */
export function tfPredict(tf, X32, rows, cols, w, b) {
  return tf.tidy(() => {
    const X = tf.tensor2d(X32, [rows, cols], 'float32');
    const wt = tf.tensor2d(Float32Array.from(w), [cols, 1], 'float32');
    return Float64Array.from(tf.add(tf.matMul(X, wt), b).dataSync());
  });
}

// In a run worker: one variant's fit on the WASM core, with its progress batched into a few
// messages a second, its timing, its failure (a DivergenceError keeps its history) and its scores
// on the training and held-out rows.
import {
  DivergenceError,
  LinearRegression,
  type LinearRegressionOptions,
  type Matrix,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
} from 'linwasm';
import { decimateScatter } from '../charts/decimate.js';
import { inDtype, type Prepared } from './prepare.js';
import type { Detail, RunMessage, Variant, VariantResult } from './protocol.js';

/** How often progress is posted while a fit runs (ms): smooth curves, few messages. */
const FLUSH_MS = 40;

/** Collects epochs and posts them every FLUSH_MS (the fit is synchronous: no timer can fire). */
class ProgressBatch {
  private epochs: number[] = [];
  private loss: number[] = [];
  private validation: number[] = [];
  private ms: number[] = [];
  private last = performance.now();

  constructor(
    private readonly variant: number,
    private readonly post: (m: RunMessage) => void,
  ) {}

  push(epoch: number, loss: number, validationLoss: number | undefined, ms: number): void {
    this.epochs.push(epoch);
    this.loss.push(loss);
    if (validationLoss !== undefined) this.validation.push(validationLoss);
    this.ms.push(ms);
    if (performance.now() - this.last > FLUSH_MS) this.flush();
  }

  flush(): void {
    this.last = performance.now();
    if (this.epochs.length === 0) return;
    this.post({
      type: 'progress',
      variant: this.variant,
      epochs: Float64Array.from(this.epochs),
      loss: Float64Array.from(this.loss),
      validation: this.validation.length ? Float64Array.from(this.validation) : null,
      ms: Float64Array.from(this.ms),
    });
    this.epochs = [];
    this.loss = [];
    this.validation = [];
    this.ms = [];
  }
}

/** The learning rate 'auto' picks for these options on this data (one epoch's set-up). */
export function autoRate(options: LinearRegressionOptions, X: Matrix, y: Float64Array): number {
  const probe = new LinearRegression({ ...options, learningRate: 'auto', maxEpochs: 1, tolerance: null });
  return probe.fit(X, y).learningRateUsed ?? 1;
}

export function fitVariant(
  index: number,
  variant: Variant,
  data: Prepared,
  detail: boolean,
  post: (m: RunMessage) => void,
): VariantResult {
  const yTrain = data.train.y;
  const X = inDtype(data.train.X, variant.options.dtype);
  const options = { ...variant.options };
  if (variant.rateFactor !== undefined) {
    // Four digits: the rate is shown in tables and in the library's messages, and 4 digits say it.
    options.learningRate = Number((variant.rateFactor * autoRate(options, X, yTrain)).toPrecision(4));
  }
  const model = new LinearRegression(options);
  const o = model.options;
  const rowsPerEpoch = Math.round(X.rows * (1 - o.validationFraction));
  const batch = o.solver === 'sgd' ? 1 : o.solver === 'minibatch' ? Math.min(o.batchSize, rowsPerEpoch) : rowsPerEpoch;
  const base: VariantResult = {
    label: variant.label,
    options: { ...o },
    error: null,
    model: null,
    epochs: 0,
    converged: false,
    learningRate: null,
    rowsPerEpoch,
    stepsPerEpoch: o.solver === 'exact' ? 0 : Math.ceil(rowsPerEpoch / batch),
    ms: 0,
    msPerEpoch: null,
    history: new Float64Array(0),
    validationHistory: new Float64Array(0),
    bestEpoch: null,
    metrics: null,
    detail: null,
  };
  const progress = new ProgressBatch(index, post);
  const started = performance.now();
  try {
    model.fit(X, yTrain, {
      every: 1,
      onEpoch: ({ epoch, loss, validationLoss }) =>
        progress.push(epoch, loss, validationLoss, performance.now() - started),
    });
  } catch (e) {
    progress.flush();
    const ms = performance.now() - started;
    if (e instanceof DivergenceError) {
      return {
        ...base,
        ms,
        epochs: e.epoch,
        learningRate: e.learningRate,
        msPerEpoch: ms / e.epoch,
        history: e.history,
        error: { name: e.name, message: e.message, epoch: e.epoch },
      };
    }
    const error = e as Error;
    return { ...base, ms, error: { name: error.name, message: error.message, epoch: null } };
  }
  const ms = performance.now() - started;
  progress.flush();
  return {
    ...base,
    model: model.toJSON(),
    epochs: model.epochs,
    converged: model.converged,
    learningRate: model.learningRateUsed,
    ms,
    msPerEpoch: model.epochs > 0 ? ms / model.epochs : null,
    history: model.history,
    validationHistory: model.validationHistory,
    bestEpoch: model.bestEpoch,
    ...evaluate(model, data, detail),
  };
}

function evaluate(model: LinearRegression, data: Prepared, detail: boolean): Pick<VariantResult, 'metrics' | 'detail'> {
  const { train, test } = data;
  const pTrain = model.predict(train.X);
  const pTest = test ? model.predict(test.X) : null;
  const metrics = {
    trainR2: r2Score(train.y, pTrain),
    trainMse: meanSquaredError(train.y, pTrain),
    testR2: test && pTest ? r2Score(test.y, pTest) : null,
    testMse: test && pTest ? meanSquaredError(test.y, pTest) : null,
    testMae: test && pTest ? meanAbsoluteError(test.y, pTest) : null,
  };
  if (!detail) return { metrics, detail: null };
  const actual = test && pTest ? test.y : train.y;
  const predicted = pTest ?? pTrain;
  const keep = decimateScatter(actual, predicted);
  keep.sort((a, b) => actual[a] - actual[b]);
  const picked: Detail = {
    part: pTest ? 'test' : 'training',
    rows: actual.length,
    actual: Float64Array.from(keep, (i) => actual[i]),
    predicted: Float64Array.from(keep, (i) => predicted[i]),
  };
  return { metrics, detail: picked };
}

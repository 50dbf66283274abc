// linwasm/worker in Chromium: fitInWorker gives the model fit() gives, reports progress, keeps the
// page responsive, cancels through an AbortSignal, and rejects with the classes fit throws.
import { beforeAll, describe, expect, it } from 'vitest';
import { DivergenceError, init, LinearRegression, SingularMatrixError } from '../../src/index.js';
import { fitInWorker } from '../../src/worker/index.js';
import { flat, synthetic } from '../helpers.js';

beforeAll(async () => {
  await init();
});

const small = synthetic(300, 5, { seed: 3, scale: [1, 10, 0.1, 3, 1] });
// Enough work to take a while (≈ 2·10⁷ multiply-adds per 100 epochs), in a Float32Array matrix.
const large = synthetic(20_000, 50, { seed: 4 });
const largeX = { ...flat(large.X), data: Float32Array.from(flat(large.X).data) };

describe('fitInWorker', () => {
  it.each(['batch', 'sgd', 'minibatch', 'exact'] as const)('gives the model fit() gives (%s)', async (solver) => {
    const options = { solver, seed: 5, maxEpochs: 200 };
    const model = await fitInWorker(small.X, small.y, options);
    const here = new LinearRegression(options).fit(small.X, small.y);
    expect(model).toBeInstanceOf(LinearRegression);
    expect(Array.from(model.coef)).toEqual(Array.from(here.coef));
    expect(model.intercept).toBe(here.intercept);
    expect(model.epochs).toBe(here.epochs);
    expect(model.options).toEqual(here.options);
    // Usable on the page at once: the page compiled the core the worker instantiated.
    expect(Array.from(model.predict(small.X.slice(0, 3)))).toEqual(Array.from(here.predict(small.X.slice(0, 3))));
  });

  it('gives the model fit() gives with the learning controls and sample weights', async () => {
    const options = {
      solver: 'minibatch',
      batchSize: 8,
      optimizer: 'adam',
      learningRate: 0.05,
      loss: 'huber',
      epsilon: 1,
      schedule: 'invscaling',
      average: 2,
      validationFraction: 0.2,
      seed: 9,
      maxEpochs: 60,
    } as const;
    const sampleWeight = small.y.map((_, i) => 1 + (i % 3));
    const model = await fitInWorker(small.X, small.y, options, { sampleWeight });
    const here = new LinearRegression(options).fit(small.X, small.y, sampleWeight);
    expect(Array.from(model.coef)).toEqual(Array.from(here.coef));
    expect(model.bestEpoch).toBe(here.bestEpoch);
    expect(Array.from(model.validationHistory)).toEqual(Array.from(here.validationHistory));
  });

  it('draws the seed on the page and keeps it in the model', async () => {
    const model = await fitInWorker(small.X, small.y, { solver: 'sgd', maxEpochs: 5 });
    const again = new LinearRegression({ solver: 'sgd', maxEpochs: 5, seed: model.options.seed }).fit(small.X, small.y);
    expect(Array.from(model.coef)).toEqual(Array.from(again.coef));
  });

  it('reports progress every `every` epochs and after the last one, as fit does', async () => {
    const options = { solver: 'batch' as const, maxEpochs: 53, tolerance: null, seed: 1 };
    const seen: { epoch: number; loss: number }[] = [];
    const model = await fitInWorker(small.X, small.y, options, { every: 10, onEpoch: (e) => void seen.push(e) });
    expect(seen.map((e) => e.epoch)).toEqual([10, 20, 30, 40, 50, 53]);
    expect(seen.map((e) => e.loss)).toEqual(seen.map((e) => model.history[e.epoch - 1]));
  });

  it('accepts a Float32Array matrix in float32', async () => {
    const options = { solver: 'minibatch' as const, dtype: 'float32' as const, maxEpochs: 3, seed: 2 };
    const X = { ...flat(small.X), data: Float32Array.from(flat(small.X).data) };
    const model = await fitInWorker(X, small.y, options);
    expect(Array.from(model.coef)).toEqual(Array.from(new LinearRegression(options).fit(X, small.y).coef));
  });

  it('keeps the page responsive during a long fit, and cancels it through the signal', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    let epochs = 0;
    const started = performance.now();
    const fit = fitInWorker(
      largeX,
      large.y,
      { solver: 'batch', maxEpochs: 1_000_000, tolerance: null },
      {
        every: 20,
        onEpoch: ({ epoch }) => {
          epochs = epoch;
          // Stop once the worker is clearly computing and the page has kept ticking meanwhile (or,
          // should the page not tick, after a few seconds' work, so that the assertions report it).
          if ((epoch >= 40 && ticks >= 10) || epoch >= 5000) controller.abort();
        },
        signal: controller.signal,
      },
    );
    const error = await fit.then(
      () => null,
      (e: unknown) => e,
    );
    clearInterval(timer);
    const epochsAtAbort = epochs;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(epochs).toBe(epochsAtAbort); // no progress after the abort: the worker is gone
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(epochs).toBeGreaterThanOrEqual(40);
    // About one tick per 10 ms while the worker ran: the main thread was free.
    expect(ticks).toBeGreaterThan((performance.now() - started) / 10 / 4);
  });

  it('rejects at once with the reason of a signal aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort(new Error('changed my mind'));
    await expect(fitInWorker(small.X, small.y, {}, { signal: controller.signal })).rejects.toThrow('changed my mind');
  });
});

describe('fitInWorker errors', () => {
  it('rejects with DivergenceError, its fields and the message fit gives', async () => {
    const options = { solver: 'batch' as const, learningRate: 10, seed: 1 };
    const here = catchError(() => new LinearRegression(options).fit(small.X, small.y)) as DivergenceError;
    const error = await fitInWorker(small.X, small.y, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.name).toBe('DivergenceError');
    expect(d.message).toBe(here.message);
    expect([d.epoch, d.learningRate, d.suggestedLearningRate]).toEqual([
      here.epoch,
      here.learningRate,
      here.suggestedLearningRate,
    ]);
    expect(Array.from(d.history)).toEqual(Array.from(here.history));
  });

  it('rejects with SingularMatrixError naming the column', async () => {
    const X = small.X.map((r) => [r[0], r[1], r[0] + r[1]]);
    const error = await fitInWorker(X, small.y, { solver: 'exact', standardize: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SingularMatrixError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as SingularMatrixError).column).toBe(2);
  });

  it('rejects with the RangeError fit gives for bad data, naming the row', async () => {
    const X = small.X.map((r, i) => (i === 7 ? r.slice(1) : r));
    const here = catchError(() => new LinearRegression().fit(X, small.y));
    const error = await fitInWorker(X, small.y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(here.message);
    expect((error as Error).message).toMatch(/row 7|X\[7\]/);
  });

  it('rejects bad options on the page with the TypeError the constructor gives', async () => {
    await expect(fitInWorker(small.X, small.y, { sovler: 'sgd' } as never)).rejects.toThrow(TypeError);
    await expect(fitInWorker(small.X, small.y, {}, { every: 0 })).rejects.toThrow(RangeError);
  });

  it('rejects with the DataCloneError of data that cannot be sent to a worker', async () => {
    const y = [1, () => 2] as unknown as number[];
    const error = await fitInWorker([[1], [2]], y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('DataCloneError');
  });

  it('rejects with what onEpoch threw', async () => {
    const oops = new Error('chart broke');
    const fit = fitInWorker(
      small.X,
      small.y,
      { maxEpochs: 50 },
      {
        onEpoch: () => {
          throw oops;
        },
      },
    );
    await expect(fit).rejects.toBe(oops);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

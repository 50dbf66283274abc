// fitStream and partialFit in Chromium: chunks from an async source (here a ReadableStream, as a
// fetch body would give after parsing), with the same results as in Node's suite.
import { beforeAll, expect, it } from 'vitest';
import { init, LinearRegression } from '../../src/index.js';
import { synthetic } from '../helpers.js';

beforeAll(async () => {
  await init();
});

const { X, y } = synthetic(1200, 5, { seed: 3, noise: 0.2 });
const options = { solver: 'sgd', shuffle: false, learningRate: 0.01, tolerance: null } as const;

function readable(): ReadableStream<{ X: number[][]; y: number[] }> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= X.length) return controller.close();
      controller.enqueue({ X: X.slice(at, at + 300), y: y.slice(at, at + 300) });
      at += 300;
    },
  });
}

it('trains from a ReadableStream of chunks as partialFit over the same chunks does', async () => {
  const streamed = await new LinearRegression({ ...options, standardize: false }).fitStream(
    readable() as unknown as AsyncIterable<{ X: number[][]; y: number[] }>,
  );
  const stepped = new LinearRegression({ ...options, standardize: false });
  for (let at = 0; at < X.length; at += 300) stepped.partialFit(X.slice(at, at + 300), y.slice(at, at + 300));
  expect(Array.from(streamed.coef)).toEqual(Array.from(stepped.coef));
  expect(streamed.score(X, y)).toBeGreaterThan(0.95);
});

it('refuses CSV paths outside Node, with a message that says what to pass', async () => {
  await expect(new LinearRegression(options).fitStream('big.csv', { csv: { target: 'y' } })).rejects.toThrow(
    /in Node only/,
  );
});

// WASM memory: repeated calls of the same sizes reuse the same bytes, calls nest, and the memory
// of a very large fit can be given back.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, LinearRegression, memoryInfo, releaseMemory } from '../src/index.js';
import { flat, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const d = synthetic(2000, 12, { seed: 3 });

describe('memory stays flat over many fits', () => {
  for (const solver of ['batch', 'minibatch', 'sgd', 'exact'] as const) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${solver}, ${dtype}`, () => {
        const m = new LinearRegression({ solver, dtype, maxEpochs: 20 });
        m.fit(d.X, d.y);
        m.predict(d.X);
        const after1 = memoryInfo().wasmBytes;
        for (let k = 0; k < 30; k++) {
          m.fit(d.X, d.y);
          m.predict(d.X);
        }
        expect(memoryInfo().wasmBytes).toBe(after1);
        expect(memoryInfo().inUseBytes).toBe(0);
      });
    }
  }
});

describe('nesting and release', () => {
  it('a model can predict and even fit inside another fit’s onEpoch', () => {
    const other = new LinearRegression({ solver: 'exact' }).fit(d.X, d.y);
    const expected = other.predict(d.X);
    const seen: number[] = [];
    const m = new LinearRegression({ solver: 'batch', maxEpochs: 6, tolerance: null }).fit(d.X, d.y, {
      every: 2,
      onEpoch: ({ epoch }) => {
        expect(Array.from(other.predict(d.X))).toEqual(Array.from(expected));
        new LinearRegression({ solver: 'sgd', maxEpochs: 2 }).fit(d.X, d.y);
        seen.push(epoch);
      },
    });
    expect(seen).toEqual([2, 4, 6]);
    // The outer fit was not disturbed by the nested ones.
    const plain = new LinearRegression({ solver: 'batch', maxEpochs: 6, tolerance: null }).fit(d.X, d.y);
    expect(Array.from(m.coef)).toEqual(Array.from(plain.coef));
    expect(memoryInfo().inUseBytes).toBe(0);
  });

  it('releaseMemory gives back the memory of a large fit; fitted models keep working', async () => {
    const big = synthetic(100_000, 40, { seed: 8 });
    const X = flat(big.X);
    const m = new LinearRegression({ solver: 'batch', maxEpochs: 3 }).fit(X, big.y);
    const before = m.predict(d.X.map((r) => [...r, ...r, ...r, ...r.slice(0, 4)]));
    expect(memoryInfo().wasmBytes).toBeGreaterThan(32e6);
    await releaseMemory();
    expect(memoryInfo().wasmBytes).toBeLessThan(1e6);
    const after = m.predict(d.X.map((r) => [...r, ...r, ...r, ...r.slice(0, 4)]));
    expect(Array.from(after)).toEqual(Array.from(before));
  });

  it('releaseMemory refuses to run inside a fit', async () => {
    let rejected: unknown;
    const pending: Promise<void>[] = [];
    new LinearRegression({ maxEpochs: 2 }).fit(d.X, d.y, {
      onEpoch: () => {
        pending.push(releaseMemory().catch((e) => void (rejected = e)));
      },
    });
    await Promise.all(pending);
    expect(String(rejected)).toMatch(/cannot run while a fit or predict is using WASM memory/);
  });
});

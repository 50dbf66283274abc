// Out-of-core training: partialFit over chunks against fit over the whole, merged column statistics
// against the two-pass ones, fitStream's sources, progressive validation, cancellation, and memory
// that stays flat while a large source streams through.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { columnMoments, columnStats } from '../src/engine/js/stats.js';
import { scalingOf } from '../src/fit/running-stats.js';
import { readCsv } from '../src/node/csv.js';
import {
  type Chunk,
  csvChunks,
  init,
  LinearRegression,
  type LinearRegressionOptions,
  memoryInfo,
  mergeMoments,
} from '../src/node/index.js';
import { flat, relDiff, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const dir = mkdtempSync(join(tmpdir(), 'linwasm-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rows of X, y in consecutive chunks of the given sizes. */
function chunked(X: number[][], y: number[], sizes: number[]): Chunk[] {
  const out: Chunk[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push({ X: X.slice(at, at + size), y: y.slice(at, at + size) });
    at += size;
  }
  expect(at).toBe(X.length);
  return out;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((v, i) => Object.is(v, b[i]));

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s partialFit', (_name, Model) => {
  const { X, y } = synthetic(960, 6, { seed: 4, noise: 0.3 });
  const plain = { shuffle: false, standardize: false, tolerance: null, learningRate: 0.01 } as const;

  it.each([
    ['sgd', { solver: 'sgd' }],
    ['minibatch (chunks are whole batches)', { solver: 'minibatch', batchSize: 32 }],
    ['sgd, invscaling + l1 + average', { solver: 'sgd', schedule: 'invscaling', l1: 0.01, average: true }],
    ['minibatch adam', { solver: 'minibatch', batchSize: 32, optimizer: 'adam' }],
    ['sgd, huber, float32', { solver: 'sgd', loss: 'huber', epsilon: 0.5, dtype: 'float32' }],
  ] as const)('over chunks, epoch after epoch, equals fit over the whole: %s', (_label, o) => {
    const options = { ...plain, ...o } as LinearRegressionOptions;
    const chunks = chunked(X, y, [320, 64, 256, 320]);
    const streamed = new Model(options);
    for (let epoch = 1; epoch <= 3; epoch++) {
      for (const c of chunks) streamed.partialFit(c.X, c.y);
      const whole = new Model({ ...options, maxEpochs: epoch }).fit(X, y);
      // Same steps in the same order: equal to the last bit.
      expect(same(streamed.coef, whole.coef)).toBe(true);
      expect(Object.is(streamed.intercept, whole.intercept)).toBe(true);
    }
    expect(streamed.epochs).toBe(12);
    expect(streamed.history.length).toBe(12);
  });

  it('standardizes with statistics merged across chunks, carrying the model into each new scaling', () => {
    const chunks = chunked(X, y, [100, 400, 460]);
    const model = new Model({ solver: 'sgd', shuffle: false, seed: 1 });
    for (const c of chunks) model.partialFit(c.X, c.y);
    const json = model.toJSON();
    const stats = json.training.stats!;
    expect(stats.count).toBe(960);
    const whole = columnStats(flat(X).data, 960, 6, true);
    expect(relDiff(json.scaling!.mean, whole.mean)).toBeLessThan(1e-12);
    expect(relDiff(json.scaling!.scale, whole.scale)).toBeLessThan(1e-12);
    expect(model.score(X, y)).toBeGreaterThan(0.9);
  });

  it('continues after a JSON round trip exactly: statistics, scaling, weights and optimizer state', () => {
    const chunks = chunked(X, y, [300, 300, 360]);
    const options = { solver: 'minibatch', batchSize: 16, optimizer: 'adam', seed: 3 } as const;
    const straight = new Model(options);
    for (const c of chunks) straight.partialFit(c.X, c.y);
    const first = new Model(options).partialFit(chunks[0].X, chunks[0].y);
    const loaded = (Model as typeof LinearRegression).fromJSON(JSON.parse(JSON.stringify(first)));
    for (const c of chunks.slice(1)) loaded.partialFit(c.X, c.y);
    expect(same(loaded.coef, straight.coef)).toBe(true);
    expect(Object.is(loaded.intercept, straight.intercept)).toBe(true);
    expect(loaded.epochs).toBe(3);
  });

  it('progressive validation: each entry is the loss on the chunk before training on it', () => {
    // 40 chunks: the per-call records grow past their first capacity (16).
    const chunks = chunked(
      X,
      y,
      Array.from({ length: 40 }, () => 24),
    );
    const model = new Model({ ...plain, solver: 'sgd' });
    const expected: number[] = [];
    const snapshots: number[][] = [];
    for (const c of chunks) {
      const rows = c.X as number[][];
      const targets = c.y as number[];
      const before = model.isFitted ? model.predict(rows) : new Float64Array(rows.length);
      expected.push(targets.reduce((s, v, i) => s + (before[i] - v) ** 2, 0) / rows.length);
      model.partialFit(rows, targets);
      snapshots.push(Array.from(model.history));
    }
    expect(relDiff(model.toJSON().training.progressiveHistory, expected)).toBeLessThan(1e-12);
    // Each call appends one entry and leaves the earlier ones as they were.
    snapshots.forEach((h, k) => {
      expect(h).toEqual(snapshots[snapshots.length - 1].slice(0, k + 1));
    });
  });

  it('rejects what it cannot stream, and keeps its state after a bad chunk', () => {
    expect(() => new Model({ solver: 'exact' }).partialFit(X, y)).toThrow(/partialFit needs a gradient-descent solver/);
    expect(() => new Model({ validationFraction: 0.1 }).partialFit(X, y)).toThrow(/progressive validation/);
    const model = new Model({ ...plain, solver: 'sgd' }).partialFit(X.slice(0, 10), y.slice(0, 10));
    const coef = model.coef;
    expect(() => model.partialFit([[1, 2]], [1])).toThrow(/2 features/);
    expect(() => model.partialFit([[1, 2, 3, 4, 5, Number.NaN]], [1])).toThrow(RangeError);
    expect(same(model.coef, coef)).toBe(true);
  });
});

describe('merged column statistics (Chan et al.)', () => {
  it.each(['float64', 'float32'] as const)('equal the two-pass statistics of the whole, %s', (dtype) => {
    const { X } = synthetic(1000, 5, { seed: 9, shift: [1e6, -3, 0, 50, 1e-3], scale: [1e-2, 1, 5, 1e3, 1] });
    let data: Float64Array | Float32Array = flat(X).data;
    if (dtype === 'float32') data = Float32Array.from(data);
    let stats = null;
    for (const [from, to] of [
      [0, 1],
      [1, 300],
      [300, 301],
      [301, 1000],
    ]) {
      const m = columnMoments(data.subarray(from * 5, to * 5), to - from, 5);
      stats = mergeMoments(stats, to - from, m.mean, m.m2);
    }
    const merged = scalingOf(stats!, true);
    const whole = columnStats(data, 1000, 5, true);
    expect(relDiff(merged.mean, whole.mean)).toBeLessThan(1e-12);
    expect(relDiff(merged.scale, whole.scale)).toBeLessThan(1e-9);
  });
});

describe('fitStream', () => {
  const { X, y } = synthetic(2000, 8, { seed: 21, noise: 0.5, shift: [100, 0, 0, 0, 0, 0, 0, -20] });
  const options = {
    solver: 'sgd',
    schedule: 'constant',
    shuffle: false,
    tolerance: null,
    learningRate: 0.005,
  } as const;

  it('with a first pass for the statistics equals fit over the whole, epoch for epoch', async () => {
    const chunks = chunked(X, y, [500, 500, 500, 500]);
    const streamed = await new LinearRegression(options).fitStream(chunks, { epochs: 3 });
    const whole = new LinearRegression({ ...options, maxEpochs: 3 }).fit(X, y);
    // The merged statistics differ from the two-pass ones in the last bits only.
    expect(relDiff(streamed.coef, whole.coef)).toBeLessThan(1e-9);
    expect(Math.abs(streamed.intercept - whole.intercept)).toBeLessThan(1e-9);
    expect(streamed.epochs).toBe(3);
    expect(streamed.history.length).toBe(3);
    expect(relDiff(streamed.history, whole.history)).toBeLessThan(1e-9);
  });

  it('reads async generators, functions that reopen a source, and CSV files and streams', async () => {
    const gen = async function* () {
      for (const c of chunked(X, y, [700, 700, 600])) yield c;
    };
    // A generator can be read once: scaling falls back to 'online' (statistics merged as it goes).
    const once = await new LinearRegression(options).fitStream(gen());
    const reopened = await new LinearRegression(options).fitStream(gen, { scaling: 'online' });
    expect(same(once.coef, reopened.coef)).toBe(true);
    const firstPass = await new LinearRegression(options).fitStream(gen);
    expect(relDiff(once.coef, firstPass.coef)).toBeLessThan(1e-3);
    expect(same(once.coef, firstPass.coef)).toBe(false);
    await expect(new LinearRegression(options).fitStream(gen(), { epochs: 2 })).rejects.toThrow(/read only once/);

    const path = join(dir, 'data.csv');
    const header = [...X[0].map((_, j) => `x${j}`), 'y'].join(',');
    writeFileSync(path, `${header}\n${X.map((r, i) => [...r, y[i]].join(',')).join('\n')}\n`);
    const csv = { target: 'y', chunkRows: 512 };
    const fromPath = await new LinearRegression(options).fitStream(path, { epochs: 2, csv });
    const fromStream = await new LinearRegression(options).fitStream(createReadStream(path), { csv });
    const fromChunks = await new LinearRegression(options).fitStream(() => csvChunks(path, { ...csv, source: path }), {
      epochs: 2,
    });
    expect(same(fromPath.coef, fromChunks.coef)).toBe(true);
    const oneEpoch = await new LinearRegression(options).fitStream(path, { csv, scaling: 'online' });
    expect(same(fromStream.coef, oneEpoch.coef)).toBe(true);
    expect(fromPath.score(X, y)).toBeGreaterThan(0.9);
  });

  it('csvChunks yields the rows readCsv reads, in chunks of one reused buffer, with errors by line', async () => {
    const path = join(dir, 'chunks.csv');
    writeFileSync(
      path,
      `a,b,y\n${X.slice(0, 1001)
        .map((r, i) => `${r[0]},"${r[1]}",${y[i]}`)
        .join('\r\n')}\n`,
    );
    const whole = await readCsv(path, { source: path, target: 'y' });
    const data: number[] = [];
    const targets: number[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const chunk of csvChunks(path, { source: path, target: 'y', chunkRows: 100 })) {
      data.push(...chunk.X.data);
      targets.push(...chunk.y);
      buffers.add(chunk.X.data.buffer);
    }
    expect(data).toEqual(Array.from(whole.X.data));
    expect(targets).toEqual(Array.from(whole.y!));
    expect(buffers.size).toBe(1);
    writeFileSync(path, 'a,b,y\n1,2,3\n4,x,6\n');
    await expect(async () => {
      for await (const _ of csvChunks(path, { source: path, target: 'y', chunkRows: 1 })) {
        // reading is the test
      }
    }).rejects.toThrow(`${path}:3:2: non-numeric value "x" in column 'b'`);
  });

  it('stops on AbortSignal between chunks, rejecting with its reason; the model keeps its state', async () => {
    const model = new LinearRegression(options).fit(X.slice(0, 50), y.slice(0, 50));
    const coef = model.coef;
    const controller = new AbortController();
    const stream = model.fitStream(chunked(X, y, [400, 400, 400, 400, 400]), {
      epochs: 5,
      onChunk: ({ chunk }) => {
        if (chunk === 2) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(stream).rejects.toMatchObject({ name: 'AbortError' });
    expect(same(model.coef, coef)).toBe(true);
  });

  it('reports chunks and epochs, with the progressive validation loss', async () => {
    const seen: number[] = [];
    const epochs: number[] = [];
    const model = await new LinearRegression(options).fitStream(chunked(X, y, [1000, 1000]), {
      epochs: 2,
      onChunk: (c) => {
        seen.push(c.rowsSeen);
      },
      onEpoch: (e) => {
        epochs.push(e.progressiveLoss);
      },
    });
    expect(seen).toEqual([1000, 2000, 1000, 2000]);
    expect(epochs).toEqual(Array.from(model.toJSON().training.progressiveHistory));
    expect(epochs[1]).toBeLessThan(epochs[0]);
  });

  it('streams about 50 MB with flat WASM memory and a bounded JS heap', async () => {
    const rows = 4096;
    const cols = 32;
    const chunks = 50; // 50 × 4096 × 32 × 8 bytes ≈ 52 MB of X
    const buffer = new Float64Array(rows * cols);
    const target = new Float64Array(rows);
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32 - 0.5;
    };
    async function* source() {
      for (let k = 0; k < chunks; k++) {
        for (let i = 0; i < rows; i++) {
          let s = 1;
          for (let j = 0; j < cols; j++) {
            const v = random();
            buffer[i * cols + j] = v;
            s += v * ((j % 3) - 1);
          }
          target[i] = s + 0.01 * random();
        }
        yield { X: { data: buffer, rows, cols }, y: target };
      }
    }
    const wasm: number[] = [];
    const heap: number[] = [];
    const model = await new LinearRegression({ solver: 'sgd', learningRate: 0.01 }).fitStream(source(), {
      onChunk: () => {
        wasm.push(memoryInfo().wasmBytes);
        heap.push(process.memoryUsage().heapUsed);
      },
    });
    expect(wasm.length).toBe(chunks);
    // WASM memory: what one chunk needs, from the first chunk to the last.
    expect(new Set(wasm.slice(1)).size).toBe(1);
    expect(wasm[wasm.length - 1]).toBeLessThan(8 * rows * cols * 1.5 + (4 << 20));
    // The JS heap never holds the data read so far (52 MB): it stays within a few chunks' worth.
    expect(Math.max(...heap) - heap[0]).toBeLessThan(24 << 20);
    expect(model.toJSON().training.nSamples).toBe(rows * chunks);
  });
});

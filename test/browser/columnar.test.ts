// Parquet and Arrow files dropped on a page: a File made in Chromium is read by linwasm/parquet and
// linwasm/arrow (sliced, not loaded whole) and trains as the same numbers given as arrays do.
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, expect, it } from 'vitest';
import { arrowChunks, readArrow } from '../../src/arrow/index.js';
import { init, LinearRegression } from '../../src/index.js';
import { parquetChunks, readParquet } from '../../src/parquet/index.js';
import { fitInWorker } from '../../src/worker/index.js';
import { synthetic } from '../helpers.js';

beforeAll(async () => {
  await init();
});

const { X, y } = synthetic(900, 4, { seed: 8, noise: 0.1 });
const names = ['a', 'b', 'c', 'd'];
const columns: Record<string, Float64Array> = Object.fromEntries([
  ...names.map((n, j) => [n, Float64Array.from(X, (r) => r[j])]),
  ['y', Float64Array.from(y)],
]);
const options = { solver: 'sgd', seed: 3, shuffle: false } as const;

function parquetFile(): File {
  const bytes = parquetWriteBuffer({
    columnData: Object.entries(columns).map(([name, data]) => ({ name, data, type: 'DOUBLE' as const })),
    rowGroupSize: 300,
  });
  return new File([bytes], 'dropped.parquet');
}

function arrowFile(): File {
  const table = arrow.tableFromArrays(columns);
  const batched = new arrow.Table([0, 300, 600].flatMap((s) => table.slice(s, s + 300).batches));
  return new File([arrow.tableToIPC(batched, 'file') as Uint8Array<ArrayBuffer>], 'dropped.arrow');
}

/** The same rows as arrays, in chunks of 300 (the row groups and batches). */
async function expected() {
  const model = new LinearRegression(options);
  const chunks = [0, 300, 600].map((s) => ({ X: X.slice(s, s + 300), y: y.slice(s, s + 300) }));
  return model.fitStream(chunks, { epochs: 2 });
}

it('a dropped .parquet File trains chunk by chunk as the arrays do, bit for bit', async () => {
  const model = await new LinearRegression(options).fitStream(() => parquetChunks(parquetFile(), { target: 'y' }), {
    epochs: 2,
  });
  const reference = await expected();
  expect(Array.from(model.coef)).toEqual(Array.from(reference.coef));
  expect(model.featureNames).toEqual(names);
});

it('a dropped .arrow File trains chunk by chunk as the arrays do, bit for bit', async () => {
  const model = await new LinearRegression(options).fitStream(() => arrowChunks(arrowFile(), { target: 'y' }), {
    epochs: 2,
  });
  const reference = await expected();
  expect(Array.from(model.coef)).toEqual(Array.from(reference.coef));
});

it('readParquet / readArrow give columns that fit, and fitInWorker takes them', async () => {
  const fromParquet = await readParquet(parquetFile(), { target: 'y' });
  const fromArrow = await readArrow(arrowFile(), { target: 'y' });
  expect(fromParquet.X.rows).toBe(900);
  expect(Array.from(fromArrow.X.columns[2])).toEqual(Array.from(columns.c));
  const exact = { solver: 'exact' } as const;
  const a = new LinearRegression(exact).fit(fromParquet.X, fromParquet.y);
  const b = new LinearRegression(exact).fit(X, y);
  expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
  const inWorker = await fitInWorker(fromArrow.X, fromArrow.y, exact);
  expect(Array.from(inWorker.coef)).toEqual(Array.from(b.coef));
  // An Arrow Table in memory needs no reader at all.
  const t = new LinearRegression(exact).fit(arrow.tableFromArrays(columns), 'y');
  expect(Array.from(t.coef)).toEqual(Array.from(b.coef));
});

it('a file that is not Parquet or Arrow is refused with its name', async () => {
  const text = new File(['a,y\n1,2\n'], 'data.csv');
  await expect(readParquet(text, { target: 'y', source: 'data.csv' })).rejects.toThrow(/data.csv: not a Parquet file/);
  await expect(readArrow(text, { target: 'y', source: 'data.csv' })).rejects.toThrow(
    /data.csv: (not Arrow|cannot read)/,
  );
});

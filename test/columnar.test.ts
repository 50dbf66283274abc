// Columnar sources: Arrow Tables in memory, Arrow IPC files and streams, Parquet files. The same data is
// written as CSV (every value's shortest exact text) and read by the CSV reader, the independent
// reference: every columnar path must give the same numbers, and so the same models bit for bit.
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArrow } from '../src/arrow/index.js';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { readCsv } from '../src/node/csv.js';
import { init, LinearRegression, readDataFile } from '../src/node/index.js';
import { parquetChunks, readParquet } from '../src/parquet/index.js';
import { synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const dir = mkdtempSync(join(tmpdir(), 'linwasm-columnar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 1000;
const { X, y } = synthetic(N, 5, { seed: 12, noise: 0.2, scale: [1, 10, 0.1, 3, 100], shift: [0, 5, -2, 0, 50] });
const names = ['a', 'b', 'c', 'd', 'e'];
// Column 'd' as int32 (rounded), 'c' as float32: the readers must widen both exactly.
const cols = {
  a: Float64Array.from(X, (r) => r[0]),
  b: Float64Array.from(X, (r) => r[1]),
  c: Float32Array.from(X, (r) => r[2]),
  d: Int32Array.from(X, (r) => Math.round(r[3] * 100)),
  e: Float64Array.from(X, (r) => r[4]),
  y: Float64Array.from(y),
};
const table = arrow.tableFromArrays(cols);
const paths = {
  csv: join(dir, 'data.csv'),
  parquet: join(dir, 'data.parquet'),
  arrowFile: join(dir, 'data.arrow'),
  arrowStream: join(dir, 'data.arrows'),
};

beforeAll(() => {
  const header = [...names, 'y'].join(',');
  const lines = Array.from({ length: N }, (_, i) =>
    [cols.a[i], cols.b[i], cols.c[i], cols.d[i], cols.e[i], cols.y[i]].map(String).join(','),
  );
  writeFileSync(paths.csv, `${header}\n${lines.join('\n')}\n`);
  // Parquet in row groups of 300 (not a divisor of N), with the types of the columns.
  const schema = [
    { name: 'root', num_children: 6 },
    ...[...names, 'y'].map((name) => ({
      name,
      type: name === 'c' ? 'FLOAT' : name === 'd' ? 'INT32' : 'DOUBLE',
      repetition_type: 'REQUIRED',
    })),
  ];
  const buffer = parquetWriteBuffer({
    columnData: Object.entries(cols).map(([name, data]) => ({ name, data })),
    schema: schema as never,
    rowGroupSize: 300,
  });
  writeFileSync(paths.parquet, new Uint8Array(buffer));
  // Arrow: three record batches of 400, 300 and 300 rows.
  const batched = new arrow.Table([
    ...table.slice(0, 400).batches,
    ...table.slice(400, 700).batches,
    ...table.slice(700).batches,
  ]);
  expect(batched.batches.map((b) => b.numRows)).toEqual([400, 300, 300]);
  writeFileSync(paths.arrowFile, arrow.tableToIPC(batched, 'file'));
  writeFileSync(paths.arrowStream, arrow.tableToIPC(batched, 'stream'));
});

/** The reference: the CSV read by the CSV reader, row-major. */
async function reference() {
  const data = await readCsv(paths.csv, { source: paths.csv, target: 'y' });
  return { X: data.X, y: data.y as Float64Array };
}

function rowMajor(columns: readonly ArrayLike<number>[], rows: number): Float64Array {
  const out = new Float64Array(rows * columns.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns.length; j++) out[i * columns.length + j] = columns[j][i];
  return out;
}

describe('columnar readers give the numbers of the CSV', () => {
  it.each([
    ['Parquet (readParquet)', () => readParquet(new Uint8Array(readFileSync(paths.parquet)), { target: 'y' })],
    ['Parquet file (readDataFile)', () => readDataFile(paths.parquet, { target: 'y' })],
    ['Arrow IPC file (readDataFile)', () => readDataFile(paths.arrowFile, { target: 'y' })],
    [
      'Arrow IPC stream (readArrow of a Node stream)',
      () => readArrow(createReadStream(paths.arrowStream) as never, { target: 'y' }),
    ],
  ] as const)('%s', async (_label, read) => {
    const ref = await reference();
    const data = (await read()) as unknown as {
      X: { columns: Float64Array[]; rows: number };
      y: Float64Array;
      features: string[];
    };
    expect(data.features).toEqual(names);
    expect(data.X.rows).toBe(N);
    expect(Array.from(rowMajor(data.X.columns, N))).toEqual(Array.from(ref.X.data));
    expect(Array.from(data.y)).toEqual(Array.from(ref.y));
  });
});

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s trains on columns as on rows', (_name, Model) => {
  it.each([
    ['exact', { solver: 'exact' }],
    ['sgd float64', { solver: 'sgd', seed: 3, maxEpochs: 5 }],
    ['minibatch float32', { solver: 'minibatch', batchSize: 64, seed: 3, maxEpochs: 5, dtype: 'float32' }],
    ['sgd with a validation split (rows reordered)', { solver: 'sgd', seed: 3, maxEpochs: 5, validationFraction: 0.2 }],
  ] as const)('fit(table, "y") equals fit(rows, y) bit for bit: %s', async (_label, options) => {
    const ref = await reference();
    const fromRows = new Model(options).fit(ref.X, ref.y);
    const fromTable = new Model(options).fit(table, 'y');
    expect(Array.from(fromTable.coef)).toEqual(Array.from(fromRows.coef));
    expect(fromTable.intercept).toBe(fromRows.intercept);
    expect(fromTable.featureNames).toEqual(names);
    // predict(table) picks the features by name, whatever the table's column order.
    const shuffled = table.select(['y', 'e', 'd', 'c', 'b', 'a']);
    expect(Array.from(fromTable.predict(shuffled))).toEqual(Array.from(fromRows.predict(ref.X)));
    expect(fromTable.score(table, 'y')).toBe(fromRows.score(ref.X, ref.y));
  });
});

describe('partialFit over record batches', () => {
  it('equals partialFit over the same rows as arrays, bit for bit, and keeps the names', async () => {
    const ref = await reference();
    const batches = new arrow.Table([...table.slice(0, 400).batches, ...table.slice(400).batches]).batches;
    const options = { solver: 'sgd', seed: 9 } as const;
    const fromBatches = new LinearRegression(options);
    for (const batch of batches) fromBatches.partialFit(batch, 'y');
    const fromRows = new LinearRegression(options);
    for (const [s, e] of [
      [0, 400],
      [400, N],
    ]) {
      fromRows.partialFit({ data: ref.X.data.subarray(s * 5, e * 5), rows: e - s, cols: 5 }, ref.y.subarray(s, e));
    }
    expect(Array.from(fromBatches.coef)).toEqual(Array.from(fromRows.coef));
    expect(fromBatches.featureNames).toEqual(names);
    // A batch with the columns in another order is refused by name, not trained on silently.
    const reordered = table.select(['b', 'a', 'c', 'd', 'e', 'y']).batches[0];
    expect(() => fromBatches.partialFit(reordered, 'y')).toThrow(/the features are 'b', 'a'.*trained on 'a', 'b'/);
  });
});

describe('fitStream over files of every format', () => {
  const options = { solver: 'sgd', seed: 5 } as const;
  it.each([
    ['Parquet', paths.parquet],
    ['Arrow IPC file', paths.arrowFile],
    ['Arrow IPC stream', paths.arrowStream],
  ])('%s: the same model as the CSV, chunk for chunk', async (_label, path) => {
    // Chunks of the same rows: the Parquet row groups and the Arrow batches are the chunk boundaries.
    const sizes = path === paths.parquet ? 300 : null;
    const fromCsv = new LinearRegression(options);
    if (sizes) {
      await fromCsv.fitStream(paths.csv, { epochs: 2, columns: { target: 'y', chunkRows: sizes } });
    } else {
      const ref = await reference();
      const bounds = [0, 400, 700, N];
      const chunks = bounds.slice(0, -1).map((s, k) => ({
        X: { data: ref.X.data.subarray(s * 5, bounds[k + 1] * 5), rows: bounds[k + 1] - s, cols: 5 },
        y: ref.y.subarray(s, bounds[k + 1]),
      }));
      await fromCsv.fitStream(chunks, { epochs: 2 });
    }
    const fromFile = new LinearRegression(options);
    await fromFile.fitStream(path, { epochs: 2, columns: { target: 'y', chunkRows: 300 } });
    expect(Array.from(fromFile.coef)).toEqual(Array.from(fromCsv.coef));
    expect(fromFile.intercept).toBe(fromCsv.intercept);
    expect(fromFile.featureNames).toEqual(names);
    expect(fromFile.toJSON().featureNames).toEqual(names);
  });

  it('parquetChunks splits row groups into chunks of chunkRows', async () => {
    const bytes = new Uint8Array(readFileSync(paths.parquet));
    const sizes: number[] = [];
    for await (const c of parquetChunks(bytes, { target: 'y', chunkRows: 128 })) sizes.push(c.X.rows);
    // Row groups of 300, 300, 300, 100; each cut at 128 rows.
    expect(sizes).toEqual([128, 128, 44, 128, 128, 44, 128, 128, 44, 100]);
  });
});

describe('errors name the column and the row', () => {
  const withNull = arrow.tableFromArrays({ a: Float64Array.from([1, 2, 3]), y: Float64Array.from([1, 2, 3]) });
  const nullable = new arrow.Table({
    a: arrow.vectorFromArray([1, 2, null, 4], new arrow.Float64()),
    s: arrow.vectorFromArray(['x', 'y', 'z', 'w'], new arrow.Utf8()),
    y: arrow.vectorFromArray([1, 2, 3, 4], new arrow.Float64()),
  });

  it('an Arrow Table: missing column, non-numeric column, null, column name without a table', () => {
    const model = new LinearRegression({ solver: 'exact' });
    expect(() => model.fit(withNull, 'price')).toThrow(/no target column 'price': the table has 'a', 'y'/);
    expect(() => model.fit(nullable, { target: 'y', features: ['s', 'a'] })).toThrow(TypeError);
    expect(() => model.fit(nullable, { target: 'y', features: ['s'] })).toThrow(
      /non-numeric column 's' \(Arrow type Utf8\)/,
    );
    expect(() => model.fit(nullable, { target: 'y', features: ['a'] })).toThrow(/null in column 'a' at row 2/);
    expect(() => model.fit([[1], [2]], 'y')).toThrow(/needs X to be an Arrow Table/);
    expect(model.isFitted).toBe(false);
    // Still usable.
    model.fit(withNull, 'y');
    expect(model.coef[0]).toBeCloseTo(1, 12);
  });

  it('a non-finite value is named by column name and row', () => {
    const t = arrow.tableFromArrays({ a: Float64Array.from([1, 2, Number.NaN]), y: Float64Array.from([1, 2, 3]) });
    expect(() => new LinearRegression({ solver: 'exact' }).fit(t, 'y')).toThrow(
      /X\[2\]\[0\] \(row 2, column 'a'\) is NaN/,
    );
  });

  it('Parquet: missing column, non-numeric column and null, naming the file, column and row', async () => {
    const path = join(dir, 'bad.parquet');
    writeFileSync(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'a', data: [1, 2, null, 4], type: 'DOUBLE' },
            { name: 's', data: ['x', 'y', 'z', 'w'], type: 'STRING' },
            { name: 'y', data: [1, 2, 3, 4], type: 'DOUBLE' },
          ],
        }),
      ),
    );
    await expect(readDataFile(path, { target: 'price' })).rejects.toThrow(
      `${path}: no target column 'price': the file has 'a', 's', 'y'`,
    );
    await expect(readDataFile(path, { target: 'y', features: ['s'] })).rejects.toThrow(
      `${path}: non-numeric column 's' (Parquet type BYTE_ARRAY`,
    );
    await expect(readDataFile(path, { target: 'y', features: ['a'] })).rejects.toThrow(
      `${path}: null in column 'a' at row 2`,
    );
    const model = new LinearRegression({ solver: 'sgd' });
    await expect(model.fitStream(path, { columns: { target: 'y', features: ['a'] } })).rejects.toThrow(
      /null in column 'a' at row 2/,
    );
    await expect(readDataFile(paths.csv, { target: 'y', format: 'parquet' })).rejects.toThrow(/not a Parquet file/);
    await expect(readDataFile(paths.csv, { target: 'y', format: 'xlsx' as never })).rejects.toThrow(
      /format must be 'csv', 'parquet' or 'arrow', got "xlsx"/,
    );
  });

  it('Arrow IPC: a file that is not Arrow, and a null in a later batch (row counted from the start)', async () => {
    await expect(readDataFile(paths.csv, { target: 'y', format: 'arrow' })).rejects.toThrow(
      /not Arrow IPC data|cannot read Arrow/,
    );
    // Cut short: the message says so, not apache-arrow's internals ("Cannot read properties of null").
    const whole = arrow.tableToIPC(
      arrow.tableFromArrays({ a: Float64Array.from([1, 2]), y: Float64Array.from([1, 2]) }),
      'file',
    );
    const cut = join(dir, 'cut.arrow');
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    await expect(readDataFile(cut, { target: 'y' })).rejects.toThrow(
      /cut\.arrow: cannot read Arrow IPC data after row 0: the data is truncated or not an Arrow IPC file or stream$/,
    );
    const path = join(dir, 'nulls.arrows');
    const first = arrow.tableFromArrays({ a: Float64Array.from([1, 2]), y: Float64Array.from([1, 2]) });
    const second = new arrow.Table({
      a: arrow.vectorFromArray([3, null], new arrow.Float64()),
      y: arrow.vectorFromArray([3, 4], new arrow.Float64()),
    });
    writeFileSync(path, arrow.tableToIPC(first.concat(second), 'stream'));
    await expect(readDataFile(path, { target: 'y' })).rejects.toThrow(`${path}: null in column 'a' at row 3`);
  });
});

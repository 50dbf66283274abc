// The playground's own modules, in Node (they are plain TypeScript; the pages run them in workers):
// the CSV reader — its quote-free scanner must read every cell as Number() does and report errors as
// csv-parse's path does — and what the run worker makes of a table with linwasm's model-selection
// API (demo/runs/prepare.ts, curve.ts): the split, the polynomial terms and the validation curves,
// against scikit-learn's order and names written out here and QR least-squares fits fold by fold;
// and the Parquet and Arrow reader (demo/data/columnar.ts) on files written here from known columns.
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { init, kFold, polynomialFeatures, trainTestSplit } from 'linwasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatOf, readColumnar } from '../../demo/data/columnar.js';
import { readTable } from '../../demo/data/csv.js';
import { parseRows } from '../../demo/data/rows.js';
import { curve } from '../../demo/runs/curve.js';
import { polynomialWidth, prepare, type Table } from '../../demo/runs/prepare.js';
import type { CurvePoint } from '../../demo/runs/protocol.js';
import { leastSquares, random } from '../helpers.js';

/** A cell in one of the forms people write numbers in, and the number it stands for. */
function cell(next: () => number): string {
  const v = (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6);
  switch (Math.floor(next() * 10)) {
    case 0:
      return String(Math.round(v)); // an integer
    case 1:
      return v.toExponential(Math.floor(next() * 16)); // 1 to 16 digits, with an exponent
    case 2:
      return String(v); // the shortest round trip, up to 17 digits
    case 3:
      return v.toFixed(Math.floor(next() * 8)); // fixed decimals
    case 4:
      return ` ${v.toPrecision(5)}\t`; // blanks around it
    case 5:
      return `+${Math.abs(v).toPrecision(3)}`;
    case 6:
      return next() < 0.5 ? '.5' : '-7.';
    case 7:
      return `${v.toPrecision(20)}`; // more digits than a double holds
    case 8:
      return next() < 0.5 ? '-0' : '1e-320'; // a negative zero, a subnormal
    default:
      return `${Math.round(v * 1000)}e${Math.floor(next() * 60) - 30}`;
  }
}

/** The reference reading: split on newlines and commas, Number() each trimmed cell. */
function naive(text: string): number[][] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '')
    .map((l) => l.split(',').map((c) => Number(c.trim())));
}

describe('readTable', () => {
  it('reads every cell of a 3 MB file exactly as Number() does, across slices, CRLF and blank lines', () => {
    const next = random(3);
    const lines = ['a,b,c,d,y'];
    while (lines.length < 60_000) {
      lines.push(Array.from({ length: 5 }, () => cell(next)).join(','));
      if (next() < 0.01) lines.push('');
    }
    const text = lines.map((l) => (next() < 0.3 ? `${l}\r` : l)).join('\n');
    expect(text.length).toBeGreaterThan(3 * (1 << 20)); // several 1 MB slices
    const table = readTable(text, 'numbers.csv');
    const expected = naive(text);
    expect(table.columns).toEqual(['a', 'b', 'c', 'd', 'y']);
    expect(table.rows).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      for (let j = 0; j < 5; j++) {
        if (!Object.is(table.data[i * 5 + j], expected[i][j])) {
          throw new Error(`row ${i}, column ${j}: read ${table.data[i * 5 + j]}, Number() gives ${expected[i][j]}`);
        }
      }
    }
  });

  it('reads quoted slices with csv-parse and plain ones with the scanner, to the same numbers', () => {
    const body = Array.from({ length: 40_000 }, (_, i) => `${i},${i / 8},${-i}`);
    body[30_000] = '"30000","3750",-30000'; // quotes in the last slice only
    const table = readTable(`"x, first",x2,y\n${body.join('\n')}\n`, 'mixed.csv');
    expect(table.columns).toEqual(['x, first', 'x2', 'y']);
    expect(table.rows).toBe(40_000);
    expect(Array.from(table.data.subarray(30_000 * 3, 30_001 * 3))).toEqual([30_000, 3750, -30_000]);
    expect(Array.from(table.data.subarray(39_999 * 3))).toEqual([39_999, 39_999 / 8, -39_999]);
  });

  it('names the same line and column in a late slice, whichever path reads it', () => {
    const body = Array.from({ length: 150_000 }, (_, i) => `${i},${i}`);
    body[120_000] = '1,x7'; // line 120 002: the header is line 1
    body[140_000] = '2,';
    const plain = `a,y\n${body.join('\n')}\n`;
    const message = 'big.csv, line 120002, column 2 (y): "x7" is not a number (and 1 more cell that are not numbers)';
    expect(() => readTable(plain, 'big.csv')).toThrow(message);
    body[130_000] = '"3",3'; // the slice of the bad cells now goes through csv-parse
    expect(() => readTable(`a,y\n${body.join('\n')}\n`, 'big.csv')).toThrow(message);

    body[120_000] = '1,2,3';
    expect(() => readTable(`a,y\n${body.join('\n')}\n`, 'big.csv')).toThrow(
      'big.csv, line 120002: expected 2 values (as in the header), found 3',
    );
    body[130_000] = '3,3';
    expect(() => readTable(`a,y\n${body.join('\n')}\n`, 'big.csv')).toThrow(
      'big.csv, line 120002: expected 2 values (as in the header), found 3',
    );
  });

  it('refuses what is not a table of numbers, saying where', () => {
    expect(() => readTable('', 'e.csv')).toThrow('e.csv, line 1: the file is empty');
    expect(() => readTable('\ufeffonly\n1\n2\n', 'o.csv')).toThrow('o.csv, line 1: a header with at least two columns');
    expect(() => readTable('a,y\n1,2\n', 'r.csv')).toThrow('r.csv, line 1: at least two data rows are needed');
    expect(() => readTable('a,y\n1,2\n0x10,3\n', 'h.csv')).toThrow(
      'h.csv, line 3, column 1 (a): "0x10" is not a number',
    );
    expect(() => readTable('a,y\n1,2\n1e400,3\n', 'i.csv')).toThrow(
      'i.csv, line 3, column 1 (a): "1e400" is not a number',
    );
    expect(() => readTable('a,y\n1,2\n,3\n', 'n.csv')).toThrow('n.csv, line 3, column 1 (a): is empty');
  });
});

describe('parseRows (the prediction box)', () => {
  it('skips a header line, reads the rows, and says what is wrong where', () => {
    expect(parseRows('a,b\n1,2\n 3 , 4.5 \n', 2, 'Rows')).toEqual([
      [1, 2],
      [3, 4.5],
    ]);
    expect(() => parseRows('1,2,3', 2, 'Rows')).toThrow(
      'Rows, line 1: expected 2 values (the model takes 2 columns), found 3',
    );
    expect(() => parseRows('a,b\n1,two\n', 2, 'Rows')).toThrow('Rows, line 2, column 2: "two" is not a number');
    expect(() => parseRows('1,"2"', 2, 'Rows')).toThrow('Rows, line 1: quotes are not needed here');
    expect(() => parseRows('a,b\n', 2, 'Rows')).toThrow('Rows, line 1: no rows to predict on');
  });
});

/** Row i of a row-major table, as numbers. */
function rowOf(table: { columns: string[]; data: Float64Array }, i: number): number[] {
  const w = table.columns.length;
  return Array.from(table.data.subarray(i * w, (i + 1) * w));
}

/** Degree-2 terms of a row in scikit-learn's PolynomialFeatures order, written out: x, then xa·xb for a ≤ b. */
function squares(x: number[]): number[] {
  const out = [...x];
  for (let a = 0; a < x.length; a++) for (let b = a; b < x.length; b++) out.push(x[a] * x[b]);
  return out;
}

function matrixRows(m: { data: ArrayLike<number>; rows: number; cols: number }): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from({ length: m.cols }, (_, j) => m.data[i * m.cols + j]));
}

/** A table of n rows: columns a, b, c and y = 1 + 2a − b + 0.5c + noise. */
function smallTable(n: number, seed: number): Table {
  const next = random(seed);
  const data = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [next() * 2 - 1, next() * 2 - 1, next() * 2 - 1];
    data.set([a, b, c, 1 + 2 * a - b + 0.5 * c + 0.1 * (next() - 0.5)], i * 4);
  }
  return { columns: ['a', 'b', 'c', 'y'], rows: n, data };
}

describe("the run worker's data (demo/runs/prepare.ts): linwasm's trainTestSplit and polynomialFeatures", () => {
  const table = smallTable(50, 13);

  it("splits the raw rows with trainTestSplit and expands each part in scikit-learn's order and names", () => {
    const data = prepare(table, { target: 'b', degree: 2, testFraction: 0.2, splitSeed: 42 });
    // PolynomialFeatures(2, include_bias=False).get_feature_names_out(['a', 'c', 'y']).
    expect(data.features).toEqual(['a', 'c', 'y', 'a^2', 'a c', 'a y', 'c^2', 'c y', 'y^2']);
    expect(data.rawFeatures).toEqual(['a', 'c', 'y']);
    // The rows are trainTestSplit's (the input here): ⌈0.2·50⌉ = 10 held out.
    const { trainIndex, testIndex } = trainTestSplit(
      matrixRows({ data: table.data, rows: 50, cols: 4 }),
      new Float64Array(50),
      {
        testFraction: 0.2,
        seed: 42,
      },
    );
    expect(testIndex).toHaveLength(10);
    const test = data.test!;
    for (const [part, index] of [
      [data.train, trainIndex],
      [test, testIndex],
    ] as const) {
      expect(part.X.rows).toBe(index.length);
      expect(part.X.cols).toBe(9);
      index.forEach((row, r) => {
        const [a, b, c, y] = rowOf(table, row);
        expect(part.y[r]).toBe(b);
        expect(Array.from(part.raw.data.subarray(r * 3, r * 3 + 3))).toEqual([a, c, y]);
        expect(Array.from(part.X.data.subarray(r * 9, r * 9 + 9))).toEqual(squares([a, c, y]));
      });
    }
  });

  it('without held-out rows, trains on every row in order', () => {
    const data = prepare(table, { target: 'y', degree: 1, testFraction: 0, splitSeed: 42 });
    expect(data.test).toBeNull();
    expect(data.features).toEqual(['a', 'b', 'c']);
    expect(data.train.X.rows).toBe(50);
    expect(Array.from(data.train.X.data.subarray(3 * 49))).toEqual(rowOf(table, 49).slice(0, 3));
    expect(Array.from(data.train.y)).toEqual(Array.from({ length: 50 }, (_, i) => rowOf(table, i)[3]));
  });

  it('polynomialWidth counts the columns polynomialFeatures makes, without making them', () => {
    for (const [n, d] of [
      [1, 1],
      [2, 3],
      [4, 3],
      [10, 3],
      [10, 4],
      [7, 5],
    ]) {
      const made = polynomialFeatures(
        { data: new Float64Array(n), rows: 1, cols: n },
        { degree: d, includeBias: false },
      );
      expect(polynomialWidth(n, d)).toBe(made.X.cols);
    }
    expect(polynomialWidth(10, 3)).toBe(285); // C(13, 3) − 1
  });

  it("refuses a missing target, and a degree past the page's budget before building anything", () => {
    expect(() => prepare(table, { target: 'price', degree: 1, testFraction: 0.2, splitSeed: 42 })).toThrow(
      "There is no column 'price' to predict",
    );
    const wide: Table = {
      columns: Array.from({ length: 401 }, (_, j) => `x${j}`),
      rows: 2,
      data: new Float64Array(802),
    };
    expect(() => prepare(wide, { target: 'x400', degree: 4, testFraction: 0, splitSeed: 42 })).toThrow(
      // C(404, 4) − 1 columns of 400 features.
      /^Degree 4 makes 1093567500 features of 2 rows \(2187 M values\), more than this page holds \(40 M\)/,
    );
  });
});

describe("the Overfitting tab's curves (demo/runs/curve.ts): linwasm's validationCurve over the training rows", () => {
  beforeAll(async () => {
    await init();
  });

  const SEED = 7;

  /**
   * Mean over 5 folds of the training rows of QR ridge MSEs on each fold's training and held-out rows.
   * The folds (the input here, as the split is) are linwasm's kFold of a shuffle seeded as the split.
   */
  function reference(X: number[][], y: number[], l2: number): { fit: number; held: number; std: number } {
    const fit: number[] = [];
    const held: number[] = [];
    for (const [fitRows, heldRows] of kFold(X.length, { folds: 5, shuffle: true, seed: SEED })) {
      const { w, b } = leastSquares(
        fitRows.map((p) => X[p]),
        fitRows.map((p) => y[p]),
        { l2 },
      );
      const mse = (ps: number[]) =>
        ps.reduce((s, p) => s + (X[p].reduce((a, x, j) => a + x * w[j], b) - y[p]) ** 2, 0) / ps.length;
      fit.push(mse(fitRows));
      held.push(mse(heldRows));
    }
    const mean = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;
    return { fit: mean(fit), held: mean(held), std: Math.sqrt(mean(held.map((v) => (v - mean(held)) ** 2))) };
  }

  it('along the penalty and the degree, every point equals 5-fold QR ridge fits on the training rows', () => {
    const data = prepare(smallTable(80, 17), { target: 'y', degree: 1, testFraction: 0.25, splitSeed: SEED });
    const X = matrixRows(data.train.X);
    const y = Array.from(data.train.y);
    const options = { solver: 'exact', standardize: false } as const;
    const points: CurvePoint[] = [];
    curve(data, options, 'penalty', [0, 0.01, 1], { folds: 5, seed: SEED }, (p, i) => {
      points[i] = p;
    });
    [0, 0.01, 1].forEach((l2, k) => {
      const r = reference(X, y, l2);
      expect(points[k].features).toBe(3);
      expect(points[k].trainMse).toBeCloseTo(r.fit, 10);
      expect(points[k].validationMse).toBeCloseTo(r.held, 10);
      expect(points[k].validationStd).toBeCloseTo(r.std, 10);
    });
    // Along the degree at l2 = 0.01: degree 2 is the squares and products of the raw columns.
    curve(data, { ...options, l2: 0.01 }, 'degree', [1, 2], { folds: 5, seed: SEED }, (p, i) => {
      points[i] = p;
    });
    const r = reference(X.map(squares), y, 0.01);
    expect(points[1].features).toBe(9);
    expect(points[1].trainMse).toBeCloseTo(r.fit, 10);
    expect(points[1].validationMse).toBeCloseTo(r.held, 10);
    expect(points[0].validationMse).toBeCloseTo(reference(X, y, 0.01).held, 10);
  });

  it('a point whose fit fails is NaN, not an error; too few rows for the folds is a clear error', () => {
    // Two features that are the same column (a = b = i, y = 3i + 2): singular without a penalty.
    const same: Table = {
      columns: ['a', 'b', 'y'],
      rows: 20,
      data: Float64Array.from({ length: 60 }, (_, k) => (k % 3 === 2 ? k : Math.floor(k / 3))),
    };
    const points: CurvePoint[] = [];
    curve(
      prepare(same, { target: 'y', degree: 1, testFraction: 0, splitSeed: 1 }),
      { solver: 'exact', standardize: false },
      'penalty',
      [0, 0.1],
      { folds: 5, seed: 1 },
      (p, i) => {
        points[i] = p;
      },
    );
    expect(points[0].validationMse).toBeNaN();
    expect(Number.isFinite(points[1].validationMse)).toBe(true);
    const tiny = prepare(smallTable(5, 3), { target: 'y', degree: 1, testFraction: 0.2, splitSeed: 1 });
    expect(() => curve(tiny, { solver: 'exact' }, 'penalty', [0.1], { folds: 5, seed: 1 }, () => {})).toThrow(
      'validationCurve: folds (5) is more than the number of rows (4): every fold needs at least one row',
    );
  });
});

describe('Parquet and Arrow files (demo/data/columnar.ts)', () => {
  // 7 rows of a (int64), b (double), c (float): read back row-major, in the file's column order.
  const a = BigInt64Array.from([3n, -1n, 4n, 1n, -5n, 9n, 2n]);
  const b = Float64Array.from([0.1, 0.25, -3e-7, 1e300, 2.5, -0.5, 7]);
  const c = Float32Array.from([1.5, -2.25, 0.1, 3, 4, 5, 6]);
  const expectedRows = Array.from({ length: 7 }, (_, i) => [Number(a[i]), b[i], c[i]]);

  function parquet(columns: Record<string, ArrayLike<unknown>>, name = 't.parquet'): File {
    const type = (d: ArrayLike<unknown>) =>
      d instanceof BigInt64Array ? 'INT64' : d instanceof Float32Array ? 'FLOAT' : 'DOUBLE';
    const bytes = parquetWriteBuffer({
      columnData: Object.entries(columns).map(([n, data]) => ({
        name: n,
        data: data as Float64Array,
        type: type(data),
      })),
      rowGroupSize: 3, // groups of 3, 3 and 1 rows
    });
    return new File([bytes], name);
  }

  const rowsOf = (t: { columns: string[]; rows: number; data: Float64Array }) =>
    Array.from({ length: t.rows }, (_, i) => Array.from(t.data.subarray(i * 3, i * 3 + 3)));

  it('tells the formats apart by their first bytes, then by the extension', async () => {
    const bytes = (head: number[] | string, name: string) =>
      new File([typeof head === 'string' ? head : Uint8Array.from(head)], name);
    expect(await formatOf(bytes('PAR1\u0015\u0004', 'data.csv'))).toBe('parquet');
    expect(await formatOf(bytes('ARROW1\u0000\u0000', 'data.csv'))).toBe('arrow');
    expect(await formatOf(bytes([0xff, 0xff, 0xff, 0xff, 0x78, 0], 'data'))).toBe('arrow'); // an IPC stream
    expect(await formatOf(bytes('a,b\n', 'data.PQ'))).toBe('parquet');
    expect(await formatOf(bytes('a,b\n', 'data.feather'))).toBe('arrow');
    expect(await formatOf(bytes('a,b\n1,2\n', 'data.txt'))).toBe('csv');
    expect(await formatOf(bytes('', 'empty'))).toBe('csv');
  });

  it('reads every column of a Parquet file of three row groups into rows, reporting progress up to 1', async () => {
    const progress: number[] = [];
    const t = await readColumnar(parquet({ a, b, c }), 'parquet', (f) => progress.push(f));
    expect(t.columns).toEqual(['a', 'b', 'c']);
    expect(t.rows).toBe(7);
    expect(rowsOf(t)).toEqual(expectedRows);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, k) => k === 0 || f >= progress[k - 1])).toBe(true);
  });

  it('reads an Arrow IPC file and stream of several record batches into the same rows', async () => {
    const table = arrow.tableFromArrays({ a, b, c });
    const batched = new arrow.Table([0, 3, 6].flatMap((start) => table.slice(start, start + 3).batches));
    for (const format of ['file', 'stream'] as const) {
      const file = new File(
        [arrow.tableToIPC(batched, format) as Uint8Array<ArrayBuffer>],
        `t.${format === 'file' ? 'arrow' : 'arrows'}`,
      );
      expect(await formatOf(file)).toBe('arrow');
      const t = await readColumnar(file, 'arrow');
      expect(t.columns).toEqual(['a', 'b', 'c']);
      expect(rowsOf(t)).toEqual(expectedRows);
    }
  });

  it('names the first value that is not finite by column and row (from 0), and counts the others', async () => {
    const b2 = Float64Array.from(b);
    const c2 = Float32Array.from(c);
    b2[5] = Number.NaN; // row 5, a later row group
    c2[2] = Number.NEGATIVE_INFINITY; // row 2, the first row group, the last column
    b2[6] = Number.NaN;
    await expect(readColumnar(parquet({ a, b: b2, c: c2 }), 'parquet')).rejects.toThrow(
      "t.parquet: -Infinity in column 'c' at row 2 (and 2 more values that are not finite): every value must be a finite number",
    );
  });

  it('refuses one column, fewer than two rows, and bytes that are not Parquet, naming the file once', async () => {
    await expect(readColumnar(parquet({ b }), 'parquet')).rejects.toThrow(
      "t.parquet: only one column ('b'): at least two (features and a target) are needed",
    );
    await expect(readColumnar(parquet({ b: b.subarray(0, 1), c: c.subarray(0, 1) }), 'parquet')).rejects.toThrow(
      't.parquet: at least two data rows are needed (found 1)',
    );
    const notParquet = readColumnar(new File(['a,b\n1,2\n'], 'fake.parquet'), 'parquet');
    await expect(notParquet).rejects.toThrow(/^fake\.parquet: not a Parquet file/);
    await expect(notParquet).rejects.not.toThrow(/fake\.parquet: fake\.parquet/);
  });
});

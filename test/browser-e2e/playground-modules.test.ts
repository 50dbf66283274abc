// The playground's own modules, in Node (they are plain TypeScript; the pages run them in workers):
// the CSV reader — its quote-free scanner must read every cell as Number() does and report errors as
// csv-parse's path does — and the stand-ins for the model-selection API (demo/selection.ts), against
// scikit-learn's documented examples and a least-squares solution computed here.
import { describe, expect, it } from 'vitest';
import { readTable } from '../../demo/data/csv.js';
import { parseRows } from '../../demo/data/rows.js';
import { kFold, polynomialFeatures, polynomialWidth, trainTestSplit, validationCurve } from '../../demo/selection.js';
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

describe('the model-selection stand-ins (demo/selection.ts)', () => {
  const X = { data: Float64Array.from([0, 1, 2, 3, 4, 5]), rows: 3, cols: 2 };

  it("polynomialFeatures: scikit-learn's documented example, values and names", () => {
    // PolynomialFeatures(2).fit_transform(np.arange(6).reshape(3, 2)) and get_feature_names_out().
    const full = polynomialFeatures(X, { degree: 2 });
    expect(Array.from(full.X.data)).toEqual([1, 0, 1, 0, 0, 1, 1, 2, 3, 4, 6, 9, 1, 4, 5, 16, 20, 25]);
    expect(full.featureNames).toEqual(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']);
    // PolynomialFeatures(interaction_only=True).
    const interactions = polynomialFeatures(X, { degree: 2, interactionOnly: true });
    expect(Array.from(interactions.X.data)).toEqual([1, 0, 1, 0, 1, 2, 3, 6, 1, 4, 5, 20]);
    expect(interactions.featureNames).toEqual(['1', 'x0', 'x1', 'x0 x1']);
  });

  it('polynomialFeatures: degree 3 of 4 columns in combinations-with-replacement order', () => {
    const next = random(5);
    const M = { data: Float64Array.from({ length: 12 }, () => next() * 4 - 2), rows: 3, cols: 4 };
    const out = polynomialFeatures(M, { degree: 3, includeBias: false, featureNames: ['a', 'b', 'c', 'd'] });
    // The order written out with nested loops: degree 1, then a ≤ b, then a ≤ b ≤ c.
    const terms: number[][] = [];
    for (let a = 0; a < 4; a++) terms.push([a]);
    for (let a = 0; a < 4; a++) for (let b = a; b < 4; b++) terms.push([a, b]);
    for (let a = 0; a < 4; a++) for (let b = a; b < 4; b++) for (let c = b; c < 4; c++) terms.push([a, b, c]);
    expect(out.X.cols).toBe(terms.length);
    expect(polynomialWidth(4, 3, false)).toBe(34); // C(7, 3) − 1
    expect(out.featureNames.slice(4, 8)).toEqual(['a^2', 'a b', 'a c', 'a d']);
    expect(out.featureNames[terms.length - 1]).toBe('d^3');
    expect(out.featureNames.slice(14, 16)).toEqual(['a^3', 'a^2 b']);
    for (let i = 0; i < 3; i++) {
      terms.forEach((t, k) => {
        const v = t.reduce((p, j) => p * M.data[i * 4 + j], 1);
        expect(out.X.data[i * terms.length + k]).toBeCloseTo(v, 14);
      });
    }
  });

  it("kFold: scikit-learn's fold sizes and order", () => {
    // KFold(n_splits=2) on 4 rows: test [0, 1] then [2, 3].
    expect(kFold(4, { nSplits: 2 }).map((f) => [Array.from(f.train), Array.from(f.test)])).toEqual([
      [
        [2, 3],
        [0, 1],
      ],
      [
        [0, 1],
        [2, 3],
      ],
    ]);
    // The first n % k folds have one more row.
    expect(kFold(10, { nSplits: 3 }).map((f) => f.test.length)).toEqual([4, 3, 3]);
    const shuffled = kFold(10, { nSplits: 3, shuffle: true, seed: 1 });
    expect(shuffled.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => kFold(3, { nSplits: 4 })).toThrow(RangeError);
  });

  it('trainTestSplit: ceil(testSize·n) test rows, disjoint, covering every row, rows carried with them', () => {
    const next = random(9);
    const n = 101;
    const M = { data: Float64Array.from({ length: n * 2 }, () => next()), rows: n, cols: 2 };
    const y = Float64Array.from({ length: n }, (_, i) => i);
    const s = trainTestSplit(M, y, { testSize: 0.25, seed: 3 });
    expect(s.XTest.rows).toBe(26);
    expect(s.XTrain.rows).toBe(75);
    expect([...s.trainIndex, ...s.testIndex].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    s.testIndex.forEach((row, r) => {
      expect(s.yTest[r]).toBe(row);
      expect(Array.from(s.XTest.data.subarray(r * 2, r * 2 + 2))).toEqual(
        Array.from(M.data.subarray(row * 2, row * 2 + 2)),
      );
    });
    expect(() => trainTestSplit(M, y, { testSize: 1 })).toThrow(RangeError);
  });

  it('validationCurve: the scores of ridge fits equal a QR least-squares solution on each fold', async () => {
    const { init } = await import('linwasm');
    await init();
    const next = random(11);
    const n = 60;
    const rows = Array.from({ length: n }, () => [next() * 2 - 1, next() * 2 - 1, next() * 2 - 1]);
    const yArr = rows.map((r) => 1 + 2 * r[0] - r[1] + 0.5 * r[2] + 0.1 * (next() - 0.5));
    const M = { data: Float64Array.from(rows.flat()), rows: n, cols: 3 };
    const y = Float64Array.from(yArr);
    const paramRange = [0, 0.01, 1];
    const { trainScores, testScores } = validationCurve({ solver: 'exact', standardize: false }, M, y, {
      paramName: 'l2',
      paramRange,
      cv: 3,
      scoring: 'neg_mean_squared_error',
    });
    const folds = kFold(n, { nSplits: 3 });
    paramRange.forEach((l2, v) => {
      folds.forEach(({ train, test }, k) => {
        const { w, b } = leastSquares(
          Array.from(train, (i) => rows[i]),
          Array.from(train, (i) => yArr[i]),
          { l2 },
        );
        const mse = (idx: Uint32Array) =>
          Array.from(idx).reduce((s, i) => s + (rows[i].reduce((p, x, j) => p + x * w[j], b) - yArr[i]) ** 2, 0) /
          idx.length;
        expect(-trainScores[v][k]).toBeCloseTo(mse(train), 10);
        expect(-testScores[v][k]).toBeCloseTo(mse(test), 10);
      });
    });
  });
});

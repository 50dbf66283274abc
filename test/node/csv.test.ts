// The streaming CSV reader shared by the CLI and the server: the CSV format itself (quotes,
// delimiters, line endings), column selection, and errors that name the file, line and column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvOptions, readCsv } from '../../src/node/csv.js';
import { DataFileError, RowLimitError } from '../../src/node/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'linwasm-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

const read = (text: string, options: Partial<CsvOptions> = {}) =>
  readCsv(Readable.from([text]), { source: 'in.csv', ...options });

/** The DataFileError readCsv rejects with. */
async function failure(text: string, options: Partial<CsvOptions> = {}): Promise<DataFileError> {
  const e = await read(text, options).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataFileError);
  return e as DataFileError;
}

describe('reading', () => {
  it('takes every column but the target as features, in order, row-major', async () => {
    const d = await read('a,b,y\n1,2,3\n4,5,6\n', { target: 'y' });
    expect(d.header).toEqual(['a', 'b', 'y']);
    expect(d.features).toEqual(['a', 'b']);
    expect(d.target).toBe('y');
    expect(d.X).toEqual({ data: Float64Array.from([1, 2, 4, 5]), rows: 2, cols: 2 });
    expect(d.y).toEqual(Float64Array.from([3, 6]));
  });

  it('reads a target in any position, and no y without a target', async () => {
    const d = await read('y,a,b\n3,1,2\n', { target: 'y' });
    expect(Array.from(d.X.data)).toEqual([1, 2]);
    expect(Array.from(d.y as Float64Array)).toEqual([3]);
    const noTarget = await read('a,b\n1,2\n');
    expect(noTarget.y).toBeNull();
    expect(noTarget.target).toBeNull();
  });

  it('selects features by name, in the order asked, and never reads other columns', async () => {
    const d = await read('id,b,a,y\nx-17,2,1,3\n"row, two",5,4,6\n', { target: 'y', features: ['a', 'b'] });
    expect(Array.from(d.X.data)).toEqual([1, 2, 4, 5]);
    expect(d.features).toEqual(['a', 'b']);
  });

  it('handles quoted fields with delimiters, quotes and newlines, CRLF, a BOM and blank lines', async () => {
    const text = '\uFEFF"a","b,c",y\r\n"1","2",3\r\n\r\n  \r\n"4","5",6\r\n';
    const d = await read(text, { target: 'y' });
    expect(d.header).toEqual(['a', 'b,c', 'y']);
    expect(Array.from(d.X.data)).toEqual([1, 2, 4, 5]);
    const multiline = await read('name,a,y\n"two\nlines",1,2\n"say ""hi""",3,4\n', { target: 'y', features: ['a'] });
    expect(Array.from(multiline.X.data)).toEqual([1, 3]);
  });

  it('uses the delimiter it is given', async () => {
    const d = await read('a;b;y\n1,5;2;3\n', { target: 'y', delimiter: ';', features: ['b'] });
    expect(Array.from(d.X.data)).toEqual([2]);
    const tsv = await read('a\tb\n1\t2\n', { delimiter: '\t' });
    expect(Array.from(tsv.X.data)).toEqual([1, 2]);
    await expect(read('a\n1\n', { delimiter: ';;' })).rejects.toThrow(RangeError);
  });

  it('parses decimal numbers as JavaScript does (signs, exponents, leading dot, spaces)', async () => {
    const d = await read('a\n-1.5\n+2e3\n.25\n 7 \n1E-2\n');
    expect(Array.from(d.X.data)).toEqual([-1.5, 2000, 0.25, 7, 0.01]);
  });

  it('grows past its initial capacity (more than 1024 rows)', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i},${2 * i}`);
    const d = await read(`a,y\n${lines.join('\n')}\n`, { target: 'y' });
    expect(d.X.rows).toBe(3000);
    expect(d.X.data[2999]).toBe(2999);
    expect((d.y as Float64Array)[2999]).toBe(5998);
  });

  it('reads a file by path', async () => {
    const d = await readCsv(file('a,y\n1,2\n'), { source: 'x.csv', target: 'y' });
    expect(Array.from(d.X.data)).toEqual([1]);
  });
});

describe('errors name the file, line and column', () => {
  it.each([
    ['a non-numeric value', 'a,b,y\n1,2,3\n4,abc,6\n', 3, 2, /non-numeric value "abc" in column 'b'/],
    ['an empty value', 'a,b,y\n1,2,3\n4,,6\n', 3, 2, /missing value in column 'b'/],
    ['NaN', 'a,b,y\n1,NaN,3\n', 2, 2, /non-finite value "NaN" in column 'b'/],
    ['Infinity', 'a,b,y\n1,2,-Infinity\n', 2, 3, /non-finite value "-Infinity" in column 'y'/],
    ['a value past float64', 'a,b,y\n1,1e999,3\n', 2, 2, /non-finite value "1e999"/],
    ['hexadecimal', 'a,b,y\n0x1f,2,3\n', 2, 1, /non-numeric value "0x1f"/],
    ['too few columns', 'a,b,y\n1,2,3\n4,5\n', 3, 3, /wrong column count: this row has 2 columns, the header has 3/],
    ['too many columns', 'a,b,y\n1,2,3,4\n', 2, 4, /wrong column count: this row has 4 columns, the header has 3/],
    ['a duplicate header name', 'a,b,a,y\n1,2,3,4\n', 1, 3, /duplicate column name 'a' \(also column 1\)/],
    ['an unclosed quote', 'a,b,y\n1,2,3\n4,"5,6\n', 3, 2, /malformed CSV: Quote Not Closed/],
    ['text after a closing quote', 'a,b,y\n1,"2"x,3\n', 2, 2, /malformed CSV: Invalid Closing Quote/],
    ['a quote inside an unquoted field', 'a,b,y\n1,2,3\n4,x"5",6\n', 3, 2, /malformed CSV: Invalid Opening Quote/],
  ])('%s', async (_what, text, line, column, message) => {
    const e = await failure(text, { target: 'y' });
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`in.csv:${line}:${column}: `)).toBe(true);
  });

  it('a missing target or feature column names the header line and lists the columns', async () => {
    const target = await failure('a,b\n1,2\n', { target: 'y' });
    expect(target.message).toBe("in.csv:1: no target column 'y': the header has 'a', 'b'");
    const feature = await failure('a,y\n1,2\n', { target: 'y', features: ['a', 'bmi'] });
    expect(feature.message).toBe("in.csv:1: no feature column 'bmi': the header has 'a', 'y'");
    const onlyTarget = await failure('y\n1\n', { target: 'y' });
    expect(onlyTarget.message).toMatch(/no feature columns/);
  });

  it('an empty file, a header without rows, a missing file', async () => {
    expect((await failure('')).message).toBe('in.csv: the file is empty: expected a header row');
    expect((await failure('a,b\n\n')).message).toBe('in.csv: no data rows after the header');
    const missing = join(dir, 'missing.csv');
    await expect(readCsv(missing, { source: missing })).rejects.toThrow(`${missing}: no such file`);
  });

  it('values that overflow float32 are reported when the dtype is float32', async () => {
    const e = await failure('a,y\n1,2\n1e39,3\n', { target: 'y', dtype: 'float32' });
    expect(e.message).toBe("in.csv:3:1: value 1e39 overflows float32 (use dtype float64) in column 'a'");
    expect((await read('a,y\n1e39,3\n', { target: 'y' })).X.data[0]).toBe(1e39);
  });

  it('more rows than maxRows is a RowLimitError', async () => {
    const e = await failure('a\n1\n2\n3\n', { maxRows: 2 });
    expect(e).toBeInstanceOf(RowLimitError);
    expect(e.line).toBe(4);
    await expect(read('a\n1\n2\n', { maxRows: 2 })).resolves.toBeTruthy();
  });
});

// The CSV reader's two paths: plain text (no quotes) cut by indexOf, and csv-parse from the first quote
// or lone CR on. The same content must give the same numbers and the same errors (file:line:column)
// whichever path reads it, including when the switch happens in the middle of a large file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvChunks, readCsv } from '../../src/node/csv.js';
import { random } from '../helpers.js';

const read = (text: string | string[], options = {}) =>
  readCsv(Readable.from(Array.isArray(text) ? text : [text]), {
    source: 'in.csv',
    target: 'y',
    fastPath: true,
    ...options,
  });

async function failure(text: string | string[]): Promise<string> {
  try {
    await read(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** n rows of 4 numbers, with the exact text of each value. */
function lines(n: number, seed = 1): string[] {
  const u = random(seed);
  return Array.from({ length: n }, () =>
    [u() * 100 - 50, (u() - 0.5) * 1e-7, Math.round(u() * 1000), u() * 3].map(String).join(','),
  );
}

describe('the plain path reads what csv-parse reads', () => {
  const body = lines(30000);
  const plainText = `a,b,c,y\n${body.join('\n')}\n`;
  // A quoted header forces csv-parse from the first byte: the same CSV content.
  const quotedText = `"a",b,c,"y"\n${body.join('\n')}\n`;

  it('the same numbers, from a plain file and from the same content read by csv-parse', async () => {
    const fast = await read(plainText);
    const exact = await read(quotedText);
    expect(fast.X.rows).toBe(30000);
    expect(Array.from(fast.X.data)).toEqual(Array.from(exact.X.data));
    expect(Array.from(fast.y as Float64Array)).toEqual(Array.from(exact.y as Float64Array));
    // And the values are the numbers written: the independent check.
    const first = body[0].split(',').map(Number);
    expect(Array.from(fast.X.data.subarray(0, 3))).toEqual(first.slice(0, 3));
  });

  it('CRLF, a BOM, blank lines and lines of spaces, blocks cut anywhere (even inside a CRLF)', async () => {
    const text = '\ufeffa,y\r\n1,2\r\n\r\n   \r\n3,4\r\n5,6';
    const pieces = Array.from(text); // one character per block
    for (const input of [text, pieces]) {
      const d = await read(input);
      expect(Array.from(d.X.data)).toEqual([1, 3, 5]);
      expect(Array.from(d.y as Float64Array)).toEqual([2, 4, 6]);
    }
  });

  it('the same errors, with the same line and column, on either path', async () => {
    const bad = [...body];
    bad[12344] = bad[12344]
      .split(',')
      .map((v, j) => (j === 1 ? 'n/a' : v))
      .join(',');
    const plainBad = `a,b,c,y\n${bad.join('\n')}\n`;
    const quotedBad = `"a",b,c,y\n${bad.join('\n')}\n`;
    const expected = 'in.csv:12346:2: non-numeric value "n/a" in column \'b\'';
    expect(await failure(plainBad)).toBe(expected);
    expect(await failure(quotedBad)).toBe(expected);
    const short = [...body];
    short[5] = '1,2,3';
    const message = 'in.csv:7:4: wrong column count: this row has 3 columns, the header has 4';
    expect(await failure(`a,b,c,y\n${short.join('\n')}\n`)).toBe(message);
    expect(await failure(`"a",b,c,y\n${short.join('\n')}\n`)).toBe(message);
  });

  it('switches to csv-parse at the first quote in the middle of the file, lines still counted from the start', async () => {
    const rows = lines(20000, 2);
    rows[15000] = `"1.5",2,"3",4`;
    rows[15003] = '1,2,oops,4';
    // Blocks of 64 KiB, as a file stream gives them: the quote arrives many blocks in.
    const text = `a,b,c,y\n${rows.join('\n')}\n`;
    const blocks = text.match(/[\s\S]{1,65536}/g) as string[];
    expect(blocks.length).toBeGreaterThan(5);
    expect(await failure(blocks)).toBe('in.csv:15005:3: non-numeric value "oops" in column \'c\'');
    rows[15003] = '1,2,3,4';
    const d = await read(`a,b,c,y\n${rows.join('\n')}\n`);
    expect(d.X.rows).toBe(20000);
    expect(Array.from(d.X.data.subarray(15000 * 3, 15000 * 3 + 3))).toEqual([1.5, 2, 3]);
  });

  it('a stream handed in is read by csv-parse unless fastPath is asked for: the same numbers either way', async () => {
    const exact = await read(plainText, { fastPath: false });
    const fast = await read(plainText);
    expect(Array.from(exact.X.data)).toEqual(Array.from(fast.X.data));
  });

  it('a lone CR (old Mac line ends) goes to csv-parse, which reads it', async () => {
    const d = await read('a,y\r1,2\r3,4\r');
    expect(Array.from(d.X.data)).toEqual([1, 3]);
  });

  it('csvChunks on the plain path fills chunks of chunkRows, and ends with the rest', async () => {
    const sizes: number[] = [];
    for await (const c of csvChunks(Readable.from([plainText]), {
      source: 'in.csv',
      target: 'y',
      chunkRows: 7000,
      fastPath: true,
    })) {
      sizes.push(c.X.rows);
    }
    expect(sizes).toEqual([7000, 7000, 7000, 7000, 2000]);
  });
});

describe('errors name the input without a source option', () => {
  it('csvChunks(path, { target }) and readCsv(path) name the path; a stream is named "stream"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linwasm-csv-source-'));
    try {
      const path = join(dir, 'bad.csv');
      writeFileSync(path, 'a,y\n1,2\n3,x\n');
      const fromChunks = async () => {
        for await (const _ of csvChunks(path, { target: 'y', chunkRows: 1 })) void _;
      };
      await expect(fromChunks()).rejects.toThrow(`${path}:3:2: non-numeric value "x" in column 'y'`);
      await expect(readCsv(path)).rejects.toThrow(`${path}:3:2: non-numeric value "x" in column 'y'`);
      await expect(readCsv(Readable.from(['a,y\n"1\n'])).then(() => '')).rejects.toThrow(
        'stream:2:1: malformed CSV: Quote Not Closed',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

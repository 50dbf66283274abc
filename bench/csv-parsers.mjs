// Which CSV parser for the common case (`node bench/csv-parsers.mjs [--size-mb 200]`, not run in CI, after
// `npm run build`): linwasm's full reader of the format (dist/node/csv-records.js, which reads quoted files),
// csv-parse (what that reader replaced, and its reference in the tests), udsv (a fast maintained parser) and a
// plain split of unquoted text (what linwasm's fast path does), each turning a file of the streaming benchmark's
// data (bench/stream-data.mjs) into float64 rows, in one process, alternating, so that the ratios are measured
// under the same load. Prints MB/s and rows/s.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { inferSchema, initParser } from 'udsv';
import { CsvRecords } from '../dist/node/csv-records.js';
import { generateCsv } from './stream-data.mjs';

const sizeMb = Number(process.argv[process.argv.indexOf('--size-mb') + 1] || 200);
const dir = mkdtempSync(path.join(os.tmpdir(), 'linwasm-csv-parsers-'));
const file = path.join(dir, 'data.csv');
const { rows } = generateCsv(file, sizeMb * 1e6);
const bytes = statSync(file).size;
const COLS = 21;

/** csv-parse as linwasm's exact path configures it (info for line numbers), fields → Number. */
async function csvParse() {
  const out = new Float64Array(COLS);
  let n = 0;
  const parser = createReadStream(file).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, from_line: 2 }),
  );
  for await (const { record } of parser) {
    for (let j = 0; j < COLS; j++) out[j] = Number(record[j]);
    n++;
  }
  return n;
}

/** linwasm's full reader (every character through its quote-aware loop), fields → Number. */
async function csvRecords() {
  const out = new Float64Array(COLS);
  let n = -1; // the header
  const reader = new CsvRecords(',');
  const take = (records) => {
    for (const { record } of records) {
      if (n >= 0) for (let j = 0; j < COLS; j++) out[j] = Number(record[j]);
      n++;
    }
  };
  for await (const buf of createReadStream(file, { encoding: 'utf8' })) take(reader.push(buf, false));
  take(reader.push('', true));
  return n;
}

/** udsv's incremental parser to string tuples (its fastest form), fields → Number. */
async function udsv() {
  const out = new Float64Array(COLS);
  let n = 0;
  let parser = null;
  const onRow = (row) => {
    for (let j = 0; j < COLS; j++) out[j] = Number(row[j]);
    n++;
  };
  for await (const buf of createReadStream(file, { encoding: 'utf8' })) {
    if (parser === null) parser = initParser(inferSchema(buf));
    parser.chunk(buf, parser.stringArrs, onRow);
  }
  parser.end();
  return n;
}

/** Unquoted text split at newlines and commas by indexOf, fields → Number (the plain path). */
async function plainSplit() {
  const out = new Float64Array(COLS);
  let n = -1; // the header
  let rest = '';
  for await (const buf of createReadStream(file, { encoding: 'utf8' })) {
    const text = rest + buf;
    let at = 0;
    for (let nl = text.indexOf('\n', at); nl !== -1; nl = text.indexOf('\n', at)) {
      if (n >= 0) {
        let f = at;
        for (let j = 0; j < COLS - 1; j++) {
          const c = text.indexOf(',', f);
          out[j] = Number(text.slice(f, c));
          f = c + 1;
        }
        out[COLS - 1] = Number(text.slice(f, nl));
      }
      n++;
      at = nl + 1;
    }
    rest = text.slice(at);
  }
  return n;
}

/** The same with String.prototype.split per line (V8's fast path for one-character separators). */
async function lineSplit() {
  const out = new Float64Array(COLS);
  let n = -1;
  let rest = '';
  for await (const buf of createReadStream(file, { encoding: 'latin1', highWaterMark: 1 << 20 })) {
    const lines = (rest + buf).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      if (n >= 0) {
        const fields = line.split(',');
        for (let j = 0; j < COLS; j++) out[j] = Number(fields[j]);
      }
      n++;
    }
  }
  return n;
}

const parsers = {
  'csv-parse': csvParse,
  'csv-records': csvRecords,
  udsv,
  'plain split': plainSplit,
  'line split': lineSplit,
};
const times = Object.fromEntries(Object.keys(parsers).map((k) => [k, []]));
try {
  for (let round = 0; round < 2; round++) {
    for (const [name, run] of Object.entries(parsers)) {
      const t = performance.now();
      const n = await run();
      const s = (performance.now() - t) / 1000;
      if (n !== rows) throw new Error(`${name} read ${n} rows, the file has ${rows}`);
      times[name].push(s);
    }
  }
  console.log(
    `${(bytes / 1e6).toFixed(0)} MB, ${rows} rows × ${COLS} columns; Node ${process.versions.node}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const base = Math.min(...times['csv-parse']);
  for (const [name, ts] of Object.entries(times)) {
    const best = Math.min(...ts);
    console.log(
      `${name.padEnd(12)} best of 2 ${best.toFixed(2)} s  ${(bytes / 1e6 / best).toFixed(1)} MB/s  ${(rows / best / 1e3).toFixed(0)} k rows/s  ×${(base / best).toFixed(2)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

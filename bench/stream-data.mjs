// The streaming benchmark's CSV, made on the fly and written in blocks (never one giant string): 20 features
// x_j = m_j + s_j·z (z standard normal; centres m_j and scales s_j differ per column, so that scaling matters),
// y = x·w + b + 0.1·noise, every value printed with 8 significant digits. Seeded: the same size gives the same
// file on every machine. Rows are added until the file reaches the requested size.
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { Rng } from '../dist/engine/js/index.js';
import { normals } from './workloads.mjs';

const SEED = 20261129;
const TWO_POW_32 = 4294967296;
const NOISE = 0.1;
const BLOCK_ROWS = 8192;

/** The true model of the generated data: { features, coef, intercept, centres, scales, noise }. */
export function trueModel(features = 20) {
  const rng = new Rng(SEED);
  const coef = Array.from(normals(rng, features), (w) => round(w, 4));
  const centres = Array.from({ length: features }, () => round(((rng.next() / TWO_POW_32) * 2 - 1) * 3, 2));
  const scales = Array.from({ length: features }, () => round(0.5 * 10 ** (rng.next() / TWO_POW_32), 2));
  return { features, coef, intercept: 1.5, centres, scales, noise: NOISE, seed: SEED };
}

function round(v, digits) {
  return Number(v.toFixed(digits));
}

/**
 * Writes the CSV to `file` until it holds at least `bytes` bytes (whole rows).
 * @returns { rows, bytes, model } with the model of trueModel().
 */
export function generateCsv(file, bytes, { features = 20, onProgress } = {}) {
  const model = trueModel(features);
  const { coef, intercept, centres, scales } = model;
  const rng = new Rng(SEED + 1);
  const fd = openSync(file, 'w');
  let written = 0;
  let rows = 0;
  try {
    const header = `${Array.from({ length: features }, (_, j) => `x${j + 1}`).join(',')},y\n`;
    written += writeSync(fd, header);
    const x = new Float64Array(features);
    while (written < bytes) {
      const z = normals(rng, BLOCK_ROWS * (features + 1));
      const lines = [];
      for (let i = 0; i < BLOCK_ROWS && written < bytes; i++) {
        const base = i * (features + 1);
        let y = intercept + NOISE * z[base + features];
        for (let j = 0; j < features; j++) {
          x[j] = centres[j] + scales[j] * z[base + j];
          y += coef[j] * x[j];
        }
        let line = '';
        for (let j = 0; j < features; j++) line += `${x[j].toPrecision(8)},`;
        line += `${y.toPrecision(8)}\n`;
        lines.push(line);
        rows++;
        // Count bytes as we go (the text is ASCII) so that the file stops at the first row past the size.
        written += line.length;
      }
      writeSync(fd, lines.join(''));
      onProgress?.(written, rows);
    }
  } finally {
    closeSync(fd);
  }
  return { rows, bytes: written, model };
}

/**
 * Writes the first `rows` rows of generateCsv's data as Parquet: the same numbers (each value is the
 * number its 8-digit CSV text reads as), columns x1 … x20, y of type DOUBLE, in row groups of `rowGroup`
 * rows, Snappy-compressed (the default of pyarrow and Spark). Written one row group at a time.
 * @returns { rows, bytes }
 */
export function generateParquet(file, rows, { features = 20, rowGroup = 65536, onProgress } = {}) {
  const { coef, intercept, centres, scales } = trueModel(features);
  const rng = new Rng(SEED + 1);
  const names = [...Array.from({ length: features }, (_, j) => `x${j + 1}`), 'y'];
  const schema = [
    { name: 'root', num_children: names.length },
    ...names.map((name) => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' })),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, codec: 'SNAPPY', statistics: false });
  const columns = names.map(() => new Float64Array(rowGroup));
  let filled = 0;
  let done = 0;
  const flush = () => {
    writer.write({
      columnData: names.map((name, j) => ({ name, data: columns[j].subarray(0, filled) })),
      rowGroupSize: rowGroup,
    });
    done += filled;
    filled = 0;
    onProgress?.(done);
  };
  const x = new Float64Array(features);
  // The same draws, block by block, as generateCsv (it draws whole blocks of BLOCK_ROWS rows).
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const z = normals(rng, BLOCK_ROWS * (features + 1));
    for (let i = 0; i < BLOCK_ROWS && start + i < rows; i++) {
      const base = i * (features + 1);
      let y = intercept + NOISE * z[base + features];
      for (let j = 0; j < features; j++) {
        x[j] = centres[j] + scales[j] * z[base + j];
        y += coef[j] * x[j];
        columns[j][filled] = Number(x[j].toPrecision(8));
      }
      columns[features][filled] = Number(y.toPrecision(8));
      if (++filled === rowGroup) flush();
    }
  }
  if (filled > 0) flush();
  writer.finish();
  return { rows: done };
}

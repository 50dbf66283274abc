// The linwasm command on Parquet and Arrow files (train, train --stream, predict, evaluate) and export
// to ONNX and scikit-learn: the same data as the bundled CSV must give the same models and predictions,
// and the exported ONNX file, run by ONNX Runtime, the saved model's predictions.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relDiff } from '../../../test/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/linwasm.mjs', import.meta.url));
const DIABETES = fileURLToPath(new URL('../../../data/diabetes.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'linwasm-cli-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function linwasm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const readJson = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

// The diabetes CSV by plain string splitting; its columns as Parquet (row groups of 100) and Arrow (batches of 100).
const [header, ...lines] = readFileSync(DIABETES, 'utf8').trim().split('\n');
const names = header.split(',');
const rows = lines.map((l) => l.split(',').map(Number));
const columns = Object.fromEntries(names.map((n, j) => [n, Float64Array.from(rows, (r) => r[j])]));

beforeAll(() => {
  const parquet = parquetWriteBuffer({
    columnData: names.map((name) => ({ name, data: columns[name], type: 'DOUBLE' as const })),
    rowGroupSize: 100,
  });
  writeFileSync(join(dir, 'diabetes.parquet'), new Uint8Array(parquet));
  const table = arrow.tableFromArrays(columns);
  const batched = new arrow.Table([0, 100, 200, 300, 400].flatMap((s) => table.slice(s, s + 100).batches));
  writeFileSync(join(dir, 'diabetes.arrow'), arrow.tableToIPC(batched, 'file'));
  writeFileSync(join(dir, 'diabetes.data'), arrow.tableToIPC(batched, 'stream'));
});

describe('train, predict and evaluate read Parquet and Arrow files', () => {
  it.each([
    ['Parquet', 'diabetes.parquet', []],
    ['Arrow IPC file', 'diabetes.arrow', []],
    ['Arrow IPC stream named by --format', 'diabetes.data', ['--format', 'arrow']],
  ])('%s: the same model as the CSV, bit for bit, and the same predictions', async (_label, file, extra) => {
    const base = file.replace(/\W/g, '_');
    const fromCsv = await linwasm(
      'train',
      DIABETES,
      '--target',
      'target',
      '--solver',
      'exact',
      '--out',
      `${base}-csv.json`,
    );
    expect(fromCsv.code).toBe(0);
    const fromFile = await linwasm(
      'train',
      file,
      ...extra,
      '--target',
      'target',
      '--solver',
      'exact',
      '--out',
      `${base}.json`,
    );
    expect(fromFile.stderr).toBe('');
    expect(fromFile.code).toBe(0);
    const a = readJson(`${base}-csv.json`);
    const b = readJson(`${base}.json`);
    expect(b.coef).toEqual(a.coef);
    expect(b.intercept).toBe(a.intercept);
    expect(b.columns).toEqual(a.columns);
    const p1 = await linwasm('predict', `${base}.json`, DIABETES, '--json');
    const p2 = await linwasm('predict', `${base}.json`, file, ...extra, '--json');
    expect(p2.code).toBe(0);
    expect(JSON.parse(p2.stdout)).toEqual(JSON.parse(p1.stdout));
    const e = await linwasm('evaluate', `${base}.json`, file, ...extra, '--json');
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).r2).toBeCloseTo(0.5177484, 6);
  });

  it('train --stream: Parquet row groups of 100 equal CSV chunks of 100', async () => {
    const common = [
      '--target',
      'target',
      '--solver',
      'sgd',
      '--seed',
      '3',
      '--epochs',
      '2',
      '--chunk-rows',
      '100',
      '--quiet',
    ];
    expect((await linwasm('train', DIABETES, '--stream', ...common, '--out', 's-csv.json')).code).toBe(0);
    const r = await linwasm('train', 'diabetes.parquet', '--stream', ...common, '--out', 's-pq.json', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(442);
    expect(readJson('s-pq.json').coef).toEqual(readJson('s-csv.json').coef);
    const a = await linwasm('train', 'diabetes.arrow', '--stream', ...common, '--out', 's-arrow.json');
    expect(a.code).toBe(0);
    expect(readJson('s-arrow.json').coef).toEqual(readJson('s-csv.json').coef);
  });

  it('errors name the file and the column', async () => {
    const r = await linwasm('train', 'diabetes.parquet', '--target', 'price', '--out', 'x.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("diabetes.parquet: no target column 'price': the file has 'age', 'sex'");
    const s = await linwasm('train', DIABETES, '--format', 'parquet', '--target', 'target', '--out', 'x.json');
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/not a Parquet file/);
    const f = await linwasm('train', 'diabetes.parquet', '--format', 'xlsx', '--target', 'target', '--out', 'x.json');
    expect(f.code).toBe(2);
  });
});

describe('export', () => {
  it('--format onnx: ONNX Runtime predicts as the saved model (float64 and float32)', async () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const model = `e-${dtype}.json`;
      expect(
        (await linwasm('train', DIABETES, '--target', 'target', '--solver', 'exact', '--dtype', dtype, '--out', model))
          .code,
      ).toBe(0);
      const r = await linwasm('export', model, '--format', 'onnx', '--out', `e-${dtype}.onnx`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const predicted = JSON.parse((await linwasm('predict', model, DIABETES, '--json')).stdout)
        .predictions as number[];
      const session = await ort.InferenceSession.create(join(dir, `e-${dtype}.onnx`));
      const X = rows.flatMap((row) => row.slice(0, -1));
      const input =
        dtype === 'float64'
          ? new ort.Tensor('float64', Float64Array.from(X), [rows.length, 10])
          : new ort.Tensor('float32', Float32Array.from(X), [rows.length, 10]);
      const out = (await session.run({ X: input })).y.data as Float64Array;
      await session.release();
      // predict reads the CSV as float64; the float32 graph rounds X and computes in float32.
      expect(relDiff(Array.from(out), predicted)).toBeLessThan(dtype === 'float64' ? 1e-12 : 1e-5);
    }
  });

  it('--format sklearn: the attributes and the column names', async () => {
    expect((await linwasm('train', DIABETES, '--target', 'target', '--solver', 'exact', '--out', 'sk.json')).code).toBe(
      0,
    );
    expect((await linwasm('export', 'sk.json', '--format', 'sklearn', '--out', 'sk-out.json')).code).toBe(0);
    const doc = readJson('sk-out.json');
    expect(doc.coef_).toEqual(readJson('sk.json').coef);
    expect(doc.feature_names_in_).toEqual(names.slice(0, -1));
    expect((await linwasm('export', 'sk.json', '--out', 'x')).code).toBe(2);
    expect((await linwasm('export', 'missing.json', '--format', 'onnx', '--out', 'x')).stderr).toMatch(
      /missing.json: no such file/,
    );
  });
});

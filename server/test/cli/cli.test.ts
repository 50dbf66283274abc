// The linwasm command as users run it: `node bin/linwasm.mjs …` (the built CLI, run by npm test
// after the build). Models are checked against independent references: a least-squares solution by
// Householder QR, data with a known exact solution, and the saved model's own predict().
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvChunks, init, LinearRegression } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leastSquares, random, relDiff } from '../../../test/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/linwasm.mjs', import.meta.url));
const DIABETES = fileURLToPath(new URL('../../../data/diabetes.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'linwasm-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in the temporary directory (bounded: 30 s). */
function linwasm(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

const readJson = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

/** The diabetes CSV parsed by plain string splitting (independent of the CLI's reader). */
function diabetes(): { X: number[][]; y: number[]; names: string[] } {
  const [header, ...lines] = readFileSync(DIABETES, 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map(Number));
  return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]), names: header.split(',') };
}

/** y = 2a − 3b + 0.5c + 1 exactly, with the columns in the order c, y, a, b and an id column. */
function exactData(n: number): { text: string; X: number[][] } {
  const u = random(7);
  const lines = ['c,y,id,a,b'];
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [u() * 10 - 5, u() * 4, u() - 0.5];
    X.push([a, b, c]);
    lines.push(`${c},${2 * a - 3 * b + 0.5 * c + 1},"id ${i}",${a},${b}`);
  }
  return { text: `${lines.join('\n')}\n`, X };
}

beforeAll(async () => {
  await init();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('linwasm train', () => {
  it('trains the exact solver on diabetes: the least-squares solution, a summary, an atomic write', async () => {
    const r = await linwasm('train', DIABETES, '--target', 'target', '--solver', 'exact', '--out', 'exact.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { X, y, names } = diabetes();
    const ref = leastSquares(X, y);
    const doc = readJson('exact.json');
    expect(relDiff(doc.coef, ref.w)).toBeLessThan(1e-9);
    expect(Math.abs(doc.intercept - ref.b)).toBeLessThan(1e-9);
    expect(doc.columns).toEqual({ features: names.slice(0, -1), target: 'target' });
    // The summary: epochs (none for the exact solver), R² on the training data, time.
    const r2 = LinearRegression.fromJSON(doc).score(X, y);
    expect(r.stdout).toContain(`R² ${r2.toFixed(6)}`);
    expect(r.stdout).toMatch(/^epochs 0 \(exact solution\)$/m);
    expect(r.stdout).toMatch(/time [\d.]+ m?s training/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('recovers a known exact solution, picking the target out of any column position', async () => {
    const data = write('exact.csv', exactData(50).text);
    const r = await linwasm('train', data, '-t', 'y', '--features', 'a,b,c', '--solver', 'exact', '-o', 'known.json');
    expect(r.code).toBe(0);
    const doc = readJson('known.json');
    expect(relDiff(doc.coef, [2, -3, 0.5])).toBeLessThan(1e-10);
    expect(Math.abs(doc.intercept - 1)).toBeLessThan(1e-10);
    expect(doc.columns.features).toEqual(['a', 'b', 'c']);
  });

  it('passes every training flag through to the model options', async () => {
    const r = await linwasm(
      ...['train', DIABETES, '--target', 'target', '--out', 'mb.json', '--solver', 'minibatch', '--batch-size', '16'],
      ...['--epochs', '7', '--learning-rate', '0.01', '--l2', '0.001', '--dtype', 'float32', '--seed', '42'],
      ...['--tolerance', 'none', '--patience', '3', '--no-intercept', '--no-standardize', '--no-shuffle', '--quiet'],
      ...['--threads', '2'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readJson('mb.json').options).toMatchObject({
      threads: 2,
      solver: 'minibatch',
      learningRate: 0.01,
      maxEpochs: 7,
      batchSize: 16,
      tolerance: null,
      patience: 3,
      l2: 0.001,
      fitIntercept: false,
      standardize: false,
      dtype: 'float32',
      seed: 42,
      shuffle: false,
    });
    expect(readJson('mb.json').training.epochs).toBe(7);
  });

  it('--stream trains chunk by chunk from the file, as fitStream does in-process', async () => {
    const r = await linwasm(
      ...['train', DIABETES, '-t', 'target', '-o', 'stream.json', '--stream', '--chunk-rows', '100'],
      ...['--solver', 'sgd', '--epochs', '3', '--seed', '7', '--learning-rate', '0.01', '--json', '--quiet'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ rows: 442, features: 10, target: 'target', epochs: 3, chunkRows: 100 });
    expect(summary.rowsPerSecond).toBeGreaterThan(0);
    expect(summary.megabytesPerSecond).toBeGreaterThan(0);
    // Squared loss: R² from the progressive MSE and the target's variance, computed here.
    const { y } = diabetes();
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    const variance = y.reduce((a, v) => a + (v - mean) ** 2, 0) / y.length;
    expect(summary.progressiveR2).toBeCloseTo(1 - summary.progressiveLoss / variance, 10);
    expect(summary.progressiveR2).toBeGreaterThan(0.4);
    const saved = readJson('stream.json');
    expect(saved.columns.target).toBe('target');
    const here = await new LinearRegression({ solver: 'sgd', seed: 7, learningRate: 0.01 }).fitStream(
      () => csvChunks(DIABETES, { source: DIABETES, target: 'target', chunkRows: 100 }),
      { epochs: 3 },
    );
    expect(saved.coef).toEqual(Array.from(here.coef));
    expect(saved.training.progressiveHistory.length).toBe(3);
  });

  it('--chunk-rows without --stream, and --stream with the exact solver, are refused', async () => {
    const a = await linwasm('train', DIABETES, '-t', 'target', '-o', 'x.json', '--chunk-rows', '10');
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--chunk-rows applies to --stream/);
    const b = await linwasm('train', DIABETES, '-t', 'target', '-o', 'x.json', '--stream', '--solver', 'exact');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/--stream needs a gradient-descent solver/);
  });

  it('passes the learning controls through to the model options', async () => {
    const r = await linwasm(
      ...['train', DIABETES, '--target', 'target', '--out', 'lc.json', '--solver', 'sgd', '--epochs', '20'],
      ...['--loss', 'huber', '--epsilon', '5', '--schedule', 'invscaling', '--power-t', '0.5', '--l1', '0.01'],
      ...['--l2', '0.001', '--optimizer', 'momentum', '--momentum', '0.8', '--nesterov', '--average', '3'],
      ...['--validation-fraction', '0.2', '--seed', '1', '--quiet'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readJson('lc.json').options).toMatchObject({
      loss: 'huber',
      epsilon: 5,
      schedule: 'invscaling',
      powerT: 0.5,
      l1: 0.01,
      l2: 0.001,
      optimizer: 'momentum',
      momentum: 0.8,
      nesterov: true,
      average: 3,
      validationFraction: 0.2,
    });
    expect(readJson('lc.json').training.validationHistory.length).toBeGreaterThan(0);
    const a = await linwasm(
      ...['train', DIABETES, '-t', 'target', '-o', 'en.json', '--solver', 'sgd', '--alpha', '0.01'],
      ...['--l1-ratio', '0.5', '--average', '--quiet'],
    );
    expect(a.code).toBe(0);
    expect(readJson('en.json').options).toMatchObject({
      alpha: 0.01,
      l1Ratio: 0.5,
      l1: 0.01,
      l2: 0.005,
      average: true,
    });
  });

  it('prints plain progress lines every --log-every epochs when stderr is not a terminal', async () => {
    const r = await linwasm('train', DIABETES, '-t', 'target', '-o', 'p.json', '--epochs', '30', '--log-every', '10');
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines.map((l) => l.match(/^epoch +(\d+)\/30 +loss [\d.e+]+$/)?.[1])).toEqual(['10', '20', '30']);
    expect(r.stdout).toMatch(/^epochs 30 \(not converged\)$/m);
  });

  it('--json prints the summary as JSON', async () => {
    const r = await linwasm(
      'train',
      DIABETES,
      '-t',
      'target',
      '-o',
      'j.json',
      '--solver',
      'sgd',
      '--seed',
      '1',
      '--json',
      '-q',
    );
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ model: 'j.json', rows: 442, features: 10, target: 'target', solver: 'sgd' });
    expect(s.epochs).toBe(readJson('j.json').training.epochs);
    expect(s.r2).toBeGreaterThan(0.4);
    expect(s.fitMs).toBeGreaterThan(0);
  });

  it('reads other delimiters and quoted fields', async () => {
    const data = write('semi.csv', '"x";"label; with delimiter";y\n1;"a";3\n2;"b";5\n4;"c";9\n');
    const r = await linwasm(
      'train',
      data,
      '-t',
      'y',
      '--features',
      'x',
      '-d',
      ';',
      '--solver',
      'exact',
      '-o',
      's.json',
    );
    expect(r.stderr).toBe('');
    expect(readJson('s.json').coef[0]).toBeCloseTo(2, 10);
  });

  it('stops with exit status 1 and advice when training diverges', async () => {
    const raw = fileURLToPath(new URL('../../../data/diabetes_raw.csv', import.meta.url));
    const r = await linwasm(
      'train',
      raw,
      '-t',
      'target',
      '-o',
      'd.json',
      '--learning-rate',
      '1',
      '--no-standardize',
      '-q',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Training diverged at epoch \d+/);
    expect(readdirSync(dir)).not.toContain('d.json');
  });
});

describe('linwasm predict and evaluate', () => {
  it('predicts what the saved model predicts, as CSV, JSON, or into a file', async () => {
    await linwasm('train', DIABETES, '--target', 'target', '--out', 'model.json', '--epochs', '50', '-q');
    const model = LinearRegression.fromJSON(readFileSync(join(dir, 'model.json'), 'utf8'));
    const expected = Array.from(model.predict(diabetes().X));

    const csv = await linwasm('predict', 'model.json', DIABETES);
    expect(csv.code).toBe(0);
    const [header, ...values] = csv.stdout.trim().split('\n');
    expect(header).toBe('prediction');
    expect(values.map(Number)).toEqual(expected);

    const json = await linwasm('predict', 'model.json', DIABETES, '--json');
    expect(JSON.parse(json.stdout)).toEqual({ predictions: expected });

    const out = await linwasm('predict', 'model.json', DIABETES, '--out', 'predictions.csv');
    expect(out.stdout).toBe('');
    expect(readFileSync(join(dir, 'predictions.csv'), 'utf8')).toBe(csv.stdout);
  });

  it('takes the features by name: reordered columns, extra columns and no target column', async () => {
    const { text, X } = exactData(20);
    write('train.csv', text);
    await linwasm('train', 'train.csv', '-t', 'y', '--features', 'a,b,c', '--solver', 'exact', '-o', 'k.json');
    write('new.csv', text.replace(/^c,y,/, 'c,truth,')); // target renamed: not needed to predict
    const r = await linwasm('predict', 'k.json', 'new.csv', '--json');
    const expected = X.map(([a, b, c]) => 2 * a - 3 * b + 0.5 * c + 1);
    expect(relDiff(JSON.parse(r.stdout).predictions, expected)).toBeLessThan(1e-10);
  });

  it('takes the columns by position for a model saved without column names', async () => {
    const model = new LinearRegression({ solver: 'exact' }).fit(
      [
        [0, 1],
        [1, 0],
        [1, 1],
        [2, 3],
      ],
      [1, 2, 3, 7],
    );
    write('plain.json', JSON.stringify(model));
    write('plain.csv', 'p,q\n1,2\n3,4\n');
    const r = await linwasm('predict', 'plain.json', 'plain.csv', '--json');
    expect(JSON.parse(r.stdout).predictions).toEqual(
      Array.from(
        model.predict([
          [1, 2],
          [3, 4],
        ]),
      ),
    );
    write('wide.csv', 'p,q,r\n1,2,3\n');
    const wide = await linwasm('predict', 'plain.json', 'wide.csv');
    expect(wide.code).toBe(1);
    expect(wide.stderr).toBe(
      'error: wide.csv:1: wrong column count: the model takes 2 features, the file has 3 columns\n',
    );
  });

  it('evaluate reports R², MSE and MAE of the model on labelled data', async () => {
    const { X, y } = diabetes();
    const yPred = LinearRegression.fromJSON(readFileSync(join(dir, 'exact.json'), 'utf8')).predict(X);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const ssRes = y.reduce((s, v, i) => s + (v - yPred[i]) ** 2, 0);
    const ssTot = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    const mae = y.reduce((s, v, i) => s + Math.abs(v - yPred[i]), 0) / y.length;

    const r = await linwasm('evaluate', 'exact.json', DIABETES, '--target', 'target', '--json');
    const result = JSON.parse(r.stdout);
    expect(result.rows).toBe(442);
    expect(result.r2).toBeCloseTo(1 - ssRes / ssTot, 12);
    expect(result.mse).toBeCloseTo(ssRes / y.length, 9);
    expect(result.mae).toBeCloseTo(mae, 10);

    // Without --target: the target the model was trained on. Human-readable output.
    const text = await linwasm('evaluate', 'exact.json', DIABETES);
    expect(text.stdout).toContain(`R²   ${result.r2.toFixed(6)}`);
    expect(text.stdout).toMatch(/^MSE {2}[\d.]+$/m);
    expect(text.stdout).toMatch(/^MAE {2}[\d.]+$/m);
  });
});

describe('errors name the file, line and column and exit non-zero', () => {
  it.each([
    [
      'a non-numeric value',
      'age,bmi,y\n1,2,3\n4,five,6\n',
      ['-t', 'y'],
      'bad.csv:3:2: non-numeric value "five" in column \'bmi\'',
    ],
    [
      'a missing target column',
      'age,bmi\n1,2\n',
      ['-t', 'y'],
      "bad.csv:1: no target column 'y': the header has 'age', 'bmi'",
    ],
    [
      'a wrong column count',
      'a,b,y\n1,2,3\n4,5\n',
      ['-t', 'y'],
      'bad.csv:3:3: wrong column count: this row has 2 columns',
    ],
    ['an empty value', 'a,b,y\n1,,3\n', ['-t', 'y'], "bad.csv:2:2: missing value in column 'b'"],
    ['a missing feature column', 'a,y\n1,2\n', ['-t', 'y', '--features', 'a,z'], "bad.csv:1: no feature column 'z'"],
  ])('train: %s', async (_what, text, flags, message) => {
    write('bad.csv', text);
    const r = await linwasm('train', 'bad.csv', ...flags, '-o', 'never.json');
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`error: ${message}`)).toBe(true);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).not.toContain('never.json');
  });

  it('predict and evaluate: a missing feature column, a bad value, a missing or broken model file', async () => {
    write('nobmi.csv', 'age,sex,bp\n1,2,3\n');
    const missing = await linwasm('predict', 'exact.json', 'nobmi.csv');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: nobmi\.csv:1: no feature column 'age'|^error: nobmi\.csv:1: no feature column 'bmi'/,
    );

    const { names } = diabetes();
    write('badvalue.csv', `${names.join(',')}\n${names.map((_, j) => (j === 3 ? 'x' : '0')).join(',')}\n`);
    const bad = await linwasm('evaluate', 'exact.json', 'badvalue.csv');
    expect(bad.stderr).toBe(`error: badvalue.csv:2:4: non-numeric value "x" in column 'bp'\n`);

    const noModel = await linwasm('predict', 'nope.json', DIABETES);
    expect(noModel.stderr).toBe('error: nope.json: no such file\n');
    write('broken.json', '{"kind": "linwasm.LinearRegression", ');
    const broken = await linwasm('evaluate', 'broken.json', DIABETES);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: broken\.json: not valid JSON/);
    write('other.json', '{"kind": "something else"}');
    const other = await linwasm('predict', 'other.json', DIABETES);
    expect(other.stderr).toMatch(/^error: other\.json: This is not a linwasm LinearRegression model/);
  });

  it('evaluate without a target, when the model does not know its target', async () => {
    write('anon.json', JSON.stringify(new LinearRegression({ solver: 'exact' }).fit([[1], [2]], [1, 2])));
    const r = await linwasm('evaluate', 'anon.json', DIABETES);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: anon.json: the model does not name its target column: pass --target <column>\n');
  });

  it('usage errors exit with status 2 and point to --help', async () => {
    const noTarget = await linwasm('train', DIABETES, '--out', 'x.json');
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/required option '-t, --target <column>' not specified/);
    const badNumber = await linwasm('train', DIABETES, '-t', 'target', '-o', 'x.json', '--epochs', '0');
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/option '--epochs <n>' argument '0' is invalid\. expected a positive integer/);
    const badThreads = await linwasm('train', DIABETES, '-t', 'target', '-o', 'x.json', '--threads', 'all');
    expect(badThreads.code).toBe(2);
    expect(badThreads.stderr).toMatch(
      /option '--threads <n>' argument 'all' is invalid\. expected a positive integer or 'auto'/,
    );
    const badSolver = await linwasm('train', DIABETES, '-t', 'target', '-o', 'x.json', '--solver', 'adam');
    expect(badSolver.stderr).toMatch(/Allowed choices are batch, sgd, minibatch, exact/);
    const unknown = await linwasm('fit', DIABETES);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'fit'/);
    const sgdBatch = await linwasm(
      'train',
      DIABETES,
      '-t',
      'target',
      '-o',
      'x.json',
      '--solver',
      'sgd',
      '--batch-size',
      '8',
    );
    expect(sgdBatch.code).toBe(1);
    expect(sgdBatch.stderr).toMatch(/solver 'sgd' takes one row per step/);
  });

  it('--help on every command, --version', async () => {
    for (const command of ['train', 'predict', 'evaluate', 'serve']) {
      const r = await linwasm(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: linwasm ${command} [options]`);
      expect(r.stdout).toContain('Example');
    }
    const root = await linwasm('--help');
    expect(root.stdout).toMatch(/Commands:[\s\S]*train[\s\S]*predict[\s\S]*evaluate[\s\S]*serve/);
    const version = await linwasm('--version');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});

// Models out and in: toONNX checked by a real runtime (ONNX Runtime for Node) and by onnx.checker;
// fromONNX on models another tool wrote (onnx.helper in scripts/onnx_sklearn_fixtures.py: a
// LinearRegressor, MatMul + Add, MatMul, Gemm) against numpy's predictions, and refusing the graphs
// that are not linear regressions; scikit-learn documents against scikit-learn's predictions.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import { flat, relDiff } from './helpers.js';
import { loadCsv } from './node-helpers.js';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/interchange.json', import.meta.url), 'utf8'));
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/onnx/${name}.onnx`, import.meta.url)));

beforeAll(async () => {
  await init();
});

const dir = mkdtempSync(join(tmpdir(), 'linwasm-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const diabetes = loadCsv('diabetes_raw');
const X = flat(diabetes.X);

/** Runs an ONNX model in ONNX Runtime on rows of X; returns its output as float64. */
async function runOnnx(bytes: Uint8Array, x: Float64Array, rows: number, cols: number, dtype: 'float32' | 'float64') {
  const session = await ort.InferenceSession.create(bytes);
  const input =
    dtype === 'float32'
      ? new ort.Tensor('float32', Float32Array.from(x), [rows, cols])
      : new ort.Tensor('float64', Float64Array.from(x), [rows, cols]);
  const out = await session.run({ [session.inputNames[0]]: input });
  const result = out[session.outputNames[0]];
  await session.release();
  return { data: Float64Array.from(result.data as Float32Array | Float64Array), dims: result.dims };
}

/** Largest |a − b| relative to the largest |Σ |x_j·w_j|| + |b| of a row: the scale of a dot product's rounding. */
function dotRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, coef: ArrayLike<number>, intercept: number) {
  let scale = Math.abs(intercept);
  for (let i = 0; i < X.rows; i++) {
    let s = Math.abs(intercept);
    for (let j = 0; j < X.cols; j++) s += Math.abs(X.data[i * X.cols + j] * coef[j]);
    scale = Math.max(scale, s);
  }
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / scale;
}

const CASES: [string, LinearRegressionOptions][] = [
  ['exact, intercept, standardized', { solver: 'exact' }],
  ['exact, no intercept, raw features', { solver: 'exact', fitIntercept: false, standardize: false }],
  ['sgd, standardized', { solver: 'sgd', seed: 2, maxEpochs: 30 }],
  [
    'minibatch l1 + l2, standardized',
    { solver: 'minibatch', batchSize: 32, seed: 4, l1: 0.5, l2: 0.01, maxEpochs: 50 },
  ],
  ['batch, intercept, no standardization', { solver: 'batch', standardize: false, learningRate: 1e-5, maxEpochs: 50 }],
];

describe('toONNX, run by ONNX Runtime', () => {
  it.each(CASES)('float64: %s — predictions within 1e-12 of model.predict', async (_label, options) => {
    const model = new LinearRegression(options).fit(X, diabetes.y);
    const bytes = model.toONNX();
    const { data, dims } = await runOnnx(bytes, X.data, X.rows, X.cols, 'float64');
    expect(dims).toEqual([X.rows]);
    expect(relDiff(data, model.predict(X))).toBeLessThan(1e-12);
  });

  it.each(CASES)('float32: %s — within float32 rounding of model.predict', async (_label, options) => {
    const model = new LinearRegression({ ...options, dtype: 'float32' }).fit(X, diabetes.y);
    const bytes = model.toONNX();
    const { data } = await runOnnx(bytes, X.data, X.rows, X.cols, 'float32');
    const X32 = { data: Float32Array.from(X.data), rows: X.rows, cols: X.cols };
    const expected = model.predict(X32);
    // float32 products and sums over 10 features: a few ulps of float32 (2⁻²⁴ ≈ 6e-8) of the row's scale.
    expect(dotRelDiff(data, expected, model.coef, model.intercept)).toBeLessThan(2e-6);
    // Not a float64 model by accident: the float32 graph does differ from float64 arithmetic somewhere.
    const exact = model.predict(X);
    expect(relDiff(data, exact)).toBeGreaterThan(0);
  });

  it('the baseline engine exports the same bytes for the same model', () => {
    const options = { solver: 'exact' } as const;
    const a = new LinearRegression(options).fit(X, diabetes.y);
    const b = BaselineLinearRegression.fromJSON(a.toJSON());
    expect(Array.from(b.toONNX())).toEqual(Array.from(a.toONNX()));
  });

  it('names, dtype and metadata: feature names, target, input and output names', async () => {
    const model = new LinearRegression({ solver: 'exact' }).fit(X, diabetes.y);
    const bytes = model.toONNX({
      featureNames: diabetes.names,
      target: 'progression',
      inputName: 'input-0',
      outputName: 'output-0',
      dtype: 'float32',
    });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['input-0']);
    expect(session.outputNames).toEqual(['output-0']);
    await session.release();
    const back = LinearRegression.fromONNX(bytes);
    expect(back.featureNames).toEqual(diabetes.names);
    expect(back.options.dtype).toBe('float32');
    expect(Array.from(back.coef)).toEqual(Array.from(model.coef, Math.fround));
    expect(() => model.toONNX({ featureNames: ['a'] })).toThrow(/featureNames must be 10 column names/);
    expect(() => model.toONNX({ dtype: 'int8' as never })).toThrow(/dtype must be 'float32' or 'float64'/);
    expect(() => new LinearRegression().toONNX()).toThrow(/not fitted|before/i);
  });

  it('round trip: fromONNX(toONNX(model)) predicts as the model, bit for bit in float64', () => {
    for (const [, options] of CASES) {
      const model = new LinearRegression(options).fit(X, diabetes.y);
      const back = LinearRegression.fromONNX(model.toONNX());
      expect(Array.from(back.coef)).toEqual(Array.from(model.coef));
      expect(back.intercept).toBe(model.intercept);
      expect(Array.from(back.predict(X))).toEqual(Array.from(model.predict(X)));
    }
  });

  const python = '/usr/bin/python3';
  const hasOnnx =
    existsSync(python) &&
    (() => {
      try {
        execFileSync(python, ['-c', 'import onnx'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
  it.skipIf(!hasOnnx)("onnx.checker accepts linwasm's files (full check, strict shape inference)", () => {
    const files = (['float64', 'float32'] as const).map((dtype) => {
      const file = join(dir, `model-${dtype}.onnx`);
      const model = new LinearRegression({ solver: 'exact', dtype }).fit(X, diabetes.y);
      writeFileSync(file, model.toONNX({ featureNames: diabetes.names, target: 'target' }));
      return file;
    });
    const script = new URL('../scripts/onnx_check.py', import.meta.url).pathname;
    const lines = execFileSync(python, [script, ...files], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const [k, line] of lines.entries()) {
      const elem = k === 0 ? 11 : 1;
      expect(line.ir_version).toBe(8);
      expect(line.opsets).toEqual({ '': 13 });
      expect(line.inputs).toEqual([{ name: 'X', elem_type: elem, shape: ['N', 10] }]);
      expect(line.outputs).toEqual([{ name: 'y', elem_type: elem, shape: ['N'] }]);
      expect(JSON.parse(line.metadata.feature_names)).toEqual(diabetes.names);
      expect(line.metadata.target).toBe('target');
    }
  });
});

describe('fromONNX on models written by another tool (onnx.helper)', () => {
  const rows = fixtures.rows as number[][];
  const R = flat(rows);

  it.each(Object.keys(fixtures.accepted))(
    '%s: the weights, and numpy’s and ONNX Runtime’s predictions',
    async (name) => {
      const expected = fixtures.accepted[name];
      const bytes = fixture(name);
      const model = LinearRegression.fromONNX(bytes);
      expect(model.options.dtype).toBe(expected.dtype);
      expect(Array.from(model.coef)).toEqual(expected.coef);
      expect(model.intercept).toBe(expected.intercept);
      expect(model.options.fitIntercept).toBe(expected.hasIntercept);
      expect(model.featureNames).toEqual(expected.featureNames);
      const ours =
        expected.dtype === 'float32'
          ? model.predict({ data: Float32Array.from(R.data), rows: R.rows, cols: R.cols })
          : model.predict(R);
      const runtime = (await runOnnx(bytes, R.data, R.rows, R.cols, expected.dtype)).data;
      const tol = expected.dtype === 'float32' ? 1e-6 : 1e-12;
      expect(relDiff(ours, expected.predictions)).toBeLessThan(tol);
      expect(relDiff(ours, runtime)).toBeLessThan(tol);
      // Exported again, it is linwasm's own graph computing the same thing.
      const again = (await runOnnx(model.toONNX(), R.data, R.rows, R.cols, expected.dtype)).data;
      expect(relDiff(again, runtime)).toBeLessThan(tol);
    },
  );

  it.each(Object.entries(fixtures.refused) as [string, string][])('refuses %s, saying what it found', (name, found) => {
    expect(() => LinearRegression.fromONNX(fixture(name))).toThrow(TypeError);
    expect(() => LinearRegression.fromONNX(fixture(name))).toThrow(found);
    expect(() => LinearRegression.fromONNX(fixture(name))).toThrow(/linwasm reads a linear regression/);
  });

  it('refuses bytes that are not ONNX', () => {
    expect(() => LinearRegression.fromONNX(new TextEncoder().encode('{"kind":"linwasm"}'))).toThrow(
      /Not an ONNX model/,
    );
    expect(() => LinearRegression.fromONNX(new Uint8Array([0x08, 0x96]))).toThrow(/Not an ONNX model/);
    expect(() => LinearRegression.fromONNX('model.onnx' as never)).toThrow(/Uint8Array/);
  });
});

describe('scikit-learn documents', () => {
  const R = flat(fixtures.rows as number[][]);

  it.each(Object.keys(fixtures.sklearn_documents))('%s: fromSklearn predicts as scikit-learn', (name) => {
    const { document, predictions } = fixtures.sklearn_documents[name];
    const model = LinearRegression.fromSklearn(document);
    expect(relDiff(model.predict(R), predictions)).toBeLessThan(1e-12);
    expect(LinearRegression.fromSklearn(JSON.stringify(document)).intercept).toBe(model.intercept);
    // And back: the same attributes.
    const back = model.toSklearn();
    expect(back.coef_).toEqual(document.coef_);
    expect(back.intercept_).toBe(document.intercept_);
    expect(back.fit_intercept).toBe(document.fit_intercept);
    expect(back.feature_names_in_).toEqual(document.feature_names_in_);
  });

  it('toSklearn of a linwasm fit equals scikit-learn LinearRegression on the same data', () => {
    const model = new LinearRegression({ solver: 'exact' }).fit(flat(loadCsv('diabetes').X), loadCsv('diabetes').y);
    const sk = fixtures.sklearn_documents.linear_regression.document;
    expect(relDiff(model.toSklearn().coef_ as number[], sk.coef_)).toBeLessThan(1e-9);
    expect(Math.abs((model.toSklearn().intercept_ as number) - sk.intercept_) / Math.abs(sk.intercept_)).toBeLessThan(
      1e-12,
    );
  });

  const hasSklearn = (() => {
    try {
      execFileSync('/usr/bin/python3', ['-c', 'import sklearn'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasSklearn)("scikit-learn loads toSklearn's document as docs/onnx.md shows and predicts the same", () => {
    const model = new LinearRegression({ solver: 'sgd', seed: 1, maxEpochs: 20 }).fit(X, diabetes.y);
    const docFile = join(dir, 'model.sklearn.json');
    const rowsFile = join(dir, 'rows.json');
    writeFileSync(docFile, JSON.stringify(model.toSklearn()));
    writeFileSync(rowsFile, JSON.stringify(diabetes.X.slice(0, 50)));
    const script = new URL('../scripts/sklearn_load.py', import.meta.url).pathname;
    // numpy's warning about feature names is not ours to test; only the predictions.
    const out = JSON.parse(execFileSync('/usr/bin/python3', [script, docFile, rowsFile], { encoding: 'utf8' }));
    expect(relDiff(out, model.predict(diabetes.X.slice(0, 50)))).toBeLessThan(1e-12);
  });

  it('refuses malformed documents, naming the attribute', () => {
    expect(() => LinearRegression.fromSklearn({ intercept_: 1 })).toThrow(/needs coef_/);
    expect(() =>
      LinearRegression.fromSklearn({
        coef_: [
          [1, 2],
          [3, 4],
        ],
        intercept_: 0,
      }),
    ).toThrow(/needs coef_/);
    expect(() => LinearRegression.fromSklearn({ coef_: [1, 2], intercept_: 'x' })).toThrow(
      /intercept_ must be a finite number/,
    );
    expect(() => LinearRegression.fromSklearn({ coef_: [1, 2], intercept_: 0, n_features_in_: 3 })).toThrow(
      /n_features_in_/,
    );
    expect(() => LinearRegression.fromSklearn({ coef_: [1, 2], intercept_: 0, feature_names_in_: ['a'] })).toThrow(
      /feature_names_in_ must be 2 column names/,
    );
    expect(() => LinearRegression.fromSklearn('{')).toThrow(/valid JSON/);
    // A multi-output document's 2-D intercept is refused too; a (1, d) coef_ is one output.
    expect(LinearRegression.fromSklearn({ coef_: [[1, 2]], intercept_: [3] }).predict([[1, 1]])[0]).toBe(6);
  });
});

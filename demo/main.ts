// The demo page: load data (bundled or a CSV), train in a Web Worker with a live loss curve, show
// the fit, compare with the pure-JS baseline, and save, load and apply models.
import './style.css';
import {
  DivergenceError,
  type DType,
  init,
  LinearRegression,
  type LinearRegressionOptions,
  type Matrix,
  type Solver,
} from 'linwasm';
import { fitInWorker } from 'linwasm/worker';
import diabetesCsv from '../data/diabetes.csv?raw';
import diabetesRawCsv from '../data/diabetes_raw.csv?raw';
import { LossChart, ScatterChart } from './charts.js';
import type { CompareRequest, CompareResponse } from './compare-worker.js';
import { CsvProblem, parseRows, parseTable, type Table } from './csv.js';

const BUNDLED: Record<string, { text: string; name: string }> = {
  diabetes: { text: diabetesCsv, name: 'diabetes.csv' },
  diabetes_raw: { text: diabetesRawCsv, name: 'diabetes_raw.csv' },
};
/** Progress messages per fit: enough for a smooth curve, few enough to cost nothing. */
const CURVE_POINTS = 300;

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo: #${id} is missing from index.html`);
  return el as T;
}

const ui = {
  dataset: $<HTMLSelectElement>('dataset'),
  fileOption: document.querySelector<HTMLOptionElement>('#dataset option[value="file"]')!,
  drop: $('drop'),
  csvFile: $<HTMLInputElement>('csv-file'),
  target: $<HTMLSelectElement>('target'),
  dataSummary: $('data-summary'),
  dataError: $('data-error'),
  solver: $<HTMLSelectElement>('solver'),
  learningRate: $<HTMLInputElement>('learning-rate'),
  batchSize: $<HTMLInputElement>('batch-size'),
  epochs: $<HTMLInputElement>('epochs'),
  l2: $<HTMLInputElement>('l2'),
  dtype: $<HTMLSelectElement>('dtype'),
  seed: $<HTMLInputElement>('seed'),
  standardize: $<HTMLInputElement>('standardize'),
  train: $<HTMLButtonElement>('train'),
  cancel: $<HTMLButtonElement>('cancel'),
  compare: $<HTMLButtonElement>('compare'),
  status: $('status'),
  trainError: $('train-error'),
  r2: $<HTMLOutputElement>('r2'),
  time: $<HTMLOutputElement>('time'),
  epochsRun: $<HTMLOutputElement>('epochs-run'),
  lrUsed: $<HTMLOutputElement>('lr-used'),
  compareResult: $('compare-result'),
  coefficients: $<HTMLTableElement>('coefficients'),
  download: $<HTMLButtonElement>('download'),
  modelFile: $<HTMLInputElement>('model-file'),
  modelSource: $('model-source'),
  rows: $<HTMLTextAreaElement>('rows'),
  predict: $<HTMLButtonElement>('predict'),
  predictError: $('predict-error'),
  predictions: $<HTMLTableElement>('predictions'),
};

const lossChart = new LossChart($('loss-chart'));
const scatterChart = new ScatterChart($('scatter-chart'));

let table: Table | null = null;
let model: LinearRegression | null = null;
let running: AbortController | null = null;

// ---- data ----------------------------------------------------------------------------------

function loadTable(text: string, source: string): void {
  showError(ui.dataError, null);
  try {
    table = parseTable(text, source);
  } catch (e) {
    table = null;
    ui.target.replaceChildren();
    ui.dataSummary.textContent = '';
    showError(ui.dataError, e instanceof CsvProblem ? e.message : `${source}: ${(e as Error).message}`);
    return;
  }
  const { columns, rows } = table;
  // The last column is the usual place for the target; keep the previous choice if it exists.
  const previous = ui.target.value;
  ui.target.replaceChildren(...columns.map((c) => new Option(c, c)));
  ui.target.value = columns.includes(previous) ? previous : columns[columns.length - 1];
  ui.dataSummary.textContent = `${source}: ${rows.length} rows, ${columns.length} columns.`;
  fillPredictRows();
}

/** X (in the chosen dtype) and y for the chosen target; every other column is a feature. */
function trainingData(dtype: DType): { X: Matrix; y: Float64Array; features: string[] } {
  if (!table) throw new Error('Load a dataset first.');
  const t = table.columns.indexOf(ui.target.value);
  const features = table.columns.filter((_, j) => j !== t);
  const rows = table.rows.length;
  const cols = features.length;
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  table.rows.forEach((row, i) => {
    let k = i * cols;
    row.forEach((v, j) => {
      if (j === t) y[i] = v;
      else data[k++] = v;
    });
  });
  return { X: { data, rows, cols }, y, features };
}

async function loadFile(file: File): Promise<void> {
  const text = await file.text();
  ui.fileOption.hidden = false;
  ui.fileOption.textContent = `Your CSV: ${file.name}`;
  ui.dataset.value = 'file';
  loadTable(text, file.name);
}

// ---- options -------------------------------------------------------------------------------

/** The form as linwasm options; the library checks ranges and names the option in its errors. */
function readOptions(): LinearRegressionOptions {
  const solver = ui.solver.value as Solver;
  const options: LinearRegressionOptions = {
    solver,
    maxEpochs: number(ui.epochs, 'Epochs'),
    l2: number(ui.l2, 'L2 penalty'),
    dtype: ui.dtype.value as DType,
    seed: number(ui.seed, 'Seed'),
    standardize: ui.standardize.checked,
  };
  if (solver !== 'exact') {
    const lr = ui.learningRate.value.trim();
    options.learningRate = lr === '' || lr === 'auto' ? 'auto' : number(ui.learningRate, 'Learning rate');
  }
  if (solver === 'minibatch') options.batchSize = number(ui.batchSize, 'Batch size');
  return options;
}

function number(input: HTMLInputElement, label: string): number {
  const value = Number(input.value.trim());
  if (input.value.trim() === '' || !Number.isFinite(value)) {
    throw new RangeError(`${label}: ${JSON.stringify(input.value)} is not a number`);
  }
  return value;
}

function syncControls(): void {
  const solver = ui.solver.value;
  ui.batchSize.disabled = solver !== 'minibatch';
  ui.learningRate.disabled = solver === 'exact';
  ui.epochs.disabled = solver === 'exact';
}

// ---- training ------------------------------------------------------------------------------

async function train(): Promise<void> {
  showError(ui.trainError, null);
  let options: LinearRegressionOptions;
  let data: ReturnType<typeof trainingData>;
  try {
    options = readOptions();
    data = trainingData(options.dtype ?? 'float64');
  } catch (e) {
    showError(ui.trainError, (e as Error).message);
    return;
  }
  const maxEpochs = options.maxEpochs ?? 1000;
  const every = Math.max(1, Math.round(maxEpochs / CURVE_POINTS));
  running = new AbortController();
  setBusy(true);
  lossChart.reset();
  scatterChart.clear();
  ui.status.textContent = 'Training in a worker…';
  document.body.dataset.state = 'training';
  const started = performance.now();
  try {
    const fitted = await fitInWorker(data.X, data.y, options, {
      every,
      signal: running.signal,
      onEpoch: ({ epoch, loss }) => {
        lossChart.push(epoch, loss);
        ui.status.textContent = `Epoch ${epoch} of at most ${maxEpochs}, loss ${format(loss)}`;
      },
    });
    const ms = performance.now() - started;
    showModel(fitted, data, ms);
    ui.status.textContent =
      fitted.options.solver === 'exact'
        ? 'Done: solved exactly (normal equations, no epochs to plot).'
        : fitted.converged
          ? `Done: converged after ${fitted.epochs} epochs.`
          : `Done: stopped at the epoch limit (${fitted.epochs}); the loss was still improving.`;
    document.body.dataset.state = 'trained';
  } catch (e) {
    document.body.dataset.state = 'failed';
    ui.status.textContent = '';
    if (e instanceof DOMException && e.name === 'AbortError') {
      ui.status.textContent = 'Training cancelled.';
    } else if (e instanceof DivergenceError) {
      showError(
        ui.trainError,
        `${e.message} Try learning rate 'auto' (the data supports about ${format(e.suggestedLearningRate)}).`,
      );
    } else {
      showError(ui.trainError, (e as Error).message);
    }
  } finally {
    running = null;
    setBusy(false);
  }
}

function showModel(fitted: LinearRegression, data: ReturnType<typeof trainingData>, ms: number): void {
  setModel(fitted, `Trained here on ${data.X.rows} rows (${data.features.length} features).`);
  const predicted = fitted.predict(data.X);
  scatterChart.show(data.y, predicted);
  lossChart.setHistory(fitted.history);
  ui.r2.value = fitted.score(data.X, data.y).toFixed(4);
  ui.time.value = `${ms.toFixed(1)} ms`;
  ui.epochsRun.value = fitted.options.solver === 'exact' ? '0 (exact)' : String(fitted.epochs);
  ui.lrUsed.value = fitted.learningRateUsed === null ? '–' : format(fitted.learningRateUsed);
  const rows = data.features.map((name, j) => [name, fitted.coef[j]] as const);
  rows.push(['intercept', fitted.intercept]);
  ui.coefficients.replaceChildren(
    row('th', ['feature', 'coefficient']),
    ...rows.map(([name, value]) => row('td', [name, format(value)])),
  );
}

function setBusy(busy: boolean): void {
  ui.train.disabled = busy;
  ui.compare.disabled = busy;
  ui.cancel.disabled = !busy;
}

// ---- compare with the pure-JS baseline ------------------------------------------------------

async function compare(): Promise<void> {
  showError(ui.trainError, null);
  let request: CompareRequest;
  try {
    const options = readOptions();
    const { X, y } = trainingData(options.dtype ?? 'float64');
    request = { X, y, options };
  } catch (e) {
    showError(ui.trainError, (e as Error).message);
    return;
  }
  setBusy(true);
  ui.cancel.disabled = true;
  ui.compareResult.hidden = false;
  ui.compareResult.textContent = 'Timing the same fit on linwasm and on the pure-JS baseline…';
  const worker = new Worker(new URL('./compare-worker.ts', import.meta.url), { type: 'module' });
  try {
    const result = await new Promise<CompareResponse>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<CompareResponse>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message || 'the compare worker failed to start'));
      worker.postMessage(request);
    });
    if (result.type === 'error') throw new Error(result.message);
    const { wasm, js, runs, maxCoefDiff } = result;
    ui.compareResult.textContent =
      `linwasm (WASM SIMD) ${wasm.ms.toFixed(3)} ms per fit, pure JS ${js.ms.toFixed(3)} ms: ` +
      `${(js.ms / wasm.ms).toFixed(1)}× faster. R² ${wasm.r2.toFixed(6)} and ${js.r2.toFixed(6)}, ` +
      `coefficients within ${maxCoefDiff.toExponential(1)} (median of ${runs}, warm, in a worker).`;
  } catch (e) {
    ui.compareResult.textContent = '';
    ui.compareResult.hidden = true;
    showError(ui.trainError, (e as Error).message);
  } finally {
    worker.terminate();
    setBusy(false);
  }
}

// ---- models: download, upload, predict ------------------------------------------------------

function setModel(next: LinearRegression, source: string): void {
  model = next;
  ui.modelSource.textContent = source;
  ui.download.disabled = false;
  ui.predict.disabled = false;
  fillPredictRows();
}

function download(): void {
  if (!model) return;
  const blob = new Blob([JSON.stringify(model, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'linwasm-model.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function upload(file: File): Promise<void> {
  showError(ui.predictError, null);
  try {
    const loaded = LinearRegression.fromJSON(await file.text());
    setModel(loaded, `Loaded from ${file.name} (${loaded.nFeatures} features, solver ${loaded.options.solver}).`);
  } catch (e) {
    const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message;
    showError(ui.predictError, `${file.name}: ${why}`);
  }
}

/** Example rows: the first rows of the loaded data, without the target, when they fit the model. */
function fillPredictRows(): void {
  if (!table) return;
  const t = table.columns.indexOf(ui.target.value);
  const width = table.columns.length - 1;
  if (model && model.nFeatures !== width) return;
  const lines = [table.columns.filter((_, j) => j !== t).join(',')];
  for (const r of table.rows.slice(0, 5)) {
    lines.push(r.flatMap((v, j) => (j === t ? [] : [Number(v.toPrecision(6))])).join(','));
  }
  ui.rows.value = lines.join('\n');
}

function predict(): void {
  showError(ui.predictError, null);
  ui.predictions.hidden = true;
  if (!model) return;
  try {
    const rows = parseRows(ui.rows.value, model.nFeatures, 'Rows');
    const predicted = model.predict(rows);
    ui.predictions.replaceChildren(
      row('th', ['row', 'prediction']),
      ...Array.from(predicted, (p, i) => row('td', [String(i + 1), format(p)])),
    );
    ui.predictions.hidden = false;
  } catch (e) {
    showError(ui.predictError, (e as Error).message);
  }
}

// ---- helpers and wiring ---------------------------------------------------------------------

function showError(el: HTMLElement, message: string | null): void {
  el.hidden = message === null;
  el.textContent = message ?? '';
}

function row(cell: 'th' | 'td', values: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const v of values) {
    const c = document.createElement(cell);
    c.textContent = v;
    tr.append(c);
  }
  return tr;
}

function format(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(4) : v.toPrecision(6).replace(/\.?0+$/, '');
}

ui.dataset.addEventListener('change', () => {
  const bundled = BUNDLED[ui.dataset.value];
  if (bundled) loadTable(bundled.text, bundled.name);
  else ui.csvFile.click();
});
ui.csvFile.addEventListener('change', () => {
  const file = ui.csvFile.files?.[0];
  if (file) void loadFile(file);
  ui.csvFile.value = '';
});
ui.drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  ui.drop.classList.add('over');
});
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  const file = e.dataTransfer?.files[0];
  if (file) void loadFile(file);
});
ui.target.addEventListener('change', fillPredictRows);
ui.solver.addEventListener('change', syncControls);
ui.train.addEventListener('click', () => void train());
ui.cancel.addEventListener('click', () => running?.abort());
ui.compare.addEventListener('click', () => void compare());
ui.download.addEventListener('click', download);
ui.modelFile.addEventListener('change', () => {
  const file = ui.modelFile.files?.[0];
  if (file) void upload(file);
  ui.modelFile.value = '';
});
ui.predict.addEventListener('click', predict);

syncControls();
loadTable(diabetesCsv, 'diabetes.csv');
// The page predicts with models it trained or loaded, so it needs the WASM core too.
await init();
document.body.dataset.state = 'ready';

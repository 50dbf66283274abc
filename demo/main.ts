// The playground page: the data (loaded and parsed in a worker), the Training form, and the tabs,
// each a panel that trains in workers of its own. This file only wires them together and decides
// what a change makes stale: a new dataset, target, degree or split clears every result; a new
// solver clears the results that used it.
import './style.css';
import { init, type LinearRegressionOptions } from 'linwasm';
import type { DatasetKey } from './data/datasets.js';
import type { TableSummary } from './data/protocol.js';
import { DataStore } from './data/store.js';
import { $, showError } from './dom.js';
import { applyOptions, optionsForm, readOptions, solverSelect, syncControls } from './options-form.js';
import { DescentPanel } from './panels/descent-panel.js';
import { FitPanel } from './panels/fit-panel.js';
import type { Lab, RunPanel } from './panels/lab.js';
import { ModelPanel, type Restored } from './panels/model-panel.js';
import { OverfitPanel } from './panels/overfit-panel.js';
import { batchPanel, ratePanel, solversPanel } from './panels/sweeps.js';
import type { DataSpec } from './runs/protocol.js';
import { setUpTabs } from './tabs.js';

const ui = {
  dataset: $<HTMLSelectElement>('dataset'),
  fileOption: document.querySelector<HTMLOptionElement>('#dataset option[value="file"]')!,
  drop: $('drop'),
  dataFile: $<HTMLInputElement>('data-file'),
  progress: $<HTMLProgressElement>('load-progress'),
  target: $<HTMLSelectElement>('target'),
  degree: $<HTMLSelectElement>('degree'),
  testPercent: $<HTMLInputElement>('test-percent'),
  summary: $('data-summary'),
  dataError: $('data-error'),
};

/** The held-out split's seed: fixed, so that every tab scores on the same rows. */
const SPLIT_SEED = 42;
const store = new DataStore();
const running = new Set<RunPanel>();

const lab: Lab = {
  store,
  dataSpec(): DataSpec {
    if (!store.table) throw new Error('Load a dataset first.');
    const percent = Number(ui.testPercent.value);
    if (ui.testPercent.value.trim() === '' || !(percent >= 0 && percent <= 50)) {
      throw new RangeError(
        `Held out for testing: ${JSON.stringify(ui.testPercent.value)} is not a percentage from 0 to 50`,
      );
    }
    return {
      target: ui.target.value,
      degree: Number(ui.degree.value),
      testFraction: percent / 100,
      splitSeed: SPLIT_SEED,
    };
  },
  options: (): LinearRegressionOptions => readOptions(),
  busy(panel, isRunning) {
    if (isRunning) running.add(panel);
    else running.delete(panel);
    document.body.dataset.running = String(running.size);
  },
};

const model = new ModelPanel(restore, () => {
  const t = store.table;
  if (!t) return null;
  const target = t.columns.indexOf(ui.target.value);
  return {
    features: t.columns.filter((_, j) => j !== target),
    preview: t.preview.map((row) => row.filter((_, j) => j !== target)),
  };
});
const fit = new FitPanel(lab, model);
const solvers = solversPanel(lab);
const rate = ratePanel(lab);
const batch = batchPanel(lab);
const overfit = new OverfitPanel(lab);
const descent = new DescentPanel();
const dataPanels: RunPanel[] = [fit, solvers, rate, batch, overfit];

setUpTabs($('tabs'), (panel) => {
  if (panel.id === 'panel-descent') descent.show();
  else descent.pause();
});

/** Everything computed from the data is stale. */
function resetAll(): void {
  for (const p of dataPanels) p.reset();
}

// ---- data ----------------------------------------------------------------------------------

async function load(source: DatasetKey | File): Promise<void> {
  showError(ui.dataError, null);
  const name = typeof source === 'string' ? ui.dataset.selectedOptions[0]?.textContent : source.name;
  ui.summary.textContent = `Reading ${name}…`;
  ui.progress.hidden = typeof source === 'string';
  ui.progress.value = 0;
  document.body.dataset.state = 'loading';
  let table: TableSummary;
  try {
    table = await store.load(source, (fraction) => {
      ui.progress.value = fraction;
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') return; // a newer load took over
    ui.progress.hidden = true;
    showError(ui.dataError, (e as Error).message);
    // The previous table is still loaded (the worker keeps it until a load succeeds).
    showSummary();
    document.body.dataset.state = store.table ? 'ready' : 'empty';
    return;
  }
  ui.progress.hidden = true;
  if (typeof source !== 'string') {
    ui.fileOption.hidden = false;
    ui.fileOption.textContent = `Your file: ${source.name}`;
    ui.dataset.value = 'file';
  }
  // The last column is the usual place for the target; keep the previous choice if it exists.
  const previous = ui.target.value;
  ui.target.replaceChildren(...table.columns.map((c) => new Option(c, c)));
  ui.target.value = table.columns.includes(previous) ? previous : table.columns[table.columns.length - 1];
  showSummary();
  resetAll();
  model.fillRows();
  document.body.dataset.state = 'ready';
}

function showSummary(): void {
  const t = store.table;
  ui.summary.textContent = t
    ? `${t.name}: ${t.rows.toLocaleString('en')} rows, ${t.columns.length} columns (read in ${Math.round(t.ms)} ms, in a worker).`
    : '';
}

// ---- a model uploaded: restore the page ------------------------------------------------------

function restore(r: Restored): void {
  applyOptions(r.model.options);
  const t = store.table;
  if (r.state) {
    ui.degree.value = String(r.state.degree);
    ui.testPercent.value = String(Math.round(r.state.testFraction * 100));
  }
  if (t && r.target && t.columns.includes(r.target)) ui.target.value = r.target;
  resetAll();
  fit.showLoaded(r.document, r.features);
}

// ---- wiring --------------------------------------------------------------------------------

ui.dataset.addEventListener('change', () => {
  if (ui.dataset.value === 'file') ui.dataFile.click();
  else void load(ui.dataset.value as DatasetKey);
});
ui.dataFile.addEventListener('change', () => {
  const file = ui.dataFile.files?.[0];
  if (file) void load(file);
  ui.dataFile.value = '';
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
  if (file) void load(file);
});
for (const control of [ui.target, ui.degree, ui.testPercent]) {
  control.addEventListener('change', () => {
    resetAll();
    model.fillRows();
  });
}
solverSelect.addEventListener('change', () => {
  fit.reset();
  rate.reset();
});
optionsForm.addEventListener('change', syncControls);
optionsForm.addEventListener('input', syncControls);
optionsForm.addEventListener('submit', (e) => e.preventDefault());

// Boxes that scroll (wide tables, long coefficient lists) must be reachable by keyboard to be
// scrolled: they become named, focusable regions.
for (const box of Array.from(document.querySelectorAll<HTMLElement>('[data-region]'))) {
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', box.dataset.region!);
}
syncControls();
await load('diabetes');
// The page predicts with the models it trained or loaded, so it needs the WASM core too
// (compiled asynchronously: the page's thread is not held).
await init();
document.body.dataset.ready = 'true';

// The model: download it as JSON with its feature names and the page's data settings, upload such a
// file to restore the page, and predict rows typed in (raw columns; the polynomial terms are made
// here, a handful of rows being no work for the page).
//
// The document is LinearRegression.toJSON() plus two keys the library ignores when it reads it back:
// `columns: { features, target }`, as the CLI's and the server's model.json files carry (so a model
// of degree 1 downloaded here can be served as it is), and `playground`, this page's own settings.
import { LinearRegression, type ModelJSON, polynomialFeatures } from 'linwasm';
import { CsvProblem } from '../data/problem.js';
import { parseRows } from '../data/rows.js';
import { $, fillTable, format, showError } from '../dom.js';
import type { DataSpec } from '../runs/protocol.js';

/** What the page keeps with a model to explain and restore it. */
export interface ModelContext {
  /** Names of the model's features, in the order of coef. */
  features: string[];
  data: DataSpec;
  source: 'trained' | string;
}

/** The page's settings in a downloaded document. */
export interface PlaygroundState {
  /** The table's columns the features were made of (before polynomial expansion). */
  rawFeatures: string[];
  degree: number;
  testFraction: number;
  splitSeed: number;
}

export type ModelDocument = ModelJSON & {
  columns?: { features: string[]; target: string | null };
  playground?: PlaygroundState;
};

export interface Restored {
  model: LinearRegression;
  document: ModelDocument;
  features: string[];
  target: string | null;
  state: PlaygroundState | null;
}

export class ModelPanel {
  private readonly ui = {
    download: $<HTMLButtonElement>('download'),
    file: $<HTMLInputElement>('model-file'),
    source: $('model-source'),
    rows: $<HTMLTextAreaElement>('rows'),
    predict: $<HTMLButtonElement>('predict'),
    error: $('predict-error'),
    predictions: $<HTMLTableElement>('predictions'),
  };
  private model: LinearRegression | null = null;
  private context: ModelContext | null = null;
  private state: PlaygroundState | null = null;

  constructor(
    private readonly onRestore: (restored: Restored) => void,
    private readonly rawColumns: () => { features: string[]; preview: number[][] } | null,
  ) {
    this.ui.download.addEventListener('click', () => this.download());
    this.ui.file.addEventListener('change', () => {
      const file = this.ui.file.files?.[0];
      if (file) void this.upload(file);
      this.ui.file.value = '';
    });
    this.ui.predict.addEventListener('click', () => this.predict());
  }

  set(model: LinearRegression, context: ModelContext, state?: PlaygroundState | null): void {
    this.model = model;
    this.context = context;
    const raw = this.rawColumns();
    this.state = state ?? {
      rawFeatures: raw?.features ?? context.features,
      degree: context.data.degree,
      testFraction: context.data.testFraction,
      splitSeed: context.data.splitSeed,
    };
    this.ui.source.textContent =
      context.source === 'trained'
        ? `Trained here: ${context.features.length} features, solver ${model.options.solver}.`
        : `Loaded from ${context.source} (${model.nFeatures} features, solver ${model.options.solver}).`;
    this.ui.download.disabled = false;
    this.ui.predict.disabled = false;
    this.fillRows();
  }

  /** Forgets the model: what it was trained on changed. */
  clear(): void {
    this.model = null;
    this.context = null;
    this.state = null;
    this.ui.source.textContent = 'No model yet.';
    this.ui.download.disabled = true;
    this.ui.predict.disabled = true;
    this.ui.predictions.hidden = true;
    showError(this.ui.error, null);
    this.fillRows();
  }

  /** The document to download. */
  document(): ModelDocument | null {
    if (!this.model || !this.context) return null;
    return {
      ...this.model.toJSON(),
      columns: { features: [...this.context.features], target: this.context.data.target },
      playground: this.state ?? undefined,
    };
  }

  private download(): void {
    const doc = this.document();
    if (!doc) return;
    const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'linwasm-model.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  private async upload(file: File): Promise<void> {
    showError(this.ui.error, null);
    let restored: Restored;
    try {
      const doc = JSON.parse(await file.text()) as ModelDocument;
      const model = LinearRegression.fromJSON(doc);
      const columns = readColumns(doc, model.nFeatures);
      const state = readState(doc.playground);
      restored = {
        model,
        document: doc,
        features: columns?.features ?? Array.from({ length: model.nFeatures }, (_, j) => `x${j}`),
        target: columns?.target ?? null,
        state,
      };
    } catch (e) {
      const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message;
      showError(this.ui.error, `${file.name}: ${why}`);
      return;
    }
    this.onRestore(restored);
    const data: DataSpec = {
      target: restored.target ?? '',
      degree: restored.state?.degree ?? 1,
      testFraction: restored.state?.testFraction ?? 0,
      splitSeed: restored.state?.splitSeed ?? 42,
    };
    this.set(restored.model, { features: restored.features, data, source: file.name }, restored.state);
  }

  /** The raw columns a row to predict on has: before polynomial expansion. */
  private rawWidth(): number {
    return this.state?.rawFeatures.length ?? this.model?.nFeatures ?? 0;
  }

  /** Example rows: the first rows of the loaded data, when their columns are the model's. */
  fillRows(): void {
    const raw = this.rawColumns();
    if (!raw) return;
    if (this.state && this.state.rawFeatures.join() !== raw.features.join()) return;
    this.ui.rows.value = [
      raw.features.join(','),
      ...raw.preview.map((r) => r.map((v) => Number(v.toPrecision(6))).join(',')),
    ].join('\n');
  }

  private predict(): void {
    showError(this.ui.error, null);
    this.ui.predictions.hidden = true;
    const model = this.model;
    if (!model) return;
    try {
      const width = this.rawWidth();
      const rows = parseRows(this.ui.rows.value, width, 'Rows');
      const degree = this.state?.degree ?? 1;
      const X = degree > 1 ? polynomialFeatures(rows, { degree, includeBias: false }).X : rows;
      const predicted = model.predict(X);
      fillTable(
        this.ui.predictions,
        ['row', 'prediction'],
        Array.from(predicted, (p, i) => [String(i + 1), format(p)]),
      );
      this.ui.predictions.hidden = false;
    } catch (e) {
      showError(this.ui.error, e instanceof CsvProblem ? e.message : (e as Error).message);
    }
  }
}

/** `columns` as the CLI reads it: ignored (not an error) when it does not fit the model. */
function readColumns(doc: ModelDocument, nFeatures: number): { features: string[]; target: string | null } | null {
  const c = doc.columns;
  if (!c || !Array.isArray(c.features) || c.features.length !== nFeatures) return null;
  if (!c.features.every((f) => typeof f === 'string')) return null;
  return { features: c.features, target: typeof c.target === 'string' ? c.target : null };
}

function readState(v: unknown): PlaygroundState | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Record<string, unknown>;
  const ok =
    Array.isArray(s.rawFeatures) &&
    s.rawFeatures.every((f) => typeof f === 'string') &&
    Number.isInteger(s.degree) &&
    (s.degree as number) >= 1 &&
    typeof s.testFraction === 'number' &&
    Number.isInteger(s.splitSeed);
  return ok ? (s as unknown as PlaygroundState) : null;
}

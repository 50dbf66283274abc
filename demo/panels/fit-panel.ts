// The Fit tab: one training run with the form's options, its live loss curve (with the validation
// loss under early stopping, and the previous run in grey to see what a changed option did), scores
// on the training and held-out rows, predicted-vs-actual and residual plots, and the coefficients
// with their names and exact zeros.
import { LinearRegression, type LinearRegressionOptions, type ModelJSON } from 'linwasm';
import { CoefBars, type Coefficients } from '../charts/coef-bars.js';
import { ScatterChart } from '../charts/scatter-chart.js';
import { $, format, formatMs, showError } from '../dom.js';
import { describeOptions } from '../options-form.js';
import type { DataSpec, VariantResult } from '../runs/protocol.js';
import type { CompareResponse } from '../workers/compare.worker.js';
import { type Lab, RunPanel } from './lab.js';
import type { ModelPanel } from './model-panel.js';
import { VariantCurves } from './variant-curves.js';

const GREY = '#9aa0a6';

interface Previous {
  label: string;
  history: Float64Array;
  coefficients: Coefficients;
}

export class FitPanel extends RunPanel {
  private readonly curves = new VariantCurves($('loss-chart'), 'Training loss per epoch of the last run');
  private readonly scatter = new ScatterChart($('scatter-chart'), 'fit', 'Predicted against actual values');
  private readonly residuals = new ScatterChart($('residual-chart'), 'residuals', 'Residuals against predicted values');
  private readonly coefs = new CoefBars($('coefficients'));
  private readonly outputs = {
    testR2: $<HTMLOutputElement>('test-r2'),
    trainR2: $<HTMLOutputElement>('train-r2'),
    testMse: $<HTMLOutputElement>('test-mse'),
    testMae: $<HTMLOutputElement>('test-mae'),
    time: $<HTMLOutputElement>('time'),
    epochs: $<HTMLOutputElement>('epochs-run'),
    lr: $<HTMLOutputElement>('lr-used'),
  };
  private readonly compareButton = $<HTMLButtonElement>('compare');
  private readonly compareResult = $('compare-result');
  private previous: Previous | null = null;
  private compareWorker: Worker | null = null;

  constructor(
    lab: Lab,
    private readonly model: ModelPanel,
  ) {
    super(lab, $('panel-fit'));
    this.compareButton.addEventListener('click', () => void this.compare());
  }

  override reset(): void {
    this.previous = null;
    super.reset();
  }

  protected clear(): void {
    this.curves.clear();
    this.scatter.clear();
    this.residuals.clear();
    this.coefs.clear('Train a model to see its coefficients.');
    for (const o of Object.values(this.outputs)) o.value = '–';
    this.stopCompare();
    this.compareResult.hidden = true;
    this.compareResult.textContent = '';
    this.model.clear();
  }

  protected async start(): Promise<void> {
    const input = this.inputs();
    if (!input) return;
    const { data, options } = input;
    this.clear();
    this.status.textContent = 'Training in a worker…';
    let features: string[] = [];
    let result: VariantResult | null = null;
    const ok = await this.execute(
      { kind: 'fit', data, variants: [{ label: 'this run', options }], detail: true },
      (m) => {
        if (m.type === 'prepared') {
          features = m.features;
          if (this.previous) {
            this.curves.addHistory(
              { label: this.previous.label, options, color: GREY, dash: [3, 3] },
              this.previous.history,
              m.nTrain,
            );
          }
          this.curves.begin([{ label: 'this run', options }], m.nTrain, true);
          this.status.textContent = `Training on ${m.nTrain} rows, ${m.features.length} features, in a worker…`;
        } else if (m.type === 'progress') {
          this.curves.progress(m, this.previous ? 1 : 0);
          const last = m.epochs.length - 1;
          this.status.textContent = `Epoch ${m.epochs[last]} of at most ${options.maxEpochs ?? 1000}, loss ${format(m.loss[last])}`;
        } else if (m.type === 'result') {
          result = m.result;
        }
      },
    );
    if (!ok || !result) return;
    this.show(result, features, data, options);
  }

  private show(r: VariantResult, features: string[], data: DataSpec, options: LinearRegressionOptions): void {
    const index = this.previous ? 1 : 0;
    this.curves.result(index, r, r.error ? '' : `${r.epochs} epochs`);
    if (r.error || !r.model) {
      // The curve up to the divergence stays (it shows what happened); nothing else applies.
      this.fail(r.error?.message ?? 'The fit failed.');
      this.coefs.clear('No model: the run failed.');
      return;
    }
    const m = r.metrics!;
    this.outputs.testR2.value = format(m.testR2);
    this.outputs.trainR2.value = format(m.trainR2);
    this.outputs.testMse.value = format(m.testMse);
    this.outputs.testMae.value = format(m.testMae);
    this.outputs.time.value = formatMs(r.ms);
    this.outputs.epochs.value = r.epochs === 0 ? '0 (exact)' : String(r.epochs);
    this.outputs.lr.value = format(r.learningRate);
    if (r.detail) {
      this.scatter.show(r.detail.actual, r.detail.predicted);
      this.residuals.show(r.detail.actual, r.detail.predicted);
      const drawn = r.detail.actual.length;
      $('scatter-caption').textContent =
        `Predicted against actual, ${r.detail.rows} ${r.detail.part === 'test' ? 'held-out' : 'training'} rows` +
        (drawn < r.detail.rows ? ` (${drawn} drawn: one per pixel cell)` : '');
    }
    const coefficients = { names: features, values: r.model.coef, intercept: r.model.intercept };
    this.coefs.show(coefficients, this.previous?.coefficients ?? null);
    const how =
      r.options.solver === 'exact'
        ? 'solved exactly (normal equations, no epochs to plot)'
        : r.converged
          ? `converged after ${r.epochs} epochs`
          : `stopped at the epoch limit (${r.epochs})`;
    const best = r.bestEpoch ? `; kept epoch ${r.bestEpoch}, the best on the validation rows` : '';
    this.status.textContent = `Done: ${how}${best}. Ran with ${describeOptions(options)}.`;
    this.root.dataset.state = 'trained';
    this.previous = { label: `previous run (${describeOptions(options)})`, history: r.history, coefficients };
    this.model.set(LinearRegression.fromJSON(r.model), { features, data, source: 'trained' });
  }

  /** Shows a loaded model: its coefficients with their names and its training history. */
  showLoaded(doc: ModelJSON, features: string[]): void {
    this.reset();
    this.curves.addHistory(
      { label: 'loaded model', options: doc.options },
      doc.training.history,
      doc.training.nSamples,
      doc.training.validationHistory,
    );
    this.coefs.show({ names: features, values: doc.coef, intercept: doc.intercept }, null);
    this.outputs.epochs.value = String(doc.training.epochs);
    this.outputs.lr.value = format(doc.training.learningRate);
    this.status.textContent = `A loaded model: ${describeOptions(doc.options)}. Train to score it on this data.`;
    this.root.dataset.state = 'loaded';
  }

  /** Times the same fit on the WASM core and the pure-JS baseline, in a worker. */
  private async compare(): Promise<void> {
    const input = this.inputs();
    if (!input) return;
    this.stopCompare();
    showError(this.error, null);
    this.compareButton.disabled = true;
    this.compareResult.hidden = false;
    this.compareResult.textContent = 'Timing the same fit on linwasm and on the pure-JS baseline…';
    const worker = new Worker(new URL('../workers/compare.worker.ts', import.meta.url), { type: 'module' });
    this.compareWorker = worker;
    try {
      const port = this.lab.store.share();
      const result = await new Promise<CompareResponse>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<CompareResponse>) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message || 'the compare worker failed to start'));
        worker.postMessage({ port, data: input.data, options: input.options }, [port]);
      });
      if (this.compareWorker !== worker) return;
      if (result.type === 'error') throw new Error(result.message);
      const { wasm, js, runs, maxCoefDiff } = result;
      this.compareResult.textContent =
        `linwasm (WASM SIMD) ${wasm.ms.toFixed(3)} ms per fit, pure JS ${js.ms.toFixed(3)} ms: ` +
        `${(js.ms / wasm.ms).toFixed(1)}× faster. R² ${wasm.r2.toFixed(6)} and ${js.r2.toFixed(6)}, ` +
        `coefficients within ${maxCoefDiff.toExponential(1)} (median of ${runs}, warm, in a worker).`;
    } catch (e) {
      if (this.compareWorker !== worker) return;
      this.compareResult.hidden = true;
      showError(this.error, (e as Error).message);
    } finally {
      if (this.compareWorker === worker) this.stopCompare();
    }
  }

  private stopCompare(): void {
    this.compareWorker?.terminate();
    this.compareWorker = null;
    this.compareButton.disabled = false;
  }
}

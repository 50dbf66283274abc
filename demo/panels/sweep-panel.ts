// A tab that fits several variants of the form's options one after another in a worker and overlays
// their loss curves: batch vs mini-batch vs SGD, a learning-rate sweep, a batch-size sweep. Each
// gets a table of epochs, time per epoch, final loss and held-out R², and divergences marked.
import type { LinearRegressionOptions } from 'linwasm';
import { $, fillTable, format, formatMs } from '../dom.js';
import { describeOptions } from '../options-form.js';
import type { Variant, VariantResult } from '../runs/protocol.js';
import { type Lab, RunPanel } from './lab.js';
import { type Axis, VariantCurves } from './variant-curves.js';

export interface SweepConfig {
  panel: string;
  chart: string;
  table: string;
  description: string;
  axis: Axis;
  /** The select that switches the x axis, if the tab has one. */
  axisSelect?: string;
  /** @throws RangeError when the options do not suit the sweep. */
  variants(options: LinearRegressionOptions): Variant[];
  /** Called with every result so far, after each one. */
  onResults?(results: VariantResult[]): void;
  /** Called when the tab is cleared. */
  onClear?(): void;
}

export class SweepPanel extends RunPanel {
  private readonly curves: VariantCurves;
  private readonly table: HTMLTableElement;

  constructor(
    lab: Lab,
    private readonly config: SweepConfig,
  ) {
    super(lab, $(config.panel));
    this.curves = new VariantCurves($(config.chart), config.description, config.axis);
    this.table = $<HTMLTableElement>(config.table);
    if (config.axisSelect) {
      const select = $<HTMLSelectElement>(config.axisSelect);
      select.value = config.axis;
      select.addEventListener('change', () => this.curves.setAxis(select.value as Axis));
    }
  }

  protected clear(): void {
    this.curves.clear();
    this.table.replaceChildren();
    this.config.onClear?.();
  }

  protected async start(): Promise<void> {
    const input = this.inputs();
    if (!input) return;
    let variants: Variant[];
    try {
      variants = this.config.variants(input.options);
    } catch (e) {
      this.clear();
      this.fail((e as Error).message);
      return;
    }
    this.clear();
    this.status.textContent = 'Preparing the data in a worker…';
    const results: VariantResult[] = [];
    const ok = await this.execute({ kind: 'fit', data: input.data, variants, detail: false }, (m) => {
      if (m.type === 'prepared') {
        this.curves.begin(variants, m.nTrain);
        this.status.textContent = `Training ${variants[0].label} on ${m.nTrain} rows…`;
      } else if (m.type === 'progress') {
        this.curves.progress(m);
      } else if (m.type === 'result') {
        const r = m.result;
        results.push(r);
        this.curves.result(m.variant, r, note(r));
        this.fillTable(results);
        this.config.onResults?.(results);
        const next = variants[m.variant + 1];
        if (next) this.status.textContent = `Training ${next.label}…`;
      }
    });
    if (!ok) return;
    const failed = results.filter((r) => r.error).length;
    this.status.textContent =
      `Done: ${results.length} fits${failed ? `, ${failed} failed` : ''}. ` +
      `The options on the left: ${describeOptions(input.options)}.`;
    this.root.dataset.state = 'done';
  }

  private fillTable(results: VariantResult[]): void {
    fillTable(
      this.table,
      ['run', 'learning rate', 'epochs', 'time per epoch', 'total time', 'final loss', 'R² held-out'],
      results.map((r) => [
        r.label,
        format(r.learningRate),
        r.error?.epoch ? `${r.epochs} (diverged)` : `${r.epochs}${r.converged ? '' : ' (limit)'}`,
        r.msPerEpoch === null ? '–' : formatMs(r.msPerEpoch),
        formatMs(r.ms),
        r.error ? (r.error.epoch ? '∞' : r.error.message) : format(r.history[r.history.length - 1]),
        r.metrics ? format(r.metrics.testR2 ?? r.metrics.trainR2) : '–',
      ]),
    );
  }
}

/** The legend's note for a result: its held-out R² and time per epoch, or that it diverged. */
function note(r: VariantResult): string {
  if (r.error) return r.error.epoch ? '' : `failed: ${r.error.message}`;
  const r2 = r.metrics ? (r.metrics.testR2 ?? r.metrics.trainR2) : null;
  return `R² ${format(r2)} · ${r.msPerEpoch === null ? formatMs(r.ms) : `${formatMs(r.msPerEpoch)}/epoch`}`;
}

/** Options for another solver: drops what that solver does not take. */
export function withSolver(o: LinearRegressionOptions, solver: 'batch' | 'sgd' | 'minibatch', batchSize?: number) {
  const out: LinearRegressionOptions = { ...o, solver };
  delete out.batchSize;
  if (solver === 'batch') {
    delete out.optimizer;
    delete out.nesterov;
  }
  if (solver === 'minibatch') out.batchSize = batchSize ?? o.batchSize ?? 32;
  return out;
}

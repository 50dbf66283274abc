// The loss curves of a run's variants on one chart, against the x axis the reader picks — epochs,
// rows seen, updates (steps) or time —, filled live from progress and made exact by each result,
// with a diverged variant's last epoch marked.
import type { LinearRegressionOptions } from 'linwasm';
import { LineChart, PALETTE, type SeriesStyle } from '../charts/line-chart.js';
import type { RunMessage, VariantResult } from '../runs/protocol.js';

export type Axis = 'epoch' | 'rows' | 'steps' | 'ms';

const AXIS_LABEL: Record<Axis, string> = {
  epoch: 'epoch',
  rows: 'rows seen',
  steps: 'updates (steps)',
  ms: 'time in the worker (ms)',
};

interface Curve {
  series: number;
  validationSeries: number | null;
  epochs: number[];
  loss: number[];
  validation: number[];
  ms: number[];
  rowsPerEpoch: number;
  stepsPerEpoch: number;
  diverged: { epoch: number; loss: number; ms: number } | null;
}

export interface CurveSpec {
  label: string;
  options: LinearRegressionOptions;
  color?: string;
  dash?: number[];
}

export class VariantCurves {
  readonly chart: LineChart;
  private curves: Curve[] = [];
  private axis: Axis;

  constructor(el: HTMLElement, description: string, axis: Axis = 'epoch') {
    this.axis = axis;
    this.chart = new LineChart(el, {
      xLabel: AXIS_LABEL[axis],
      yLabel: 'training loss',
      yLog: true,
      // Log scales on both axes: the first epochs' fall and the long tail are both visible.
      xLog: true,
      clampToStart: 30,
      description,
    });
  }

  clear(): void {
    this.curves = [];
    this.chart.clear();
  }

  /** Adds the variants' (empty) curves; nTrain is the number of training rows. */
  begin(specs: CurveSpec[], nTrain: number, withValidation = false): void {
    for (const [i, spec] of specs.entries()) {
      const o = spec.options;
      const rowsPerEpoch = Math.round(nTrain * (1 - (o.validationFraction ?? 0)));
      const batch =
        o.solver === 'sgd' ? 1 : o.solver === 'minibatch' ? Math.min(o.batchSize ?? 32, rowsPerEpoch) : rowsPerEpoch;
      const color = spec.color ?? PALETTE[i % PALETTE.length];
      const style: SeriesStyle = { label: spec.label, color, dash: spec.dash };
      const validating = withValidation && (o.validationFraction ?? 0) > 0;
      this.curves.push({
        series: this.chart.add(style),
        validationSeries: validating
          ? this.chart.add({ label: `${spec.label}: validation loss`, color, dash: [6, 4] })
          : null,
        epochs: [],
        loss: [],
        validation: [],
        ms: [],
        rowsPerEpoch,
        stepsPerEpoch: o.solver === 'exact' ? 0 : Math.ceil(rowsPerEpoch / batch),
        diverged: null,
      });
    }
  }

  /** A finished run's history as a curve (a previous run, a loaded model): epochs only. */
  addHistory(spec: CurveSpec, history: ArrayLike<number>, nTrain: number, validation?: ArrayLike<number>): number {
    const index = this.curves.length;
    this.begin([spec], nTrain, validation !== undefined && validation.length > 0);
    const c = this.curves[index];
    c.epochs = Array.from(history, (_, e) => e + 1);
    c.loss = Array.from(history);
    c.validation = validation ? Array.from(validation) : [];
    this.redraw(c);
    return index;
  }

  /** Appends progress. `offset` maps the message's variant to this chart's curves. */
  progress(m: Extract<RunMessage, { type: 'progress' }>, offset = 0): void {
    const c = this.curves[m.variant + offset];
    if (!c) return;
    c.epochs.push(...m.epochs);
    c.loss.push(...m.loss);
    c.ms.push(...m.ms);
    if (m.validation) c.validation.push(...m.validation);
    const x = m.epochs.map((e, k) => this.x(c, e, m.ms[k]));
    this.chart.push(c.series, x, m.loss);
    if (c.validationSeries !== null && m.validation) this.chart.push(c.validationSeries, x, m.validation);
  }

  /** Makes the curve exact from the result and marks a divergence. */
  result(index: number, r: VariantResult, note: string): void {
    const c = this.curves[index];
    if (!c) return;
    const n = r.history.length;
    c.loss = Array.from(r.history);
    c.epochs = Array.from({ length: n }, (_, e) => e + 1);
    // The diverged epoch never reached onEpoch: its time is the fit's end.
    while (c.ms.length < n) c.ms.push(r.ms);
    c.ms.length = n;
    c.validation = Array.from(r.validationHistory);
    if (r.error?.epoch) {
      const last = r.history[n - 1];
      c.diverged = { epoch: r.error.epoch, loss: Number.isFinite(last) ? last : lastFinite(r.history), ms: r.ms };
    }
    this.redraw(c);
    this.chart.note(c.series, note);
  }

  setAxis(axis: Axis): void {
    this.axis = axis;
    this.chart.setAxes({ xLabel: AXIS_LABEL[axis] });
    for (const c of this.curves) this.redraw(c);
  }

  private redraw(c: Curve): void {
    const x = c.epochs.map((e, k) => this.x(c, e, c.ms[k] ?? 0));
    this.chart.set(c.series, x, c.loss);
    if (c.validationSeries !== null) this.chart.set(c.validationSeries, x.slice(0, c.validation.length), c.validation);
    if (c.diverged) {
      const d = c.diverged;
      this.chart.mark(c.series, this.x(c, d.epoch, d.ms), d.loss, `diverged at epoch ${d.epoch}`);
    }
  }

  private x(c: Curve, epoch: number, ms: number): number {
    switch (this.axis) {
      case 'epoch':
        return epoch;
      case 'rows':
        return epoch * c.rowsPerEpoch;
      case 'steps':
        return epoch * c.stepsPerEpoch;
      case 'ms':
        return ms;
    }
  }
}

function lastFinite(v: ArrayLike<number>): number {
  for (let i = v.length - 1; i >= 0; i--) if (Number.isFinite(v[i])) return v[i];
  return Number.NaN;
}

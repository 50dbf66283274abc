// The two plots, drawn with uPlot (canvas, fast enough to redraw on every progress message).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const HEIGHT = 260;
const ACCENT = '#5b4bd1';

function width(el: HTMLElement): number {
  return Math.max(280, Math.floor(el.clientWidth || 480));
}

/** The training loss per epoch, on a log scale, growing as progress arrives. */
export class LossChart {
  private readonly epochs: number[] = [];
  private readonly losses: (number | null)[] = [];
  private readonly plot: uPlot;
  private frame = 0;

  constructor(private readonly el: HTMLElement) {
    this.plot = new uPlot(
      {
        width: width(el),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [{ label: 'epoch' }, { label: 'MSE', size: 70 }],
        series: [{}, { label: 'loss', stroke: ACCENT, width: 2, points: { show: false } }],
      },
      [[], []],
      el,
    );
  }

  reset(): void {
    this.epochs.length = 0;
    this.losses.length = 0;
    this.draw();
  }

  /** Adds a point; redraws at most once per animation frame. */
  push(epoch: number, loss: number): void {
    this.epochs.push(epoch);
    // A log scale cannot show 0 or a non-finite loss (divergence): leave a gap.
    this.losses.push(Number.isFinite(loss) && loss > 0 ? loss : null);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Replaces the curve by a whole history (epoch e + 1 ↦ history[e]). */
  setHistory(history: ArrayLike<number>): void {
    this.epochs.length = 0;
    this.losses.length = 0;
    for (let e = 0; e < history.length; e++) this.push(e + 1, history[e]);
    this.draw();
  }

  private draw(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.plot.setData([this.epochs.slice(), this.losses.slice()]);
    this.el.dataset.points = String(this.epochs.length);
  }
}

/** Predicted against actual values, with the line y = x that a perfect model would follow. */
export class ScatterChart {
  private readonly plot: uPlot;

  constructor(private readonly el: HTMLElement) {
    this.plot = new uPlot(
      {
        width: width(el),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [{ label: 'actual' }, { label: 'predicted', size: 60 }],
        series: [
          {},
          { label: 'y = x', stroke: '#9aa0a6', width: 1, dash: [4, 4], points: { show: false } },
          // Points only: uPlot draws a series without a path when paths returns null.
          {
            label: 'predicted',
            stroke: ACCENT,
            fill: `${ACCENT}55`,
            paths: () => null,
            points: { show: true, size: 5 },
          },
        ],
      },
      [[], [], []],
      el,
    );
  }

  /** Shows the pairs (x must be sorted for uPlot, so they are sorted by actual value). */
  show(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
    const order = Array.from({ length: actual.length }, (_, i) => i).sort((a, b) => actual[a] - actual[b]);
    const x = order.map((i) => actual[i]);
    this.plot.setData([x, x, order.map((i) => predicted[i])]);
    this.el.dataset.points = String(x.length);
  }

  clear(): void {
    this.plot.setData([[], [], []]);
    this.el.dataset.points = '0';
  }
}

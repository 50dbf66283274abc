// Points of a fit (uPlot): predicted against actual with the line a perfect model follows, or the
// residuals against the prediction with the zero line. The worker sends them already decimated.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartWidth, formatTick, PALETTE } from './line-chart.js';

const HEIGHT = 260;

export type ScatterKind = 'fit' | 'residuals';

export class ScatterChart {
  private plot: uPlot | null = null;
  private data: uPlot.AlignedData = [[], [], []];
  private frame = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly kind: ScatterKind,
    description: string,
  ) {
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', description);
    new ResizeObserver(() => {
      if (!this.plot || chartWidth(el) !== this.plot.width) this.schedule();
    }).observe(el);
    this.clear();
  }

  /** actual sorted ascending; shows (actual, predicted) or (predicted, actual − predicted). */
  show(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
    if (this.kind === 'fit') {
      const x = Array.from(actual);
      this.data = [x, x, Array.from(predicted)];
    } else {
      const order = Array.from({ length: actual.length }, (_, i) => i).sort((a, b) => predicted[a] - predicted[b]);
      this.data = [order.map((i) => predicted[i]), order.map(() => 0), order.map((i) => actual[i] - predicted[i])];
    }
    this.el.dataset.points = String(actual.length);
    this.schedule();
  }

  clear(): void {
    this.data = [[], [], []];
    this.el.dataset.points = '0';
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    // A chart in a hidden tab is drawn when it is shown (the ResizeObserver calls again).
    if (this.el.clientWidth === 0) return;
    const width = chartWidth(this.el);
    if (this.plot && this.plot.width === width) {
      this.plot.setData(this.data);
      return;
    }
    this.plot?.destroy();
    const fit = this.kind === 'fit';
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false } },
        axes: [
          { label: fit ? 'actual' : 'predicted', size: 44, values: (_u, t) => t.map(formatTick) },
          {
            label: fit ? 'predicted' : 'residual (actual − predicted)',
            size: 64,
            values: (_u, t) => t.map(formatTick),
          },
        ],
        series: [
          {},
          { label: fit ? 'y = x' : 'zero', stroke: '#8a909c', width: 1, dash: [4, 4], points: { show: false } },
          // Points only: uPlot draws a series without a path when paths returns null.
          {
            label: fit ? 'predicted' : 'residual',
            stroke: PALETTE[0],
            fill: `${PALETTE[0]}55`,
            paths: () => null,
            points: { show: true, size: 5 },
          },
        ],
      },
      this.data,
      this.el,
    );
  }
}

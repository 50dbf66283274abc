// Curves overlaid on one chart (uPlot): any number of series, each with its own x values, growing as
// progress arrives, decimated to the chart's width, with markers (a diverged run's last point) and
// an HTML legend under the plot. Redraws at most once per animation frame.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { decimateLine } from './decimate.js';

export const PALETTE = ['#5b4bd1', '#d9622b', '#1f8a70', '#c2417a', '#4f6d8f', '#9a7d0a', '#7a7f8c'];
const MARKER = '#b3261e';
const HEIGHT = 260;

export interface SeriesStyle {
  label: string;
  color: string;
  dash?: number[];
  /** Draw each point as a dot too (curves of a few points). */
  points?: boolean;
  width?: number;
  /** Listed in the legend (default true): false for the second line of a pair drawn as one (a band's edges). */
  legend?: boolean;
}

interface Series extends SeriesStyle {
  x: number[];
  y: (number | null)[];
  marker: { x: number; y: number; label: string } | null;
  note: string;
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  xLog?: boolean;
  /** Keep the y axis below this multiple of the largest first value (a diverging run does not squash the rest). */
  clampToStart?: number;
  /** What the chart shows, for screen readers. */
  description: string;
}

export function chartWidth(el: HTMLElement): number {
  return Math.max(240, Math.floor(el.clientWidth || 480));
}

export class LineChart {
  private series: Series[] = [];
  private plot: uPlot | null = null;
  private plotShape = '';
  private frame = 0;
  private readonly canvasBox: HTMLDivElement;
  private readonly legend: HTMLUListElement;

  constructor(
    private readonly el: HTMLElement,
    private options: LineChartOptions,
  ) {
    el.classList.add('line-chart');
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', options.description);
    this.canvasBox = document.createElement('div');
    this.legend = document.createElement('ul');
    this.legend.className = 'legend';
    el.replaceChildren(this.canvasBox, this.legend);
    new ResizeObserver(() => {
      if (!this.plot || chartWidth(this.canvasBox) !== this.plot.width) this.schedule();
    }).observe(this.canvasBox);
    this.schedule();
  }

  /** Changes the axes (x in epochs, rows seen, time…); the series stay. */
  setAxes(options: Partial<LineChartOptions>): void {
    this.options = { ...this.options, ...options };
    this.plotShape = '';
    this.schedule();
  }

  clear(): void {
    this.series = [];
    this.schedule();
  }

  /** Adds a series and returns its index. */
  add(style: SeriesStyle): number {
    this.series.push({ ...style, x: [], y: [], marker: null, note: '' });
    this.schedule();
    return this.series.length - 1;
  }

  /** Appends points to series `s`; a value that cannot be drawn (not finite, ≤ 0 on a log axis) leaves a gap. */
  push(s: number, x: ArrayLike<number>, y: ArrayLike<number>): void {
    const series = this.series[s];
    for (let i = 0; i < x.length; i++) {
      series.x.push(x[i]);
      series.y.push(this.drawable(y[i]) ? y[i] : null);
    }
    this.schedule();
  }

  /** Replaces series `s`'s points. */
  set(s: number, x: ArrayLike<number>, y: ArrayLike<number>): void {
    this.series[s].x = [];
    this.series[s].y = [];
    this.push(s, x, y);
  }

  /** Marks a point of series `s` (where a run diverged). */
  mark(s: number, x: number, y: number, label: string): void {
    this.series[s].marker = { x, y, label };
    this.schedule();
  }

  /** A short text after the series' name in the legend (its final R², time per epoch…). */
  note(s: number, text: string): void {
    this.series[s].note = text;
    this.schedule();
  }

  get count(): number {
    return this.series.length;
  }

  private drawable(v: number): boolean {
    return Number.isFinite(v) && (!this.options.yLog || v > 0);
  }

  /** Redraws at the next frame; what the chart holds is published at once (tests and tools read it). */
  private schedule(): void {
    const el = this.el;
    el.dataset.series = String(this.series.length);
    el.dataset.points = String(this.series.reduce((n, s) => n + s.x.length, 0));
    el.dataset.markers = String(this.series.filter((s) => s.marker).length);
    el.dataset.xLabel = this.options.xLabel;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    // A chart in a hidden tab is drawn when it is shown (the ResizeObserver calls again).
    if (this.canvasBox.clientWidth === 0) return;
    const width = chartWidth(this.canvasBox);
    const markers = this.series.filter((s) => s.marker);
    const shape = [width, this.series.map((s) => s.label).join('|'), markers.length, JSON.stringify(this.options)].join(
      '#',
    );
    const data = this.aligned(width);
    if (shape !== this.plotShape || !this.plot) {
      this.plot?.destroy();
      this.plot = new uPlot(this.config(width, markers.length), data, this.canvasBox);
      this.plotShape = shape;
    } else {
      this.plot.setData(data);
    }
    this.drawLegend();
    this.el.dataset.drawn = String(data[0].length);
  }

  private config(width: number, nMarkers: number): uPlot.Options {
    const { xLabel, yLabel, yLog, xLog } = this.options;
    const series: uPlot.Series[] = [{}];
    for (const s of this.series) {
      series.push({
        label: s.label,
        stroke: s.color,
        width: s.width ?? 2,
        dash: s.dash,
        spanGaps: true,
        points: { show: !!s.points, size: 6, fill: s.color },
      });
    }
    for (let m = 0; m < nMarkers; m++) {
      series.push({
        label: 'diverged',
        stroke: MARKER,
        fill: '#fff',
        paths: () => null,
        points: { show: true, size: 13, width: 3, stroke: MARKER, fill: '#fff' },
      });
    }
    const yRange: uPlot.Scale.Range = (_u, min, max) => {
      // An empty chart has no range: uPlot must still get finite numbers to make ticks of.
      if (!Number.isFinite(min) || !Number.isFinite(max)) return yLog ? [1, 10] : [0, 1];
      let top = Math.min(max, this.yCap());
      if (!(top > min)) top = min * 1.1 || 1;
      return yLog ? uPlot.rangeLog(min, top, 10, false) : uPlot.rangeNum(min, top, 0.1, true);
    };
    return {
      width,
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, distr: xLog ? 3 : 1 },
        y: { distr: yLog ? 3 : 1, range: yRange },
      },
      axes: [
        {
          label: xLabel,
          size: 44,
          values: (_u, ticks) => ticks.map(formatTick),
          ...(xLog ? { splits: logSplits } : {}),
        },
        {
          label: yLabel,
          size: 64,
          values: (_u, ticks) => ticks.map(formatTick),
          ...(yLog ? { splits: logSplits } : {}),
        },
      ],
      series,
    };
  }

  /** The highest y the axis shows: clampToStart × the largest first value, or no limit. */
  private yCap(): number {
    const factor = this.options.clampToStart;
    if (!factor) return Number.POSITIVE_INFINITY;
    let start = 0;
    for (const s of this.series) {
      const first = s.y.find((v) => v !== null);
      if (first != null) start = Math.max(start, first);
    }
    return start > 0 ? factor * start : Number.POSITIVE_INFINITY;
  }

  /** One x array (the union of every series' decimated x) and one y array per series, with gaps. */
  private aligned(width: number): uPlot.AlignedData {
    const picked = this.series.map((s) => decimateLine(s.x, s.y, width).map((i) => [s.x[i], s.y[i]] as const));
    const markers = this.series.flatMap((s) => (s.marker ? [s.marker] : []));
    const xs = new Set<number>();
    for (const p of picked) for (const [x] of p) xs.add(x);
    for (const m of markers) xs.add(m.x);
    const x = [...xs].sort((a, b) => a - b);
    const at = new Map(x.map((v, i) => [v, i]));
    const ys: (number | null)[][] = picked.map((p) => {
      const y = new Array<number | null>(x.length).fill(null);
      for (const [px, py] of p) y[at.get(px)!] = py;
      return y;
    });
    for (const m of markers) {
      const y = new Array<number | null>(x.length).fill(null);
      // A diverged run's last loss is far above the axis: the marker sits at its top instead.
      y[at.get(m.x)!] = this.drawable(m.y) ? Math.min(m.y, 0.9 * this.yCap()) : null;
      ys.push(y);
    }
    return [x, ...ys] as uPlot.AlignedData;
  }

  private drawLegend(): void {
    this.legend.replaceChildren(
      ...this.series
        .filter((s) => s.legend !== false)
        .map((s) => {
          const li = document.createElement('li');
          const swatch = document.createElement('span');
          swatch.className = 'swatch';
          swatch.style.borderTopColor = s.color;
          if (s.dash) swatch.style.borderTopStyle = 'dashed';
          li.append(swatch, document.createTextNode(s.label));
          if (s.note) {
            const note = document.createElement('span');
            note.className = 'note';
            note.textContent = s.note;
            li.append(' ', note);
          }
          if (s.marker) {
            const mark = document.createElement('span');
            mark.className = 'diverged';
            mark.textContent = s.marker.label;
            li.append(' ', mark);
          }
          return li;
        }),
    );
  }
}

/**
 * Ticks of a log axis: the powers of ten in range, with 2× and 5× them when the range spans few
 * decades (uPlot's own log ticks label a narrow range with a single number, or none).
 */
function logSplits(_u: uPlot, _axis: number, min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const decades = Math.log10(max / min);
  const steps = decades > 4 ? [1] : decades > 1.5 ? [1, 3] : [1, 2, 5];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of steps) {
      const v = Number((m * 10 ** k).toPrecision(3));
      if (v >= min * 0.999 && v <= max * 1.001) out.push(v);
    }
  }
  return out;
}

/** Tick labels: short, and in one style for every chart. */
export function formatTick(v: number | null): string {
  if (v === null) return '';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return Number(v.toPrecision(3)).toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

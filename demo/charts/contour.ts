// The loss surface of a two-weight least-squares problem as level curves, and the descent path on
// it. The MSE is a quadratic, (w − w*)ᵀA(w − w*) + L*, so its levels are exact ellipses along A's
// eigenvectors: drawn as such, not traced from a grid.
import type { PathPoint, Surface } from '../runs/descent-protocol.js';
import { formatTick, PALETTE } from './line-chart.js';

const LEVELS = 12;
const PAD = { left: 46, right: 12, top: 12, bottom: 34 };

export class ContourChart {
  private surface: Surface | null = null;
  private path: PathPoint[] = [];
  private frame = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    new ResizeObserver(() => this.schedule()).observe(canvas);
  }

  setSurface(surface: Surface, start: PathPoint): void {
    this.surface = surface;
    this.path = [start];
    this.schedule();
  }

  extend(points: PathPoint[]): void {
    this.path.push(...points);
    this.schedule();
  }

  /** Redraws at the next frame; what the chart holds is published at once (tests and tools read it). */
  private schedule(): void {
    this.canvas.dataset.points = String(this.path.length);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const { canvas } = this;
    const cssWidth = Math.max(240, canvas.clientWidth || 400);
    const cssHeight = Math.round(Math.min(cssWidth * 0.8, 340));
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(cssWidth * dpr);
    canvas.height = Math.round(cssHeight * dpr);
    canvas.style.height = `${cssHeight}px`;
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    const s = this.surface;
    if (!s) return;

    const box = equalAspect(this.box(s), cssWidth - PAD.left - PAD.right, cssHeight - PAD.top - PAD.bottom);
    const px = (w1: number) => PAD.left + ((w1 - box.x0) / (box.x1 - box.x0)) * (cssWidth - PAD.left - PAD.right);
    const py = (w2: number) =>
      cssHeight - PAD.bottom - ((w2 - box.y0) / (box.y1 - box.y0)) * (cssHeight - PAD.top - PAD.bottom);

    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left, PAD.top, cssWidth - PAD.left - PAD.right, cssHeight - PAD.top - PAD.bottom);
    ctx.clip();
    // Levels L* + (L(0) − L*)·2^(1−k): evenly spaced on a log scale of the excess loss.
    const { vectors, values } = eigen(s.A);
    const excess0 = Math.max(s.c - s.lossStar, 1e-12);
    for (let k = 0; k < LEVELS; k++) {
      const excess = excess0 * 2 ** (1 - k);
      ctx.beginPath();
      for (let t = 0; t <= 128; t++) {
        const theta = (t / 128) * 2 * Math.PI;
        const a = Math.sqrt(excess / values[0]) * Math.cos(theta);
        const b = Math.sqrt(excess / values[1]) * Math.sin(theta);
        const w1 = s.wStar[0] + a * vectors[0][0] + b * vectors[1][0];
        const w2 = s.wStar[1] + a * vectors[0][1] + b * vectors[1][1];
        if (t === 0) ctx.moveTo(px(w1), py(w2));
        else ctx.lineTo(px(w1), py(w2));
      }
      ctx.strokeStyle = `rgba(79, 109, 143, ${0.25 + (0.55 * k) / LEVELS})`;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    // The path: a line through every epoch's weights, a dot per epoch, the last one larger.
    ctx.strokeStyle = PALETTE[1];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const [i, p] of this.path.entries()) {
      if (i === 0) ctx.moveTo(px(p.w[0]), py(p.w[1]));
      else ctx.lineTo(px(p.w[0]), py(p.w[1]));
    }
    ctx.stroke();
    ctx.fillStyle = PALETTE[1];
    for (const p of this.path) {
      ctx.beginPath();
      ctx.arc(px(p.w[0]), py(p.w[1]), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    const last = this.path[this.path.length - 1];
    ctx.beginPath();
    ctx.arc(px(last.w[0]), py(last.w[1]), 5, 0, 2 * Math.PI);
    ctx.fill();
    // The minimum.
    ctx.strokeStyle = PALETTE[0];
    ctx.lineWidth = 2;
    const mx = px(s.wStar[0]);
    const my = py(s.wStar[1]);
    ctx.beginPath();
    ctx.moveTo(mx - 6, my - 6);
    ctx.lineTo(mx + 6, my + 6);
    ctx.moveTo(mx + 6, my - 6);
    ctx.lineTo(mx - 6, my + 6);
    ctx.stroke();
    ctx.restore();

    // Axes: a frame, a few ticks, the names of the weights.
    ctx.strokeStyle = '#c5c9d6';
    ctx.strokeRect(PAD.left, PAD.top, cssWidth - PAD.left - PAD.right, cssHeight - PAD.top - PAD.bottom);
    ctx.fillStyle = '#4a5060';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    for (const v of ticks(box.x0, box.x1)) ctx.fillText(formatTick(v), px(v), cssHeight - PAD.bottom + 14);
    ctx.fillText('w₁ (same scale as w₂)', (PAD.left + cssWidth - PAD.right) / 2, cssHeight - 4);
    ctx.textAlign = 'right';
    for (const v of ticks(box.y0, box.y1)) ctx.fillText(formatTick(v), PAD.left - 6, py(v) + 4);
    ctx.save();
    ctx.translate(12, (PAD.top + cssHeight - PAD.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('w₂', 0, 0);
    ctx.restore();
  }

  /** The weights' range to show: the start, the minimum and the path (within reason), padded. */
  private box(s: Surface): { x0: number; x1: number; y0: number; y1: number } {
    const xs = [0, s.wStar[0]];
    const ys = [0, s.wStar[1]];
    const span = Math.max(Math.abs(s.wStar[0]), Math.abs(s.wStar[1]), 1);
    for (const p of this.path) {
      // A diverging path would shrink the picture to nothing: follow it only to 4× the first box.
      if (Math.abs(p.w[0]) < 4 * span && Math.abs(p.w[1]) < 4 * span) {
        xs.push(p.w[0]);
        ys.push(p.w[1]);
      }
    }
    const pad = (lo: number, hi: number) => {
      const d = (hi - lo || 1) * 0.15;
      return [lo - d, hi + d];
    };
    const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
    const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
    return { x0, x1, y0, y1 };
  }
}

/**
 * The box widened along one axis so that a unit of w₁ and of w₂ take as many pixels: only then is
 * each step of gradient descent drawn at right angles to the level curve it leaves.
 */
function equalAspect(
  box: { x0: number; x1: number; y0: number; y1: number },
  width: number,
  height: number,
): { x0: number; x1: number; y0: number; y1: number } {
  const perPixel = Math.max((box.x1 - box.x0) / width, (box.y1 - box.y0) / height);
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  return {
    x0: cx - (perPixel * width) / 2,
    x1: cx + (perPixel * width) / 2,
    y0: cy - (perPixel * height) / 2,
    y1: cy + (perPixel * height) / 2,
  };
}

/** Eigenvalues (descending) and unit eigenvectors of the symmetric 2×2 [[a, b], [b, d]]. */
export function eigen([a, b, d]: [number, number, number]): { values: [number, number]; vectors: [number, number][] } {
  const mean = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  const values: [number, number] = [mean + r, Math.max(mean - r, 1e-12)];
  const vectors = values.map((l): [number, number] => {
    const v: [number, number] = Math.abs(b) > 1e-14 ? [b, l - a] : a >= d === (l === values[0]) ? [1, 0] : [0, 1];
    const n = Math.hypot(v[0], v[1]);
    return [v[0] / n, v[1] / n];
  });
  return { values, vectors };
}

function ticks(lo: number, hi: number): number[] {
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (hi - lo) / s <= 6) ?? step * 10;
  const out: number[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi; v += nice) out.push(Number(v.toPrecision(10)));
  return out;
}

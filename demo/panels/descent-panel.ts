// The Descent path tab: play, pause and step gradient descent on a two-feature problem, epoch by
// epoch, with the path drawn on the loss surface and the excess loss (MSE − minimum) per epoch.
import { ContourChart } from '../charts/contour.js';
import { LineChart, PALETTE } from '../charts/line-chart.js';
import { $, format, showError } from '../dom.js';
import type { DescentMessage, DescentRequest, DescentSetup, PathPoint, Surface } from '../runs/descent-protocol.js';

/** Playing stops here, or when the excess loss is this small a share of the start's. */
const MAX_EPOCHS = 400;
const CONVERGED = 1e-10;
const TICK_MS = 90;

export class DescentPanel {
  private readonly ui = {
    root: $('panel-descent'),
    solver: $<HTMLSelectElement>('descent-solver'),
    rate: $<HTMLSelectElement>('descent-rate'),
    standardize: $<HTMLInputElement>('descent-standardize'),
    play: $<HTMLButtonElement>('descent-play'),
    step: $<HTMLButtonElement>('descent-step'),
    reset: $<HTMLButtonElement>('descent-reset'),
    status: $('descent-status'),
    error: $('descent-error'),
  };
  private readonly contour = new ContourChart($<HTMLCanvasElement>('descent-canvas'));
  private readonly loss = new LineChart($('descent-loss'), {
    xLabel: 'epoch',
    yLabel: 'MSE − minimum',
    yLog: true,
    description: 'Excess training loss per epoch of the descent shown on the contour plot',
  });
  private worker: Worker | null = null;
  private surface: Surface | null = null;
  private last: PathPoint | null = null;
  private playing = false;
  private waiting = false;
  private finished = false;
  private series = -1;

  constructor() {
    this.ui.play.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    this.ui.step.addEventListener('click', () => this.request(1));
    this.ui.reset.addEventListener('click', () => this.setUp());
    for (const c of [this.ui.solver, this.ui.rate, this.ui.standardize])
      c.addEventListener('change', () => this.setUp());
  }

  /** Starts the worker the first time the tab is shown. */
  show(): void {
    if (!this.worker) this.setUp();
  }

  private setUp(): void {
    this.pause();
    this.worker?.terminate();
    const worker = new Worker(new URL('../workers/descent.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.onmessage = ({ data }: MessageEvent<DescentMessage>) => {
      if (this.worker === worker) this.receive(data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.stopWith(`The descent worker failed: ${e.message}`);
    };
    this.surface = null;
    this.last = null;
    this.finished = false;
    this.waiting = true;
    this.loss.clear();
    this.series = this.loss.add({ label: 'excess loss', color: PALETTE[1] });
    showError(this.ui.error, null);
    this.ui.root.dataset.state = 'setting-up';
    this.setButtons();
    const setup: DescentSetup = {
      solver: this.ui.solver.value as DescentSetup['solver'],
      rateFactor: Number(this.ui.rate.value),
      standardize: this.ui.standardize.checked,
    };
    this.post({ type: 'setup', setup });
  }

  private receive(m: DescentMessage): void {
    this.waiting = false;
    if (m.type === 'surface') {
      this.surface = m.surface;
      this.contour.setSurface(m.surface, m.start);
      this.last = m.start;
      this.loss.push(this.series, [0], [m.start.loss - m.surface.lossStar]);
      this.ui.root.dataset.state = 'ready';
      this.describe();
    } else if (m.type === 'path') {
      this.contour.extend(m.points);
      const s = this.surface!;
      this.loss.push(
        this.series,
        m.points.map((p) => p.epoch),
        m.points.map((p) => p.loss - s.lossStar),
      );
      this.last = m.points[m.points.length - 1];
      this.describe();
      const excess = this.last.loss - s.lossStar;
      if (excess <= CONVERGED * (s.c - s.lossStar) || this.last.epoch >= MAX_EPOCHS) {
        this.finished = true;
        this.pause();
        this.ui.status.textContent +=
          excess <= CONVERGED * (s.c - s.lossStar) ? ' Reached the minimum.' : ' Epoch limit.';
      } else if (this.playing) {
        setTimeout(() => this.tick(), TICK_MS);
      }
    } else if (m.type === 'diverged') {
      this.finished = true;
      this.stopWith(m.message);
    } else {
      this.stopWith(m.message);
    }
    this.setButtons();
  }

  private play(): void {
    if (this.finished || !this.surface) return;
    this.playing = true;
    this.ui.root.dataset.state = 'playing';
    this.tick();
    this.setButtons();
  }

  pause(): void {
    if (this.playing && this.surface) this.ui.root.dataset.state = 'paused';
    this.playing = false;
    this.setButtons();
  }

  /** One tick of play: a single epoch at first, more per tick later, so long runs do not crawl. */
  private tick(): void {
    if (!this.playing || this.waiting) return;
    const epoch = this.last?.epoch ?? 0;
    this.request(Math.max(1, Math.floor(epoch / 25)));
  }

  private request(epochs: number): void {
    if (!this.surface || this.finished || this.waiting) return;
    this.waiting = true;
    this.post({ type: 'step', epochs });
  }

  private post(m: DescentRequest): void {
    this.worker?.postMessage(m);
  }

  private describe(): void {
    const s = this.surface;
    const p = this.last;
    if (!s || !p) return;
    this.ui.status.textContent =
      `Epoch ${p.epoch}: w₁ = ${format(p.w[0])}, w₂ = ${format(p.w[1])}, MSE ${format(p.loss)} ` +
      `(minimum ${format(s.lossStar)} at w₁ = ${format(s.wStar[0])}, w₂ = ${format(s.wStar[1])}; ` +
      `learning rate ${format(s.learningRate)}).`;
  }

  private stopWith(message: string): void {
    this.pause();
    this.ui.root.dataset.state = 'failed';
    showError(this.ui.error, message);
  }

  private setButtons(): void {
    const ready = !!this.surface && !this.finished;
    this.ui.play.textContent = this.playing ? 'Pause' : 'Play';
    this.ui.play.disabled = !ready;
    this.ui.step.disabled = !ready || this.playing;
  }
}

// What every panel needs from the page: the data store, the data and options the user chose, and a
// base for panels that start runs (a Run and a Cancel button, a status line, an error banner).
import type { LinearRegressionOptions } from 'linwasm';
import type { DataStore } from '../data/store.js';
import { showError, within } from '../dom.js';
import { type Run, startRun } from '../runs/client.js';
import type { DataSpec, Job, RunMessage } from '../runs/protocol.js';

export interface Lab {
  store: DataStore;
  /** @throws Error when no dataset is loaded or a field is not a number. */
  dataSpec(): DataSpec;
  /** @throws RangeError naming the form field that is not a number. */
  options(): LinearRegressionOptions;
  /** Tells the page a run started or ended (the data controls wait for it). */
  busy(panel: RunPanel, running: boolean): void;
}

export abstract class RunPanel {
  protected readonly runButton: HTMLButtonElement;
  protected readonly cancelButton: HTMLButtonElement;
  protected readonly status: HTMLElement;
  protected readonly error: HTMLElement;
  private run: Run | null = null;

  constructor(
    protected readonly lab: Lab,
    protected readonly root: HTMLElement,
  ) {
    this.runButton = within<HTMLButtonElement>(root, '[data-action="run"]');
    this.cancelButton = within<HTMLButtonElement>(root, '[data-action="cancel"]');
    this.status = within(root, '.status');
    this.error = within(root, '.error');
    this.runButton.addEventListener('click', () => void this.start());
    this.cancelButton.addEventListener('click', () => this.cancel());
  }

  /** Cancels a run and clears every result: the data or options they came from changed. */
  reset(): void {
    this.stop();
    this.clear();
    this.status.textContent = '';
    showError(this.error, null);
    this.root.dataset.state = 'idle';
  }

  /** Removes what the panel shows of earlier runs. */
  protected abstract clear(): void;

  /** Starts the panel's run: builds the job(s) and reads their messages. */
  protected abstract start(): Promise<void>;

  /** Runs one job to its end; false when it was cancelled or failed (the panel is then cleared or shows why). */
  protected async execute(job: Job, onMessage: (m: RunMessage) => void): Promise<boolean> {
    this.stop();
    const run = startRun(this.lab.store, job, onMessage);
    this.run = run;
    this.setRunning(true);
    try {
      await run.done;
      return true;
    } catch (e) {
      if (this.run !== run) return false; // replaced or reset: that code path has cleaned up
      if ((e as Error).name === 'AbortError') {
        this.clear();
        this.status.textContent = 'Cancelled.';
        this.root.dataset.state = 'cancelled';
      } else {
        this.fail((e as Error).message);
      }
      return false;
    } finally {
      if (this.run === run) {
        this.run = null;
        this.setRunning(false);
      }
    }
  }

  /** Shows a failure: clears what no longer applies, then the message, once. */
  protected fail(message: string): void {
    this.status.textContent = '';
    showError(this.error, message);
    this.root.dataset.state = 'failed';
  }

  /** Reads the data spec and options, or shows why they cannot be read. */
  protected inputs(): { data: DataSpec; options: LinearRegressionOptions } | null {
    showError(this.error, null);
    try {
      return { data: this.lab.dataSpec(), options: this.lab.options() };
    } catch (e) {
      this.clear();
      this.fail((e as Error).message);
      return null;
    }
  }

  cancel(): void {
    this.run?.cancel();
  }

  private stop(): void {
    const run = this.run;
    this.run = null;
    run?.cancel();
    this.setRunning(false);
  }

  private setRunning(running: boolean): void {
    this.runButton.disabled = running;
    this.cancelButton.disabled = !running;
    if (running) this.root.dataset.state = 'running';
    this.lab.busy(this, running);
  }
}

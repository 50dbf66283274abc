// Training jobs: a bounded queue in front of a bounded number of worker threads. A job is queued,
// then running, then exactly one of succeeded (its model registered as a new version), failed or
// cancelled. The server's thread only moves buffers and messages, so inference keeps answering.
// A job trained from a CSV upload owns its file, deleted when the job ends, however it ends.

import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { ResolvedOptions } from 'linwasm';
import { wasmModule } from 'linwasm';
import { HttpError } from './http-error.js';
import type { ModelColumns } from './model-file.js';
import type { Metrics } from './prometheus.js';
import type { Registry } from './registry.js';
import { removeUpload } from './upload.js';
import type { TrainInput, TrainTask, WorkerMessage } from './worker-protocol.js';

/** Retry-After of a 429: jobs take seconds to hours, so a client should come back soon but not at once. */
const RETRY_AFTER_SECONDS = 5;

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What a job trains: the validated data and the resolved options (the seed drawn, so it is reported). */
export interface JobSpec {
  modelName: string;
  rows: number;
  input: TrainInput;
  options: ResolvedOptions;
  columns: ModelColumns;
}

/** A job as GET /v2/jobs/{id} reports it (snake_case, like the protocol's own fields). */
export interface JobView {
  id: string;
  model_name: string;
  state: JobState;
  epoch: number;
  max_epochs: number;
  loss: number | null;
  /** Trained chunk by chunk from a CSV upload (fitStream), rather than from data held in memory. */
  streamed: boolean;
  /** Streamed jobs: the progressive validation loss (each chunk scored before training on it) of the
   *  pass under way, then of the last pass. */
  progressive_loss: number | null;
  /** Streamed jobs: rows of the pass under way read so far (null otherwise, and once finished). */
  epoch_rows: number | null;
  error: string | null;
  model_version: string | null;
  /** R² of the registered model on the training rows (for a CSV upload, one more pass over it). */
  r2: number | null;
  rows: number;
  features: string[];
  options: ResolvedOptions;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface Job {
  view: JobView;
  spec: JobSpec | null;
  /** The CSV upload the job reads, until it is deleted. */
  file: string | null;
  worker: Worker | null;
  timer: NodeJS.Timeout | null;
  /** Resolves when the job has reached its final state (its model on disk, its upload deleted). */
  finished: Promise<void>;
  settle: () => void;
  done: boolean;
  /** Training is over and the model is being written: too late to cancel. */
  registering: boolean;
}

export interface JobQueueOptions {
  maxConcurrent: number;
  maxQueued: number;
  /** A running job is stopped and failed after this many ms (0: never). */
  timeoutMs: number;
  /** Finished jobs kept for GET /v2/jobs/{id}; the oldest are forgotten first. */
  maxFinished: number;
  registry: Registry;
  metrics: Metrics;
  log: FastifyBaseLogger;
  workerUrl: URL;
}

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private readonly finishedOrder: string[] = [];
  private closing = false;

  constructor(private readonly o: JobQueueOptions) {}

  /**
   * Queues a job, or starts it at once when a worker is free.
   * @throws HttpError 429 when the workers and the queue are full; 503 while the server shuts down.
   */
  submit(spec: JobSpec): JobView {
    this.ensureRoom();
    let settle = () => {};
    const finished = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const view: JobView = {
      id: randomUUID(),
      model_name: spec.modelName,
      state: 'queued',
      epoch: 0,
      max_epochs: spec.options.solver === 'exact' ? 0 : spec.options.maxEpochs,
      loss: null,
      streamed: spec.input.kind === 'file' && spec.input.stream,
      progressive_loss: null,
      epoch_rows: null,
      error: null,
      model_version: null,
      r2: null,
      rows: spec.rows,
      features: spec.columns.features,
      options: spec.options,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
    };
    const job: Job = {
      view,
      spec,
      file: spec.input.kind === 'file' ? spec.input.file : null,
      worker: null,
      timer: null,
      finished,
      settle,
      done: false,
      registering: false,
    };
    this.jobs.set(view.id, job);
    this.queue.push(job);
    this.o.log.info({ job: view.id, model: spec.modelName, rows: spec.rows }, 'training job queued');
    this.pump();
    return { ...view };
  }

  /**
   * Whether a job submitted now would be accepted: checked before a CSV upload is read, so that a
   * full queue does not first cost the upload.
   * @throws HttpError 429 when the workers and the queue are full; 503 while the server shuts down.
   */
  ensureRoom(): void {
    if (this.closing) throw new HttpError(503, 'the server is shutting down: no new training jobs');
    if (this.running.size >= this.o.maxConcurrent && this.queue.length >= this.o.maxQueued) {
      this.o.metrics.jobsFinished.inc({ state: 'rejected' });
      throw new HttpError(
        429,
        `too many training jobs: ${this.running.size} running and ${this.queue.length} queued (the limits); ` +
          'retry when one has finished',
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    }
  }

  /** Refuses new jobs from now on (503), as the server begins to shut down; running jobs go on. */
  stopAccepting(): void {
    this.closing = true;
  }

  /** @throws HttpError 404 for an unknown (or forgotten) job id. */
  get(id: string): JobView {
    return { ...this.find(id).view };
  }

  /**
   * Cancels a queued or running job (a running worker is terminated). Finished jobs are unchanged.
   * @throws HttpError 404 for an unknown job id.
   */
  cancel(id: string): JobView {
    const job = this.find(id);
    if (!job.done && !job.registering) this.finish(job, 'cancelled', 'cancelled by a client');
    return { ...job.view };
  }

  /** Jobs queued and running now. */
  get active(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.running.size };
  }

  /**
   * Shutdown: refuses new jobs, fails the queued ones, lets running ones finish for up to graceMs,
   * then terminates and fails the rest.
   */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const queued = [...this.queue];
    for (const job of queued) this.finish(job, 'failed', 'the server shut down before the job started');
    const running = [...this.running].map((j) => j.finished);
    // A failed job is settled once its upload is deleted.
    await Promise.all(queued.map((j) => j.finished));
    if (running.length === 0) return;
    this.o.log.info({ jobs: running.length, graceMs }, 'waiting for running training jobs');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(running), timeout]);
    clearTimeout(timer);
    for (const job of [...this.running]) {
      if (!job.registering) this.finish(job, 'failed', 'the server shut down while the job was running');
    }
    await Promise.all(running);
  }

  private find(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new HttpError(404, `training job '${id}' not found`);
    return job;
  }

  /** Starts queued jobs while workers are free. */
  private pump(): void {
    while (!this.closing && this.running.size < this.o.maxConcurrent && this.queue.length > 0) {
      this.start(this.queue.shift() as Job);
    }
    this.gauges();
  }

  private start(job: Job): void {
    const spec = job.spec as JobSpec;
    job.spec = null; // the buffers move to the worker
    const task: TrainTask = {
      input: spec.input,
      rows: spec.rows,
      options: spec.options,
      // About 100 progress messages over a run.
      every: Math.max(1, Math.ceil(spec.options.maxEpochs / 100)),
      module: wasmModule(),
    };
    const input = spec.input;
    const worker = new Worker(this.o.workerUrl, {
      workerData: task,
      transferList: input.kind === 'arrays' ? [input.X.buffer as ArrayBuffer, input.y.buffer as ArrayBuffer] : [],
    });
    job.worker = worker;
    job.view.state = 'running';
    job.view.started_at = new Date().toISOString();
    this.running.add(job);
    this.o.log.info({ job: job.view.id, model: spec.modelName }, 'training job started');
    if (this.o.timeoutMs > 0) {
      job.timer = setTimeout(() => {
        if (job.registering) return;
        this.finish(job, 'failed', `the job ran longer than the limit of ${this.o.timeoutMs / 1000} s`);
      }, this.o.timeoutMs);
      job.timer.unref();
    }
    worker.on('message', (m: WorkerMessage) => this.onMessage(job, spec, m));
    worker.on('error', (e) => {
      if (!job.registering) this.finish(job, 'failed', `the training thread failed: ${e.message}`);
    });
    worker.on('exit', (code) => {
      // Normally 'done' or 'error' came first and this does nothing.
      if (!job.registering) this.finish(job, 'failed', `the training thread exited with code ${code}`);
    });
  }

  private onMessage(job: Job, spec: JobSpec, m: WorkerMessage): void {
    if (job.done) return;
    if (m.type === 'epoch') {
      job.view.epoch = m.epoch;
      job.view.loss = m.loss;
      if (m.progressiveLoss !== undefined) {
        job.view.progressive_loss = m.progressiveLoss;
        job.view.epoch_rows = 0;
      }
    } else if (m.type === 'chunk') {
      job.view.epoch_rows = m.rows;
      job.view.progressive_loss = m.progressiveLoss;
    } else if (m.type === 'error') {
      this.finish(job, 'failed', `${m.name}: ${m.message}`);
    } else {
      job.registering = true;
      job.view.epoch = m.model.training.epochs;
      const history = m.model.training.history;
      if (history.length > 0) job.view.loss = history[history.length - 1];
      const progressive = m.model.training.progressiveHistory;
      if (job.view.streamed && progressive.length > 0) job.view.progressive_loss = progressive[progressive.length - 1];
      job.view.epoch_rows = null;
      job.view.r2 = m.r2;
      this.o.registry
        .add(spec.modelName, { ...m.model, columns: spec.columns })
        .then((entry) => {
          job.view.model_version = entry.version;
          this.finish(job, 'succeeded', null);
        })
        .catch((e: Error) => this.finish(job, 'failed', `the model could not be registered: ${e.message}`));
    }
  }

  private finish(job: Job, state: JobState, error: string | null): void {
    if (job.done) return;
    job.done = true;
    job.view.state = state;
    job.view.error = error;
    job.view.finished_at = new Date().toISOString();
    job.spec = null;
    if (job.timer) clearTimeout(job.timer);
    const stopped = job.worker?.terminate().catch(() => {});
    job.worker = null;
    job.view.epoch_rows = null;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.running.delete(job);
    this.o.metrics.jobsFinished.inc({ state });
    const log = {
      job: job.view.id,
      model: job.view.model_name,
      epoch: job.view.epoch,
      version: job.view.model_version,
    };
    if (state === 'succeeded') this.o.log.info(log, 'training job succeeded');
    else this.o.log.warn({ ...log, state, error }, 'training job did not succeed');
    this.remember(job.view.id);
    const file = job.file;
    job.file = null;
    if (file === null) {
      job.settle();
    } else {
      // Deleted once the worker has stopped reading it (Windows cannot delete an open file).
      Promise.resolve(stopped)
        .then(() => removeUpload(file))
        .catch((e: Error) => this.o.log.error({ err: e, file }, 'could not delete a CSV upload'))
        .finally(() => job.settle());
    }
    this.pump();
  }

  /** Keeps the most recent finished jobs only, so a long-running server does not grow without bound. */
  private remember(id: string): void {
    this.finishedOrder.push(id);
    while (this.finishedOrder.length > this.o.maxFinished) this.jobs.delete(this.finishedOrder.shift() as string);
  }

  private gauges(): void {
    this.o.metrics.jobsActive.set({ state: 'queued' }, this.queue.length);
    this.o.metrics.jobsActive.set({ state: 'running' }, this.running.size);
  }
}

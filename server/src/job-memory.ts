// What a training job will hold in memory, estimated before it starts, so that one request cannot
// take the machine's memory: a 20 000-column CSV with the exact solver once asked for 3.2 GB of
// normal equations and ran for minutes. The estimate counts the large buffers only — the data as
// JavaScript arrays and as the WASM core's copy, and the exact solver's nFeatures² matrices — which
// dominate everything else for any job big enough to matter.
import type { ResolvedOptions } from 'linwasm';
import { HttpError } from './http-error.js';

export interface JobShape {
  rows: number;
  cols: number;
  options: Pick<ResolvedOptions, 'solver' | 'dtype'>;
  /** Rows per chunk when the job trains from a file chunk by chunk; null when the data is held whole. */
  chunkRows: number | null;
}

export interface MemoryEstimate {
  bytes: number;
  /** The parts, for the error message. */
  parts: string[];
}

export function estimateJobMemory(job: JobShape): MemoryEstimate {
  const { cols: d, options } = job;
  const held = job.chunkRows === null ? job.rows : Math.min(job.rows, job.chunkRows);
  const element = options.dtype === 'float32' ? 4 : 8;
  // X and y as read (float64), then X and y copied into WASM memory in the model's dtype.
  const data = held * (d + 1) * 8 + held * d * element + held * 8;
  const parts = [`the data ${formatBytes(data)}`];
  let bytes = data;
  if (options.solver === 'exact') {
    // The centered Gram matrix and its Cholesky factor, (d + 1)² float64 each.
    const gram = 2 * (d + 1) * (d + 1) * 8;
    bytes += gram;
    parts.unshift(`the exact solver's normal equations for ${d} features ${formatBytes(gram)}`);
  }
  return { bytes, parts };
}

/** @throws HttpError 413 naming the estimate and the limit when the job would need more than `limit` bytes. */
export function checkJobMemory(job: JobShape, limit: number): void {
  const e = estimateJobMemory(job);
  if (e.bytes > limit) {
    throw new HttpError(
      413,
      `this training job needs an estimated ${formatBytes(e.bytes)} of memory (${e.parts.join(', ')}), more than ` +
        `the limit of ${formatBytes(limit)} (maxJobMemory, --max-job-memory)` +
        (job.options.solver === 'exact'
          ? ': use a gradient-descent solver, which needs memory in proportion to the features'
          : ''),
    );
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

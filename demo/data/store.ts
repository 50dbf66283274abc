// The page's side of the data worker: load a dataset or a file there, learn its columns and size,
// and hand the table to a run worker through a MessagePort without it passing through the page.
import type { DatasetKey } from './datasets.js';
import type { DataMessage, DataRequest, TableSummary } from './protocol.js';

export class DataStore {
  private readonly worker = new Worker(new URL('../workers/data.worker.ts', import.meta.url), { type: 'module' });
  private nextId = 0;
  private pending = new Map<number, { resolve: (t: TableSummary) => void; reject: (e: Error) => void }>();
  private progress: ((fraction: number) => void) | null = null;
  /** The loaded table's summary, or null before the first successful load. */
  table: TableSummary | null = null;

  constructor() {
    this.worker.onmessage = ({ data }: MessageEvent<DataMessage>) => {
      if (data.type === 'progress') {
        if (data.id === this.nextId - 1) this.progress?.(data.fraction);
        return;
      }
      const waiting = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (data.type === 'loaded') {
        if (data.id === this.nextId - 1) this.table = data.table;
        waiting?.resolve(data.table);
      } else {
        waiting?.reject(new Error(data.message));
      }
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      for (const { reject } of this.pending.values()) reject(new Error(`the data worker failed: ${event.message}`));
      this.pending.clear();
    };
  }

  /**
   * Loads a built-in dataset or a file (CSV, Parquet or Arrow IPC) in the worker; the newest load
   * wins. Resolves with its summary; rejects with an Error whose message names the file and where
   * the problem is (a CSV's line and column, a column and row of the others), or with an AbortError
   * when a newer load replaced it.
   */
  load(source: DatasetKey | File, onProgress?: (fraction: number) => void): Promise<TableSummary> {
    const id = this.nextId++;
    for (const [older, { reject }] of this.pending) {
      reject(new DOMException('A newer dataset is loading', 'AbortError'));
      this.pending.delete(older);
    }
    this.progress = onProgress ?? null;
    const request: DataRequest =
      typeof source === 'string' ? { type: 'load', id, dataset: source } : { type: 'load', id, file: source };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** A port on which the data worker posts a copy of the current table (a TableMessage). */
  share(): MessagePort {
    const channel = new MessageChannel();
    const request: DataRequest = { type: 'share', port: channel.port1 };
    this.worker.postMessage(request, [channel.port1]);
    return channel.port2;
  }
}

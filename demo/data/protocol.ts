// Messages between the page (data/store.ts) and the data worker, which parses CSV, Parquet and
// Arrow files and keeps the table, and between the data worker and the run workers it hands the
// table to.
import type { DatasetKey } from './datasets.js';

/** Page → data worker. */
export type DataRequest =
  | { type: 'load'; id: number; dataset: DatasetKey }
  | { type: 'load'; id: number; file: File }
  /** Post the current table (a copy) to `port`, as a TableMessage. */
  | { type: 'share'; port: MessagePort };

/** What the page learns about a loaded table: enough to fill the form, never the rows. */
export interface TableSummary {
  name: string;
  columns: string[];
  rows: number;
  /** The first rows, to prefill the prediction box. */
  preview: number[][];
  /** Time to read and parse it, in ms. */
  ms: number;
}

/** Data worker → page. */
export type DataMessage =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'loaded'; id: number; table: TableSummary }
  | { type: 'error'; id: number; message: string };

/** Data worker → a run worker, over a MessagePort. */
export type TableMessage =
  | { type: 'table'; columns: string[]; rows: number; data: Float64Array }
  | { type: 'error'; message: string };

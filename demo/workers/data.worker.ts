// The data worker: reads a dropped CSV, Parquet or Arrow IPC file (or makes a built-in dataset),
// parses it into one Float64Array and keeps it, so that a 20 MB file never touches the page's thread. Run workers get
// a copy of the table through a MessagePort (see data/store.ts).
import { formatOf, readColumnar } from '../data/columnar.js';
import { type NumericTable, readTable } from '../data/csv.js';
import { DATASETS } from '../data/datasets.js';
import { FileProblem } from '../data/problem.js';
import type { DataMessage, DataRequest, TableMessage } from '../data/protocol.js';

interface Scope {
  onmessage: ((event: MessageEvent<DataRequest>) => void) | null;
  postMessage(message: DataMessage): void;
}
const scope = globalThis as unknown as Scope;

let table: NumericTable | null = null;
/** The newest load asked for: an older one that finishes later must not replace its table. */
let latest = -1;

scope.onmessage = async ({ data: request }) => {
  if (request.type === 'share') {
    const message: TableMessage = table
      ? { type: 'table', columns: table.columns, rows: table.rows, data: table.data }
      : { type: 'error', message: 'Load a dataset first.' };
    request.port.postMessage(message); // a copy: the table stays here for the next run
    request.port.close();
    return;
  }
  const { id } = request;
  latest = id;
  const started = performance.now();
  let name = '';
  try {
    let next: NumericTable;
    if ('file' in request) {
      const { file } = request;
      name = file.name;
      const onProgress = (fraction: number) => scope.postMessage({ type: 'progress', id, fraction });
      const format = await formatOf(file);
      next =
        format === 'csv'
          ? readTable(await file.text(), name, onProgress)
          : await readColumnar(file, format, onProgress);
    } else {
      const dataset = DATASETS[request.dataset];
      name = dataset.name;
      next = dataset.csv ? readTable(dataset.csv, name) : dataset.make!();
    }
    if (id !== latest) return;
    table = next;
    const width = next.columns.length;
    const preview = [];
    for (let i = 0; i < Math.min(5, next.rows); i++)
      preview.push(Array.from(next.data.subarray(i * width, (i + 1) * width)));
    const ms = performance.now() - started;
    scope.postMessage({ type: 'loaded', id, table: { name, columns: next.columns, rows: next.rows, preview, ms } });
  } catch (e) {
    if (id !== latest) return;
    const message = e instanceof FileProblem ? e.message : `${name}: ${(e as Error).message}`;
    scope.postMessage({ type: 'error', id, message });
  }
};

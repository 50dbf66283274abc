// A training upload (POST /v2/models/{name}/train with a CSV, Parquet or Arrow IPC body) is never
// held in memory: the body is streamed to a temporary file under the registry directory. A CSV is
// checked as it arrives, by a parser reading the same bytes, so that a bad header or value is answered
// at once with 400 naming its line and column; Parquet and Arrow keep their schema and row counts at
// the end or throughout, so they are checked once spooled, by the reader the job will use. The size,
// row and memory limits are 413. The training worker then reads the file: chunk by chunk (fitStream)
// for the gradient-descent solvers, whole for the exact solver and for a held-out validation split,
// which cannot stream.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { FileFormat, ResolvedOptions } from 'linwasm';
import { csvChunks, DataFileError, DEFAULT_CHUNK_ROWS, fileChunks, RowLimitError } from 'linwasm';
import { isProcessAlive } from './atomic.js';
import { HttpError } from './http-error.js';
import { checkJobMemory } from './job-memory.js';
import type { ModelColumns } from './model-file.js';
import { optionsFromQuery, resolve } from './training-data.js';

/** How the worker reads the file: fileChunks options (the source is named 'request body' in errors). */
export interface FileSpec {
  format: FileFormat;
  target: string;
  features?: string[];
  /** CSV only. */
  delimiter: string;
  chunkRows: number;
}

/** A validated upload, spooled to `file`. */
export interface Upload {
  file: string;
  rows: number;
  columns: ModelColumns;
  options: ResolvedOptions;
  spec: FileSpec;
  /** Trained chunk by chunk (fitStream); false for the exact solver and validationFraction > 0. */
  stream: boolean;
}

export interface UploadLimits {
  /** Data rows accepted (413 past it). */
  maxRows: number;
  /** Bytes accepted (413 past it). */
  maxBytes: number;
  /** Estimated job memory accepted (413 past it, as soon as the columns and rows read show it). */
  maxJobMemory: number;
}

/** Where uploads are spooled: a directory of the registry that it never reads (not a valid model name). */
export function uploadDir(registryRoot: string): string {
  return join(registryRoot, '.uploads');
}

/** The name of an upload: host and process first, so that a restarted server can find its leftovers. */
const UPLOAD_NAME = /^(.+)-(\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(csv|parquet|arrow)$/;
const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';

/** Rows per chunk of the validating parse (it only counts and checks them). */
const CHECK_ROWS = 1024;
const SOURCE = 'request body';

/**
 * Streams a data file body to a new file in `dir` and checks it: a CSV as it arrives, Parquet and
 * Arrow once spooled. The query string gives target, features, delimiter (CSV), chunkRows and the
 * training options; the options are checked before the body is read.
 * @returns the upload, its file complete and closed (the caller deletes it when done with it)
 * @throws HttpError 400 for a bad option, a problem in the data (naming its line and column, or its
 * column and row) or a body that ended early; 413 past maxBytes, maxRows or maxJobMemory. The file
 * is deleted first.
 */
export async function receiveUpload(
  body: Readable,
  format: FileFormat,
  contentLength: number | undefined,
  query: Record<string, string>,
  limits: UploadLimits,
  dir: string,
): Promise<Upload> {
  const { target, features, delimiter: given, chunkRows: chunkText, ...rest } = query;
  if (!target) throw new HttpError(400, 'training data needs the target column: add ?target=<column> to the URL');
  const delimiter = given === undefined ? ',' : given === 'tab' ? '\t' : given;
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new HttpError(400, `The delimiter must be one character other than a quote or newline, got '${delimiter}'`);
  }
  const chunkRows = chunkText === undefined ? DEFAULT_CHUNK_ROWS : Number(chunkText);
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) {
    throw new HttpError(400, `chunkRows must be a positive integer, got '${chunkText}'`);
  }
  const optionValues = optionsFromQuery(rest);
  // Options are checked before the data is read; batchSize against the rows afterwards.
  const planned = resolve(optionValues, Number.POSITIVE_INFINITY);
  const streamed = planned.solver !== 'exact' && planned.validationFraction === 0;
  // Checked as rows are counted: a job too large for memory is refused before its data is read whole.
  const memory = (rows: number, cols: number) =>
    checkJobMemory({ rows, cols, options: planned, chunkRows: streamed ? chunkRows : null }, limits.maxJobMemory);
  if (contentLength !== undefined && contentLength > limits.maxBytes) throw tooLarge(limits.maxBytes);

  const spec: FileSpec = {
    format,
    target,
    features: features ? features.split(',').map((f) => f.trim()) : undefined,
    delimiter,
    chunkRows,
  };
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${HOST}-${process.pid}-${randomUUID()}.${format}`);
  const handle = await open(file, 'wx', 0o600);
  let closed = false;
  try {
    let checked: { rows: number; columns: ModelColumns };
    if (format === 'csv') {
      checked = await spool(body, handle, spec, planned.dtype, limits, memory);
      await handle.close();
      closed = true;
    } else {
      await copyTo(body, handle, limits.maxBytes);
      await handle.close();
      closed = true;
      checked = await checkFile(file, spec, limits.maxRows, memory);
    }
    const options = resolve(optionValues, checked.rows);
    return {
      file,
      rows: checked.rows,
      columns: checked.columns,
      options,
      spec,
      stream: options.solver !== 'exact' && options.validationFraction === 0,
    };
  } catch (e) {
    if (!closed) await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw asHttpError(e);
  }
}

/** Copies the body to the file, never past maxBytes. */
async function copyTo(body: Readable, handle: Awaited<ReturnType<typeof open>>, maxBytes: number): Promise<void> {
  let bytes = 0;
  // destroyOnReturn: false — on an error the request must stay open for the answer to be sent.
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (bytes > maxBytes) throw tooLarge(maxBytes);
    await handle.write(buf);
  }
}

/** Reads a spooled Parquet or Arrow file as the job will, counting rows; the values are checked and dropped. */
async function checkFile(
  file: string,
  spec: FileSpec,
  maxRows: number,
  memory: (rows: number, cols: number) => void,
): Promise<{ rows: number; columns: ModelColumns }> {
  let rows = 0;
  let columns: ModelColumns | null = null;
  try {
    for await (const chunk of fileChunks(file, { ...spec, source: SOURCE })) {
      columns ??= { features: chunk.features, target: chunk.target };
      rows += chunk.y.length;
      if (rows > maxRows) {
        throw new RowLimitError(SOURCE, 0, 0, `too many rows: at most ${maxRows} data rows are accepted`);
      }
      memory(rows, columns.features.length);
    }
  } catch (e) {
    // The readers name the column and row of a bad value (TypeError, RangeError) or a malformed file.
    if (e instanceof HttpError || e instanceof DataFileError) throw e;
    throw new HttpError(400, (e as Error).message.replaceAll(file, SOURCE));
  }
  if (columns === null) throw new DataFileError(SOURCE, 0, 0, 'no data rows');
  return { rows, columns };
}

/**
 * Copies the body to the file and through the checking parser, chunk by chunk: the body is read
 * only as fast as the disk and the parser take it, so memory holds a few chunks whatever its size.
 */
async function spool(
  body: Readable,
  handle: Awaited<ReturnType<typeof open>>,
  csv: FileSpec,
  dtype: 'float64' | 'float32',
  limits: UploadLimits,
  memory: (rows: number, cols: number) => void,
): Promise<{ rows: number; columns: ModelColumns }> {
  const tap = new PassThrough();
  const checking = check(tap, csv, dtype, limits.maxRows, memory);
  // A failed check ends the copy at its next chunk (below); until then its rejection is awaited there.
  checking.catch(() => {});
  let bytes = 0;
  try {
    // destroyOnReturn: false — on an error the request must stay open for the answer to be sent.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buf.length;
      if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes);
      if (tap.destroyed) break;
      const written = handle.write(buf);
      tap.write(buf);
      await written;
      // Asked after the file write: a 'drain' the parser emitted meanwhile is not waited for in vain.
      if (tap.writableNeedDrain && !tap.destroyed) await drained(tap);
      if (tap.destroyed) break;
    }
  } catch (e) {
    tap.destroy(e as Error);
    throw e;
  }
  if (tap.destroyed) {
    // The check failed (it destroys the tap when it stops reading): its error is the answer.
    await checking;
    throw new Error('the CSV check stopped before the end of the body');
  }
  tap.end();
  return checking;
}

/** Parses the CSV (as the training worker will), counting rows; the values are checked and dropped. */
async function check(
  input: Readable,
  csv: FileSpec,
  dtype: 'float64' | 'float32',
  maxRows: number,
  memory: (rows: number, cols: number) => void,
): Promise<{ rows: number; columns: ModelColumns }> {
  let rows = 0;
  let columns: ModelColumns | null = null;
  for await (const chunk of csvChunks(input, {
    ...csv,
    source: SOURCE,
    dtype,
    chunkRows: CHECK_ROWS,
    fastPath: true,
  })) {
    columns ??= { features: chunk.features, target: chunk.target };
    rows += chunk.X.rows;
    if (rows > maxRows) {
      throw new RowLimitError(SOURCE, 0, 0, `too many rows: at most ${maxRows} data rows are accepted`);
    }
    memory(rows, columns.features.length);
  }
  if (columns === null) throw new DataFileError(SOURCE, 0, 0, 'no data rows after the header');
  return { rows, columns };
}

function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `the uploaded file is larger than the limit of ${maxBytes} bytes`);
}

function asHttpError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  if (e instanceof RowLimitError) return new HttpError(413, e.message);
  if (e instanceof DataFileError) return new HttpError(400, e.message);
  const code = (e as { code?: unknown }).code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (e as Error).message === 'aborted') {
    return new HttpError(400, 'the request body ended before it was complete');
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new HttpError(507, 'no space left on the server to store the upload');
  }
  return e;
}

/**
 * Deletes uploads left by a server on this host that is no longer running (a crash or kill during a
 * job): those of this process id too, since nothing of this process is running yet.
 */
export async function removeStaleUploads(dir: string, log: FastifyBaseLogger): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = UPLOAD_NAME.exec(name);
    if (!m || m[1] !== HOST) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && isProcessAlive(pid)) continue;
    await unlink(join(dir, name)).then(
      () => log.warn({ file: name }, 'deleted an upload left by a stopped server'),
      () => {},
    );
  }
}

/** Deletes an upload (already gone is fine). */
export function removeUpload(file: string): Promise<void> {
  return unlink(file).catch((e: { code?: string }) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

// Reads a JSON (or binary tensor data) request body as it arrives. Each chunk goes through the
// nesting scanner before it is kept: a body nested deeper than the route allows is dropped chunk by
// chunk from then on (read to its end, so that the client, still sending, gets the 400 rather than
// a reset), and never concatenated or parsed. Past the body limit the answer is 413 at once.
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { HttpError } from '../http-error.js';
import { DepthScanner, fewOpenings } from './json-depth.js';

export interface BodyLimits {
  /** Largest body, after decompression, in bytes. */
  limit: number;
  /** Deepest JSON nesting accepted. */
  maxDepth: number;
  /** Bytes of JSON at the start of the body (Inference-Header-Content-Length); the rest is binary. */
  jsonBytes: number | null;
  /** Content-Encoding: gzip, deflate or identity. */
  encoding: string | undefined;
  /** Content-Length, when the client sent one. */
  contentLength: number | undefined;
}

/** The body, or where it nests too deeply (then the bytes are not kept). */
export type BodyBytes = { bytes: Buffer; tooDeepAt: -1 } | { bytes: null; tooDeepAt: number };

/**
 * Calls `done` once, with the body or with an HttpError: 413 past the limit; 415 for an unknown
 * Content-Encoding; 400 for a body that ends early or is not valid gzip/deflate data. (A callback, not
 * a promise: on a one-row inference the promise's extra turns of the event loop were measurable.)
 */
export function readBody(
  payload: Readable,
  o: BodyLimits,
  done: (error: HttpError | null, body?: BodyBytes) => void,
): void {
  if (o.contentLength !== undefined && o.contentLength > o.limit && o.encoding === undefined) {
    done(tooLarge(o));
    return;
  }
  let source: Readable = payload;
  if (o.encoding !== undefined && o.encoding !== 'identity') {
    if (o.encoding !== 'gzip' && o.encoding !== 'deflate') {
      done(new HttpError(415, `Content-Encoding '${o.encoding}' is not supported: send gzip, deflate or identity`));
      return;
    }
    source = payload.pipe(o.encoding === 'gzip' ? createGunzip() : createInflate());
  }
  {
    const resolve = (value: BodyBytes) => done(null, value);
    const reject = (error: HttpError) => done(error);
    let scanner: DepthScanner | null = null;
    const chunks: Buffer[] = [];
    let received = 0;
    let deep = -1;
    let settled = false;
    const finish = (error: HttpError | null, value?: BodyBytes) => {
      if (settled) return;
      settled = true;
      if (error) {
        source.off('data', onData);
        source.off('end', onEnd);
        source.off('error', onError);
        payload.off('error', onError);
        payload.off('aborted', onAborted);
        reject(error);
      } else {
        // A body read to its end emits nothing more but a late error, which `settled` ignores: the
        // listeners go with the request (taking five off cost a microsecond of a one-row inference).
        resolve(value as BodyBytes);
      }
    };
    const onData = (chunk: Buffer) => {
      const start = received;
      received += chunk.length;
      if (received > o.limit) {
        // Not read further: the answer closes the connection.
        if (source !== payload) source.destroy();
        finish(tooLarge(o));
        return;
      }
      if (deep >= 0) return;
      const jsonEnd = o.jsonBytes === null ? chunk.length : Math.max(0, Math.min(chunk.length, o.jsonBytes - start));
      // A JSON text that arrives whole in its first chunk, with no more opening brackets than the limit,
      // cannot nest too deeply (the common small request): counted natively instead of scanned.
      const whole =
        start === 0 &&
        (o.jsonBytes !== null ? chunk.length >= o.jsonBytes : source === payload && chunk.length === o.contentLength);
      if (jsonEnd > 0 && !(whole && fewOpenings(chunk, jsonEnd, o.maxDepth))) {
        scanner ??= new DepthScanner(o.maxDepth);
        deep = scanner.push(chunk, 0, jsonEnd);
      }
      if (deep >= 0) chunks.length = 0;
      else chunks.push(chunk);
      // Every byte the client announced is here: answered now rather than on 'end', which comes a turn
      // of the event loop later. 'end' still follows and finds the body settled.
      if (received === o.contentLength && source === payload) onEnd();
    };
    const onEnd = () => {
      finish(
        null,
        deep >= 0
          ? { bytes: null, tooDeepAt: deep }
          : // A small body comes in one chunk: no copy.
            { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received), tooDeepAt: -1 },
      );
    };
    const onError = (e: Error) => {
      const compressed = source !== payload && (e as { code?: string }).code?.startsWith('Z_');
      finish(
        new HttpError(
          400,
          compressed
            ? `the request body is not valid ${o.encoding} data: ${e.message}`
            : 'the request body ended before it was complete',
        ),
      );
    };
    const onAborted = () => finish(new HttpError(400, 'the request body ended before it was complete'));
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    if (source !== payload) payload.on('error', onError);
    payload.on('aborted', onAborted);
  }
}

function tooLarge(o: BodyLimits): HttpError {
  return new HttpError(
    413,
    o.encoding === undefined || o.encoding === 'identity'
      ? `the request body is larger than the limit of ${o.limit} bytes`
      : `the ${o.encoding}-decoded request body is larger than the limit of ${o.limit} bytes`,
  );
}

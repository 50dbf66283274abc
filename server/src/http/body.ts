// Request bodies, read the same way on every route and refused before they cost anything:
// - JSON (application/json, or no Content-Type at all: Triton's Python and C++ clients send none) is
//   checked for nesting deeper than the route allows before JSON.parse sees it;
// - Triton's binary tensor data (an Inference-Header-Content-Length header on an infer route): the
//   JSON header, then raw tensors; the header is parsed, the tensors stay bytes;
// - data files (CSV, Parquet, Arrow IPC) are handed to the training route as a stream, never held in memory;
// - gzip and deflate Content-Encoding (what Triton's clients offer) are undone within the body limit;
// - anything else is 415 at once, before the body is read.
// Each route says what it takes in its config (`body`), so a type a route does not read is refused.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FileFormat } from 'linwasm';
import secureJson from 'secure-json-parse';
import { HttpError } from '../http-error.js';
import { type BodyBytes, type BodyLimits, readBody } from './read-body.js';

/** What a route reads: route config `{ body: BodyRules }`. */
export interface BodyRules {
  /** Triton's binary tensor data (the infer routes). */
  binary?: boolean;
  /** Data files (CSV, Parquet, Arrow IPC) as a stream (the training route). */
  files?: boolean;
  /** An ONNX model as bytes: application/octet-stream or application/onnx (model uploads). */
  onnx?: boolean;
  /** Deepest JSON nesting accepted (default DEFAULT_MAX_DEPTH). */
  maxDepth?: number;
}

/**
 * Nesting of the protocol's inference request: the request object, its inputs array, an input
 * object, and data nested as a [rows, columns] tensor — 5 levels; other routes' documents nest less
 * than this default.
 */
export const INFER_MAX_DEPTH = 5;
export const DEFAULT_MAX_DEPTH = 16;

/** Media types of raw bytes: binary tensor data on infer routes, an ONNX model on model uploads. */
const BYTE_TYPES = ['application/octet-stream', 'application/onnx', 'application/x-onnx'];

/** The media types of data files a training upload may be, and their formats. */
export const FILE_TYPES: Record<string, FileFormat> = {
  'text/csv': 'csv',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/vnd.apache.arrow.file': 'arrow',
  'application/vnd.apache.arrow.stream': 'arrow',
};

/** A body in Triton's binary tensor data form: the parsed JSON header and the bytes after it. */
export class BinaryBody {
  constructor(
    readonly header: unknown,
    readonly binary: Buffer,
  ) {}
}

/**
 * When the body parser was called, and when parsing the read body began and ended (performance.now()
 * ms): the inference statistics' phases, and the inference routes' latency (they have no onResponse
 * hook, so fastify does not time them: see server.ts).
 */
export interface BodyTimes {
  arrived: number;
  start: number;
  end: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    bodyTimes: BodyTimes | null;
  }
}

export function bodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.decorateRequest('bodyTimes', null);

  app.addContentTypeParser(['application/json', ...BYTE_TYPES], parseBody);

  app.addContentTypeParser(Object.keys(FILE_TYPES), (request, payload, done) => {
    if (!rules(request).files) return done(unsupported(request), undefined);
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      return done(new HttpError(415, `Content-Encoding '${encoding}' is not supported for file uploads`), undefined);
    }
    done(null, payload);
  });

  // Every other type, and a body without Content-Type, which is JSON (or binary tensor data, which
  // parseBody tells apart): Triton's Python and C++ clients send none.
  app.addContentTypeParser('*', (request, payload, done) => {
    if (request.headers['content-type'] !== undefined) return done(unsupported(request), undefined);
    parseBody(request, payload, done);
  });
}

// request.routeOptions builds a new object on every read: each parser reads it once.
function rules(request: FastifyRequest, config = request.routeOptions.config): BodyRules {
  return (config as { body?: BodyRules }).body ?? {};
}

function unsupported(request: FastifyRequest): HttpError {
  const r = rules(request);
  const types = [
    'application/json',
    ...(r.binary ? ['application/octet-stream (binary tensor data)'] : []),
    ...(r.onnx ? ['application/octet-stream or application/onnx (an ONNX model)'] : []),
    ...(r.files ? Object.keys(FILE_TYPES) : []),
  ];
  return new HttpError(
    415,
    `unsupported Content-Type '${request.headers['content-type']}': this route takes ${types.join(', ')}`,
  );
}

type Done = (error: Error | null, body?: unknown) => void;

function parseBody(request: FastifyRequest, payload: Readable, done: Done): void {
  const arrived = performance.now();
  const times: BodyTimes = { arrived, start: arrived, end: arrived };
  request.bodyTimes = times;
  const route = request.routeOptions;
  const r = rules(request, route.config);
  const h = request.headers;
  const headerLength = r.binary ? h['inference-header-content-length'] : undefined;
  const bytesType = isBytes(h['content-type']);
  let jsonBytes: number | null = null;
  if (headerLength !== undefined) {
    jsonBytes = Number(headerLength);
    if (!/^\d+$/.test(String(headerLength)) || jsonBytes < 2) {
      done(badHeaderLength(headerLength, null));
      return;
    }
  } else if (bytesType && r.onnx) {
    readBody(payload, limitsOf(request.headers, route.bodyLimit, 0, 0), (error, read) =>
      error ? done(error) : done(null, (read as BodyBytes).bytes),
    );
    return;
  } else if (bytesType) {
    done(
      r.binary
        ? new HttpError(
            400,
            'a binary body needs the Inference-Header-Content-Length header: the length of its JSON header',
          )
        : unsupported(request),
    );
    return;
  }
  const maxDepth = jsonBytes === null ? (r.maxDepth ?? DEFAULT_MAX_DEPTH) : INFER_MAX_DEPTH;
  readBody(payload, limitsOf(request.headers, route.bodyLimit, maxDepth, jsonBytes), (error, read) => {
    if (error) return done(error);
    const { bytes, tooDeepAt } = read as BodyBytes;
    const start = performance.now();
    if (bytes === null) return done(tooDeep(tooDeepAt, maxDepth));
    try {
      let result: unknown;
      if (jsonBytes !== null) {
        if (jsonBytes > bytes.length) return done(badHeaderLength(headerLength, bytes.length));
        result = new BinaryBody(parseJson(bytes.subarray(0, jsonBytes)), bytes.subarray(jsonBytes));
      } else {
        result = parseJson(bytes);
      }
      times.start = start;
      times.end = performance.now();
      done(null, result);
    } catch (e) {
      done(e as Error);
    }
  });
}

function isBytes(type: string | undefined): boolean {
  if (type === undefined || type.startsWith('application/json')) return false;
  for (const t of BYTE_TYPES) if (type.startsWith(t)) return true;
  return false;
}

// One object literal of a fixed shape: spreading a common part into it and adding the rest went
// through V8's slow path for new properties on every request (3 µs of a one-row inference).
// (The fast inference path reads its bodies with these limits too.)
export function limitsOf(
  h: IncomingHttpHeaders,
  limit: number,
  maxDepth: number,
  jsonBytes: number | null,
): BodyLimits {
  const length = h['content-length'];
  return {
    limit,
    maxDepth,
    jsonBytes,
    encoding: h['content-encoding'],
    contentLength: length === undefined ? undefined : Number(length),
  };
}

function badHeaderLength(value: unknown, bodyLength: number | null): HttpError {
  return new HttpError(
    400,
    `Inference-Header-Content-Length must be the byte length of the JSON header (2 to ${bodyLength ?? 'the body length'}), ` +
      `got '${value}'`,
  );
}

export function tooDeep(at: number, maxDepth: number): HttpError {
  const hint =
    maxDepth === INFER_MAX_DEPTH
      ? ': an inference request nests 5 levels, { "inputs": [ { "data": [ [ … for a [rows, features] tensor'
      : '';
  return new HttpError(400, `the request body nests JSON deeper than ${maxDepth} levels (at byte ${at})${hint}`);
}

export function parseJson(bytes: Buffer): unknown {
  try {
    // secure-json-parse: JSON.parse, and a body with a __proto__ or constructor.prototype key is refused.
    return secureJson.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

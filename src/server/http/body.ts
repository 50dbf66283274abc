// Request bodies, read the same way on every route and refused before they cost anything:
// - JSON (application/json, or no Content-Type at all: Triton's Python and C++ clients send none) is
//   checked for nesting deeper than the route allows before JSON.parse sees it;
// - Triton's binary tensor data (an Inference-Header-Content-Length header on an infer route): the
//   JSON header, then raw tensors; the header is parsed, the tensors stay bytes;
// - CSV (text/csv) is handed to the training route as a stream, never held in memory;
// - gzip and deflate Content-Encoding (what Triton's clients offer) are undone within the body limit;
// - anything else is 415 at once, before the body is read.
// Each route says what it takes in its config (`body`), so a type a route does not read is refused.
import { gunzipSync, inflateSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { HttpError } from '../http-error.js';
import { tooDeepAt } from './json-depth.js';

/** What a route reads: route config `{ body: BodyRules }`. */
export interface BodyRules {
  /** Triton's binary tensor data (the infer routes). */
  binary?: boolean;
  /** text/csv as a stream (the training route). */
  csv?: boolean;
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

/** A body in Triton's binary tensor data form: the parsed JSON header and the bytes after it. */
export class BinaryBody {
  constructor(
    readonly header: unknown,
    readonly binary: Buffer,
  ) {}
}

/** When the body's parsing began and ended (performance.now() ms), for the inference statistics. */
export interface BodyTimes {
  start: number;
  end: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    bodyTimes: BodyTimes | null;
  }
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.decorateRequest('bodyTimes', null);

  // A body without Content-Type is JSON (or binary tensor data, which the JSON parser tells apart).
  app.addHook('onRequest', (request, _reply, done) => {
    const h = request.headers;
    if (
      h['content-type'] === undefined &&
      METHODS_WITH_BODY.has(request.method) &&
      (h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0'))
    ) {
      h['content-type'] = 'application/json';
    }
    done();
  });

  app.addContentTypeParser(
    ['application/json', 'application/octet-stream'],
    { parseAs: 'buffer' },
    (request, body, done) => {
      try {
        done(null, parseBody(request, body as Buffer));
      } catch (e) {
        done(e as Error, undefined);
      }
    },
  );

  app.addContentTypeParser('text/csv', (request, payload, done) => {
    if (!rules(request).csv) return done(unsupported(request), undefined);
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      return done(new HttpError(415, `Content-Encoding '${encoding}' is not supported for CSV uploads`), undefined);
    }
    done(null, payload);
  });

  app.addContentTypeParser('*', (request, _payload, done) => done(unsupported(request), undefined));
}

function rules(request: FastifyRequest): BodyRules {
  return (request.routeOptions.config as { body?: BodyRules }).body ?? {};
}

function unsupported(request: FastifyRequest): HttpError {
  const r = rules(request);
  const types = [
    'application/json',
    ...(r.binary ? ['application/octet-stream (binary tensor data)'] : []),
    ...(r.csv ? ['text/csv'] : []),
  ];
  return new HttpError(
    415,
    `unsupported Content-Type '${request.headers['content-type']}': this route takes ${types.join(', ')}`,
  );
}

function parseBody(request: FastifyRequest, raw: Buffer): unknown {
  const start = performance.now();
  const r = rules(request);
  const body = decode(raw, request);
  const headerLength = request.headers['inference-header-content-length'];
  let result: unknown;
  if (headerLength !== undefined && r.binary) {
    const n = Number(headerLength);
    if (!/^\d+$/.test(String(headerLength)) || n < 2 || n > body.length) {
      throw new HttpError(
        400,
        `Inference-Header-Content-Length must be the byte length of the JSON header (2 to ${body.length}), ` +
          `got '${headerLength}'`,
      );
    }
    result = new BinaryBody(parseJson(body.subarray(0, n), INFER_MAX_DEPTH), body.subarray(n));
  } else if (request.headers['content-type']?.startsWith('application/octet-stream')) {
    throw r.binary
      ? new HttpError(
          400,
          'a binary body needs the Inference-Header-Content-Length header: the length of its JSON header',
        )
      : unsupported(request);
  } else {
    result = parseJson(body, r.maxDepth ?? DEFAULT_MAX_DEPTH);
  }
  request.bodyTimes = { start, end: performance.now() };
  return result;
}

/** Undoes a gzip or deflate Content-Encoding, never past the route's body limit. */
function decode(body: Buffer, request: FastifyRequest): Buffer {
  const encoding = request.headers['content-encoding'];
  if (encoding === undefined || encoding === 'identity') return body;
  const inflate = encoding === 'gzip' ? gunzipSync : encoding === 'deflate' ? inflateSync : null;
  if (inflate === null) {
    throw new HttpError(415, `Content-Encoding '${encoding}' is not supported: send gzip, deflate or identity`);
  }
  const limit = request.routeOptions.bodyLimit;
  try {
    return inflate(body, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `the ${encoding}-decoded request body is larger than the limit of ${limit} bytes`);
    }
    throw new HttpError(400, `the request body is not valid ${encoding} data: ${(e as Error).message}`);
  }
}

function parseJson(bytes: Buffer, maxDepth: number): unknown {
  const at = tooDeepAt(bytes, maxDepth);
  if (at >= 0) {
    const hint =
      maxDepth === INFER_MAX_DEPTH
        ? ': an inference request nests 5 levels, { "inputs": [ { "data": [ [ … for a [rows, features] tensor'
        : '';
    throw new HttpError(400, `the request body nests JSON deeper than ${maxDepth} levels (at byte ${at})${hint}`);
  }
  try {
    // secure-json-parse: JSON.parse, and a body with a __proto__ or constructor.prototype key is refused.
    return secureJson.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

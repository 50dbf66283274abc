// The plain inference request — POST /v2/models/{name}[/versions/{v}]/infer with a JSON body (or no
// Content-Type, as Triton's clients send) of a known length — answered straight from Node's HTTP
// server, before fastify routes it. On a one-row inference fastify's routing, request and reply
// objects, content-type parser machinery and hook runners cost as much as linwasm's whole handler;
// this path does the same work as the fastify route with the same functions (body reading and its
// nesting check, the request checks, infer, the answer's encoding, the statistics, the HTTP metrics
// and the access log, the error form), and skips only fastify's own.
//
// Every other request goes to fastify untouched, before any byte of its body is read: other routes,
// binary tensor data, compressed or chunked bodies, other media types, query strings, percent-encoded
// or overlong path segments, and — when inference needs a token — a missing or wrong one (fastify's
// hook answers the 401 and logs it). What this path cannot offer is what fastify adds to a route:
// hooks, plugins and route options added to the server by an embedding application do not see the
// requests it answers. So it is an option (`fastInference`), on in `linwasm serve`, whose server
// nothing can be added to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.js';
import { errorAnswer } from '../http-error.js';
import { infer } from '../inference/infer.js';
import { readRestRequest } from '../inference/request.js';
import { MODEL_ROUTES } from '../routes/protocol.js';
import { INFER_MAX_DEPTH, limitsOf, parseJson, tooDeep } from './body.js';
import { encodeInferResponse } from './infer-response.js';
import { type BodyBytes, readBody } from './read-body.js';

/** Takes a request (true) or leaves it to fastify (false, nothing read). */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The inference routes' paths, with the router's limits: a segment of up to maxParamLength characters
 * that needs no decoding. Names and versions themselves are checked by the registry, as on the route.
 */
function inferPath(maxParamLength: number): RegExp {
  const segment = `([A-Za-z0-9._-]{1,${maxParamLength}})`;
  return new RegExp(`^/v2/models/${segment}(?:/versions/${segment})?/infer$`);
}

// The route labels of the metrics: the fastify routes' URL templates.
const [ROUTE, VERSIONED_ROUTE] = MODEL_ROUTES.map((prefix) => `${prefix}/infer`);

export function fastInference(ctx: ServerContext, maxParamLength: number): FastPath {
  const path = inferPath(maxParamLength);
  const o = ctx.options;
  const needsToken = o.protectInference;
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const h = req.headers;
    const type = h['content-type'];
    if (type !== undefined && type !== 'application/json' && !type.startsWith('application/json;')) return false;
    const length = h['content-length'];
    if (
      length === undefined ||
      length === '0' ||
      h['transfer-encoding'] !== undefined ||
      (h['content-encoding'] !== undefined && h['content-encoding'] !== 'identity') ||
      h['inference-header-content-length'] !== undefined
    ) {
      return false;
    }
    const match = path.exec(req.url as string);
    if (match === null) return false;
    if (needsToken) {
      try {
        ctx.checkToken(h.authorization);
      } catch {
        return false;
      }
    }
    const arrived = performance.now();
    const [, name, version] = match;
    const route = version === undefined ? ROUTE : VERSIONED_ROUTE;
    readBody(req, limitsOf(h, o.bodyLimit, INFER_MAX_DEPTH, null), (error, read) => {
      // Errors of the body (its size, nesting or JSON) are the body parser's on the fastify route, which
      // closes the connection after answering them, as the client may still be sending: so does this path.
      let parsed: unknown;
      let start: number;
      try {
        if (error) throw error;
        const { bytes, tooDeepAt } = read as BodyBytes;
        start = performance.now();
        if (bytes === null) throw tooDeep(tooDeepAt, INFER_MAX_DEPTH);
        parsed = parseJson(bytes);
      } catch (e) {
        answerError(ctx, req, res, route, arrived, e as Error, true);
        return;
      }
      try {
        const request = readRestRequest(parsed, null);
        const end = performance.now();
        const result = infer(ctx, name, version, request, { arrived, bodyStart: start, bodyEnd: end });
        const encoded = encodeInferResponse(result);
        result.done();
        // The headers fastify's reply sends for the same answer, in its order (Node adds Date and Connection).
        const length = Buffer.byteLength(encoded.body);
        res.writeHead(
          200,
          encoded.headerLength === null
            ? { 'content-type': encoded.contentType, 'content-length': length }
            : {
                'content-type': encoded.contentType,
                'inference-header-content-length': String(encoded.headerLength),
                'content-length': length,
              },
        );
        res.end(encoded.body);
        ctx.answered(req.method as string, req.url as string, null, 200, route, performance.now() - arrived);
      } catch (e) {
        answerError(ctx, req, res, route, arrived, e as Error, false);
      }
    });

    return true;
  };
}

/** Answers an error in the server's form, as the fastify route's error handler does. */
function answerError(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  arrived: number,
  e: Error,
  closeConnection: boolean,
): void {
  const answer = errorAnswer(e);
  let id: string | null = null;
  if (answer.status >= 500) ctx.log.error({ reqId: (id = ctx.requestId()), err: e }, 'request failed');
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(closeConnection ? { connection: 'close' } : {}),
    ...answer.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  ctx.answered(req.method as string, req.url as string, id, answer.status, route, performance.now() - arrived);
}

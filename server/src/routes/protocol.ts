// The Open Inference Protocol (KServe v2) REST API: health, server and model metadata, model
// readiness, inference (JSON and Triton's binary tensor data) and Triton's statistics extension.
// Each model route exists with and without /versions/{version}; without it the latest (highest)
// version answers. Health answers 200 for true and 4xx for false, as the protocol asks.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsFromHandler, ModelParams, ServerContext } from '../context.js';
import { BinaryBody, type BodyRules, type BodyTimes, INFER_MAX_DEPTH } from '../http/body.js';
import { encodeInferResponse } from '../http/infer-response.js';
import { HttpError } from '../http-error.js';
import { infer } from '../inference/infer.js';
import { metadata, SERVER_EXTENSIONS } from '../inference/metadata.js';
import { readRestRequest } from '../inference/request.js';

const INFER_BODY: BodyRules = { binary: true, maxDepth: INFER_MAX_DEPTH };

/** The model routes' prefixes: the latest version, and a given one. */
export const MODEL_ROUTES = ['/v2/models/:name', '/v2/models/:name/versions/:version'] as const;

export function protocolRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const guard = { onRequest: ctx.protectInference };

  app.get('/v2/health/live', async () => ({ live: true }));

  app.get('/v2/health/ready', async (_request, reply) => {
    // Not ready while loading or shutting down: load balancers and Kubernetes stop sending traffic.
    if (!ctx.ready) reply.code(400);
    return { ready: ctx.ready };
  });

  app.get('/v2', async () => ({ name: 'linwasm', version: ctx.version, extensions: SERVER_EXTENSIONS }));

  app.get('/v2/models/stats', guard, async () => ({
    model_stats: ctx.registry.list().flatMap((name) => versionStats(ctx, name)),
  }));

  for (const prefix of MODEL_ROUTES) {
    app.get<{ Params: ModelParams }>(prefix, guard, async (request) => {
      const { name, version } = request.params;
      return metadata(ctx.registry.get(name, version), version ? [version] : ctx.registry.versions(name));
    });

    app.get<{ Params: ModelParams }>(`${prefix}/ready`, guard, async (request, reply) => {
      const { name, version } = request.params;
      const found = ctx.registry.get(name, version);
      if (!ctx.ready) reply.code(400);
      return { name, version: found.version, ready: ctx.ready };
    });

    app.get<{ Params: ModelParams }>(`${prefix}/stats`, guard, async (request) => {
      const { name, version } = request.params;
      const found = ctx.registry.get(name, version);
      return { model_stats: version ? [ctx.stats.stat(name, found.version)] : versionStats(ctx, name) };
    });

    const infer = `${prefix}/infer`;
    const config: { body: BodyRules } & MetricsFromHandler = { body: INFER_BODY, metricsFromHandler: true };
    app.post<{ Params: ModelParams }>(infer, { ...guard, config }, inferHandler(ctx, infer));
  }
}

// Synchronous, and answers with reply.send (errors thrown go to the error handler): an async handler
// resolved its promise with the reply, which costs a lookup of reply.then and a turn of microtasks.
function inferHandler(ctx: ServerContext, route: string) {
  return (request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply): void => {
    const body = request.body;
    if (body === undefined) throw new HttpError(400, 'the inference request has no body');
    // A body was parsed, so its parser set bodyTimes.
    const times = request.bodyTimes as BodyTimes;
    const request_ =
      body instanceof BinaryBody ? readRestRequest(body.header, body.binary) : readRestRequest(body, null);
    const { arrived } = times;
    const result = infer(ctx, request.params.name, request.params.version, request_, {
      arrived,
      bodyStart: times.start,
      bodyEnd: times.end,
    });
    const encoded = encodeInferResponse(result);
    reply.header('content-type', encoded.contentType);
    if (encoded.headerLength !== null) reply.header('inference-header-content-length', String(encoded.headerLength));
    result.done();
    reply.send(encoded.body);
    ctx.answered(request.method, request.url, request.id, reply.statusCode, route, performance.now() - arrived);
  };
}

function versionStats(ctx: ServerContext, name: string) {
  return ctx.registry.versions(name).map((v) => ctx.stats.stat(name, v));
}

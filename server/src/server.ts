// createServer: a fastify instance serving the registry over the Open Inference Protocol (REST, and
// gRPC when a port is given), training jobs, registry changes and Prometheus metrics. It is returned
// before it has loaded anything, so it can be configured further; `await`, ready() or listen() load
// the WASM core and the registry.
import { readFileSync } from 'node:fs';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyListenOptions,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { init } from 'linwasm';
import { bearerAuth } from './auth.js';
import type { MetricsFromHandler, ServerContext } from './context.js';
import type { GrpcServer } from './grpc/server.js';
import { bodyParsers } from './http/body.js';
import { answerClientError, drainConnections, type FirstHandler, httpServerFactory } from './http/connections.js';
import { fastInference } from './http/fast-inference.js';
import { errorAnswer, type HttpError } from './http-error.js';
import { InferenceStats } from './inference/stats.js';
import { JobQueue } from './jobs.js';
import { checkName } from './names.js';
import { resolveServerOptions, type ServerOptions } from './options.js';
import { createMetrics } from './prometheus.js';
import { Registry } from './registry.js';
import { protocolRoutes } from './routes/protocol.js';
import { repositoryRoutes } from './routes/repository.js';
import { trainingRoutes } from './routes/training.js';
import { removeStaleUploads, uploadDir } from './upload.js';

/** The server: a fastify instance, thenable (await it to load the registry before listening). */
export type LinwasmServer = FastifyInstance &
  PromiseLike<FastifyInstance> & {
    /** The gRPC port once listen() has started the gRPC service (null without one). */
    readonly grpcPort: number | null;
  };

const TRAIN_WORKER = new URL('./train-worker.js', import.meta.url);

/** Longest path parameter accepted before 414: a model name (128) or a version fits well within it. */
const MAX_PARAM_LENGTH = 256;

/**
 * Creates the model server: a fastify instance with every route registered. `await server.listen()`
 * serves on the `port` and `host` options (or those given to listen), and gRPC on `grpcPort` when
 * set; `await server.ready()` loads the WASM core and the registry without listening (for `inject`,
 * or to mount `server.routing` in another HTTP server); `await server.close()` stops being ready,
 * drains connections, and lets training jobs finish (for up to `shutdownTimeout`). More routes and
 * plugins can be added before it starts.
 *
 * @example
 * const server = createServer({ models: './models', port: 8080, grpcPort: 8081 });
 * await server.listen();
 *
 * @throws TypeError/RangeError for bad options (at once); the registry directory's errors reject
 * ready() and listen().
 */
export function createServer(options: ServerOptions = {}): LinwasmServer {
  const o = resolveServerOptions(options);
  // The logger fastify would make of these options (its serializers, level and transport), taken from
  // an instance that is never started. The server's own instance has none: fastify attaches a 'finish'
  // and an 'error' listener to every response whenever it has a logger, to log completions that are
  // turned off here, and on a one-row inference that cost more than linwasm's whole handler. It is
  // given this logger as app.log, and as request.log by childLoggerFactory.
  const log = Fastify(o.loggerInstance ? { loggerInstance: o.loggerInstance } : { logger: o.logger }).log;
  // The fast inference path, when it is on, sees requests before fastify: set below, once ctx exists.
  const first: FirstHandler = { take: null };
  const app = Fastify({
    logger: false,
    bodyLimit: o.bodyLimit,
    // Unknown properties in a body are an error (the schemas say additionalProperties: false where it
    // matters), and values are never coerced ("1" is not a number).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // Requests are logged by `answered` below when accessLog asks for it: fastify's two info lines per
    // request halved the throughput of small inferences.
    logController: new LogController({ disableRequestLogging: true }),
    // Requests log through the server's logger (lines that concern a request carry its reqId): a pino
    // child per request was a measurable share of a one-row inference.
    childLoggerFactory: () => log,
    genReqId: () => requestId(),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    serverFactory: httpServerFactory(o, first),
    clientErrorHandler: answerClientError,
    // Errors of the router itself (bad percent-encoding, a path segment too long) in the server's form.
    // Counted like the requests no route matches (no route's hook sees them).
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      (reply as FastifyReply).code(tooLong ? 414 : 400).send({
        error: tooLong
          ? `a path segment is longer than ${MAX_PARAM_LENGTH} characters`
          : 'the URL is not valid: bad percent-encoding',
      });
      answered(request.method, request.url, request.id, reply.statusCode, 'unmatched', reply.elapsedTime);
    },
    // Shutdown is handled below: requests go on being answered while connections drain.
    return503OnClosing: false,
    forceCloseConnections: false,
  });

  app.log = log;

  const singleModel = o.modelDir ? { name: checkName(o.modelName as string) } : null;
  const registry = new Registry(o.modelDir ?? o.models, app.log, singleModel);
  const metrics = createMetrics({ defaultMetrics: o.defaultMetrics, versions: () => registry.size });
  const jobs = new JobQueue({
    maxConcurrent: o.maxConcurrentJobs,
    maxQueued: o.maxQueuedJobs,
    timeoutMs: o.jobTimeout,
    maxFinished: o.maxFinishedJobs,
    registry,
    metrics,
    log: app.log,
    workerUrl: TRAIN_WORKER,
  });
  const check = bearerAuth(o.token);
  const hook = check
    ? async (request: FastifyRequest) => {
        try {
          check(request.headers.authorization);
        } catch (e) {
          if (request.headers.authorization !== undefined) {
            request.log.warn(
              { reqId: request.id, route: request.routeOptions.url },
              'rejected a request with a wrong bearer token',
            );
          }
          throw e;
        }
      }
    : null;
  // Request ids for the logs, fastify's form (req-1, req-2, …), from one counter shared with the fast
  // inference path, which makes one only when it logs.
  let lastId = 0;
  const requestId = () => {
    lastId = (lastId + 1) & 0x7fffffff;
    return `req-${lastId.toString(36)}`;
  };
  // Metrics and access logs: a hook on each route, made when the route is added, which knows its URL
  // template (request.routeOptions builds an object on every read), or the route's own call after it
  // answers (MetricsFromHandler); requests no route matches are counted, as route 'unmatched', by the
  // not-found handler, and those the router refuses by frameworkErrors.
  const answered = (method: string, url: string, id: string | null, status: number, route: string, ms: number) => {
    metrics.http(method, route, status).observe(ms / 1000);
    if (o.accessLog > 0 && (o.accessLog === 1 || Math.random() < o.accessLog)) {
      log.info({ reqId: id ?? requestId(), method, url, status, ms }, 'request');
    }
  };
  const ctx: ServerContext = {
    registry,
    jobs,
    metrics,
    stats: new InferenceStats(),
    options: o,
    protect: hook ? [hook] : [],
    protectInference: hook && o.protectInference ? [hook] : [],
    checkToken: check ?? (() => {}),
    version: packageVersion(),
    ready: false,
    answered,
    log,
    requestId,
  };

  if (o.fastInference) first.take = fastInference(ctx, MAX_PARAM_LENGTH);

  bodyParsers(app);

  app.addHook('onRoute', (route) => {
    if ((route.config as MetricsFromHandler | undefined)?.metricsFromHandler) return;
    const url = route.url;
    const hook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      answered(request.method, request.url, request.id, reply.statusCode, url, reply.elapsedTime);
      done();
    };
    route.onResponse = route.onResponse ? [...[route.onResponse].flat(), hook] : [hook];
  });

  app.setErrorHandler((error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply) => {
    // The protocol's error form. Unexpected errors are logged, not shown to clients.
    const answer = errorAnswer(error);
    if (answer.status >= 500) request.log.error({ reqId: request.id, err: error }, 'request failed');
    reply.headers(answer.headers);
    reply.code(answer.status).send(answer.body);
    const route = request.routeOptions;
    if ((route.config as MetricsFromHandler | undefined)?.metricsFromHandler) {
      // Refused before its body parser started (an unsupported Content-Type): counted as 0 ms.
      const times = request.bodyTimes;
      const ms = times ? performance.now() - times.arrived : 0;
      answered(request.method, request.url, request.id, reply.statusCode, route.url as string, ms);
    }
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    answered(request.method, request.url, request.id, 404, 'unmatched', reply.elapsedTime);
    return { error: `no route ${request.method} ${request.url.split('?')[0]}` };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  protocolRoutes(app, ctx);
  trainingRoutes(app, ctx);
  repositoryRoutes(app, ctx);

  app.register(async () => {
    await init({ threads: o.threads });
    await registry.load();
    if (registry.writable) await removeStaleUploads(uploadDir(registry.root), app.log);
    ctx.ready = true;
  });

  let grpc: GrpcServer | null = null;
  app.decorate('grpcPort', {
    getter: () => grpc?.port ?? null,
  });

  // Shutdown: not ready at once (load balancers stop sending traffic), no new connections or jobs,
  // every answer from now on ends its connection, idle connections get drainTimeout to send one more
  // request; then fastify closes the server (waiting for requests still running) and the jobs finish.
  app.addHook('preClose', async () => {
    ctx.ready = false;
    jobs.stopAccepting();
    await Promise.all([drainConnections(app.server, o.drainTimeout), grpc?.close(o.drainTimeout)]);
  });
  app.addHook('onClose', async () => {
    await jobs.close(o.shutdownTimeout);
  });

  // listen() without a port or host uses the server's options (as `linwasm serve` does), and starts
  // the gRPC service when grpcPort is set.
  const listen = app.listen as (this: FastifyInstance, opts: FastifyListenOptions) => Promise<string>;
  app.listen = async function (this: FastifyInstance, given: FastifyListenOptions = {}) {
    if (typeof given === 'function') throw new TypeError('listen() takes options and returns a promise; no callback');
    // gRPC first: once HTTP answers (and its readiness says so), every configured listener is up.
    if (o.grpcPort !== undefined) {
      await this.ready();
      const { startGrpc } = await import('./grpc/server.js');
      grpc = await startGrpc(ctx, given.host ?? o.host, o.grpcPort, app.log);
    }
    try {
      return await listen.call(this, { port: o.port, host: o.host, ...given });
    } catch (e) {
      await grpc?.close(0);
      throw e;
    }
  } as unknown as typeof app.listen;

  return app as unknown as LinwasmServer;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

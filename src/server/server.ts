// createServer: a fastify instance serving the registry over the Open Inference Protocol, training
// jobs, registry changes and Prometheus metrics. It is returned before it has loaded anything, so it
// can be configured further; `await`, ready() or listen() load the WASM core and the registry.
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyListenOptions } from 'fastify';
import { init } from '../index.js';
import { bearerAuth } from './auth.js';
import type { ModelParams, ServerContext } from './context.js';
import { removeStaleUploads, uploadDir } from './csv-upload.js';
import { HttpError } from './http-error.js';
import { JobQueue } from './jobs.js';
import { createMetrics } from './metrics.js';
import { checkName, checkVersion } from './names.js';
import { resolveServerOptions, type ServerOptions } from './options.js';
import { Registry } from './registry.js';
import { protocolRoutes } from './routes/protocol.js';
import { repositoryRoutes } from './routes/repository.js';
import { trainingRoutes } from './routes/training.js';

/** The server: a fastify instance, thenable (await it to load the registry before listening). */
export type LinwasmServer = FastifyInstance & PromiseLike<FastifyInstance>;

const TRAIN_WORKER = new URL('./train-worker.js', import.meta.url);

/**
 * Creates the model server: a fastify instance with every route registered. `await server.listen()`
 * serves on the `port` and `host` options (or those given to listen); `await server.ready()` loads
 * the WASM core and the registry without listening (for `inject`, or to mount `server.routing` in
 * another HTTP server); `await server.close()` drains requests and lets training jobs finish (for up
 * to `shutdownTimeout`). More routes and plugins can be added before it starts.
 *
 * @example
 * const server = createServer({ models: './models', port: 8080 });
 * await server.listen();
 *
 * @throws TypeError/RangeError for bad options (at once); the registry directory's errors reject
 * ready() and listen().
 */
export function createServer(options: ServerOptions = {}): LinwasmServer {
  const o = resolveServerOptions(options);
  const app = Fastify({
    ...(o.loggerInstance ? { loggerInstance: o.loggerInstance } : { logger: o.logger }),
    bodyLimit: o.bodyLimit,
    // Unknown properties in a body are an error (the schemas say additionalProperties: false where it
    // matters), not silently dropped as fastify does by default.
    ajv: { customOptions: { removeAdditional: false } },
    // During close: 503 to new requests, idle keep-alive connections closed, in-flight ones finished.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  const registry = new Registry(o.models, app.log);
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
  const auth = bearerAuth(o.token);
  const ctx: ServerContext = {
    registry,
    jobs,
    metrics,
    options: o,
    protect: auth ? [auth] : [],
    version: packageVersion(),
    ready: false,
  };

  // Names and versions become paths on disk: check them before anything else reads them.
  app.addHook('preValidation', async (request) => {
    const params = request.params as Partial<ModelParams> | undefined;
    if (params?.name !== undefined) checkName(params.name);
    if (params?.version !== undefined) checkVersion(params.version);
  });

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    metrics.requests.inc(labels);
    metrics.latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: FastifyError | HttpError | Error, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (error instanceof HttpError) reply.headers(error.headers);
    // The protocol's error form. Unexpected errors are logged, not shown to clients.
    reply
      .code(status)
      .send({ error: status >= 500 && !(error instanceof HttpError) ? 'internal error' : error.message });
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
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
    await init();
    await registry.load();
    await removeStaleUploads(uploadDir(registry.root), app.log);
    ctx.ready = true;
  });

  let closing = false;
  app.addHook('preClose', async () => {
    ctx.ready = false;
    closing = true;
  });
  // Answers sent while closing end their keep-alive connection; otherwise an idle client connection
  // would hold close() open until the keep-alive timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    await jobs.close(o.shutdownTimeout);
  });

  // listen() without a port or host uses the server's options (as `linwasm serve` does).
  const listen = app.listen;
  app.listen = function (this: FastifyInstance, ...args: unknown[]) {
    const [first, ...rest] = args;
    const given = typeof first === 'object' && first !== null ? (first as FastifyListenOptions) : {};
    const callback = typeof first === 'function' ? [first] : rest;
    return (listen as (...a: unknown[]) => unknown).call(this, { port: o.port, host: o.host, ...given }, ...callback);
  } as typeof app.listen;

  return app as LinwasmServer;
}

function statusOf(error: Error): number {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

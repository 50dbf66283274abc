// What the route modules and the gRPC service share: the registry, the job queue, metrics,
// statistics, limits and the auth hooks.
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { InferenceStats } from './inference/stats.js';
import type { JobQueue } from './jobs.js';
import type { ResolvedServerOptions } from './options.js';
import type { Metrics } from './prometheus.js';
import type { Registry } from './registry.js';

type Hook = (request: FastifyRequest) => Promise<void>;

export interface ServerContext {
  registry: Registry;
  jobs: JobQueue;
  metrics: Metrics;
  stats: InferenceStats;
  options: ResolvedServerOptions;
  /** onRequest hooks for routes that change state (empty when no token is set). */
  protect: Hook[];
  /** onRequest hooks for inference, metadata and statistics (empty unless protectInference). */
  protectInference: Hook[];
  /** Checks a bearer token from an Authorization header or gRPC metadata. @throws HttpError 401 */
  checkToken: (authorization: string | undefined) => void;
  /** The package version, for GET /v2. */
  version: string;
  /** Registry loaded and not shutting down. */
  ready: boolean;
  /**
   * Counts an answered request that took `ms` in the HTTP metrics (and the access log, under `id`, or
   * a new id when null). Routes whose config says `metricsFromHandler` call it themselves once they
   * have sent their answer, timed from their body parser's start; every other route is counted by an
   * onResponse hook with fastify's time; the fast inference path calls it as those routes do.
   */
  answered: (method: string, url: string, id: string | null, status: number, route: string, ms: number) => void;
  /** The server's logger (app.log, and every request.log). */
  log: FastifyBaseLogger;
  /** A new request id, in fastify's form (req-1, req-2, …): the ids fastify gives requests come from it too. */
  requestId: () => string;
}

/**
 * Route config of a route that counts its own answers (ctx.answered after reply.send; its errors are
 * counted by the error handler): the inference routes, where fastify's onResponse hook runner was a
 * measurable share of a one-row request.
 */
export interface MetricsFromHandler {
  metricsFromHandler?: boolean;
}

/** Path parameters of the model routes (checked against the safe patterns before any handler). */
export interface ModelParams {
  name: string;
  version?: string;
}

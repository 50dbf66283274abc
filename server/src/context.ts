// What the route modules and the gRPC service share: the registry, the job queue, metrics,
// statistics, limits and the auth hooks.
import type { FastifyReply, FastifyRequest } from 'fastify';
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
   * Counts an answered request that took `ms` in the HTTP metrics (and the access log). Routes whose
   * config says `metricsFromHandler` call it themselves once they have sent their answer, timed from
   * their body parser's start; every other route is counted by an onResponse hook with fastify's time.
   */
  answered: (request: FastifyRequest, reply: FastifyReply, route: string, ms: number) => void;
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

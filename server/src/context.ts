// What the route modules and the gRPC service share: the registry, the job queue, metrics,
// statistics, limits and the auth hooks.
import type { FastifyRequest } from 'fastify';
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
}

/** Path parameters of the model routes (checked against the safe patterns before any handler). */
export interface ModelParams {
  name: string;
  version?: string;
}

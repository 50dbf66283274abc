// What the route modules share: the registry, the job queue, metrics, limits and the auth hook.
import type { FastifyRequest } from 'fastify';
import type { JobQueue } from './jobs.js';
import type { Metrics } from './metrics.js';
import type { ResolvedServerOptions } from './options.js';
import type { Registry } from './registry.js';

export interface ServerContext {
  registry: Registry;
  jobs: JobQueue;
  metrics: Metrics;
  options: ResolvedServerOptions;
  /** onRequest hooks for routes that need the bearer token (empty when no token is set). */
  protect: ((request: FastifyRequest) => Promise<void>)[];
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

// Options of createServer: defaults and checks. Limits default to values that keep one request from
// taking the server down on a small machine; every one can be raised.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

export interface ServerOptions {
  /** The registry directory, models/<name>/<version>/model.json (default './models'; created if missing). */
  models?: string;
  /** Port that listen() uses when it is not given one (default 8080; 0 picks a free port). */
  port?: number;
  /** Address that listen() uses when it is not given one (default '127.0.0.1'; '0.0.0.0' for all). */
  host?: string;
  /**
   * Bearer token required by training and registry changes. Default: the LINWASM_TOKEN environment
   * variable; no token (open routes) when that is unset or empty.
   */
  token?: string;
  /** fastify's logger option: false (default), true, or pino options (level, transport, …). */
  logger?: FastifyServerOptions['logger'];
  /** A pino logger to use instead (fastify's loggerInstance). */
  loggerInstance?: FastifyBaseLogger;
  /** Training jobs running at once, each in its own worker thread (default 1). */
  maxConcurrentJobs?: number;
  /** Jobs waiting for a worker; more are refused with 429 (default 8; 0 refuses whenever all workers are busy). */
  maxQueuedJobs?: number;
  /** A running job is stopped and failed after this many milliseconds (default 3 600 000; 0: no limit). */
  jobTimeout?: number;
  /** Finished jobs remembered for GET /v2/jobs/{id} (default 1000). */
  maxFinishedJobs?: number;
  /** Rows per inference request (default 100 000); more is refused with 413. */
  maxRows?: number;
  /** Rows per training request (default 1 000 000); more is refused with 413. */
  maxTrainRows?: number;
  /** Largest request body in bytes, except training (default 16 MiB); larger is refused with 413. */
  bodyLimit?: number;
  /** Largest JSON training body in bytes (default 128 MiB); it is parsed in memory. */
  trainBodyLimit?: number;
  /**
   * Largest CSV training upload in bytes (default 1 GiB); larger is refused with 413. A CSV upload is
   * streamed to a temporary file in the registry directory, not held in memory.
   */
  trainCsvLimit?: number;
  /** On close, how long running jobs may take to finish before they are stopped and failed, in ms (default 25 000). */
  shutdownTimeout?: number;
  /** Also export Node's process metrics (CPU, memory, event loop lag) at /metrics (default true). */
  defaultMetrics?: boolean;
}

export type ResolvedServerOptions = Required<Omit<ServerOptions, 'token' | 'loggerInstance' | 'logger'>> &
  Pick<ServerOptions, 'token' | 'loggerInstance' | 'logger'>;

const LIMITS = {
  maxConcurrentJobs: [1, 1],
  maxQueuedJobs: [8, 0],
  jobTimeout: [3_600_000, 0],
  maxFinishedJobs: [1000, 0],
  maxRows: [100_000, 1],
  maxTrainRows: [1_000_000, 1],
  bodyLimit: [16 * 1024 * 1024, 1],
  trainBodyLimit: [128 * 1024 * 1024, 1],
  trainCsvLimit: [1024 * 1024 * 1024, 1],
  shutdownTimeout: [25_000, 0],
} as const;

/**
 * Fills in defaults and checks values.
 * @throws TypeError for an unknown option or a wrong type; RangeError for a number out of range.
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const known = [
    'models',
    'port',
    'host',
    'token',
    'logger',
    'loggerInstance',
    'defaultMetrics',
    ...Object.keys(LIMITS),
  ];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`Unknown server option '${key}'; known: ${known.join(', ')}`);
  }
  const out: Record<string, unknown> = {
    models: options.models ?? './models',
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    token: options.token ?? process.env.LINWASM_TOKEN ?? '',
    logger: options.logger ?? false,
    loggerInstance: options.loggerInstance,
    defaultMetrics: options.defaultMetrics ?? true,
  };
  if (typeof out.models !== 'string' || out.models === '') {
    throw new TypeError('Server option models must be a directory path');
  }
  if (typeof out.token !== 'string') throw new TypeError('Server option token must be a string');
  if (!Number.isInteger(out.port) || (out.port as number) < 0 || (out.port as number) > 65535) {
    throw new RangeError(`Server option port must be an integer from 0 to 65535, got ${String(out.port)}`);
  }
  if (typeof out.host !== 'string' || out.host === '') throw new TypeError('Server option host must be an address');
  for (const [key, [fallback, min]] of Object.entries(LIMITS)) {
    const v = (options as Record<string, unknown>)[key] ?? fallback;
    if (!Number.isSafeInteger(v) || (v as number) < min) {
      throw new RangeError(`Server option ${key} must be an integer ≥ ${min}, got ${String(v)}`);
    }
    out[key] = v;
  }
  return out as ResolvedServerOptions;
}

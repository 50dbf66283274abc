// Options of createServer: defaults and checks. Limits and timeouts default to values that keep one
// request or one slow client from taking the server down on a small machine; every one can be changed.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

export interface ServerOptions {
  /** The registry directory, models/<name>/<version>/model.json (default './models'; created if missing). */
  models?: string;
  /**
   * Serve one model from a read-only directory instead of a registry, as KServe mounts it at
   * /mnt/models: the directory holds model.json (version 1) or versioned folders 1/model.json, 2/…
   * Needs `modelName`; training and registry changes are refused (403).
   */
  modelDir?: string;
  /** The name of the model in `modelDir` (default: the LINWASM_MODEL_NAME environment variable). */
  modelName?: string;
  /** Port that listen() uses when it is not given one (default 8080; 0 picks a free port). */
  port?: number;
  /** Address that listen() uses when it is not given one (default '127.0.0.1'; '0.0.0.0' for all). */
  host?: string;
  /**
   * Also serve the KServe v2 gRPC API (inference.GRPCInferenceService) on this port, on `host`
   * (default: no gRPC; 0 picks a free port, see `server.grpcPort`).
   */
  grpcPort?: number;
  /**
   * Bearer token required by training and registry changes. Default: the LINWASM_TOKEN environment
   * variable; no token (open routes) when that is unset or empty.
   */
  token?: string;
  /**
   * Require the token for inference, model metadata, readiness and statistics too, over REST and
   * gRPC (default false; health and /metrics stay open). Needs a token.
   */
  protectInference?: boolean;
  /** fastify's logger option: false (default), true, or pino options (level, transport, …). */
  logger?: FastifyServerOptions['logger'];
  /** A pino logger to use instead (fastify's loggerInstance). */
  loggerInstance?: FastifyBaseLogger;
  /**
   * One log line per request (method, route, status, time): true for every request, a number in
   * (0, 1] for that fraction of them (default false: errors and lifecycle events only).
   */
  accessLog?: boolean | number;
  /** Training jobs running at once, each in its own worker thread (default 1). */
  maxConcurrentJobs?: number;
  /**
   * Threads of linwasm's pool in the server's process, for predictions on large requests: 'auto'
   * (default: every core) or a count (init's threads option). Training jobs run on one thread each.
   */
  threads?: 'auto' | number;
  /** Jobs waiting for a worker; more are refused with 429 (default 8; 0 refuses whenever all workers are busy). */
  maxQueuedJobs?: number;
  /** A running job is stopped and failed after this many milliseconds (default 3 600 000; 0: no limit). */
  jobTimeout?: number;
  /**
   * Estimated memory a training job may need, in bytes (default 2 GiB): the data held in memory and,
   * for the exact solver, its nFeatures² normal equations. A larger job is refused with 413.
   */
  maxJobMemory?: number;
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
   * Largest training file upload (CSV, Parquet, Arrow IPC) in bytes (default 1 GiB); larger is refused
   * with 413. An upload is streamed to a temporary file in the registry directory, not held in memory.
   */
  trainCsvLimit?: number;
  /** A connection must send a request's headers within this many ms (default 30 000), or it is closed (408). */
  headersTimeout?: number;
  /** A connection must send a whole request, body included, within this many ms (default 300 000; 0: no limit). */
  requestTimeout?: number;
  /** An idle keep-alive connection is closed after this many ms (default 72 000: longer than the load balancers' 60 s). */
  keepAliveTimeout?: number;
  /**
   * On close, how long open keep-alive connections are given to send one more request (answered with
   * `Connection: close`) before those that stayed idle are closed, in ms (default 500).
   */
  drainTimeout?: number;
  /** On close, how long running jobs may take to finish before they are stopped and failed, in ms (default 25 000). */
  shutdownTimeout?: number;
  /** Also export Node's process metrics (CPU, memory, event loop lag) at /metrics (default true). */
  defaultMetrics?: boolean;
  /**
   * Answer plain JSON inference requests (POST …/infer with a JSON body of known length) straight from
   * Node's HTTP server, before fastify routes them: the same checks, answers, errors, statistics,
   * metrics and access log, at a fraction of fastify's cost per request. Hooks and plugins added to
   * the server do not see those requests, so it is off by default (`linwasm serve` turns it on).
   */
  fastInference?: boolean;
}

type Nullable = 'token' | 'loggerInstance' | 'logger' | 'modelDir' | 'modelName' | 'grpcPort';
export type ResolvedServerOptions = Required<Omit<ServerOptions, Nullable | 'accessLog'>> &
  Pick<ServerOptions, Nullable> & { accessLog: number };

const LIMITS = {
  maxConcurrentJobs: [1, 1],
  maxQueuedJobs: [8, 0],
  jobTimeout: [3_600_000, 0],
  maxJobMemory: [2 * 1024 ** 3, 1],
  maxFinishedJobs: [1000, 0],
  maxRows: [100_000, 1],
  maxTrainRows: [1_000_000, 1],
  bodyLimit: [16 * 1024 * 1024, 1],
  trainBodyLimit: [128 * 1024 * 1024, 1],
  trainCsvLimit: [1024 * 1024 * 1024, 1],
  headersTimeout: [30_000, 1],
  requestTimeout: [300_000, 0],
  keepAliveTimeout: [72_000, 1],
  drainTimeout: [500, 0],
  shutdownTimeout: [25_000, 0],
} as const;

const KNOWN = [
  'models',
  'modelDir',
  'modelName',
  'port',
  'host',
  'grpcPort',
  'token',
  'protectInference',
  'logger',
  'loggerInstance',
  'accessLog',
  'defaultMetrics',
  'fastInference',
  'threads',
  ...Object.keys(LIMITS),
];

/**
 * Fills in defaults and checks values.
 * @throws TypeError for an unknown option or a wrong type; RangeError for a number out of range.
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw new TypeError(`Unknown server option '${key}'; known: ${KNOWN.join(', ')}`);
  }
  const out: Record<string, unknown> = {
    models: options.models ?? './models',
    modelDir: options.modelDir,
    modelName: options.modelName ?? (options.modelDir ? process.env.LINWASM_MODEL_NAME || undefined : undefined),
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    grpcPort: options.grpcPort,
    token: options.token ?? process.env.LINWASM_TOKEN ?? '',
    protectInference: options.protectInference ?? false,
    logger: options.logger ?? false,
    loggerInstance: options.loggerInstance,
    accessLog: accessLogRate(options.accessLog),
    defaultMetrics: options.defaultMetrics ?? true,
    fastInference: options.fastInference ?? false,
    threads: options.threads ?? 'auto',
  };
  if (out.threads !== 'auto' && !(Number.isInteger(out.threads) && (out.threads as number) >= 1)) {
    throw new RangeError(`Server option threads must be 'auto' or an integer ≥ 1, got ${String(out.threads)}`);
  }
  if (typeof out.models !== 'string' || out.models === '') {
    throw new TypeError('Server option models must be a directory path');
  }
  if (out.modelDir !== undefined) {
    if (typeof out.modelDir !== 'string' || out.modelDir === '') {
      throw new TypeError('Server option modelDir must be a directory path');
    }
    if (options.models !== undefined) {
      throw new TypeError(
        'Server options models and modelDir exclude each other: serve a registry or one model directory',
      );
    }
    if (typeof out.modelName !== 'string' || out.modelName === '') {
      throw new TypeError('Server option modelDir needs modelName (or the LINWASM_MODEL_NAME environment variable)');
    }
  } else if (options.modelName !== undefined) {
    throw new TypeError('Server option modelName goes with modelDir');
  }
  for (const key of ['defaultMetrics', 'fastInference']) {
    if (typeof out[key] !== 'boolean') throw new TypeError(`Server option ${key} must be a boolean`);
  }
  if (typeof out.token !== 'string') throw new TypeError('Server option token must be a string');
  if (typeof out.protectInference !== 'boolean')
    throw new TypeError('Server option protectInference must be a boolean');
  if (out.protectInference && out.token === '') {
    throw new TypeError('Server option protectInference needs a token (the token option or LINWASM_TOKEN)');
  }
  for (const key of ['port', 'grpcPort']) {
    const v = out[key];
    if (v === undefined && key === 'grpcPort') continue;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 65535) {
      throw new RangeError(`Server option ${key} must be an integer from 0 to 65535, got ${String(v)}`);
    }
  }
  if (typeof out.host !== 'string' || out.host === '') throw new TypeError('Server option host must be an address');
  for (const [key, [fallback, min]] of Object.entries(LIMITS)) {
    const v = (options as Record<string, unknown>)[key] ?? fallback;
    if (!Number.isSafeInteger(v) || (v as number) < min) {
      throw new RangeError(`Server option ${key} must be an integer ≥ ${min}, got ${String(v)}`);
    }
    out[key] = v;
  }
  const { headersTimeout, requestTimeout } = out as { headersTimeout: number; requestTimeout: number };
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new RangeError(
      `Server option headersTimeout (${headersTimeout} ms) must not exceed requestTimeout (${requestTimeout} ms)`,
    );
  }
  return out as ResolvedServerOptions;
}

function accessLogRate(v: unknown): number {
  if (v === undefined || v === false) return 0;
  if (v === true) return 1;
  if (typeof v === 'number' && v > 0 && v <= 1) return v;
  throw new RangeError(`Server option accessLog must be true, false or a fraction in (0, 1], got ${String(v)}`);
}

// Prometheus metrics. Each server has its own prom-client registry, so several servers (or tests)
// in one process never collide on metric names and embedding apps keep their own default registry.
// The labelled series a request touches are looked up once and kept (prom-client hashes the label
// set on every call otherwise): on a one-row inference that hashing was a visible share of the time.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The series one request updates. */
export interface RequestSeries {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
}

export interface Metrics {
  registry: Registry;
  /** HTTP requests by method, route template and status code. */
  http(method: string, route: string, status: number): RequestSeries;
  /** gRPC calls by method and status code name. */
  grpc(method: string, code: string): RequestSeries;
  /** Rows predicted, by model. */
  rowsPredicted(model: string): Counter.Internal;
  jobsFinished: Counter<'state'>;
  jobsActive: Gauge<'state'>;
  modelVersions: Gauge;
}

// From a 1-row inference (well under a millisecond) to a large upload.
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: { defaultMetrics: boolean; versions: () => number }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const httpCount = new Counter({
    name: 'linwasm_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'linwasm_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response',
    labelNames: ['method', 'route', 'status_code'],
    buckets: BUCKETS,
    registers,
  });
  const grpcCount = new Counter({
    name: 'linwasm_grpc_requests_total',
    help: 'gRPC calls answered, by method and status code',
    labelNames: ['method', 'code'],
    registers,
  });
  const grpcDuration = new Histogram({
    name: 'linwasm_grpc_request_duration_seconds',
    help: 'Time from receiving a gRPC call to sending its response',
    labelNames: ['method', 'code'],
    buckets: BUCKETS,
    registers,
  });
  const rows = new Counter({
    name: 'linwasm_rows_predicted_total',
    help: 'Rows predicted by inference requests (REST and gRPC), by model',
    labelNames: ['model'],
    registers,
  });

  const httpSeries = new Map<string, RequestSeries>();
  const grpcSeries = new Map<string, RequestSeries>();
  const rowSeries = new Map<string, Counter.Internal>();
  return {
    registry,
    http(method, route, status) {
      const key = `${method} ${route} ${status}`;
      let s = httpSeries.get(key);
      if (!s) {
        const labels = { method, route, status_code: String(status) };
        s = { count: httpCount.labels(labels), duration: httpDuration.labels(labels) };
        httpSeries.set(key, s);
      }
      return s;
    },
    grpc(method, code) {
      const key = `${method} ${code}`;
      let s = grpcSeries.get(key);
      if (!s) {
        s = { count: grpcCount.labels({ method, code }), duration: grpcDuration.labels({ method, code }) };
        grpcSeries.set(key, s);
      }
      return s;
    },
    rowsPredicted(model) {
      let c = rowSeries.get(model);
      if (!c) {
        c = rows.labels({ model });
        rowSeries.set(model, c);
      }
      return c;
    },
    jobsFinished: new Counter({
      name: 'linwasm_training_jobs_total',
      help: 'Training jobs by outcome: succeeded, failed, cancelled, or rejected (queue full)',
      labelNames: ['state'],
      registers,
    }),
    jobsActive: new Gauge({
      name: 'linwasm_training_jobs_active',
      help: 'Training jobs queued or running now',
      labelNames: ['state'],
      registers,
    }),
    modelVersions: new Gauge({
      name: 'linwasm_model_versions_loaded',
      help: 'Model versions loaded and ready for inference',
      registers,
      collect() {
        this.set(options.versions());
      },
    }),
  };
}

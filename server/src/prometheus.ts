// Prometheus metrics. Each server has its own prom-client registry, so several servers (or tests)
// in one process never collide on metric names and embedding apps keep their own default registry.
// The request counters and latency histograms are request-metrics.ts's, which cost a few additions
// per request; prom-client's own hashed the labels on every call.
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { RequestMetrics, type Series } from './request-metrics.js';

export interface Metrics {
  registry: Registry;
  /** HTTP requests by method, route template and status code. */
  http(method: string, route: string, status: number): Series;
  /** gRPC calls by method and status code name. */
  grpc(method: string, code: string): Series;
  /** Rows predicted, by model. */
  rowsPredicted(model: string): { inc(rows: number): void };
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
  const http = new RequestMetrics(registry, {
    countName: 'linwasm_http_requests_total',
    countHelp: 'HTTP requests answered, by method, route template and status code',
    durationName: 'linwasm_http_request_duration_seconds',
    durationHelp: 'Time from receiving a request to sending its response',
    labelNames: ['method', 'route', 'status_code'],
    buckets: BUCKETS,
  });
  const grpc = new RequestMetrics(registry, {
    countName: 'linwasm_grpc_requests_total',
    countHelp: 'gRPC calls answered, by method and status code',
    durationName: 'linwasm_grpc_request_duration_seconds',
    durationHelp: 'Time from receiving a gRPC call to sending its response',
    labelNames: ['method', 'code'],
    buckets: BUCKETS,
  });
  // Counted in plain numbers, given to prom-client at scrape time.
  const rowCounts = new Map<string, { n: number; inc(rows: number): void }>();
  new Counter({
    name: 'linwasm_rows_predicted_total',
    help: 'Rows predicted by inference requests (REST and gRPC), by model',
    labelNames: ['model'],
    registers,
    collect() {
      this.reset();
      for (const [model, c] of rowCounts) this.inc({ model }, c.n);
    },
  });

  return {
    registry,
    http: (method, route, status) => http.of(method, route, String(status)),
    grpc: (method, code) => grpc.of(method, code),
    rowsPredicted(model) {
      let c = rowCounts.get(model);
      if (!c) {
        const counter = {
          n: 0,
          inc(rows: number) {
            counter.n += rows;
          },
        };
        c = counter;
        rowCounts.set(model, c);
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

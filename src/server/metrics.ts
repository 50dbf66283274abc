// Prometheus metrics. Each server has its own prom-client registry, so several servers (or tests)
// in one process never collide on metric names and embedding apps keep their own default registry.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status_code'>;
  latency: Histogram<'method' | 'route' | 'status_code'>;
  rowsPredicted: Counter<'model'>;
  jobsFinished: Counter<'state'>;
  jobsActive: Gauge<'state'>;
  modelVersions: Gauge;
}

export function createMetrics(options: { defaultMetrics: boolean; versions: () => number }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const labelNames = ['method', 'route', 'status_code'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'linwasm_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code',
      labelNames,
      registers,
    }),
    latency: new Histogram({
      name: 'linwasm_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its response',
      labelNames,
      // From a 1-row inference (well under a millisecond) to a large upload.
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    rowsPredicted: new Counter({
      name: 'linwasm_rows_predicted_total',
      help: 'Rows predicted by inference requests, by model',
      labelNames: ['model'],
      registers,
    }),
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

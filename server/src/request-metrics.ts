// A request counter and a latency histogram that share their labels, recorded with no work per request
// beyond a few additions: prom-client hashes a series' labels on every inc() and observe(), even on a
// child from labels(), and on a one-row inference that was the largest cost the server added. A series
// is found through one map per label (joining the values into a key cost more than the rest). Both
// metrics are registered in the server's prom-client registry as objects with the interface it
// reads at scrape time (name, help, type, get(), reset()), so /metrics shows them like any other.
import type { Registry } from 'prom-client';

/** One labelled series: its count, and its latencies in buckets. */
export class Series {
  count = 0;
  sum = 0;
  /** Observations ≤ buckets[i], not cumulative. */
  readonly counts: Float64Array;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  /** Counts one request that took `seconds`. */
  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (seconds <= b[i]) {
        this.counts[i]++;
        return;
      }
    }
  }
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

export interface RequestMetricsOptions {
  /** The counter's name (…_total) and the histogram's (…_seconds). */
  countName: string;
  durationName: string;
  countHelp: string;
  durationHelp: string;
  labelNames: readonly string[];
  buckets: readonly number[];
}

/** Series by their label values, one level per label: found without building a key string. */
type SeriesTree = Map<string, SeriesTree | Series>;

export class RequestMetrics {
  private readonly series = new Map<string, Series>();
  private readonly tree: SeriesTree = new Map();

  constructor(
    registry: Registry,
    private readonly o: RequestMetricsOptions,
  ) {
    const all = () => [...this.series.values()];
    const reset = () => {
      this.series.clear();
      this.tree.clear();
    };
    registry.registerMetric({
      name: o.countName,
      help: o.countHelp,
      type: 'counter',
      reset,
      get: async () => ({
        name: o.countName,
        help: o.countHelp,
        type: 'counter',
        aggregator: 'sum',
        values: all().map((s): MetricValue => ({ labels: s.labels, value: s.count })),
      }),
    } as never);
    registry.registerMetric({
      name: o.durationName,
      help: o.durationHelp,
      type: 'histogram',
      reset,
      get: async () => ({
        name: o.durationName,
        help: o.durationHelp,
        type: 'histogram',
        aggregator: 'sum',
        values: all().flatMap((s) => this.histogramValues(s)),
      }),
    } as never);
  }

  /** The series of these label values (in labelNames' order), created on first use. */
  of(...values: string[]): Series {
    let node = this.tree;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(values[i]) as SeriesTree | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i], next);
      }
      node = next;
    }
    let s = node.get(values[last]) as Series | undefined;
    if (s === undefined) {
      // Joined once, when the series is made: the key of the list scraped.
      const key = values.join('\u0000');
      s = this.series.get(key);
      if (s === undefined) {
        const labels: Record<string, string> = {};
        this.o.labelNames.forEach((name, i) => {
          labels[name] = values[i];
        });
        s = new Series(labels, this.o.buckets);
        this.series.set(key, s);
      }
      node.set(values[last], s);
    }
    return s;
  }

  private histogramValues(s: Series): MetricValue[] {
    const name = this.o.durationName;
    const out: MetricValue[] = [];
    let cumulative = 0;
    this.o.buckets.forEach((le, i) => {
      cumulative += s.counts[i];
      out.push({ labels: { le, ...s.labels }, value: cumulative, metricName: `${name}_bucket` });
    });
    out.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${name}_bucket` });
    out.push({ labels: s.labels, value: s.sum, metricName: `${name}_sum` });
    out.push({ labels: s.labels, value: s.count, metricName: `${name}_count` });
    return out;
  }
}

// Per model version inference statistics in the form of Triton's statistics extension
// (GET /v2/models[/{name}[/versions/{version}]]/stats). Counted for REST and gRPC alike, in
// nanoseconds since the server started:
//   success / fail   requests answered / refused, and the time from arrival to the answer
//   queue            time from arrival until the request's body was read (linwasm has no scheduler queue)
//   compute_input    parsing the body and decoding the input tensor into the matrix
//   compute_infer    the prediction
//   compute_output   building and encoding the answer
// inference_count counts rows (Triton counts batch elements), execution_count requests.

export interface Duration {
  count: number;
  ns: number;
}

/** Phase times of one request, in nanoseconds. */
export interface RequestTimes {
  queue: number;
  input: number;
  infer: number;
  output: number;
}

interface Counters {
  inferenceCount: number;
  executionCount: number;
  lastInference: number;
  success: Duration;
  fail: Duration;
  queue: Duration;
  computeInput: Duration;
  computeInfer: Duration;
  computeOutput: Duration;
}

/** Triton's $model_stat. */
export interface ModelStat {
  name: string;
  version: string;
  last_inference: number;
  inference_count: number;
  execution_count: number;
  inference_stats: {
    success: Duration;
    fail: Duration;
    queue: Duration;
    compute_input: Duration;
    compute_infer: Duration;
    compute_output: Duration;
    cache_hit: Duration;
    cache_miss: Duration;
  };
  response_stats: Record<string, never>;
  batch_stats: never[];
  memory_usage: never[];
}

const zero = (): Duration => ({ count: 0, ns: 0 });

export class InferenceStats {
  // Model name → version → counters: a key joined from both was a new string to hash on every request.
  private readonly byModel = new Map<string, Map<string, Counters>>();

  private counters(name: string, version: string): Counters {
    let versions = this.byModel.get(name);
    if (!versions) {
      versions = new Map();
      this.byModel.set(name, versions);
    }
    let c = versions.get(version);
    if (!c) {
      c = {
        inferenceCount: 0,
        executionCount: 0,
        lastInference: 0,
        success: zero(),
        fail: zero(),
        queue: zero(),
        computeInput: zero(),
        computeInfer: zero(),
        computeOutput: zero(),
      };
      versions.set(version, c);
    }
    return c;
  }

  /** A request that was answered: `rows` rows predicted in `totalNs`. */
  success(name: string, version: string, rows: number, totalNs: number, times: RequestTimes): void {
    const c = this.counters(name, version);
    c.inferenceCount += rows;
    c.executionCount += 1;
    c.lastInference = Date.now();
    add(c.success, totalNs);
    add(c.queue, times.queue);
    add(c.computeInput, times.input);
    add(c.computeInfer, times.infer);
    add(c.computeOutput, times.output);
  }

  /** A request for an existing model version that was refused (a bad tensor, a limit). */
  fail(name: string, version: string, totalNs: number): void {
    add(this.counters(name, version).fail, totalNs);
  }

  /** Triton's $model_stat of one version (zeros for a version never called). */
  stat(name: string, version: string): ModelStat {
    const c = this.counters(name, version);
    return {
      name,
      version,
      last_inference: c.lastInference,
      inference_count: c.inferenceCount,
      execution_count: c.executionCount,
      inference_stats: {
        success: { ...c.success },
        fail: { ...c.fail },
        queue: { ...c.queue },
        compute_input: { ...c.computeInput },
        compute_infer: { ...c.computeInfer },
        compute_output: { ...c.computeOutput },
        cache_hit: zero(),
        cache_miss: zero(),
      },
      response_stats: {},
      batch_stats: [],
      memory_usage: [],
    };
  }

  /** Forgets a version (deleted or unloaded), so that a version number used again starts from zero. */
  forget(name: string, version?: string): void {
    if (version === undefined) this.byModel.delete(name);
    else this.byModel.get(name)?.delete(version);
  }
}

function add(d: Duration, ns: number): void {
  d.count += 1;
  d.ns += Math.max(0, Math.round(ns));
}

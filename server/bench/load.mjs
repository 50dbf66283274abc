// Load generators of the serving benchmark: autocannon for HTTP (keep-alive connections, one request in flight
// on each), and the same shape of load for gRPC with @grpc/grpc-js (one client, `connections` unary calls in
// flight). Latencies are recorded per response (autocannon's own histogram has 1 ms resolution).
import autocannon from 'autocannon';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(latencies, requests, seconds, errors) {
  latencies.sort((a, b) => a - b);
  return {
    requests,
    requestsPerSecond: requests / seconds,
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99) },
    errors,
  };
}

/** HTTP load: POSTs `body` with `headers` to url for `seconds`. */
export async function httpLoad(url, { body, headers }, { seconds, connections }) {
  const latencies = [];
  const instance = autocannon({ url, method: 'POST', headers, body, connections, duration: seconds });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  return summary(latencies, result.requests.total, seconds, result.errors + result.timeouts + result.non2xx);
}

/** gRPC load: `connections` ModelInfer calls in flight at all times for `seconds`. */
export async function grpcLoad(client, message, { seconds, connections }) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const ok = await new Promise((resolve) => client.ModelInfer(message, (e) => resolve(!e)));
      if (ok) latencies.push(performance.now() - t);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return summary(latencies, latencies.length + errors, seconds, errors);
}
